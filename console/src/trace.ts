/** Trace view: the span waterfall of one trace, GenAI spans marked with model, tokens and cost. */
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.ts';
import { api, field, num, str, type Row } from './api.ts';
import { toMs } from './format.ts';
import { Waterfall, type WCall, type WSpan } from './waterfall.ts';

function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) out[k] = str(x);
  return out;
}

/** An otel_traces row (exporter column names, or camelCase) as a waterfall span. */
export function spanFromRow(r: Row): WSpan {
  const status = str(field(r, 'StatusCode', 'status_code', 'statusCode'));
  const durNs = num(field(r, 'Duration', 'duration_ns')) ?? 0;
  const evNames = (field(r, 'Events.Name', 'events_name') as unknown[] | undefined) ?? [];
  const evTimes = (field(r, 'Events.Timestamp', 'events_timestamp') as unknown[] | undefined) ?? [];
  const evAttrs = (field(r, 'Events.Attributes', 'events_attributes') as unknown[] | undefined) ?? [];
  const evList = field(r, 'Events', 'events');
  const events = Array.isArray(evList)
    ? (evList as Row[]).map((e) => ({ name: str(field(e, 'Name', 'name')), time: toMs(field(e, 'Timestamp', 'timestamp')), attributes: strMap(field(e, 'Attributes', 'attributes')) }))
    : evNames.map((n, i) => ({ name: str(n), time: toMs(evTimes[i]), attributes: strMap(evAttrs[i]) }));
  return {
    spanId: str(field(r, 'SpanId', 'span_id', 'spanId')),
    parentId: str(field(r, 'ParentSpanId', 'parent_span_id', 'parentSpanId')),
    name: str(field(r, 'SpanName', 'span_name', 'name')),
    service: str(field(r, 'ServiceName', 'service_name')),
    kind: str(field(r, 'SpanKind', 'kind')).replace(/^SPAN_KIND_/, '').toLowerCase(),
    start: toMs(field(r, 'Timestamp', 'timestamp')),
    duration: durNs / 1e6,
    error: /error/i.test(status),
    statusMessage: str(field(r, 'StatusMessage', 'status_message')),
    attributes: strMap(field(r, 'SpanAttributes', 'attributes')),
    resource: strMap(field(r, 'ResourceAttributes', 'resource')),
    events,
  };
}

export function callFromRow(r: Row): WCall {
  return {
    spanId: str(field(r, 'span_id')),
    model: str(field(r, 'response_model')) || str(field(r, 'request_model')),
    provider: str(field(r, 'provider')),
    inputTokens: num(field(r, 'input_tokens')) ?? 0,
    outputTokens: num(field(r, 'output_tokens')) ?? 0,
    cost: num(field(r, 'cost_usd')) ?? 0,
  };
}

export function TracePage(props: { traceId: string }) {
  const [data, setData] = useState<{ spans: Row[]; calls: Row[] } | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    setErr(null);
    api<{ spans: Row[]; calls: Row[] }>(`/api/v1/traces/${encodeURIComponent(props.traceId)}`).then(setData, (e: unknown) => setErr(e instanceof Error ? e.message : String(e)));
  }, [props.traceId]);
  const calls = (data?.calls ?? []).map(callFromRow);
  const cost = calls.reduce((a, c) => a + c.cost, 0);
  return html`<div class="page trace" data-trace-id=${props.traceId}>
    <div class="page-head"><h1>Trace <code>${props.traceId}</code></h1>
      ${data ? html`<p class="lead">${data.spans.length} spans, ${calls.length} GenAI calls, total cost $${cost.toFixed(5)}</p>` : null}</div>
    ${err ? html`<p class="error-text" role="alert">${err}</p>` : null}
    ${data ? (data.spans.length ? html`<${Waterfall} spans=${data.spans.map(spanFromRow)} calls=${calls} traceId=${props.traceId} />` : html`<p class="empty">No spans stored for this trace.</p>`) : err ? null : html`<p class="hint">Loading…</p>`}
  </div>`;
}
