/**
 * Recorded-style call sequences for the API-change tests: deterministic traffic (seeded PRNG) of
 * one (provider, request model) over days, with the fields the detector reads, as llm_calls rows.
 */
import { mulberry32 } from '../../src/util/prng.ts';

export interface CallShape {
  response_model?: string;
  system_fingerprint?: string;
  service_tier?: string;
  api_version?: string;
  error_type?: string;
  http_status?: number;
  api_deprecation?: string;
  api_sunset?: string;
  sdk_deprecation_warning?: string;
  /** Median latency (ms) and output tokens; each call varies log-normally around them. */
  latencyMs?: number;
  outputTokens?: number;
}

export interface SequenceOptions {
  project: string;
  provider: string;
  model: string;
  fromMs: number;
  toMs: number;
  perHour: number;
  seed: number;
  /** The shape of the call at time t (i = index). */
  shape: (t: number, i: number, rand: () => number) => CallShape;
}

export const prng = mulberry32;

/** A standard normal draw (Box–Muller). */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export function sequence(o: SequenceOptions): Array<Record<string, unknown>> {
  const rand = prng(o.seed);
  const step = 3600_000 / o.perHour;
  const rows: Array<Record<string, unknown>> = [];
  let i = 0;
  for (let t = o.fromMs; t < o.toMs; t += step, i++) {
    const at = Math.floor(t + rand() * step * 0.9);
    const s = o.shape(at, i, rand);
    const error = s.error_type ?? '';
    rows.push({
      project_id: o.project,
      timestamp: (BigInt(at) * 1_000_000n).toString(),
      trace_id: (o.seed * 1_000_000 + i).toString(16).padStart(32, '0'),
      span_id: i.toString(16).padStart(16, '0'),
      service_name: 'support-bot',
      operation: 'chat',
      provider: o.provider,
      request_model: o.model,
      response_model: error ? '' : (s.response_model ?? o.model),
      status: error ? 'error' : 'ok',
      error_type: error,
      duration_ms: (s.latencyMs ?? 800) * Math.exp(0.25 * normal(rand)),
      output_tokens: error ? 0 : Math.max(1, Math.round((s.outputTokens ?? 200) * Math.exp(0.25 * normal(rand)))),
      input_tokens: 500,
      system_fingerprint: s.system_fingerprint ?? '',
      service_tier: s.service_tier ?? '',
      api_version: s.api_version ?? '',
      http_status: s.http_status ?? 0,
      api_deprecation: s.api_deprecation ?? '',
      api_sunset: s.api_sunset ?? '',
      sdk_deprecation_warning: s.sdk_deprecation_warning ?? '',
    });
  }
  return rows;
}
