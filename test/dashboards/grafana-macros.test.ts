/** The test-side Grafana/plugin macro expander produces what the plugin produces (pkg/macros/macros.go). */
import { describe, expect, it } from 'vitest';
import { expandQuery, referencedVariables } from '../support/grafana-macros.ts';

const ctx = {
  from: new Date(Date.UTC(2026, 2, 16, 15, 30, 0, 250)),
  to: new Date(Date.UTC(2026, 2, 18, 15, 30, 0, 999)),
  intervalSeconds: 300,
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
});
