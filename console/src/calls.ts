/** LLM calls explorer: filters, text search, sort, paging — all in the URL. */
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.ts';
import { api, field, num, str, type Row } from './api.ts';
import { navigate, withParams, type Loc } from './router.ts';
import { TimeToolbar, rangeOf } from './toolbar.ts';
import { resolveRange, fmtDateTime } from './time.ts';
import { fmtMs, fmtNumber, fmtUsd, toMs } from './format.ts';

const TEXT_FILTERS = [
  ['service', 'Service'],
  ['provider', 'Provider'],
  ['model', 'Model'],
  ['user', 'User'],
  ['session', 'Session'],
  ['prompt_name', 'Prompt name'],
  ['prompt_version', 'Prompt version'],
] as const;
const SCORES = ['toxicity', 'hallucination', 'readability'] as const;
export const SORTS = [
  ['timestamp', 'Time'],
  ['cost_usd', 'Cost'],
  ['duration_ms', 'Latency'],
  ['ttft_ms', 'Time to first chunk'],
  ['input_tokens', 'Input tokens'],
  ['output_tokens', 'Output tokens'],
  ['toxicity', 'Toxicity'],
  ['hallucination', 'Hallucination'],
  ['readability', 'Readability'],
] as const;
const PAGE = 50;
/** Variables of the overview dashboard give the dropdown values for these filters. */
const OPTION_SOURCES: Record<string, string> = { service: 'service', provider: 'provider', model: 'model' };

function scoreCell(v: unknown, risk: boolean) {
  const n = num(v);
  if (n === null) return html`<td class="num muted">–</td>`;
  return html`<td class=${`num${risk && n >= 0.5 ? ' flag' : ''}`}>${n.toFixed(2)}</td>`;
}

