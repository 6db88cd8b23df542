/**
 * `--from-calls "<condition>"`: stored calls whose reference answer came as feedback — a
 * POST /api/v1/feedback with `"name": "reference"` and the reference text in `comment` (a `scores`
 * row, source 'human') — become evaluation items: the call's captured output is the prediction,
 * the latest reference feedback of the call its reference. The condition is SQL on llm_calls
 * columns (e.g. `prompt_version = 'v2' AND service_name = 'support-bot'`); it runs read-only
 * (through the collector's /clickhouse/ endpoint, or on the store).
 */
import type { DatasetItem } from './dataset.ts';
import { LLM_CALLS } from '../store/tables/llm_calls.ts';
import { SCORES } from '../store/tables/scores.ts';
import { REFERENCE_FEEDBACK_NAME } from '../feedback/feedback.ts';

interface CallRow {
  trace_id: string;
  span_id: string;
  input_text: string;
  output_text: string;
  request_model: string;
  prompt_version: string;
  reference: string;
}

export function fromCallsSql(database: string, condition: string, limit: number): string {
  // The condition is wrapped in its own parentheses and a subquery, so it constrains only the calls.
  return `SELECT c.trace_id AS trace_id, c.span_id AS span_id, c.input_text AS input_text, c.output_text AS output_text,
       c.request_model AS request_model, c.prompt_version AS prompt_version, r.reference AS reference
FROM (SELECT project_id, timestamp, trace_id, span_id, input_text, output_text, request_model, prompt_version
      FROM ${database}.${LLM_CALLS.name} WHERE (${condition || 'true'})) AS c
INNER JOIN (SELECT project_id, trace_id, span_id, argMax(explanation, timestamp) AS reference
            FROM ${database}.${SCORES.name}
            WHERE source = 'human' AND name = '${REFERENCE_FEEDBACK_NAME}' AND explanation != ''
            GROUP BY project_id, trace_id, span_id) AS r
  ON c.project_id = r.project_id AND c.trace_id = r.trace_id AND c.span_id = r.span_id
ORDER BY c.timestamp DESC
LIMIT ${Math.max(1, Math.floor(limit))}`;
}

export async function callItems(query: <T>(sql: string) => Promise<T[]>, database: string, condition: string, limit: number): Promise<DatasetItem[]> {
  const rows = await query<CallRow>(fromCallsSql(database, condition, limit));
  return rows.map((r, i) => ({
    line: i + 1,
    id: `${r.trace_id}/${r.span_id}`,
    input: r.input_text,
    context: '',
    prediction: r.output_text === '' ? null : r.output_text,
    references: [r.reference],
    traceId: r.trace_id,
    spanId: r.span_id,
    model: r.request_model,
    promptVersion: r.prompt_version,
  }));
}
