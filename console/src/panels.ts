/** One dashboard panel: stat, time series, bar chart, bar gauge, table, trace — from its query result. */
import { html } from './html.ts';
import { TimeChart, PALETTE, type Series } from './chart.ts';
import { fmtCell, fmtUnit, thresholdColor, toMs } from './format.ts';
import { Waterfall, type WSpan } from './waterfall.ts';
import { num, str, type Column, type TargetResult } from './api.ts';

export interface FieldConfig {
  unit?: string;
  decimals?: number;
  min?: number;
  max?: number;
  thresholds?: { steps?: { color: string; value: number | null }[] };
  custom?: { drawStyle?: string };
}

export interface PanelDef {
  id: number;
  type: string;
  title: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  fieldConfig?: { defaults?: FieldConfig; overrides?: { matcher: { id: string; options: string }; properties: { id: string; value: unknown }[] }[] };
  options?: { reduceOptions?: { fields?: string }; [k: string]: unknown };
  targets?: { refId: string; format?: number; queryType?: string; rawSql?: string }[];
  panels?: PanelDef[];
}

const isTime = (c: Column) => /DateTime|^Date/.test(c.type) || c.name === 'time';
const isNum = (c: Column) => /Int|Float|Decimal/.test(c.type) && !/DateTime/.test(c.type);

export function unitOf(p: PanelDef, column: string): string | undefined {
  for (const o of p.fieldConfig?.overrides ?? []) {
    if (o.matcher.id === 'byName' && o.matcher.options === column) {
      const u = o.properties.find((x) => x.id === 'unit');
      if (u) return String(u.value);
    }
  }
  return p.fieldConfig?.defaults?.unit;
}

/** Grafana's reduceOptions.fields: "" = all numeric fields, or a /regex/. */
function fieldFilter(p: PanelDef): (name: string) => boolean {
  const f = p.options?.reduceOptions?.fields;
  if (!f) return () => true;
  const m = /^\/(.*)\/([a-z]*)$/.exec(f);
  if (!m) return (n) => n === f;
  try {
    const re = new RegExp(m[1]!, m[2]);
    return (n) => re.test(n);
  } catch {
    return () => true;
  }
}

function hasData(r: TargetResult): boolean {
  return r.rows.length > 0;
}

export function panelState(p: PanelDef, results: TargetResult[]): 'ok' | 'empty' | 'error' {
  if (results.some((r) => r.error)) return 'error';
  if (p.type === 'traces') return results.some(hasData) ? 'ok' : 'empty';
  return results.some(hasData) ? 'ok' : 'empty';
}

function Stat(props: { p: PanelDef; r: TargetResult }) {
  const { p, r } = props;
  const keep = fieldFilter(p);
  const row = r.rows[r.rows.length - 1] ?? [];
  const cells = r.columns.map((c, i) => ({ c, v: row[i] })).filter(({ c }) => isNum(c) && keep(c.name));
  const fc = p.fieldConfig?.defaults;
  return html`<div class="stat-row">${cells.map(({ c, v }) => {
    const n = num(v);
    const unit = unitOf(p, c.name);
    return html`<div class="stat" data-field=${c.name} data-value=${n === null ? '' : String(n)}>
      <div class="stat-value" style=${thresholdColor(n, fc) ? `color:${thresholdColor(n, fc)}` : ''}>${fmtUnit(n, unit, fc?.decimals)}</div>
      ${cells.length > 1 || p.options?.['textMode'] === 'value_and_name' ? html`<div class="stat-name">${c.name}</div>` : null}
    </div>`;
  })}</div>`;
}

/** Wide or long frames to aligned series: string columns name the series (as the ClickHouse plugin does). */
export function toSeries(r: TargetResult): { times: number[]; series: Series[] } {
  const ti = r.columns.findIndex(isTime);
  if (ti < 0) return { times: [], series: [] };
  const labelIdx = r.columns.map((c, i) => (i !== ti && !isNum(c) ? i : -1)).filter((i) => i >= 0);
  const valueIdx = r.columns.map((c, i) => (i !== ti && isNum(c) ? i : -1)).filter((i) => i >= 0);
  const times = [...new Set(r.rows.map((row) => toMs(row[ti])))].filter(Number.isFinite).sort((a, b) => a - b);
  const at = new Map(times.map((t, i) => [t, i]));
  const series = new Map<string, Series>();
  for (const row of r.rows) {
    const t = at.get(toMs(row[ti]));
    if (t === undefined) continue;
    const prefix = labelIdx.map((i) => str(row[i]) || '(empty)').join(' ');
    for (const vi of valueIdx) {
      const name = prefix ? (valueIdx.length > 1 ? `${prefix} ${r.columns[vi]!.name}` : prefix) : r.columns[vi]!.name;
      let s = series.get(name);
      if (!s) series.set(name, (s = { name, values: new Array(times.length).fill(null) }));
      s.values[t] = num(row[vi]);
    }
  }
  return { times, series: [...series.values()] };
}

