/** Budgets: each budget's spend, limit, ratio, projection, and the notification history. */
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.ts';
import { ApiError, api, field, num, str, type Row } from './api.ts';
import { fmtNumber, fmtUsd, toMs } from './format.ts';
import { fmtDateTime } from './time.ts';

function amount(metric: string, n: number): string {
  return metric === 'cost_usd' ? fmtUsd(n) : `${fmtNumber(n)} tokens`;
}

function Meter(props: { ratio: number; projected: number }) {
  const pct = (x: number) => `${Math.min(100, Math.max(0, x * 100)).toFixed(1)}%`;
  const cls = props.ratio >= 1 ? 'red' : props.ratio >= 0.8 ? 'orange' : 'green';
  return html`<div class="meter" role="meter" aria-valuemin="0" aria-valuemax=${Math.max(100, Math.round(props.ratio * 100))} aria-valuenow=${Math.round(props.ratio * 100)} aria-label="share of the budget spent">
    <div class=${`meter-fill ${cls}`} style=${`width:${pct(props.ratio)}`}></div>
    <div class="meter-proj" style=${`left:${pct(props.projected)}`} title="projected at period end"></div></div>`;
}

export function BudgetsPage() {
  const [budgets, setBudgets] = useState<Row[] | null>(null);
  const [notes, setNotes] = useState<Row[] | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    api<{ budgets: Row[] } | Row[]>('/api/v1/budgets').then(
      (r) => setBudgets(Array.isArray(r) ? r : (r.budgets ?? [])),
      (e: unknown) => (e instanceof ApiError && e.status === 404 ? setBudgets([]) : setErr(e instanceof Error ? e.message : String(e))),
    );
    api<{ rows: Row[] } | Row[]>('/api/v1/budgets/notifications?limit=200').then(
      (r) => setNotes(Array.isArray(r) ? r : (r.rows ?? [])),
      () => setNotes([]),
    );
  }, []);
  return html`<div class="page budgets">
    <div class="page-head"><h1>Budgets</h1><p class="lead">Spend in the current period of each budget (<code>--budgets</code> file), the linear projection to the period end, and every notification sent.</p></div>
    ${err ? html`<p class="error-text" role="alert">${err}</p>` : null}
    ${budgets === null && !err ? html`<p class="hint">Loading…</p>` : null}
    ${budgets && budgets.length === 0 ? html`<p class="empty">No budgets configured. Start the collector with <code>--budgets budgets.yaml</code> (see the README).</p>` : null}
    ${budgets && budgets.length
      ? html`<div class="table-wrap"><table class="data budget-table"><thead><tr><th scope="col">Budget</th><th scope="col">Period</th><th scope="col">Spent</th><th scope="col">Limit</th><th scope="col">Ratio</th><th scope="col">Projected</th><th scope="col" class="meter-col">Usage</th><th scope="col">Notified</th></tr></thead>
        <tbody>${budgets.map((b) => {
          const metric = str(field(b, 'metric'));
          const ratio = num(field(b, 'ratio')) ?? 0;
          const pr = num(field(b, 'projected_ratio')) ?? 0;
          return html`<tr data-budget=${str(field(b, 'name'))}><th scope="row">${str(field(b, 'name'))}<br /><small class="muted">${Object.entries((field(b, 'match') as Record<string, string>) ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || 'all calls'}</small></th>
            <td>${str(field(b, 'period'))}<br /><small class="muted">${fmtDateTime(toMs(field(b, 'period_start')))} → ${fmtDateTime(toMs(field(b, 'period_end')))}</small></td>
            <td class="num">${amount(metric, num(field(b, 'spent')) ?? 0)}</td><td class="num">${amount(metric, num(field(b, 'limit')) ?? 0)}</td>
            <td class=${`num${ratio >= 1 ? ' flag' : ''}`}>${(ratio * 100).toFixed(1)}%</td>
            <td class="num">${amount(metric, num(field(b, 'projected')) ?? 0)} <small class="muted">(${(pr * 100).toFixed(0)}%)</small></td>
            <td><${Meter} ratio=${ratio} projected=${pr} /></td>
            <td>${((field(b, 'notified_thresholds') as number[]) ?? []).map((t) => `${Math.round(t * 100)}%`).join(', ') || '–'}</td></tr>`;
        })}</tbody></table></div>`
      : null}
    <h2>Notification history</h2>
    ${notes === null ? html`<p class="hint">Loading…</p>` : notes.length === 0 ? html`<p class="empty">No notifications yet.</p>` : html`<div class="table-wrap"><table class="data notes"><thead><tr><th scope="col">When</th><th scope="col">Budget</th><th scope="col">Threshold</th><th scope="col">Channel</th><th scope="col">Spent / limit</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last error</th></tr></thead>
      <tbody>${notes.map((n) => html`<tr><td>${fmtDateTime(toMs(field(n, 'updated_at', 'notified_at')))}</td><td>${str(field(n, 'budget'))}</td><td>${Math.round((num(field(n, 'threshold')) ?? 0) * 100)}%</td><td>${str(field(n, 'channel'))}</td>
        <td class="num">${amount(str(field(n, 'metric')), num(field(n, 'spent')) ?? 0)} / ${amount(str(field(n, 'metric')), num(field(n, 'limit')) ?? 0)}</td>
        <td>${str(field(n, 'status')) === 'failed' ? html`<span class="badge err">failed</span>` : str(field(n, 'status'))}</td><td class="num">${str(field(n, 'attempts'))}</td><td>${str(field(n, 'last_error'))}</td></tr>`)}</tbody></table></div>`}
  </div>`;
}
