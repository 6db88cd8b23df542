/** The Grafana/plugin macro expander (src/query) produces what Grafana and the plugin produce (pkg/macros/macros.go). */
import { describe, expect, it } from 'vitest';
import { calculateIntervalMs, encodeURIComponentStrict, expandQuery, intervalText, referencedVariables, roundInterval } from '../../src/query/grafana-macros.ts';

const ctx = {
  from: new Date(Date.UTC(2026, 2, 16, 15, 30, 0, 250)),
  to: new Date(Date.UTC(2026, 2, 18, 15, 30, 0, 999)),
  intervalMs: 300_000,
};
const FROM_S = Date.UTC(2026, 2, 16, 15, 30, 0) / 1000;
const TO_S = Date.UTC(2026, 2, 18, 15, 30, 0) / 1000;

describe('grafana macro expander', () => {
  it('expands the backend time macros to whole-second DateTime bounds and the interval', () => {
    expect(expandQuery('WHERE $__timeFilter(timestamp)', ctx)).toBe(`WHERE timestamp >= toDateTime(${FROM_S}) AND timestamp <= toDateTime(${TO_S})`);
    expect(expandQuery('SELECT $__timeInterval(Timestamp) AS time', ctx)).toBe('SELECT toStartOfInterval(toDateTime(Timestamp), INTERVAL 300 second) AS time');
    expect(expandQuery('$__fromTime, $__toTime, $__interval_s', ctx)).toBe(`toDateTime(${FROM_S}), toDateTime(${TO_S}), 300`);
    expect(expandQuery('$__timeFilter_ms(t)', ctx)).toBe(`t >= fromUnixTimestamp64Milli(${ctx.from.getTime()}) AND t <= fromUnixTimestamp64Milli(${ctx.to.getTime()})`);
    expect(expandQuery('$__dateFilter(d)', ctx)).toBe("d >= toDate('2026-03-16') AND d <= toDate('2026-03-18')");
  });

  it('$__conditionalAll keeps the condition for a selection and turns "All" or empty into 1=1', () => {
    const sql = 'WHERE $__conditionalAll(s IN (${service:singlequote}), $service) AND $__conditionalAll(m IN (${model:singlequote}), $model)';
    expect(expandQuery(sql, { ...ctx, variables: { service: ['a', "o'brien"], model: '$__all' } })).toBe("WHERE s IN ('a','o\\'brien') AND 1=1");
    expect(expandQuery(sql, { ...ctx, variables: { service: [''], model: ['x'] } })).toBe("WHERE 1=1 AND m IN ('x')");
  });

  it('a condition holding another macro keeps it for the backend step', () => {
    const sql = '$__conditionalAll(id IN (SELECT id FROM t WHERE $__timeFilter(ts) AND e IN (${env:singlequote})), $env)';
    expect(expandQuery(sql, { ...ctx, variables: { env: ['prod'] } })).toBe(
      `id IN (SELECT id FROM t WHERE ts >= toDateTime(${FROM_S}) AND ts <= toDateTime(${TO_S}) AND e IN ('prod'))`,
    );
  });

  it('spells out "All" with the options when a multi variable is used without $__conditionalAll', () => {
    expect(expandQuery('s IN (${service:singlequote})', { ...ctx, variables: { service: ['$__all'] }, allValues: { service: ['a', 'b'] } })).toBe("s IN ('a','b')");
  });

  it('fails on undefined variables, unknown macros, unformatted multi values and leftovers', () => {
    expect(() => expandQuery('x = $nope', ctx)).toThrow(/undefined template variable nope/);
    expect(() => expandQuery('$__timeFilterz(x)', ctx)).toThrow(/unknown macro/);
    expect(() => expandQuery('s IN ($service)', { ...ctx, variables: { service: ['a', 'b'] } })).toThrow(/without a format/);
    expect(() => expandQuery('$__conditionalAll(x, y)', ctx)).toThrow(/must be a variable/);
    expect(expandQuery("SELECT 'costs $ 5'", ctx)).toBe("SELECT 'costs $ 5'");
    expect(() => expandQuery('SELECT 1 $', ctx)).toThrow(/unexpanded/);
  });

  it('lists the variables a text refers to, without globals', () => {
    expect(referencedVariables('a $x ${y:csv} [[z]] ${__url_time_range} $__timeFilter(t) ${__data.fields.trace_id}').sort()).toEqual(['x', 'y', 'z']);
  });

  it('$__timeInterval_ms uses the millisecond interval, $__timeInterval and $__interval_s whole seconds (≥ 1)', () => {
    const sub = { ...ctx, intervalMs: 1500 };
    expect(expandQuery('$__timeInterval_ms(t)', sub)).toBe('toStartOfInterval(toDateTime64(t, 3), INTERVAL 1500 millisecond)');
    expect(expandQuery('$__timeInterval(t)', sub)).toBe('toStartOfInterval(toDateTime(t), INTERVAL 1 second)');
    expect(expandQuery('$__timeInterval(t) $__interval_s', { ...ctx, intervalMs: 200 })).toBe('toStartOfInterval(toDateTime(t), INTERVAL 1 second) 1');
    expect(expandQuery('$__timeInterval_ms(t)', { ...ctx, intervalMs: 200 })).toBe('toStartOfInterval(toDateTime64(t, 3), INTERVAL 200 millisecond)');
    expect(expandQuery('$__interval $__interval_ms', { ...ctx, intervalMs: 200 })).toBe('200ms 200');
  });

  it("computes Grafana's interval: range / max data points, rounded to its steps", () => {
    expect(roundInterval(3_600_000 / 1000)).toBe(5000); // 1 h over 1000 points: 3.6 s → 5 s
    expect(calculateIntervalMs(0, 86_400_000, 1000)).toBe(60_000); // 24 h: 86.4 s → 1 m
    expect(calculateIntervalMs(0, 30 * 86_400_000, 1000)).toBe(1_800_000); // 30 d: 43.2 min → 30 m
    expect(calculateIntervalMs(0, 60_000, 1000)).toBe(50); // 1 min: 60 ms → 50 ms
    expect(calculateIntervalMs(0, 60_000, 1000, 10_000)).toBe(10_000); // low limit
    expect(intervalText(300_000)).toBe('5m');
    expect(intervalText(3_600_000)).toBe('1h');
    expect(intervalText(90_000)).toBe('1m');
  });

  it('percentencode is encodeURIComponent plus !\'()*, multi values as {a,b}', () => {
    expect(encodeURIComponentStrict("a'b\\c (x)*!")).toBe('a%27b%5Cc%20%28x%29%2A%21');
    const sql = "decodeURLComponent('${trace_id:percentencode}') / '${service:percentencode}'";
    expect(expandQuery(sql, { ...ctx, variables: { trace_id: "x\\' OR 1=1 -- ", service: ['a b', "c'd"] } })).toBe(
      "decodeURLComponent('x%5C%27%20OR%201%3D1%20--%20') / '%7Ba%20b%2Cc%27d%7D'",
    );
  });

  it('strict mode refuses formats that cannot carry an arbitrary client value', () => {
    const strict = { ...ctx, strict: true };
    expect(() => expandQuery('x = ${v:singlequote}', { ...strict, variables: { v: "a\\' OR 1=1 --" } })).toThrow(/cannot carry this value safely/);
    expect(() => expandQuery('x = $v', { ...strict, variables: { v: '1) OR (1=1' } })).toThrow(/cannot carry this value safely/);
    expect(expandQuery('x = $v * ${w:singlequote}', { ...strict, variables: { v: '4.5', w: 'gpt-4o' } })).toBe("x = 4.5 * 'gpt-4o'");
  });
});
