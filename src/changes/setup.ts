/** The change detector as the collector runs it: settings, the --changes-notify channels, the lease's fence. */
import type { CollectorConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { Fence } from '../lease/lease.ts';
import type { BudgetFile, Channel } from '../alerts/budget-file.ts';
import { StartupError } from '../server/serve.ts';
import { ChangeDetector } from './detector.ts';

/** The budgets-file channels named by --changes-notify; an unknown name (or no --budgets) stops start-up. */
export function changeNotifyChannels(names: readonly string[], budgetFile: BudgetFile | null): Channel[] {
  if (names.length === 0) return [];
  if (!budgetFile) throw new StartupError('--changes-notify names channels of the --budgets file; give --budgets too');
  return names.map((n) => {
    const ch = budgetFile.channels[n];
    if (!ch) throw new StartupError(`--changes-notify: channel "${n}" is not defined in the --budgets file (defined: ${Object.keys(budgetFile.channels).join(', ') || 'none'})`);
    return ch;
  });
}

/** undefined with --changes-interval 0. */
export function createChangeDetector(o: { config: CollectorConfig; store: Store; fence: Fence; logger: Logger; budgetFile: BudgetFile | null }): ChangeDetector | undefined {
  const c = o.config;
  if (!(c.changesIntervalMs > 0)) return undefined;
  if (!(c.changesWindowMs > 0) || !(c.changesReferenceMs > 0)) throw new StartupError('--changes-window and --changes-reference must be longer than 0');
  return new ChangeDetector({
    store: o.store,
    database: c.database,
    intervalMs: c.changesIntervalMs,
    windowMs: c.changesWindowMs,
    referenceMs: c.changesReferenceMs,
    channels: changeNotifyChannels(c.changesNotify, o.budgetFile),
    logger: o.logger,
    fence: o.fence,
  });
}
