import { randomUUID } from 'node:crypto';
import { resolveConfig, type ResolvedConfig } from '../config.ts';
import { reportInternalError } from '../internal/safety.ts';

interface FeedbackOnCall {
  /** The call's trace id (32 hex), e.g. from `currentCallIds()`. */
  traceId: string;
  /** The call's span id (16 hex); without it the collector links the trace's first call. */
  spanId?: string;
  label?: string;
  userId?: string;
  /** Makes a re-send a no-op; one is generated when absent (so the built-in retry cannot double it). */
  feedbackId?: string;
}

/** A score on one LLM call: thumbs, rating, … */
export interface ScoreFeedbackInput extends FeedbackOnCall {
  /** What is measured: `thumbs`, `rating`, … (A-Z a-z 0-9 _ . : -). */
  name: string;
  /** thumbs: 1 / 0 (or -1); rating: the score. */
  value: number;
  comment?: string;
  reference?: undefined;
}

/**
 * The answer the call should have given, for `llmscope eval --from-calls`. The collector stores it
 * as a `scores` row named `reference` (value 1 unless given) with the text as its comment.
 */
export interface ReferenceFeedbackInput extends FeedbackOnCall {
  reference: string;
  name?: 'reference';
  value?: number;
  comment?: undefined;
}

/** Feedback on one LLM call (the body of the collector's `POST /api/v1/feedback`). */
export type FeedbackInput = ScoreFeedbackInput | ReferenceFeedbackInput;

export interface FeedbackOutcome {
  /** True when the collector stored it or keeps it until its call arrives (200/202). */
  ok: boolean;
  /** The collector's answer: 'stored' | 'pending' | 'duplicate'. */
  status?: string;
  httpStatus?: number;
  /** Why it was not accepted: the collector's error, a network failure, a timeout, a full queue. */
  error?: string;
}

/** Bounds: feedback never holds the app (one timeout, a cap on requests in flight, capped text). */
export const FEEDBACK_CLIENT_LIMITS = {
  timeoutMs: 5_000,
  maxInFlight: 64,
  /** The collector's own caps (src/feedback/feedback.ts); longer text is cut here rather than rejected there. */
  comment: 4096,
  label: 128,
  userId: 256,
  reference: 32 * 1024,
  /** The collector's body cap: a long non-ASCII reference is cut further so the request fits. */
  bodyBytes: 64 * 1024,
  retryDelayMs: 250,
};

let inFlight = 0;

/**
 * The collector's feedback URL, next to its OTLP endpoint: `<base>/api/v1/feedback`, where base is
 * the configured endpoint (a per-signal traces URL loses its `/v1/traces`).
 */
export function feedbackUrl(config: Pick<ResolvedConfig, 'tracesUrl'>): string {
  const base = config.tracesUrl.replace(/\/v1\/traces\/?$/, '').replace(/\/+$/, '');
  return `${base}/api/v1/feedback`;
}

/** Cuts to at most max UTF-16 units, never between the two halves of a surrogate pair. */
function cut(text: string | undefined, max: number): string | undefined {
  if (text === undefined || text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

function body(input: FeedbackInput): string {
  const fields = {
    trace_id: input.traceId,
    span_id: input.spanId || undefined,
    name: input.name,
    value: input.value,
    label: cut(input.label, FEEDBACK_CLIENT_LIMITS.label),
    comment: cut(input.comment, FEEDBACK_CLIENT_LIMITS.comment),
    reference: cut(input.reference, FEEDBACK_CLIENT_LIMITS.reference),
    user_id: cut(input.userId, FEEDBACK_CLIENT_LIMITS.userId),
    feedback_id: input.feedbackId ?? randomUUID(),
  };
  let json = JSON.stringify(fields);
  // 32 Ki characters of CJK or emoji are up to 128 KiB of UTF-8: drop the excess from the
  // reference (each UTF-16 unit is at least one byte, so one or two passes suffice).
  let excess = Buffer.byteLength(json) - FEEDBACK_CLIENT_LIMITS.bodyBytes;
  while (excess > 0 && fields.reference) {
    fields.reference = cut(fields.reference, Math.max(0, fields.reference.length - excess));
    json = JSON.stringify(fields);
    excess = Buffer.byteLength(json) - FEEDBACK_CLIENT_LIMITS.bodyBytes;
  }
  return json;
}

async function post(url: string, headers: Record<string, string>, payload: string): Promise<FeedbackOutcome> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: payload,
    signal: AbortSignal.timeout(FEEDBACK_CLIENT_LIMITS.timeoutMs),
  });
  const text = await response.text();
  let parsed: { status?: unknown; error?: unknown } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // not JSON (a proxy's error page): the HTTP status says enough
  }
  if (response.ok) return { ok: true, httpStatus: response.status, status: typeof parsed.status === 'string' ? parsed.status : undefined };
  return { ok: false, httpStatus: response.status, error: typeof parsed.error === 'string' ? parsed.error : `HTTP ${response.status}` };
}

function retryable(outcome: FeedbackOutcome): boolean {
  return outcome.httpStatus === undefined || outcome.httpStatus === 429 || outcome.httpStatus === 503;
}

/**
 * Sends human feedback on a call to the collector. Never throws and never rejects: the outcome
 * says what happened. Uses the running instrumentation's endpoint and headers (the API key), else
 * the OTEL_* environment. One retry after a network failure, 429 or 503 (the feedback id makes it
 * safe); at most FEEDBACK_CLIENT_LIMITS.maxInFlight requests at once, beyond that it is dropped.
 */
export async function sendFeedback(input: FeedbackInput, config: ResolvedConfig | undefined): Promise<FeedbackOutcome> {
  try {
    const resolved = config ?? resolveConfig();
    if (resolved.disabled) return { ok: false, error: 'instrumentation is disabled (OTEL_SDK_DISABLED)' };
    const isReference = typeof input?.reference === 'string';
    if (typeof input?.traceId !== 'string' || (!isReference && typeof input.name !== 'string')) return { ok: false, error: 'traceId and name are required' };
    if (isReference && input.reference === '') return { ok: false, error: 'reference must not be empty' };
    if ((!isReference || input.value !== undefined) && (typeof input.value !== 'number' || !Number.isFinite(input.value))) return { ok: false, error: 'value must be a finite number' };
    if (inFlight >= FEEDBACK_CLIENT_LIMITS.maxInFlight) return { ok: false, error: `${FEEDBACK_CLIENT_LIMITS.maxInFlight} feedback requests already in flight` };
    inFlight++;
    try {
      const url = feedbackUrl(resolved);
      const payload = body(input.feedbackId ? input : { ...input, feedbackId: randomUUID() });
      let outcome = await post(url, resolved.headers, payload).catch(failure);
      if (!outcome.ok && retryable(outcome)) {
        await new Promise((resolve) => setTimeout(resolve, FEEDBACK_CLIENT_LIMITS.retryDelayMs));
        outcome = await post(url, resolved.headers, payload).catch(failure);
      }
      return outcome;
    } finally {
      inFlight--;
    }
  } catch (error) {
    reportInternalError('recordFeedback', error);
    return failure(error);
  }
}

function failure(error: unknown): FeedbackOutcome {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, error: `no answer within ${FEEDBACK_CLIENT_LIMITS.timeoutMs} ms` };
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return { ok: false, error: `${error instanceof Error ? error.message : String(error)}${cause}` };
}
