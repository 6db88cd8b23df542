/**
 * The periodic work — the budget evaluator, drift (src/drift/) and API-change detection
 * (src/changes/) — runs on one replica at a time,
 * the one holding the "periodic" lease in ClickHouse (src/lease/), and every step it takes is
 * fenced by that lease.
 */
import type { CollectorConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { Lease, Leadership, type PeriodicJob } from '../lease/lease.ts';
import type { BudgetFile } from './budget-file.ts';
import { BudgetEvaluator } from './evaluator.ts';
import { createDriftJob } from '../drift/setup.ts';
import type { DriftJob } from '../drift/job.ts';
import { createChangeDetector } from '../changes/setup.ts';
import type { ChangeDetector } from '../changes/detector.ts';

export interface PeriodicWork {
  budgets?: BudgetEvaluator;
  drift?: DriftJob;
  changes?: ChangeDetector;
  /** Started once ingest is open (the write-ahead log replayed); stopped before the pipeline. */
  leadership: Leadership;
}

/** The lease and its jobs; undefined when there is nothing to run (no budgets file, drift and change detection off). */
export function periodicUnderLease(o: { store: Store; config: CollectorConfig; budgetFile: BudgetFile | null; driftFile: BudgetFile | null; log: Logger }): PeriodicWork | undefined {
  const { store, config, log } = o;
  const lease = new Lease({ store, database: config.database, name: 'periodic', ttlMs: config.leaseTtlMs, cluster: Boolean(config.cluster) });
  const budgets = o.budgetFile
    ? new BudgetEvaluator({ store, budgets: o.budgetFile, database: config.database, intervalMs: config.budgetIntervalMs, logger: log, fence: lease })
    : undefined;
  const drift = createDriftJob({ config, store, fence: lease, logger: log, files: [o.budgetFile, o.driftFile] });
  const changes = createChangeDetector({ config, store, fence: lease, logger: log, budgetFile: o.budgetFile });
  const jobs: PeriodicJob[] = [budgets, drift, changes].filter((j) => j !== undefined);
  if (!jobs.length) return undefined;
  const leadership = new Leadership(lease, jobs, {
    onChange: (leader, token) => log.info(leader ? 'lease acquired: running periodic work' : 'lease lost: periodic work stopped', { holder: lease.holder, token }),
    onError: (e) => log.warn('lease step failed', { error: String(e) }),
  });
  return { budgets, drift, changes, leadership };
}
