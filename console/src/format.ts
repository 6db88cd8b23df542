/** Grafana units as the dashboards use them (short, percentunit, ms, currencyUSD, none). */
import { fmtDateTime } from './time.ts';

export function fmtNumber(n: number, maxDecimals = 2): string {
  const a = Math.abs(n);
  if (a >= 1e9) return (n / 1e9).toFixed(2).replace(/\.?0+$/, '') + ' B';
  if (a >= 1e6) return (n / 1e6).toFixed(2).replace(/\.?0+$/, '') + ' M';
  if (a >= 1e4) return (n / 1e3).toFixed(1).replace(/\.?0+$/, '') + ' K';
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  const d = a >= 100 ? 1 : a >= 1 ? maxDecimals : Math.min(4, maxDecimals + 2);
  return n.toLocaleString('en-US', { maximumFractionDigits: d });
}

export function fmtUsd(n: number): string {
  const a = Math.abs(n);
  const d = a === 0 ? 2 : a < 0.01 ? 5 : a < 1 ? 4 : 2;
  return '$' + n.toLocaleString('en-US', { minimumFractionDigits: Math.min(2, d), maximumFractionDigits: d });
}

export function fmtMs(n: number): string {
  if (Math.abs(n) >= 60_000) return (n / 60_000).toFixed(1) + ' min';
  if (Math.abs(n) >= 1000) return (n / 1000).toFixed(2) + ' s';
  return (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(1)) + ' ms';
}

export function fmtUnit(v: unknown, unit: string | undefined, decimals?: number): string {
  if (v === null || v === undefined || v === '') return '–';
  const n = typeof v === 'number' ? v : Number(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (!Number.isFinite(n)) return String(v);
  switch (unit) {
    case 'percentunit':
      return (n * 100).toFixed(decimals ?? 1) + '%';
    case 'percent':
      return n.toFixed(decimals ?? 1) + '%';
    case 'ms':
      return fmtMs(n);
    case 's':
      return fmtMs(n * 1000);
    case 'currencyUSD':
      return fmtUsd(n);
    case 'none':
      return decimals !== undefined ? n.toFixed(decimals) : String(Math.round(n * 1e4) / 1e4);
    default:
      return decimals !== undefined ? n.toFixed(decimals) : fmtNumber(n);
  }
}

/** A cell for a table: times as local date-times, numbers by unit, everything else as text. */
export function fmtCell(v: unknown, type: string, unit?: string): string {
  if (v === null || v === undefined) return '–';
  if (/^(Nullable\()?DateTime/.test(type)) {
    const ms = typeof v === 'number' ? v : Date.parse(String(v).replace(' ', 'T') + (/[zZ+]/.test(String(v).slice(10)) ? '' : 'Z'));
    return Number.isFinite(ms) ? fmtDateTime(ms) : String(v);
  }
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  if (/Int|Float|Decimal/.test(type) || typeof v === 'number') return fmtUnit(v, unit);
  return String(v);
}

/** Milliseconds from a ClickHouse DateTime value as JSON shows it ("2026-01-02 03:04:05.123456789", epoch ms/s/ns). */
export function toMs(v: unknown): number {
  if (typeof v === 'number') return v > 1e17 ? v / 1e6 : v > 1e14 ? v / 1e3 : v > 1e11 ? v : v * 1000;
  const s = String(v);
  if (/^\d+(\.\d+)?$/.test(s)) return toMs(Number(s));
  const iso = s.replace(' ', 'T');
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : iso + 'Z');
}

/** Threshold colour of a value (Grafana thresholds: steps ordered by value, first has value null). */
export function thresholdColor(n: number | null, fieldConfig: { thresholds?: { steps?: { color: string; value: number | null }[] } } | undefined): string | undefined {
  const steps = fieldConfig?.thresholds?.steps;
  if (!steps || n === null) return undefined;
  let color: string | undefined;
  for (const s of steps) if (s.value === null || n >= s.value) color = s.color;
  return color ? `var(--c-${color}, ${color})` : undefined;
}
