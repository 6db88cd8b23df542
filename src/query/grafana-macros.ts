/**
 * What Grafana and the ClickHouse data source plugin (grafana/clickhouse-datasource v4) do to a
 * panel's SQL before ClickHouse sees it, in the same order — the one expander of the project, used
 * by the panel API (the console) and by the dashboard tests:
 *
 *   1. frontend, plugin: `$__conditionalAll(condition, $var)` → `condition`, or `1=1` when the
 *      variable is "All" (`$__all`) or empty (CHDatasource.applyConditionalAll);
 *   2. frontend, Grafana: template variables — `${var:percentencode}`, `${var:singlequote}`,
 *      `${var:sqlstring}`, `${var:csv}`, `${var:raw}`, `${var}`, `$var` — and the globals `$__from`,
 *      `$__to`, `$__interval`, `$__interval_ms`, `$__range_s`;
 *   3. backend, plugin (pkg/macros/macros.go): `$__timeFilter(col)`, `$__timeFilter_ms(col)`,
 *      `$__dateFilter(col)`, `$__dateTimeFilter(d, t)`, `$__timeInterval(col)`,
 *      `$__timeInterval_ms(col)`, `$__fromTime`, `$__toTime`, `$__fromTime_ms`, `$__toTime_ms`,
 *      `$__interval_s`.
 *
 * The expansions are the plugin's own (toDateTime(<unix seconds>) etc.), so a query that runs
 * here runs the same way behind Grafana. Anything left starting with `$` is an error: a typo in a
 * dashboard must fail the test, not silently become an empty string.
 *
 * Variable values can come from a client (Grafana's URL `?var-x=`, the console). Grafana's
 * `singlequote` and `sqlstring` formats do not escape `\`, which ClickHouse treats as an escape
 * character, so a value can end the string literal early. Dashboards therefore use
 * `decodeURLComponent('${var:percentencode}')`: the percent-encoded text holds only
 * `[A-Za-z0-9-_.~%]`. With `strict: true` (the server) this expander also refuses any other
 * format for a value that is not a plain word or number.
 */

export interface ExpandContext {
  from: Date;
  to: Date;
  /** Grafana's computed interval ($__interval_ms; the plugin's query.Interval), in milliseconds. */
  intervalMs: number;
  /** Variable values; a multi-value variable gets an array, "All" is the string '$__all'. */
  variables?: Record<string, string | readonly string[]>;
  /** The options of each variable, used when "All" must be spelled out (no custom allValue). */
  allValues?: Record<string, readonly string[]>;
  /** Refuse formats that are unsafe for client-sent values (see above) unless the value is a plain word. */
  strict?: boolean;
}

const ALL = '$__all';

export function expandQuery(sql: string, ctx: ExpandContext): string {
  let out = applyConditionalAll(sql, ctx.variables ?? {});
  out = interpolateVariables(out, ctx);
  out = applyBackendMacros(out, ctx);
  const left = findUnexpanded(out);
  if (left) throw new Error(`unexpanded ${left} in query:\n${out}`);
  return out;
}

function isAll(v: string | readonly string[] | undefined): boolean {
  if (v === undefined) return false;
  const s = typeof v === 'string' ? v : v.join(',');
  return s === '' || s === ALL;
}

/** Arguments of the macro whose '(' is at `open`, split at top-level commas (the plugin's getMacroArgs). */
export function macroArgs(sql: string, open: number): { args: string[]; end: number } | null {
  if (sql[open] !== '(') return null;
  let depth = 0;
  let start = open + 1;
  const args: string[] = [];
  for (let i = open; i < sql.length; i++) {
    const c = sql[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) {
        args.push(sql.slice(start, i));
        return { args, end: i + 1 };
      }
    } else if (c === ',' && depth === 1) {
      args.push(sql.slice(start, i));
      start = i + 1;
    }
  }
  return null;
}

function applyConditionalAll(sql: string, vars: Record<string, string | readonly string[]>): string {
  const macro = '$__conditionalAll(';
  let at = sql.lastIndexOf(macro);
  while (at !== -1) {
    const parsed = macroArgs(sql, at + macro.length - 1);
    if (!parsed || parsed.args.length !== 2) throw new Error(`$__conditionalAll needs 2 arguments: ${sql.slice(at, at + 80)}`);
    const [condition, varArg] = parsed.args as [string, string];
    const m = /^\s*\$\{?(\w+)\}?\s*$/.exec(varArg);
    if (!m) throw new Error(`$__conditionalAll second argument must be a variable: ${varArg}`);
    const name = m[1]!;
    if (!(name in vars)) throw new Error(`$__conditionalAll refers to undefined variable ${name}`);
    const phrase = isAll(vars[name]) ? '1=1' : condition;
    sql = sql.slice(0, at) + phrase + sql.slice(parsed.end);
    at = sql.lastIndexOf(macro, at - 1);
  }
  return sql;
}

