/** Span waterfall: the spans of one trace as a tree on a time axis, with a detail pane per span. */
import { useState } from 'preact/hooks';
import { html } from './html.ts';
import { fmtMs, fmtUsd, fmtNumber } from './format.ts';
import { fmtDateTime } from './time.ts';

export interface WSpan {
  spanId: string;
  parentId: string;
  name: string;
  service: string;
  kind: string;
  start: number;
  duration: number;
  error: boolean;
  statusMessage: string;
  attributes: Record<string, string>;
  resource: Record<string, string>;
  events: { time: number; name: string; attributes: Record<string, string> }[];
}

export interface WCall {
  spanId: string;
  model: string;
  provider: string;
  inputTokens: number;
  outputTokens: number;
  cost: number;
}

interface Row {
  span: WSpan;
  depth: number;
}

/** Depth-first order under each parent, children by start time; orphans (parent not in the trace) are roots. */
export function orderSpans(spans: WSpan[]): Row[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const kids = new Map<string, WSpan[]>();
  for (const s of spans) {
    const p = s.parentId && ids.has(s.parentId) ? s.parentId : '';
    kids.set(p, [...(kids.get(p) ?? []), s]);
  }
  for (const l of kids.values()) l.sort((a, b) => a.start - b.start || a.name.localeCompare(b.name));
  const out: Row[] = [];
  const seen = new Set<string>();
  const stack: Row[] = (kids.get('') ?? []).map((span) => ({ span, depth: 0 })).reverse();
  while (stack.length) {
    const r = stack.pop()!;
    if (seen.has(r.span.spanId)) continue;
    seen.add(r.span.spanId);
    out.push(r);
    const c = kids.get(r.span.spanId) ?? [];
    for (let i = c.length - 1; i >= 0; i--) stack.push({ span: c[i]!, depth: r.depth + 1 });
  }
  return out;
}

function KV(props: { title: string; data: Record<string, string> }) {
  const keys = Object.keys(props.data).sort();
  if (!keys.length) return null;
  return html`<details open><summary>${props.title} (${keys.length})</summary>
    <table class="kv"><tbody>${keys.map((k) => html`<tr><th scope="row">${k}</th><td><code>${props.data[k]}</code></td></tr>`)}</tbody></table></details>`;
}

export function Waterfall(props: { spans: WSpan[]; calls?: WCall[]; traceId: string }) {
  const rows = orderSpans(props.spans);
  const [sel, setSel] = useState<string | null>(null);
  if (!rows.length) return html`<p class="empty">No spans.</p>`;
  const t0 = Math.min(...props.spans.map((s) => s.start));
  const t1 = Math.max(...props.spans.map((s) => s.start + s.duration));
  const total = Math.max(t1 - t0, 0.001);
  const calls = new Map((props.calls ?? []).map((c) => [c.spanId, c]));
  const selected = props.spans.find((s) => s.spanId === sel);
  return html`<div class="waterfall">
    <div class="wf-head"><span>${rows.length} spans · ${fmtMs(total)} · started ${fmtDateTime(t0)}</span>${props.spans.some((s) => s.error) ? html`<span class="badge err">${props.spans.filter((s) => s.error).length} with errors</span>` : null}</div>
    <ul class="wf-rows" role="tree" aria-label="spans of the trace">
      ${rows.map(({ span, depth }) => {
        const call = calls.get(span.spanId);
        const left = ((span.start - t0) / total) * 100;
        const width = Math.max((span.duration / total) * 100, 0.3);
        return html`<li role="treeitem" aria-level=${depth + 1} aria-selected=${sel === span.spanId} class=${`wf-row${span.error ? ' error' : ''}${sel === span.spanId ? ' selected' : ''}`} data-span-id=${span.spanId}>
          <button type="button" class="wf-label" style=${`padding-left:${0.4 + depth * 1.1}rem`} onClick=${() => setSel(sel === span.spanId ? null : span.spanId)} aria-expanded=${sel === span.spanId}>
            <span class="svc">${span.service}</span> <span class="op">${span.name}</span>
            ${call
              ? call.model || call.provider
                ? html` <span class="badge genai" title="GenAI call: model · input→output tokens · cost">${call.model || call.provider} · ${fmtNumber(call.inputTokens)}→${fmtNumber(call.outputTokens)} tok · ${fmtUsd(call.cost)}</span>`
                : html` <span class="badge genai" title="GenAI operation without a model (e.g. a tool execution)">${span.attributes['gen_ai.operation.name'] || 'GenAI'}</span>`
              : null}
            ${span.error ? html` <span class="badge err">error</span>` : null}
          </button>
          <div class="wf-track" aria-hidden="true"><div class="wf-bar" style=${`left:${left}%;width:${width}%`}></div></div>
          <span class="wf-dur">${fmtMs(span.duration)}</span>
        </li>`;
      })}
    </ul>
    ${selected
      ? html`<section class="span-detail" aria-label="span details">
          <h3>${selected.name} <small>${selected.service} · ${selected.kind}</small></h3>
          <p>Start ${fmtDateTime(selected.start)} (+${fmtMs(selected.start - t0)}), duration ${fmtMs(selected.duration)}, span id <code>${selected.spanId}</code>
            ${calls.get(selected.spanId) ? html` · <a href=${`/calls/${props.traceId}/${selected.spanId}`}>open the call</a>` : null}</p>
          ${selected.error ? html`<p class="error-text" role="alert">Error: ${selected.statusMessage || 'status ERROR'}</p>` : null}
          <${KV} title="Attributes" data=${selected.attributes} />
          ${selected.events.length
            ? html`<details open><summary>Events (${selected.events.length})</summary><ul class="events">${selected.events.map(
                (e) => html`<li><strong>${e.name}</strong> at +${fmtMs(e.time - selected.start)}<${KV} title="attributes" data=${e.attributes} /></li>`,
              )}</ul></details>`
            : null}
          <${KV} title="Resource" data=${selected.resource} />
        </section>`
      : html`<p class="hint">Select a span to see its attributes and events.</p>`}
  </div>`;
}
