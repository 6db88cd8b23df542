/**
 * Everything the collector reads or checks before it opens anything: a taken port or log folder, a
 * bad budgets/drift/keys file, a bad forwarding or drift setting, a missing TLS file stops start-up
 * here with one clear error, and nothing has to be closed again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CollectorConfig } from '../config.ts';
import { checkWalDirFree } from '../pipeline/wal-journal.ts';
import { ensurePortFree, StartupError } from '../server/serve.ts';
import { loadBudgetFile, type BudgetFile } from '../alerts/budget-file.ts';
import { checkDriftSettings, loadDriftFile } from '../drift/setup.ts';
import { changeNotifyChannels } from '../changes/setup.ts';
import { loadApiKeys } from '../auth/api-keys.ts';
import { forwardSettings, ForwardSettingsError } from '../forward/settings.ts';

export interface StartupInputs {
  budgetFile: BudgetFile | null;
  driftFile: BudgetFile | null;
  apiKeys: ReturnType<typeof loadApiKeys> | null;
  forwarding: ReturnType<typeof forwardSettings>;
  tls: { cert: Buffer; key: Buffer } | null;
}

/** The quick start-up checks (port free, log folder not held by another process), before any slow step. */
export async function checkStartable(config: CollectorConfig): Promise<void> {
  await ensurePortFree(config.host, config.port);
  if (config.durability === 'wal') {
    try {
      checkWalDirFree(config.walDir || join(config.dataDir, 'wal'));
    } catch (e) {
      throw new StartupError((e as Error).message);
    }
  }
}

export async function readStartupInputs(config: CollectorConfig): Promise<StartupInputs> {
  await checkStartable(config);
  const budgetFile = config.budgets ? await loadBudgetFile(config.budgets) : null;
  const driftFile = await loadDriftFile(config.drift);
  changeNotifyChannels(config.changesNotify, budgetFile); // a bad channel name stops start-up here
  const driftProblem = checkDriftSettings(config);
  if (driftProblem) throw new StartupError(driftProblem);
  const apiKeys = config.apiKeys ? loadApiKeys(config.apiKeys) : null;
  let forwarding: StartupInputs['forwarding'];
  try {
    forwarding = forwardSettings(config);
  } catch (e) {
    throw e instanceof ForwardSettingsError ? new StartupError(e.message) : e;
  }
  const tls = config.tlsCert ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) } : null;
  return { budgetFile, driftFile, apiKeys, forwarding, tls };
}
