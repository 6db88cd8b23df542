/**
 * A test-side stand-in for what Grafana and the ClickHouse data source plugin do to a panel's SQL
 * before ClickHouse sees it, in the same order:
 *
 *   1. frontend, plugin: `$__conditionalAll(condition, $var)` → `condition`, or `1=1` when the
 *      variable is "All" (`$__all`) or empty (CHDatasource.applyConditionalAll);
 *   2. frontend, Grafana: template variables — `${var:singlequote}`, `${var:sqlstring}`,
 *      `${var:csv}`, `${var:raw}`, `${var}`, `$var` — and the globals `$__from`, `$__to`,
 *      `$__interval`, `$__interval_ms`, `$__range_s`;
 *   3. backend, plugin (pkg/macros/macros.go): `$__timeFilter(col)`, `$__timeFilter_ms(col)`,
 *      `$__dateFilter(col)`, `$__dateTimeFilter(d, t)`, `$__timeInterval(col)`,
 *      `$__timeInterval_ms(col)`, `$__fromTime`, `$__toTime`, `$__fromTime_ms`, `$__toTime_ms`,
 *      `$__interval_s`.
 *
 * The expansions are the plugin's own (toDateTime(<unix seconds>) etc.), so a query that runs
 * here runs the same way behind Grafana. Anything left starting with `$` is an error: a typo in a
 * dashboard must fail the test, not silently become an empty string.
 */

export interface ExpandContext {
  from: Date;
  to: Date;
  /** Grafana's computed $__interval, in seconds (≥ 1). */
  intervalSeconds: number;
  /** Variable values; a multi-value variable gets an array, "All" is the string '$__all'. */
  variables?: Record<string, string | readonly string[]>;
  /** The options of each variable, used when "All" must be spelled out (no custom allValue). */
  allValues?: Record<string, readonly string[]>;
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

function formatValues(name: string, values: readonly string[], format: string | undefined, multi: boolean): string {
  switch (format) {
    case 'singlequote':
      return values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(',');
    case 'sqlstring':
      return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
    case 'csv':
    case 'raw':
      return values.join(',');
    case undefined:
      if (multi) throw new Error(`multi-value variable ${name} used without a format (use \${${name}:singlequote})`);
      return values[0] ?? '';
    default:
      throw new Error(`unsupported variable format ${format} for ${name}`);
  }
}

function interpolateVariables(sql: string, ctx: ExpandContext): string {
  const vars = ctx.variables ?? {};
  const fromMs = ctx.from.getTime();
  const toMs = ctx.to.getTime();
  const globals: Record<string, string> = {
    __from: String(fromMs),
    __to: String(toMs),
    __interval: `${ctx.intervalSeconds}s`,
    __interval_ms: String(ctx.intervalSeconds * 1000),
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
    return formatValues(name, values, format, multi);
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
  const seconds = Math.max(Math.floor(ctx.intervalSeconds), 1);
  const withArgs: Record<string, (args: string[]) => string> = {
    timeFilter: ([c]) => `${c} >= ${from} AND ${c} <= ${to}`,
    timeFilter_ms: ([c]) => `${c} >= ${fromMs} AND ${c} <= ${toMs}`,
    dateFilter: ([c]) => `${c} >= toDate('${isoDate(ctx.from)}') AND ${c} <= toDate('${isoDate(ctx.to)}')`,
    dateTimeFilter: ([d, t]) =>
      `(${d} >= toDate('${isoDate(ctx.from)}') AND ${d} <= toDate('${isoDate(ctx.to)}')) AND (${t} >= ${from} AND ${t} <= ${to})`,
    timeInterval: ([c]) => `toStartOfInterval(toDateTime(${c}), INTERVAL ${seconds} second)`,
    timeInterval_ms: ([c]) => `toStartOfInterval(toDateTime64(${c}, 3), INTERVAL ${Math.max(seconds * 1000, 1)} millisecond)`,
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
