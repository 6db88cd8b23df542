import { context, createContextKey, trace, type Context, type SpanContext } from '@opentelemetry/api';

/** The trace and span id of one LLM call — what `recordFeedback` needs to link feedback to it. */
export interface CallIds {
  traceId: string;
  spanId: string;
  /** False when the sampler dropped the call's span: it will not be stored, feedback on it stays unlinked. */
  sampled: boolean;
}

/** Something that can produce the call's span context (the recorder; starting its span if needed). */
export interface CallSpanSource {
  callSpanContext(): SpanContext;
}

/**
 * The last call started from each context. After `await client.chat.completions.create(…)` the
 * app is back in the very Context object the call started from (the context manager restores
 * it), so that object is the key. While the call runs the entry is its recorder (ids on demand);
 * once recorded it is replaced by the plain ids, so nothing of the call (content) stays reachable.
 * A WeakMap: entries go with their contexts (e.g. the end of a server request).
 */
const lastCallOf = new WeakMap<Context, CallSpanSource | CallIds>();

/** `withCallScope`'s box: the last call started anywhere inside the scope (also under nested contexts). */
interface CallScope {
  last?: CallSpanSource | CallIds;
}
const CALL_SCOPE_KEY = createContextKey('llmscope.call-scope');

function scopeOf(ctx: Context): CallScope | undefined {
  return ctx.getValue(CALL_SCOPE_KEY) as CallScope | undefined;
}

function idsOf(spanContext: SpanContext): CallIds {
  return { traceId: spanContext.traceId, spanId: spanContext.spanId, sampled: (spanContext.traceFlags & 1) === 1 };
}

export function noteCallStarted(parent: Context, call: CallSpanSource): void {
  lastCallOf.set(parent, call);
  const scope = scopeOf(parent);
  if (scope) scope.last = call;
}

/** The call's span was started and ended: keep its ids only (if it is still the context's last call). */
export function noteCallRecorded(parent: Context, call: CallSpanSource, spanContext: SpanContext): void {
  if (lastCallOf.get(parent) === call) lastCallOf.set(parent, idsOf(spanContext));
  const scope = scopeOf(parent);
  if (scope?.last === call) scope.last = idsOf(spanContext);
}

/**
 * The ids of the LLM call made last from the current context — after `await`ing it, or while
 * reading its stream. Undefined when no call was made from this context (or instrumentation is
 * off). Calls started in parallel from one context (Promise.all) share it: the last one started
 * wins; run each in `withCallScope` to tell them apart.
 */
export function currentCallIds(): CallIds | undefined {
  const active = context.active();
  const entry = lastCallOf.get(active) ?? scopeOf(active)?.last;
  if (entry === undefined) return undefined;
  const ids = 'callSpanContext' in entry ? idsOf(entry.callSpanContext()) : entry;
  if (!trace.isSpanContextValid({ traceId: ids.traceId, spanId: ids.spanId, traceFlags: 0 })) return undefined;
  return { ...ids };
}

/**
 * Runs `fn` in a context of its own, so `currentCallIds()` inside it (and the returned `callIds`)
 * name the call `fn` made — also when several run concurrently.
 */
export async function withCallScope<T>(fn: () => T | Promise<T>): Promise<{ result: T; callIds: CallIds | undefined }> {
  const box: CallScope = {};
  const scope = context.active().setValue(CALL_SCOPE_KEY, box);
  const result = await context.with(scope, fn);
  const entry = box.last;
  if (entry === undefined) return { result, callIds: undefined };
  return { result, callIds: 'callSpanContext' in entry ? idsOf(entry.callSpanContext()) : { ...entry } };
}
