/**
 * Rows of the api_changes table for the dashboard tests: changes of several kinds behind the seed's
 * models inside the dashboards' range, one before it, and superseded versions (the same change
 * written again with more calls) that FINAL must hide.
 */
import { changeId, type ApiChangeRow, type ChangeKind } from '../../src/store/tables/api_changes.ts';

export interface SeedChanges {
  /** The newest version of each change. */
  current: ApiChangeRow[];
  /** Older versions of some of them (lower updated_at). */
  superseded: ApiChangeRow[];
}

const HOUR = 3600_000;

export function changeRows(anchorMs: number, rangeFromMs: number): SeedChanges {
  const row = (provider: string, model: string, kind: ChangeKind, before: string, after: string, firstMs: number, calls: number, version: number): ApiChangeRow => ({
    project_id: 'default',
    provider,
    request_model: model,
    kind,
    change_id: changeId({ project_id: 'default', provider, request_model: model, kind, before: '', after }),
    before,
    after,
    first_seen: firstMs,
    last_seen: anchorMs - HOUR,
    calls_since: calls,
    detected_at: firstMs + 5 * 60_000,
    advice: `${kind} of ${model}: ${before} → ${after}`,
    detail: '{}',
    notify_status: 'delivered',
    notified_channels: ['ops'],
    notify_attempts: 1,
    notify_error: '',
    fencing_token: 3,
    updated_at: anchorMs + version,
  });
  const current = [
    row('openai', 'gpt-4o-mini', 'response_model', 'gpt-4o-mini-2024-07-18', 'gpt-4o-mini-2025-01-15', anchorMs - 10 * HOUR, 240, 10),
    row('openai', 'gpt-4o-mini', 'system_fingerprint', 'fp_0aa8d3e20b', 'fp_f59a81427f', anchorMs - 10 * HOUR + 90_000, 236, 10),
    row('anthropic', 'claude-sonnet-4-5', 'sdk_warning', '', "The model 'claude-sonnet-4-5' is deprecated and will reach end-of-life on November 30th, 2026", anchorMs - 30 * HOUR, 512, 10),
    row('anthropic', 'claude-haiku-4-5', 'latency_step', '820 ms', '1,640 ms', anchorMs - 20 * HOUR, 61, 10),
    row('acme', 'acme-large', 'http_status', '429', '404', anchorMs - 5 * HOUR, 17, 10),
    row('acme', 'acme-large', 'error_type', '429', '404', anchorMs - 5 * HOUR, 17, 10),
    // Before the dashboards' range: never shown.
    row('openai', 'gpt-4.1', 'deprecation', '', '@1767225600', rangeFromMs - 2 * HOUR, 3, 10),
  ];
  const superseded = [
    { ...current[0]!, calls_since: 12, updated_at: anchorMs + 1 },
    { ...current[2]!, calls_since: 40, notify_status: 'pending' as const, notified_channels: [], updated_at: anchorMs + 2 },
  ];
  return { current, superseded };
}
