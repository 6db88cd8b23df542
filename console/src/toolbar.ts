/** Time range picker (quick ranges 15 min … 30 days, custom) and auto-refresh, written to the URL. */
import { useState } from 'preact/hooks';
import { html } from './html.ts';
import { navigate, withParams, type Loc } from './router.ts';
import { QUICK_RANGES, REFRESH_CHOICES, parseTime, rangeLabel, resolveRange, toLocalInput, type Range } from './time.ts';

export function rangeOf(loc: Loc, dflt: Range = { from: 'now-1h', to: 'now' }): Range {
  return { from: loc.params.get('from') ?? dflt.from, to: loc.params.get('to') ?? dflt.to };
}

export function TimeToolbar(props: { loc: Loc; range: Range; refresh?: string; onRefresh: () => void; showRefresh?: boolean }) {
  const { loc, range } = props;
  const [custom, setCustom] = useState(false);
  const abs = resolveRange(range);
  const [cf, setCf] = useState(toLocalInput(abs.from));
  const [ct, setCt] = useState(toLocalInput(abs.to));
  const quick = range.to === 'now' && QUICK_RANGES.some((q) => q.from === range.from) ? range.from : 'custom';
  return html`<div class="toolbar" role="group" aria-label="time controls">
    <label>Time range
      <select value=${custom ? 'custom' : quick} onChange=${(e: Event) => {
        const v = (e.target as HTMLSelectElement).value;
        if (v === 'custom') return setCustom(true);
        setCustom(false);
        navigate(withParams(loc, { from: v, to: 'now' }));
      }}>
        ${QUICK_RANGES.map((q) => html`<option value=${q.from}>${q.label}</option>`)}
        <option value="custom">${quick === 'custom' && !custom ? rangeLabel(range) : 'Custom range…'}</option>
      </select>
    </label>
    ${custom
      ? html`<form class="custom-range" onSubmit=${(e: Event) => {
          e.preventDefault();
          const f = parseTime(cf.replace('T', ' ')), t = parseTime(ct.replace('T', ' '));
          const fl = new Date(cf).getTime(), tl = new Date(ct).getTime();
          const from = Number.isFinite(fl) ? fl : f, to = Number.isFinite(tl) ? tl : t;
          if (from === null || to === null || !(from < to)) return;
          setCustom(false);
          navigate(withParams(loc, { from: String(from), to: String(to) }));
        }}>
          <label>From <input type="datetime-local" value=${cf} onInput=${(e: Event) => setCf((e.target as HTMLInputElement).value)} required /></label>
          <label>To <input type="datetime-local" value=${ct} onInput=${(e: Event) => setCt((e.target as HTMLInputElement).value)} required /></label>
          <button type="submit">Apply</button>
        </form>`
      : null}
    ${props.showRefresh === false
      ? null
      : html`<label>Auto-refresh
          <select value=${props.refresh ?? 'off'} onChange=${(e: Event) => {
            const v = (e.target as HTMLSelectElement).value;
            navigate(withParams(loc, { refresh: v }), true);
          }}>${REFRESH_CHOICES.map((r) => html`<option value=${r}>${r}</option>`)}</select>
        </label>`}
    <button type="button" onClick=${props.onRefresh} aria-label="Refresh now">↻ Refresh</button>
  </div>`;
}
