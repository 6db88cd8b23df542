/**
 * JSONEachRow serialisation shared by both backends. bigint (exact int64 nanosecond times, large
 * counters) is written as a bare number, which JSON.stringify cannot do.
 */
export function serializeRows(rows: readonly object[]): string {
  let out = '';
  for (const row of rows) out += JSON.stringify(row, bigintReplacer) + '\n';
  return out.replace(BIGINT_MARK_RE, '$1');
}

const BIGINT_MARK = '\u0000n';
const BIGINT_MARK_RE = /"\\u0000n(-?\d+)"/g;

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? BIGINT_MARK + value.toString() : value;
}
