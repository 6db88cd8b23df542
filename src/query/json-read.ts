import type { QueryGate } from './gate.ts';
import { ReadError, type ReadEngine } from './read-engine.ts';

export interface JsonResult {
  columns: Array<{ name: string; type: string }>;
  /** One array per row, in column order. */
  rows: unknown[][];
  rows_read: number;
  elapsed_ms: number;
}

/**
 * Output settings of the JSON read API: 64-bit integers as JSON numbers (the console charts them)
 * and date-times in ISO 8601 with a Z, so a browser reads them as UTC whatever its time zone.
 */
export const JSON_OUTPUT_SETTINGS: Record<string, string | number> = {
  output_format_json_quote_64bit_integers: 0,
  output_format_json_quote_64bit_floats: 0,
  date_time_output_format: 'iso',
};

export interface JsonReader {
  engine: ReadEngine;
  gate: QueryGate;
  database: string;
}

/** Runs one read (behind the gate) and returns columns + rows as JSON values. */
export async function readJson(r: JsonReader, sql: string, params: Record<string, unknown> | undefined, project: string | null): Promise<JsonResult> {
  const res = await r.gate.run(() =>
    r.engine.execute({ sql, params, format: 'JSONCompact', database: r.database, settings: JSON_OUTPUT_SETTINGS, project }),
  );
  if (res.format !== 'JSONCompact') {
    // The SQL chose its own FORMAT: the answer is not ours to reshape.
    return { columns: [{ name: 'result', type: 'String' }], rows: [[new TextDecoder().decode(res.body)]], rows_read: res.rowsRead, elapsed_ms: res.elapsedMs };
  }
  const text = new TextDecoder().decode(res.body).trim();
  if (!text) return { columns: [], rows: [], rows_read: res.rowsRead, elapsed_ms: round(res.elapsedMs) };
  let j: { meta: Array<{ name: string; type: string }>; data: unknown[][]; statistics?: { elapsed: number; rows_read: number } };
  try {
    j = JSON.parse(text) as typeof j;
  } catch {
    // chdb runs "a; b" as two statements and concatenates their answers; ClickHouse's HTTP interface refuses them.
    throw new ReadError('Multi-statements are not allowed: send one statement', 62, 'SYNTAX_ERROR');
  }
  return {
    columns: j.meta.map((m) => ({ name: m.name, type: m.type })),
    rows: j.data,
    rows_read: j.statistics?.rows_read ?? res.rowsRead,
    elapsed_ms: round(j.statistics ? j.statistics.elapsed * 1000 : res.elapsedMs),
  };
}

/** Rows as objects keyed by column name (later columns win on a duplicate name). */
export function rowObjects(r: JsonResult): Array<Record<string, unknown>> {
  return r.rows.map((row) => {
    const o: Record<string, unknown> = {};
    r.columns.forEach((c, i) => (o[c.name] = row[i]));
    return o;
  });
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
