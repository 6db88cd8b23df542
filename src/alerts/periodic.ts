/**
 * The budget evaluator as periodic work: it runs on one replica at a time, the one holding the
 * "periodic" lease in ClickHouse (src/lease/), and every step it takes is fenced by that lease.
 */
import type { CollectorConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { Lease, Leadership } from '../lease/lease.ts';
import type { BudgetFile } from './budget-file.ts';
import { BudgetEvaluator } from './evaluator.ts';

export interface PeriodicBudgets {
  budgets: BudgetEvaluator;
  /** Started once ingest is open (the write-ahead log replayed); stopped before the pipeline. */
  leadership: Leadership;
}

export function budgetsUnderLease(
  o: { store: Store; config: Pick<CollectorConfig, 'database' | 'leaseTtlMs' | 'cluster' | 'budgetIntervalMs'>; budgetFile: BudgetFile; log: Logger },
): PeriodicBudgets {
  const { store, config, log } = o;
  const lease = new Lease({ store, database: config.database, name: 'periodic', ttlMs: config.leaseTtlMs, cluster: Boolean(config.cluster) });
  const budgets = new BudgetEvaluator({ store, budgets: o.budgetFile, database: config.database, intervalMs: config.budgetIntervalMs, logger: log, fence: lease });
  const leadership = new Leadership(lease, [budgets], {
    onChange: (leader, token) => log.info(leader ? 'lease acquired: running periodic work' : 'lease lost: periodic work stopped', { holder: lease.holder, token }),
    onError: (e) => log.warn('lease step failed', { error: String(e) }),
  });
  return { budgets, leadership };
}
