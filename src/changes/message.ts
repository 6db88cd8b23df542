/** An API change as a channel message: the webhook JSON; the text Slack and e-mail show. */
import type { ChannelMessage } from '../alerts/channels.ts';
import type { ApiChangeRow, ChangeKind } from '../store/tables/api_changes.ts';

/** The webhook body (also what Slack and e-mail are rendered from). */
export interface ApiChangeNotification {
  /** The change id: stable across replicas and restarts, so receivers may deduplicate on it. */
  id: string;
  type: 'api_change';
  project_id: string;
  provider: string;
  request_model: string;
  kind: ChangeKind;
  before: string;
  after: string;
  /** ISO-8601 UTC. */
  first_seen: string;
  calls_since: number;
  advice: string;
  detail: unknown;
  sent_at: string;
  fencing_token?: number;
}

const TITLE: Record<ChangeKind, string> = {
  response_model: 'model behind the alias changed',
  system_fingerprint: 'backend fingerprint changed',
  service_tier: 'service tier changed',
  api_version: 'API version changed',
  error_type: 'new error type',
  http_status: 'new HTTP status',
  deprecation: 'deprecation announced',
  sunset: 'sunset announced',
  sdk_warning: 'SDK deprecation warning',
  latency_step: 'latency step change',
  output_tokens_step: 'output-token step change',
};

export function changeTitle(row: Pick<ApiChangeRow, 'kind' | 'provider' | 'request_model'>): string {
  return `${row.provider || 'unknown provider'} ${row.request_model}: ${TITLE[row.kind]}`;
}

function parseDetail(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return {};
  }
}

export function changeMessage(row: ApiChangeRow, fencingToken?: number): ChannelMessage {
  const n: ApiChangeNotification = {
    id: row.change_id,
    type: 'api_change',
    project_id: row.project_id,
    provider: row.provider,
    request_model: row.request_model,
    kind: row.kind,
    before: row.before,
    after: row.after,
    first_seen: new Date(row.first_seen).toISOString(),
    calls_since: row.calls_since,
    advice: row.advice,
    detail: parseDetail(row.detail),
    sent_at: new Date().toISOString(),
    ...(fencingToken !== undefined ? { fencing_token: fencingToken } : {}),
  };
  const title = changeTitle(row);
  const change = `${row.before ? `${row.before} → ` : ''}${row.after}`;
  const lines = [
    `Project: ${row.project_id}`,
    `Provider: ${row.provider}`,
    `Request model: ${row.request_model}`,
    `Change (${row.kind}): ${change}`,
    `First seen: ${n.first_seen} (${row.calls_since} call${row.calls_since === 1 ? '' : 's'} since)`,
    `What to do: ${row.advice}`,
  ];
  return {
    id: row.change_id,
    json: n,
    fencingToken,
    subject: `[llmscope] API change — ${title}: ${change}`.slice(0, 250),
    text: `${title}: ${change}.\n\n${lines.join('\n')}\n\nSent by llmscope at ${n.sent_at}.\n`,
  };
}