/** Grafana's encodeURIComponentStrict: encodeURIComponent plus !'()* */
export function encodeURIComponentStrict(v: string): string {
  return encodeURIComponent(v).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** A value any format may carry unquoted: a number or a plain word (no quote, backslash, space …). */
const PLAIN_VALUE_RE = /^[A-Za-z0-9_.:-]*$/;

/** Grafana's variable formats (public/app/features/templating/formatRegistry.ts) for the ones dashboards use. */
function formatValues(name: string, values: readonly string[], format: string | undefined, multi: boolean, strict: boolean): string {
  if (strict && format !== 'percentencode' && !values.every((v) => PLAIN_VALUE_RE.test(v))) {
    throw new UnsafeVariableError(`variable ${name} is used as \${${name}${format ? ':' + format : ''}}, which cannot carry this value safely; dashboards must use \${${name}:percentencode}`);
  }
  switch (format) {
    case 'percentencode':
      return multi ? encodeURIComponentStrict('{' + values.join(',') + '}') : encodeURIComponentStrict(values[0] ?? '');
    case 'singlequote':
      return values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(',');
    case 'sqlstring':
      return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
    case 'csv':
    case 'raw':
      return values.join(',');
    case undefined:
      if (multi) throw new Error(`multi-value variable ${name} used without a format (use \${${name}:percentencode})`);
      return values[0] ?? '';
    default:
      throw new Error(`unsupported variable format ${format} for ${name}`);
  }
}

export class UnsafeVariableError extends Error {
  override name = 'UnsafeVariableError';
}

function interpolateVariables(sql: string, ctx: ExpandContext): string {
  const vars = ctx.variables ?? {};
  const fromMs = ctx.from.getTime();
  const toMs = ctx.to.getTime();
  const globals: Record<string, string> = {
    __from: String(fromMs),
    __to: String(toMs),
    __interval: intervalText(ctx.intervalMs),
    __interval_ms: String(ctx.intervalMs),
    __range_s: String(Math.round((toMs - fromMs) / 1000)),
  };
  const resolve = (name: string, format: string | undefined, whole: string): string => {
    if (name in globals) return globals[name]!;
    if (!(name in vars)) {
      if (name.startsWith('__')) return whole; // a backend macro: handled later
      throw new Error(`undefined template variable ${name}`);
    }
    const v = vars[name]!;
    const multi = typeof v !== 'string';
    let values: readonly string[] = typeof v === 'string' ? [v] : v;
    if (values.length === 1 && values[0] === ALL) {
      const options = ctx.allValues?.[name];
      if (!options) throw new Error(`variable ${name} is "All" but its options are unknown`);
      values = options;
    }
    return formatValues(name, values, format, multi, ctx.strict ?? false);
  };
  // ${name} / ${name:format}
  sql = sql.replace(/\$\{(\w+)(?::(\w+))?\}/g, (whole, name: string, format: string | undefined) => resolve(name, format, whole));
  // $name (longest identifier; macros such as $__timeFilter stay for the backend step)
  sql = sql.replace(/\$(\w+)/g, (whole, name: string) => resolve(name, undefined, whole));
  return sql;
}

function unixSeconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function applyBackendMacros(sql: string, ctx: ExpandContext): string {
  const from = `toDateTime(${unixSeconds(ctx.from)})`;
  const to = `toDateTime(${unixSeconds(ctx.to)})`;
  const fromMs = `fromUnixTimestamp64Milli(${ctx.from.getTime()})`;
  const toMs = `fromUnixTimestamp64Milli(${ctx.to.getTime()})`;
  // The plugin: int(math.Max(query.Interval.Seconds(), 1)) and query.Interval.Milliseconds().
  const seconds = Math.max(Math.floor(ctx.intervalMs / 1000), 1);
  const millis = Math.max(Math.floor(ctx.intervalMs), 1);
  const withArgs: Record<string, (args: string[]) => string> = {
    timeFilter: ([c]) => `${c} >= ${from} AND ${c} <= ${to}`,
    timeFilter_ms: ([c]) => `${c} >= ${fromMs} AND ${c} <= ${toMs}`,
    dateFilter: ([c]) => `${c} >= toDate('${isoDate(ctx.from)}') AND ${c} <= toDate('${isoDate(ctx.to)}')`,
    dateTimeFilter: ([d, t]) =>
      `(${d} >= toDate('${isoDate(ctx.from)}') AND ${d} <= toDate('${isoDate(ctx.to)}')) AND (${t} >= ${from} AND ${t} <= ${to})`,
    timeInterval: ([c]) => `toStartOfInterval(toDateTime(${c}), INTERVAL ${seconds} second)`,
    timeInterval_ms: ([c]) => `toStartOfInterval(toDateTime64(${c}, 3), INTERVAL ${millis} millisecond)`,
  };
  const arity: Record<string, number> = { dateTimeFilter: 2 };
  const bare: Record<string, string> = {
    fromTime: from,
    toTime: to,
    fromTime_ms: fromMs,
    toTime_ms: toMs,
    interval_s: String(seconds),
  };
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const m = /^\$__(\w+)/.exec(sql.slice(i));
    if (!m) {
      out += sql[i];
      i++;
      continue;
    }
    const name = m[1]!;
    const after = i + m[0].length;
    if (name in withArgs) {
      const parsed = macroArgs(sql, after);
      if (!parsed) throw new Error(`$__${name} needs arguments`);
      const args = parsed.args.map((a) => a.trim());
      if (args.length !== (arity[name] ?? 1)) throw new Error(`$__${name} takes ${arity[name] ?? 1} argument(s), got ${args.length}`);
      out += withArgs[name]!(args);
      i = parsed.end;
    } else if (name in bare) {
      out += bare[name];
      i = after;
    } else {
      throw new Error(`unknown macro $__${name}`);
    }
  }
  return out;
}

