/** A dashboard from dashboards/*.json: variables, time range, panels laid out by gridPos. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from './html.ts';
import { api, type TargetResult } from './api.ts';
import { navigate, withParams, type Loc } from './router.ts';
import { TimeToolbar, rangeOf } from './toolbar.ts';
import { refreshMs, resolveRange } from './time.ts';
import { PanelBody, panelState, type PanelDef } from './panels.ts';

interface VariableDef {
  type: string;
  name: string;
  label?: string;
  description?: string;
  multi?: boolean;
  includeAll?: boolean;
  query?: unknown;
  current?: { value?: string | string[]; text?: string | string[] };
  options?: { text: string; value: string }[];
  hide?: number;
}

export interface DashboardDef {
  uid: string;
  title: string;
  description?: string;
  tags?: string[];
  time?: { from: string; to: string };
  refresh?: string;
  panels: PanelDef[];
  templating?: { list: VariableDef[] };
}

type VarValues = Record<string, string | string[]>;
const ALL = '$__all';

function defaultValue(v: VariableDef): string | string[] {
  const cur = v.current?.value;
  if (v.multi) return Array.isArray(cur) ? cur : cur ? [cur] : v.includeAll ? [ALL] : [];
  return Array.isArray(cur) ? (cur[0] ?? '') : (cur ?? '');
}

export function varValues(defs: VariableDef[], loc: Loc): VarValues {
  const out: VarValues = {};
  for (const v of defs) {
    const fromUrl = loc.params.getAll(`var-${v.name}`);
    if (fromUrl.length) out[v.name] = v.multi ? fromUrl : fromUrl[0]!;
    else out[v.name] = defaultValue(v);
  }
  return out;
}

function customOptions(v: VariableDef): { text: string; value: string }[] {
  if (v.options?.length) return v.options.map((o) => ({ text: o.text, value: o.value }));
  return typeof v.query === 'string' ? v.query.split(',').map((s) => s.trim()).filter(Boolean).map((s) => ({ text: s, value: s })) : [];
}

function VariablePicker(props: { v: VariableDef; value: string | string[]; options: { text: string; value: string }[] | undefined; loc: Loc; onOpen: () => void }) {
  const { v, value, loc } = props;
  const id = `var-${v.name}`;
  const label = v.label ?? v.name;
  if (v.type === 'textbox') {
    return html`<form class="var" onSubmit=${(e: Event) => {
      e.preventDefault();
      const val = ((e.target as HTMLFormElement).elements.namedItem(id) as HTMLInputElement).value.trim();
      navigate(withParams(loc, { [id]: val || null }));
    }}><label for=${id}>${label}</label><input id=${id} name=${id} value=${String(value)} placeholder=${v.description ?? ''} size="34" /></form>`;
  }
  const opts = props.options ?? [];
  if (!v.multi) {
    return html`<div class="var"><label for=${id}>${label}</label>
      <select id=${id} value=${String(value)} onChange=${(e: Event) => navigate(withParams(loc, { [id]: (e.target as HTMLSelectElement).value }))}>
        ${v.includeAll ? html`<option value=${ALL}>All</option>` : null}
        ${opts.map((o) => html`<option value=${o.value}>${o.text}</option>`)}
      </select></div>`;
  }
  const sel = Array.isArray(value) ? value : [value];
  const all = sel.includes(ALL) || sel.length === 0;
  const summary = all ? 'All' : sel.join(', ');
  const toggle = (val: string, on: boolean) => {
    let next = all ? [] : sel.filter((x) => x !== ALL);
    next = on ? [...next, val] : next.filter((x) => x !== val);
    navigate(withParams(loc, { [id]: next.length ? next : [ALL] }));
  };
  return html`<details class="var multi" onToggle=${(e: Event) => (e.target as HTMLDetailsElement).open && props.onOpen()}><summary aria-label=${`${label}: ${summary}`}><span class="var-label">${label}</span> <span class="var-value">${summary}</span></summary>
    <fieldset><legend class="sr-only">${label}</legend>
      ${v.includeAll ? html`<label><input type="checkbox" checked=${all} onChange=${() => navigate(withParams(loc, { [id]: [ALL] }))} /> All</label>` : null}
      ${props.options === undefined ? html`<p class="hint">Fetching values…</p>` : opts.length === 0 ? html`<p class="hint">No values in this time range.</p>` : null}
      ${opts.map((o) => html`<label><input type="checkbox" checked=${!all && sel.includes(o.value)} onChange=${(e: Event) => toggle(o.value, (e.target as HTMLInputElement).checked)} /> ${o.text || '(empty)'}</label>`)}
    </fieldset></details>`;
}

function Panel(props: { uid: string; p: PanelDef; from: number; to: number; vars: VarValues; tick: number }) {
  const { p } = props;
  const [state, setState] = useState<{ results?: TargetResult[]; error?: string; loading: boolean }>({ loading: true });
  const ref = useRef<HTMLElement>(null);
  const key = JSON.stringify([props.uid, p.id, props.from, props.to, props.vars, props.tick]);
  useEffect(() => {
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const width = ref.current?.clientWidth ?? 800;
    api<{ targets: TargetResult[] }>(`/api/v1/dashboards/${encodeURIComponent(props.uid)}/panels/${p.id}/query`, {
      body: { from: props.from, to: props.to, vars: props.vars, max_data_points: Math.max(50, Math.min(500, Math.round(width / 3))) },
      signal: ctl.signal,
    }).then(
      (r) => setState({ results: r.targets ?? [], loading: false }),
      (e: unknown) => {
        if (!ctl.signal.aborted) setState({ error: e instanceof Error ? e.message : String(e), loading: false });
      },
    );
    return () => ctl.abort();
  }, [key]);
  const st = state.error ? 'error' : state.results ? panelState(p, state.results) : 'loading';
  const traceId = typeof props.vars['trace_id'] === 'string' ? props.vars['trace_id'] : '';
  return html`<section ref=${ref} class=${`panel panel-${p.type}`} data-panel-id=${p.id} data-panel-type=${p.type} data-state=${state.loading && !state.results ? 'loading' : st}
      style=${`--w:${p.gridPos.w};--h:${p.gridPos.h}`} aria-labelledby=${`pt-${p.id}`} aria-busy=${state.loading}>
    <header><h2 id=${`pt-${p.id}`} title=${p.description ?? ''}>${p.title}</h2>${state.loading ? html`<span class="spinner" aria-hidden="true"></span>` : null}</header>
    <div class="panel-body">
      ${state.error
        ? html`<div class="panel-error" role="alert"><strong>Query failed</strong><pre>${state.error}</pre></div>`
        : state.results
          ? p.type === 'traces' && !traceId
            ? html`<p class="empty">Pick a trace (click a trace id, or paste one in the Trace ID box).</p>`
            : html`<${PanelBody} p=${p} results=${state.results} traceId=${traceId} />`
          : html`<p class="hint">Loading…</p>`}
    </div>
    ${p.description ? html`<p class="panel-desc">${p.description}</p>` : null}
  </section>`;
}

export function DashboardPage(props: { uid: string; loc: Loc }) {
  const { uid, loc } = props;
  const [dash, setDash] = useState<DashboardDef | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [options, setOptions] = useState<Record<string, { text: string; value: string }[]>>({});
  useEffect(() => {
    setDash(null);
    setErr(null);
    setOptions({});
    api<DashboardDef>(`/api/v1/dashboards/${encodeURIComponent(uid)}`).then(setDash, (e: unknown) => setErr(e instanceof Error ? e.message : String(e)));
  }, [uid]);
  const range = rangeOf(loc, dash?.time ?? { from: 'now-1h', to: 'now' });
  const refresh = loc.params.get('refresh') ?? dash?.refresh ?? 'off';
  const defs = dash?.templating?.list ?? [];
  const vars = useMemo(() => varValues(defs, loc), [dash, loc.params.toString()]);
  // ranges are resolved once per URL change or refresh tick, so every panel asks for the same window
  const abs = useMemo(() => resolveRange(range), [range.from, range.to, tick]);
  useEffect(() => {
    const ms = refreshMs(refresh);
    if (!ms) return;
    const t = setInterval(() => setTick((x) => x + 1), ms);
    return () => clearInterval(t);
  }, [refresh]);
  // Options of a query variable are fetched when its dropdown opens (and again after the range or
  // the other variables change), not with every dashboard load: panels get the store first.
  const [wanted, setWanted] = useState<Record<string, boolean>>({});
  const optionsKey = JSON.stringify([abs.from, abs.to, vars]);
  const pending = useRef(new Set<string>());
  const currentKey = useRef(optionsKey);
  useEffect(() => {
    currentKey.current = optionsKey;
    pending.current.clear();
    setOptions({});
  }, [dash, optionsKey]);
  useEffect(() => {
    if (!dash) return;
    for (const v of defs) {
      if (options[v.name] !== undefined) continue;
      if (v.type === 'custom') setOptions((o) => ({ ...o, [v.name]: customOptions(v) }));
      else if (v.type === 'query' && (wanted[v.name] || !v.multi) && !pending.current.has(v.name)) {
        pending.current.add(v.name);
        const key = optionsKey;
        const done = (values: { text: string; value: string }[]) => {
          if (currentKey.current === key) setOptions((o) => ({ ...o, [v.name]: values }));
        };
        api<{ values: { text: string; value: string }[] }>(`/api/v1/dashboards/${encodeURIComponent(uid)}/variables/${encodeURIComponent(v.name)}/options`, { body: { from: abs.from, to: abs.to, vars } }).then(
          (r) => done(r.values ?? []),
          () => done([]),
        );
      }
    }
  }, [dash, optionsKey, wanted, options]);
  if (err) return html`<div class="page"><h1>Dashboard</h1><p class="error-text" role="alert">${err}</p><p><a href="/">All dashboards</a></p></div>`;
  if (!dash) return html`<div class="page"><p class="hint">Loading dashboard…</p></div>`;
  const panels = [...dash.panels.flatMap((p) => (p.type === 'row' ? (p.panels ?? []) : [p]))].sort((a, b) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x);
  return html`<div class="page dashboard" data-uid=${dash.uid}>
    <div class="page-head"><h1>${dash.title}</h1>${dash.description ? html`<p class="lead">${dash.description}</p>` : null}</div>
    <div class="controls">
      <div class="vars">${defs.filter((v) => v.hide !== 2).map((v) => html`<${VariablePicker} key=${v.name} v=${v} value=${vars[v.name] ?? ''} options=${options[v.name]} loc=${loc} onOpen=${() => setWanted((w) => (w[v.name] ? w : { ...w, [v.name]: true }))} />`)}</div>
      <${TimeToolbar} loc=${loc} range=${range} refresh=${refresh} onRefresh=${() => setTick((x) => x + 1)} />
    </div>
    <div class="grid">${panels.map((p) => html`<${Panel} key=${p.id} uid=${dash.uid} p=${p} from=${abs.from} to=${abs.to} vars=${vars} tick=${tick} />`)}</div>
  </div>`;
}
