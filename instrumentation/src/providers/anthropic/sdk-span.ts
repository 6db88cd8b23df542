import { INVALID_SPAN_CONTEXT, context, trace, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { activeRuntime } from '../../recording/runtime.ts';

/**
 * @anthropic-ai/sdk ≥ 1.x starts its own span for each API call (`anthropic.messages.create`,
 * CLIENT, with some gen_ai.* attributes) whenever a tracer provider is registered. Our span for the
 * same call is the complete one, so the SDK's is replaced: while our instrumentation is active, the
 * client's tracer hands the SDK a non-recording span that carries the active (our) span context.
 * The SDK still propagates that context on the HTTP request, and its spans for other API calls
 * (batches, files, tool runner, …) are untouched.
 */
const REPLACED_SPAN_NAMES = new Set(['anthropic.messages.create']);

const suppressedClients = new WeakSet<object>();
const placeholderSpans = new WeakSet<Span>();

interface ClientWithTracer {
  _tracer?: Tracer;
}

function placeholderSpan(parent: Context | undefined): Span {
  const span = trace.wrapSpanContext(trace.getSpanContext(parent ?? context.active()) ?? INVALID_SPAN_CONTEXT);
  placeholderSpans.add(span);
  return span;
}

function replacingTracer(tracer: Tracer): Tracer {
  return {
    startSpan(name: string, options?: SpanOptions, parent?: Context): Span {
      if (REPLACED_SPAN_NAMES.has(name) && activeRuntime()) return placeholderSpan(parent);
      return tracer.startSpan(name, options, parent);
    },
    startActiveSpan: tracer.startActiveSpan.bind(tracer) as Tracer['startActiveSpan'],
  };
}

/** Installs the replacing tracer on an SDK client (once per client). */
export function replaceSdkChatSpans(client: unknown): void {
  if (typeof client !== 'object' || client === null || suppressedClients.has(client)) return;
  suppressedClients.add(client);
  const holder = client as ClientWithTracer;
  if (holder._tracer && typeof holder._tracer.startSpan === 'function') holder._tracer = replacingTracer(holder._tracer);
}

/**
 * A stream helper may have started the SDK span before our `create` wrapper runs; drop that
 * placeholder from the request options so the SDK starts a new one under our span (its trace
 * context then names our span as the parent of the HTTP request).
 */
export function withoutPlaceholderSpan(options: unknown): unknown {
  const fields = options as { __span?: { span?: Span } } | undefined;
  const span = fields?.__span?.span;
  if (!span || !placeholderSpans.has(span)) return options;
  return { ...fields, __span: undefined };
}
