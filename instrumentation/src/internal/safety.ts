/**
 * Instrumentation must never break the app: every failure inside it is swallowed here and
 * reported once per site, so a bug on a hot path cannot flood the logs.
 */

const reportedSites = new Set<string>();
const MAX_DISTINCT_REPORTS = 20;

export function reportInternalError(site: string, error: unknown): void {
  if (reportedSites.has(site) || reportedSites.size >= MAX_DISTINCT_REPORTS) return;
  reportedSites.add(site);
  try {
    const detail = error instanceof Error ? error.stack ?? error.message : String(error);
    console.warn(`[llmscope] instrumentation error in ${site} (the call itself was not affected; reported once): ${detail}`);
  } catch {
    // Logging itself failed (closed stdio): nothing else to do.
  }
}

/** Runs `step`; on failure reports once and returns `fallback`. */
export function safely<T>(site: string, step: () => T, fallback: T): T {
  try {
    return step();
  } catch (error) {
    reportInternalError(site, error);
    return fallback;
  }
}

/** For tests: forget which sites were reported. */
export function resetReportedErrors(): void {
  reportedSites.clear();
}
