/** Call page: the conversation, output, tokens, cost, timing, every score, PII findings, links. */
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.ts';
import { api, field, num, str, type Row } from './api.ts';
import { fmtMs, fmtNumber, fmtUsd, toMs } from './format.ts';
import { fmtDateTime } from './time.ts';
import { spanFromRow } from './trace.ts';

interface Part {
  type?: string;
  content?: unknown;
  text?: unknown;
  name?: string;
  id?: string;
  arguments?: unknown;
  response?: unknown;
  result?: unknown;
}
interface Message {
  role: string;
  parts: Part[];
  finish_reason?: string;
}

function parseJson(s: string | undefined): unknown {
  if (!s) return undefined;
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** Semconv messages ({role, parts}) or OpenAI-style ({role, content, tool_calls}) to one shape. */
export function toMessages(v: unknown): Message[] {
  if (!Array.isArray(v)) return [];
  return v.filter((m) => m && typeof m === 'object').map((m: Record<string, unknown>) => {
    const role = str(m['role']) || 'unknown';
    if (Array.isArray(m['parts'])) return { role, parts: m['parts'] as Part[], ...(m['finish_reason'] ? { finish_reason: str(m['finish_reason']) } : {}) };
    const parts: Part[] = [];
    if (typeof m['content'] === 'string') parts.push({ type: 'text', content: m['content'] });
    else if (Array.isArray(m['content'])) for (const c of m['content'] as Record<string, unknown>[]) parts.push({ type: str(c['type']) || 'text', content: c['text'] ?? c['content'] });
    if (Array.isArray(m['tool_calls'])) for (const t of m['tool_calls'] as Record<string, unknown>[]) {
      const fn = (t['function'] ?? {}) as Record<string, unknown>;
      parts.push({ type: 'tool_call', id: str(t['id']), name: str(fn['name'] ?? t['name']), arguments: fn['arguments'] ?? t['arguments'] });
    }
    return { role, parts };
  });
}

function PartView(props: { p: Part }) {
  const p = props.p;
  const pretty = (x: unknown) => (typeof x === 'string' ? (parseJson(x) !== undefined ? JSON.stringify(parseJson(x), null, 2) : x) : JSON.stringify(x, null, 2));
  if (p.type === 'tool_call') return html`<div class="tool-call"><span class="badge">tool call</span> <code>${p.name}</code>${p.id ? html` <small class="muted">${p.id}</small>` : null}<pre>${pretty(p.arguments ?? {})}</pre></div>`;
  if (p.type === 'tool_call_response') return html`<div class="tool-call"><span class="badge">tool result</span>${p.id ? html` <small class="muted">${p.id}</small>` : null}<pre>${pretty(p.response ?? p.result ?? '')}</pre></div>`;
  const t = p.content ?? p.text;
  return html`<div class="msg-text">${typeof t === 'string' ? t : JSON.stringify(t)}</div>`;
}

function Conversation(props: { system: Part[]; input: Message[]; output: Message[] }) {
  const all: (Message & { out?: boolean })[] = [
    ...(props.system.length ? [{ role: 'system', parts: props.system }] : []),
    ...props.input,
    ...props.output.map((m) => ({ ...m, out: true })),
  ];
  return html`<ol class="conversation" aria-label="conversation">${all.map((m) => html`<li class=${`msg role-${m.role}${m.out ? ' output' : ''}`} data-role=${m.role}>
    <div class="msg-role">${m.role}${m.out ? ' (output)' : ''}${m.finish_reason ? html` <small class="muted">finish: ${m.finish_reason}</small>` : null}</div>
    ${m.parts.map((p) => html`<${PartView} p=${p} />`)}</li>`)}</ol>`;
}

export function CallPage(props: { traceId: string; spanId: string }) {
  const { traceId, spanId } = props;
  const [data, setData] = useState<{ call: Row; scores: Row[]; similar: Row[] } | null>(null);
  const [span, setSpan] = useState<Row | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    setErr(null);
    setSpan(null);
    api<{ call: Row; scores: Row[]; similar: Row[] }>(`/api/v1/calls/${encodeURIComponent(traceId)}/${encodeURIComponent(spanId)}`).then(setData, (e: unknown) => setErr(e instanceof Error ? e.message : String(e)));
    api<{ spans: Row[] }>(`/api/v1/traces/${encodeURIComponent(traceId)}`).then(
      (t) => setSpan((t.spans ?? []).find((s) => str(field(s, 'SpanId', 'span_id', 'spanId')) === spanId) ?? null),
      () => undefined,
    );
  }, [traceId, spanId]);
  if (err) return html`<div class="page"><h1>Call</h1><p class="error-text" role="alert">${err}</p></div>`;
  if (!data) return html`<div class="page"><p class="hint">Loading call…</p></div>`;
  const c = data.call;
  const attrs = span ? spanFromRow(span).attributes : {};
  const system = (() => {
    const v = parseJson(attrs['gen_ai.system_instructions']);
    return Array.isArray(v) ? (v as Part[]) : typeof v === 'string' ? [{ type: 'text', content: v }] : [];
  })();
  let input = toMessages(parseJson(attrs['gen_ai.input.messages']));
  let output = toMessages(parseJson(attrs['gen_ai.output.messages']));
  if (!input.length && str(field(c, 'input_text'))) input = [{ role: 'user', parts: [{ type: 'text', content: str(field(c, 'input_text')) }] }];
  if (!output.length && str(field(c, 'output_text'))) output = [{ role: 'assistant', parts: [{ type: 'text', content: str(field(c, 'output_text')) }] }];
  const status = str(field(c, 'status'));
  const pii = data.scores.filter((s) => str(field(s, 'name')).startsWith('pii.') && (num(field(s, 'value')) ?? 0) > 0);
  const ttft = num(field(c, 'ttft_ms'));
  const metric = (label: string, value: string, key: string) => html`<div class="metric" data-metric=${key}><dt>${label}</dt><dd>${value}</dd></div>`;
  return html`<div class="page call" data-trace-id=${traceId} data-span-id=${spanId}>
    <div class="page-head">
      <h1>${str(field(c, 'span_name')) || `${str(field(c, 'operation'))} ${str(field(c, 'request_model'))}`}</h1>
      <p class="lead">${str(field(c, 'service_name'))} · ${str(field(c, 'provider'))} · ${fmtDateTime(toMs(field(c, 'timestamp')))}
        ${status === 'error' ? html` · <span class="badge err">error ${str(field(c, 'error_type'))}</span>` : null}</p>
      <p class="links"><a href=${`/traces/${traceId}`} class="button">Open the trace</a>
        ${field(c, 'prompt_name') ? html` <a href=${`/calls?${new URLSearchParams({ prompt_name: str(field(c, 'prompt_name')), prompt_version: str(field(c, 'prompt_version')), from: 'now-7d', to: 'now' })}`}>All calls of ${str(field(c, 'prompt_name'))} v${str(field(c, 'prompt_version'))}</a>` : null}</p>
    </div>
    <dl class="metrics">
      ${metric('Model', `${str(field(c, 'request_model'))}${field(c, 'response_model') && field(c, 'response_model') !== field(c, 'request_model') ? ` → ${str(field(c, 'response_model'))}` : ''}`, 'model')}
      ${metric('Cost', fmtUsd(num(field(c, 'cost_usd')) ?? 0) + (field(c, 'priced') === false || field(c, 'priced') === 0 ? ' (unpriced)' : ''), 'cost')}
      ${metric('Latency', fmtMs(num(field(c, 'duration_ms')) ?? 0), 'latency')}
      ${metric('Time to first chunk', ttft === null ? '– (not streamed)' : fmtMs(ttft), 'ttft')}
      ${metric('Input tokens', fmtNumber(num(field(c, 'input_tokens')) ?? 0), 'input_tokens')}
      ${metric('Cached input', fmtNumber(num(field(c, 'cache_read_tokens')) ?? 0), 'cache_read_tokens')}
      ${metric('Output tokens', fmtNumber(num(field(c, 'output_tokens')) ?? 0), 'output_tokens')}
      ${metric('Reasoning tokens', fmtNumber(num(field(c, 'reasoning_tokens')) ?? 0), 'reasoning_tokens')}
      ${metric('User', str(field(c, 'user_id')) || '–', 'user')}
      ${metric('Session', str(field(c, 'session_id')) || '–', 'session')}
      ${metric('Prompt', field(c, 'prompt_name') ? `${str(field(c, 'prompt_name'))} v${str(field(c, 'prompt_version'))}` : '–', 'prompt')}
      ${metric('Finish', (Array.isArray(field(c, 'finish_reasons')) ? (field(c, 'finish_reasons') as string[]) : []).join(', ') || '–', 'finish')}
    </dl>
    <section aria-labelledby="conv-h"><h2 id="conv-h">Conversation</h2>
      ${input.length || output.length || system.length ? html`<${Conversation} system=${system} input=${input} output=${output} />` : html`<p class="empty">No content captured for this call (content capture is off by default).</p>`}
    </section>
    <section aria-labelledby="scores-h"><h2 id="scores-h">Scores</h2>
      ${data.scores.length
        ? html`<div class="table-wrap"><table class="data scores"><thead><tr><th scope="col">Score</th><th scope="col">Value</th><th scope="col">Label</th><th scope="col">Source</th><th scope="col">Explanation</th></tr></thead>
          <tbody>${data.scores.map((s) => html`<tr data-score=${str(field(s, 'name'))}><td>${str(field(s, 'name'))}</td><td class="num">${(num(field(s, 'value')) ?? 0).toFixed(3)}</td><td>${str(field(s, 'label'))}</td><td>${str(field(s, 'source'))}</td><td>${str(field(s, 'explanation'))}</td></tr>`)}</tbody></table></div>`
        : html`<p class="empty">No scores (scorers run on calls with captured content).</p>`}
    </section>
    <section aria-labelledby="pii-h"><h2 id="pii-h">PII findings</h2>
      ${pii.length ? html`<ul class="pii">${pii.map((s) => html`<li><strong>${str(field(s, 'name')).slice(4)}</strong>: ${str(field(s, 'explanation'))}</li>`)}</ul>` : html`<p>${num(field(c, 'pii_count')) === null ? 'Not scanned.' : 'None found.'}</p>`}
    </section>
    <section aria-labelledby="sim-h"><h2 id="sim-h">Similar calls (same prompt version)</h2>
      ${data.similar.length
        ? html`<ul class="similar">${data.similar.map((s) => html`<li><a href=${`/calls/${str(field(s, 'trace_id'))}/${str(field(s, 'span_id'))}`}>${fmtDateTime(toMs(field(s, 'timestamp')))}</a> ${str(field(s, 'request_model'))} · ${fmtUsd(num(field(s, 'cost_usd')) ?? 0)} · ${fmtMs(num(field(s, 'duration_ms')) ?? 0)}${str(field(s, 'status')) === 'error' ? html` <span class="badge err">error</span>` : null}</li>`)}</ul>`
        : html`<p class="empty">None.</p>`}
    </section>
  </div>`;
}