export function CallsPage(props: { loc: Loc }) {
  const { loc } = props;
  const range = rangeOf(loc);
  const [tick, setTick] = useState(0);
  const [data, setData] = useState<{ rows: Row[]; total: number } | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [opts, setOpts] = useState<Record<string, string[]>>({});
  const search = loc.params.toString();
  const sort = loc.params.get('sort') ?? 'timestamp';
  const order = loc.params.get('order') ?? 'desc';
  const offset = Number(loc.params.get('offset') ?? '0') || 0;
  useEffect(() => {
    const abs = resolveRange(range);
    const q = new URLSearchParams();
    q.set('from', String(abs.from));
    q.set('to', String(abs.to));
    for (const [k] of TEXT_FILTERS) if (loc.params.get(k)) q.set(k, loc.params.get(k)!);
    for (const k of ['status', 'q']) if (loc.params.get(k)) q.set(k, loc.params.get(k)!);
    for (const s of SCORES) for (const b of ['min', 'max']) if (loc.params.get(`${b}_${s}`)) q.set(`${b}_${s}`, loc.params.get(`${b}_${s}`)!);
    q.set('sort', sort);
    q.set('order', order);
    q.set('limit', String(PAGE));
    q.set('offset', String(offset));
    const ctl = new AbortController();
    setErr(null);
    setLoading(true);
    api<{ rows: Row[]; total: number }>(`/api/v1/calls?${q}`, { signal: ctl.signal }).then(
      (d) => {
        setData(d);
        setLoading(false);
      },
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        setErr(e instanceof Error ? e.message : String(e));
        setLoading(false);
      },
    );
    return () => ctl.abort();
  }, [search, tick]);
  // dropdown values come from the overview dashboard's variables, fetched when a field is focused
  const loadOptions = (k: string) => {
    const v = OPTION_SOURCES[k];
    if (!v || opts[k]) return;
    const abs = resolveRange(range);
    setOpts((o) => ({ ...o, [k]: [] }));
    api<{ values: { value: string }[] }>(`/api/v1/dashboards/llmscope-overview/variables/${v}/options`, { body: { from: abs.from, to: abs.to, vars: {} } }).then(
      (r) => setOpts((o) => ({ ...o, [k]: (r.values ?? []).map((x) => x.value) })),
      () => undefined,
    );
  };
  useEffect(() => setOpts({}), [range.from, range.to]);
  const submit = (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const changes: Record<string, string | null> = { offset: null };
    for (const [k, v] of f.entries()) changes[k] = String(v).trim() || null;
    navigate(withParams(loc, changes));
  };
  // the filter fields are uncontrolled (defaultValue): a re-render never erases what is being typed;
  // the form is rebuilt (key) from the URL when it changes
  const setSort = (k: string) => navigate(withParams(loc, { sort: k, order: sort === k && order === 'desc' ? 'asc' : 'desc', offset: null }));
  const rows = data?.rows ?? [];
  const th = (k: string, label: string) => html`<th scope="col" aria-sort=${sort === k ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
    <button type="button" class="sort" onClick=${() => setSort(k)}>${label}${sort === k ? (order === 'asc' ? ' ▲' : ' ▼') : ''}</button></th>`;
  return html`<div class="page calls">
    <div class="page-head"><h1>LLM calls</h1><p class="lead">Every GenAI call in the time range. Filter, search the captured prompts and answers, sort by cost, latency, tokens or scores.</p></div>
    <div class="controls"><${TimeToolbar} loc=${loc} range=${range} onRefresh=${() => setTick((x) => x + 1)} showRefresh=${false} /></div>
    <form class="filters" onSubmit=${submit} aria-label="filters" key=${search}>
      <label class="wide">Search text <input type="search" name="q" defaultValue=${loc.params.get('q') ?? ''} placeholder="words in prompts or answers" /></label>
      ${TEXT_FILTERS.map(([k, label]) => html`<label>${label}
        <input name=${k} defaultValue=${loc.params.get(k) ?? ''} list=${OPTION_SOURCES[k] ? `dl-${k}` : undefined} autocomplete="off" onFocus=${() => loadOptions(k)} />
        ${OPTION_SOURCES[k] ? html`<datalist id=${`dl-${k}`}>${(opts[k] ?? []).map((v) => html`<option value=${v} />`)}</datalist>` : null}</label>`)}
      <label>Status <select name="status">${['', 'ok', 'error'].map((v) => html`<option value=${v} selected=${(loc.params.get('status') ?? '') === v}>${v || 'any'}</option>`)}</select></label>
      ${SCORES.map((s) => html`<fieldset class="range-filter"><legend>${s}</legend>
        <label>min <input name=${`min_${s}`} type="number" step="any" defaultValue=${loc.params.get(`min_${s}`) ?? ''} /></label>
        <label>max <input name=${`max_${s}`} type="number" step="any" defaultValue=${loc.params.get(`max_${s}`) ?? ''} /></label></fieldset>`)}
      <div class="form-actions"><button type="submit">Apply filters</button> <a href=${`/calls?${new URLSearchParams({ from: range.from, to: range.to })}`}>Clear</a></div>
    </form>
    ${err ? html`<p class="error-text" role="alert">${err}</p>` : null}
    <p class="count" aria-live="polite" aria-busy=${loading} data-total=${data && !loading ? String(data.total) : ''}>${data ? `${fmtNumber(data.total)} calls` : 'Loading…'}${data && data.total > PAGE ? ` · showing ${offset + 1}–${Math.min(offset + PAGE, data.total)}` : ''}</p>
    <div class="table-wrap" tabindex="0" role="region" aria-label="calls"><table class="data calls-table">
      <thead><tr>${th('timestamp', 'Time')}<th scope="col">Service</th><th scope="col">Model</th><th scope="col">User</th><th scope="col">Prompt</th>
        ${th('input_tokens', 'In tok')}${th('output_tokens', 'Out tok')}${th('cost_usd', 'Cost')}${th('duration_ms', 'Latency')}${th('ttft_ms', 'TTFT')}<th scope="col">Status</th>${th('toxicity', 'Tox')}${th('hallucination', 'Hall')}${th('readability', 'Read')}</tr></thead>
      <tbody>${rows.map((r) => {
        const t = str(field(r, 'trace_id')), s = str(field(r, 'span_id'));
        const status = str(field(r, 'status'));
        const ttft = num(field(r, 'ttft_ms'));
        return html`<tr class=${status === 'error' ? 'row-error' : ''} data-trace-id=${t} data-span-id=${s}>
          <td><a href=${`/calls/${t}/${s}`}>${fmtDateTime(toMs(field(r, 'timestamp')))}</a></td>
          <td>${str(field(r, 'service_name'))}</td>
          <td>${str(field(r, 'request_model')) || str(field(r, 'operation'))}<br /><small class="muted">${str(field(r, 'provider'))}</small></td>
          <td>${str(field(r, 'user_id'))}</td>
          <td>${str(field(r, 'prompt_name'))}${field(r, 'prompt_version') ? html` <small class="muted">v${str(field(r, 'prompt_version'))}</small>` : null}</td>
          <td class="num">${fmtNumber(num(field(r, 'input_tokens')) ?? 0)}</td>
          <td class="num">${fmtNumber(num(field(r, 'output_tokens')) ?? 0)}</td>
          <td class="num" data-cost=${str(field(r, 'cost_usd'))}>${fmtUsd(num(field(r, 'cost_usd')) ?? 0)}</td>
          <td class="num">${fmtMs(num(field(r, 'duration_ms')) ?? 0)}</td>
          <td class="num">${ttft === null ? '–' : fmtMs(ttft)}</td>
          <td>${status === 'error' ? html`<span class="badge err">${str(field(r, 'error_type')) || 'error'}</span>` : 'ok'}</td>
          ${scoreCell(field(r, 'toxicity'), true)}${scoreCell(field(r, 'hallucination'), true)}
          <td class="num">${num(field(r, 'readability')) === null ? '–' : (num(field(r, 'readability')) ?? 0).toFixed(0)}</td>
        </tr>`;
      })}</tbody></table></div>
    ${data && data.total === 0 ? html`<p class="empty">No calls match. Widen the time range or clear filters.</p>` : null}
    ${data && data.total > PAGE
      ? html`<nav class="pager" aria-label="pages">
          ${offset > 0 ? html`<a href=${withParams(loc, { offset: String(Math.max(0, offset - PAGE)) })}>← Previous</a>` : null}
          ${offset + PAGE < data.total ? html`<a href=${withParams(loc, { offset: String(offset + PAGE) })}>Next →</a>` : null}
        </nav>`
      : null}
  </div>`;
}