function Bars(props: { p: PanelDef; r: TargetResult; gauge: boolean }) {
  const { p, r } = props;
  const keep = fieldFilter(p);
  const li = r.columns.findIndex((c) => !isNum(c));
  const vis = r.columns.map((c, i) => (isNum(c) && keep(c.name) ? i : -1)).filter((i) => i >= 0);
  const fc = p.fieldConfig?.defaults;
  const max = props.gauge && fc?.max !== undefined ? fc.max : Math.max(1e-12, ...r.rows.flatMap((row) => vis.map((i) => num(row[i]) ?? 0)));
  return html`<div class="bars">
    ${vis.length > 1 ? html`<div class="legend">${vis.map((i, k) => html`<span><i style=${`background:${PALETTE[k % PALETTE.length]}`}></i>${r.columns[i]!.name}</span>`)}</div>` : null}
    <table class="bar-table"><tbody>${r.rows.map((row) => html`<tr>
      <th scope="row">${li >= 0 ? str(row[li]) : ''}</th>
      <td>${vis.map((i, k) => {
        const n = num(row[i]) ?? 0;
        const color = props.gauge ? thresholdColor(n, fc) ?? PALETTE[0] : PALETTE[k % PALETTE.length];
        return html`<div class="bar-line"><div class="bar" style=${`width:${Math.min(100, Math.max(0, (n / max) * 100))}%;background:${color}`}></div><span class="bar-val" data-field=${r.columns[i]!.name} data-value=${String(n)}>${fmtUnit(n, unitOf(p, r.columns[i]!.name), fc?.decimals)}</span></div>`;
      })}</td></tr>`)}</tbody></table></div>`;
}

const TRACE_COLS = ['trace_id', 'TraceId', 'traceID'];

function Table(props: { p: PanelDef; r: TargetResult }) {
  const { p, r } = props;
  const traceIdx = r.columns.findIndex((c) => TRACE_COLS.includes(c.name));
  const spanIdx = r.columns.findIndex((c) => c.name === 'span_id' || c.name === 'SpanId');
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${`${p.title} table`}><table class="data">
    <thead><tr>${r.columns.map((c) => html`<th scope="col">${c.name}</th>`)}</tr></thead>
    <tbody>${r.rows.map((row) => html`<tr>${row.map((v, i) => {
      const c = r.columns[i]!;
      const text = fmtCell(v, c.type, unitOf(p, c.name));
      const numeric = isNum(c);
      if (i === traceIdx && v) return html`<td><a href=${`/traces/${str(v)}`} title="Open the trace">${text}</a></td>`;
      if (i === spanIdx && v && traceIdx >= 0) return html`<td><a href=${`/calls/${str(row[traceIdx])}/${str(v)}`} title="Open the call">${text}</a></td>`;
      return html`<td class=${numeric ? 'num' : ''}>${text}</td>`;
    })}</tr>`)}</tbody></table></div>`;
}

function kvList(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object') out[str((x as Record<string, unknown>)['key'])] = str((x as Record<string, unknown>)['value']);
  return out;
}

/** The plugin's trace format (traceID, spanID, … startTime ms, duration ms, tags, logs) to waterfall spans. */
export function traceRowsToSpans(r: TargetResult): WSpan[] {
  const ix = (n: string) => r.columns.findIndex((c) => c.name === n);
  const [tid, sid, pid, svc, op, st, du, tags, stags, kind, code, msg, logs] = ['traceID', 'spanID', 'parentSpanID', 'serviceName', 'operationName', 'startTime', 'duration', 'tags', 'serviceTags', 'kind', 'statusCode', 'statusMessage', 'logs'].map(ix);
  void tid;
  return r.rows.map((row) => ({
    spanId: str(row[sid!]),
    parentId: str(row[pid!]),
    name: str(row[op!]),
    service: str(row[svc!]),
    kind: kind! >= 0 ? str(row[kind!]) : '',
    start: num(row[st!]) ?? 0,
    duration: num(row[du!]) ?? 0,
    error: code! >= 0 && num(row[code!]) === 2,
    statusMessage: msg! >= 0 ? str(row[msg!]) : '',
    attributes: tags! >= 0 ? kvList(row[tags!]) : {},
    resource: stags! >= 0 ? kvList(row[stags!]) : {},
    events: logs! >= 0 && Array.isArray(row[logs!])
      ? (row[logs!] as Record<string, unknown>[]).map((e) => ({ name: str(e['name']), time: num(e['timestamp']) ?? 0, attributes: kvList(e['fields']) }))
      : [],
  }));
}

export function PanelBody(props: { p: PanelDef; results: TargetResult[]; traceId?: string }) {
  const { p, results } = props;
  const errors = results.filter((r) => r.error);
  if (errors.length) return html`<div class="panel-error" role="alert"><strong>Query failed</strong><pre>${errors.map((e) => `${e.refId}: ${e.error}`).join('\n')}</pre></div>`;
  const r = results.find(hasData);
  if (!r) return html`<p class="empty">No data in this time range.</p>`;
  const height = Math.max(120, p.gridPos.h * 34 - 120);
  switch (p.type) {
    case 'stat':
      return html`<${Stat} p=${p} r=${r} />`;
    case 'timeseries': {
      const { times, series } = toSeries(r);
      if (!times.length) return html`<p class="empty">No time column in the result.</p>`;
      return html`<${TimeChart} times=${times} series=${series} unit=${p.fieldConfig?.defaults?.unit} bars=${p.fieldConfig?.defaults?.custom?.drawStyle === 'bars'} height=${height} title=${p.title} />`;
    }
    case 'barchart':
      return html`<${Bars} p=${p} r=${r} gauge=${false} />`;
    case 'bargauge':
    case 'gauge':
      return html`<${Bars} p=${p} r=${r} gauge=${true} />`;
    case 'table':
      return html`<${Table} p=${p} r=${r} />`;
    case 'traces':
      return html`<${Waterfall} spans=${traceRowsToSpans(r)} traceId=${props.traceId ?? ''} />`;
    default:
      return html`<p class="empty">Panel type "${p.type}" is shown as a table.</p><${Table} p=${p} r=${r} />`;
  }
}