/** The first `$…` outside a string literal, if any. */
function findUnexpanded(sql: string): string | null {
  let inString = false;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === "'") inString = false;
    } else if (c === "'") inString = true;
    else if (c === '$') return sql.slice(i, i + 24);
  }
  return null;
}

/** Every template variable name a text refers to (`$name`, `${name}`, `${name:fmt}`, `[[name]]`), globals excluded. */
export function referencedVariables(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\$\{(\w+)(?::[^}]*)?\}|\$(\w+)|\[\[(\w+)(?::[^\]]*)?\]\]/g)) {
    const name = m[1] ?? m[2] ?? m[3]!;
    if (!name.startsWith('__')) names.add(name);
  }
  return [...names];
}

/** Grafana's roundInterval (public/app/core/utils/rangeutil / @grafana/data rangeutil), milliseconds. */
export function roundInterval(ms: number): number {
  const steps: Array<[number, number]> = [
    [15, 10], [35, 20], [75, 50], [150, 100], [350, 200], [750, 500], [1500, 1000], [3500, 2000], [7500, 5000],
    [12500, 10000], [17500, 15000], [25000, 20000], [45000, 30000], [90000, 60000], [210000, 120000], [450000, 300000],
    [750000, 600000], [1050000, 900000], [1500000, 1200000], [2700000, 1800000], [5400000, 3600000], [9000000, 7200000],
    [16200000, 10800000], [32400000, 21600000], [86400000, 43200000], [604800000, 86400000], [1814400000, 604800000],
    [3628800000, 2592000000],
  ];
  for (const [below, value] of steps) if (ms < below) return value;
  return 31536000000;
}

/** Grafana's calculateInterval: (to − from) / max data points, rounded, not below the low limit (1 ms default). */
export function calculateIntervalMs(fromMs: number, toMs: number, maxDataPoints: number, lowLimitMs = 1): number {
  const raw = roundInterval((toMs - fromMs) / Math.max(maxDataPoints, 1));
  return Math.max(raw, lowLimitMs);
}

/** Grafana's secondsToHms for $__interval: the largest whole unit ("5m", "1h", "500ms"). */
export function intervalText(ms: number): string {
  const seconds = ms / 1000;
  const units: Array<[number, string]> = [[31536000, 'y'], [86400, 'd'], [3600, 'h'], [60, 'm'], [1, 's']];
  let rest = seconds;
  for (const [size, unit] of units) {
    const n = Math.floor(rest / size);
    if (n) return `${n}${unit}`;
    rest %= size;
  }
  const millis = Math.floor(seconds * 1000);
  return millis ? `${millis}ms` : 'less than a millisecond';
}

/** Grafana's interval strings ("10s", "1m", "500ms", "1h", "1d") → milliseconds; null when not one. */
export function parseIntervalMs(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w|y)\s*$/.exec(text);
  if (!m) return null;
  const factor = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000, w: 604800000, y: 31536000000 }[m[2] as 'ms'];
  return Number(m[1]) * factor;
}
