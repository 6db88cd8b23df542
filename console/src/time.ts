/** Grafana-style time ranges: `now-1h`, `now`, epoch milliseconds, in the URL as ?from=&to=. */

export interface Range {
  from: string;
  to: string;
}

export const QUICK_RANGES: { label: string; from: string }[] = [
  { label: 'Last 15 minutes', from: 'now-15m' },
  { label: 'Last 30 minutes', from: 'now-30m' },
  { label: 'Last 1 hour', from: 'now-1h' },
  { label: 'Last 3 hours', from: 'now-3h' },
  { label: 'Last 6 hours', from: 'now-6h' },
  { label: 'Last 12 hours', from: 'now-12h' },
  { label: 'Last 24 hours', from: 'now-24h' },
  { label: 'Last 2 days', from: 'now-2d' },
  { label: 'Last 7 days', from: 'now-7d' },
  { label: 'Last 30 days', from: 'now-30d' },
];

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds since epoch for a range bound; null when it cannot be read. */
export function parseTime(s: string, now: number = Date.now()): number | null {
  const t = s.trim();
  if (t === 'now') return now;
  const rel = /^now-(\d+)([smhdw])$/.exec(t);
  if (rel) return now - Number(rel[1]) * UNIT_MS[rel[2]!]!;
  if (/^\d{10,16}$/.test(t)) return Number(t);
  const d = Date.parse(t);
  return Number.isFinite(d) ? d : null;
}

export function resolveRange(r: Range, now: number = Date.now()): { from: number; to: number } {
  const to = parseTime(r.to, now) ?? now;
  let from = parseTime(r.from, now) ?? to - 3_600_000;
  if (from >= to) from = to - 60_000;
  return { from, to };
}

export function rangeLabel(r: Range): string {
  if (r.to === 'now') {
    const q = QUICK_RANGES.find((x) => x.from === r.from);
    if (q) return q.label;
  }
  const { from, to } = resolveRange(r);
  return `${fmtDateTime(from)} – ${fmtDateTime(to)}`;
}

export function fmtDateTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Value for a datetime-local input. */
export function toLocalInput(ms: number): string {
  return fmtDateTime(ms).replace(' ', 'T').slice(0, 16);
}

export const REFRESH_CHOICES = ['off', '10s', '30s', '1m', '5m', '15m'];

export function refreshMs(s: string | null | undefined): number {
  if (!s || s === 'off') return 0;
  const m = /^(\d+)([smh])$/.exec(s);
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : 0;
}
