import type { AttrMap } from '../../src/otlp/types.ts';
import type { SpanContext } from '../../src/genai/types.ts';

export const SPAN_KIND_INTERNAL = 1;
export const SPAN_KIND_CLIENT = 3;

/** A SpanContext as the ingest stage builds it; LLM calls are client spans unless a test says otherwise. */
export function spanContext(spanAttributes: AttrMap, rest: Partial<Omit<SpanContext, 'spanAttributes'>> = {}): SpanContext {
  return {
    resourceAttributes: {},
    spanName: '',
    scopeName: '',
    statusCode: 0,
    spanKind: SPAN_KIND_CLIENT,
    events: [],
    ...rest,
    spanAttributes,
  };
}
