/** The collector's drift job from its settings: rules from the budgets file and/or --drift FILE, each with its own file's channels. */
import type { CollectorConfig } from '../config.ts';
import type { Store } from '../store/store.ts';
import type { Fence } from '../lease/lease.ts';
import type { Logger } from '../log.ts';
import { loadBudgetFile, BudgetFileError, type BudgetFile } from '../alerts/budget-file.ts';
import { DriftJob, type DriftRuleWithChannels } from './job.ts';

/** Reads --drift FILE (null when unset); a file with budgets in it is refused (they belong in --budgets). */
export async function loadDriftFile(path: string): Promise<BudgetFile | null> {
  if (!path) return null;
  const f = await loadBudgetFile(path);
  if (f.budgets.length) throw new BudgetFileError(path, [{ line: f.budgets[0]!.line, column: 1, field: 'budgets', message: 'budgets go in the --budgets file; --drift takes drift rules and channels' }]);
  return f;
}

/** A problem with the --drift-* settings in one sentence, or null. */
export function checkDriftSettings(c: CollectorConfig): string | null {
  if (!(c.driftRecentMs > 0) || !(c.driftReferenceMs > 0)) return '--drift-recent and --drift-reference must be longer than 0';
  if (!(c.driftPsiThreshold > 0) || !(c.driftKsThreshold > 0 && c.driftKsThreshold <= 1)) {
    return '--drift-psi-threshold must be above 0 and --drift-ks-threshold in (0, 1]';
  }
  return null;
}

export function rulesOf(...files: Array<BudgetFile | null>): DriftRuleWithChannels[] {
  return files.flatMap((f) => (f ? f.drift.map((rule) => ({ rule, channels: rule.notify.map((n) => f.channels[n]!) })) : []));
}

/** The drift job, or undefined when --drift-interval is 0. */
export function createDriftJob(o: { config: CollectorConfig; store: Store; fence: Fence; logger: Logger; files: Array<BudgetFile | null> }): DriftJob | undefined {
  const c = o.config;
  if (c.driftIntervalMs <= 0) return undefined;
  return new DriftJob({
    store: o.store,
    database: c.database,
    intervalMs: c.driftIntervalMs,
    settings: {
      recentMs: c.driftRecentMs,
      referenceMs: c.driftReferenceMs,
      psiThreshold: c.driftPsiThreshold,
      ksThreshold: c.driftKsThreshold,
      minCalls: c.driftMinCalls,
      maxGroups: c.driftMaxGroups,
    },
    rules: rulesOf(...o.files),
    logger: o.logger,
    fence: o.fence,
  });
}
