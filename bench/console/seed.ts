/**
 * Seeds an embedded store with N llm_calls rows (and one otel_traces span each), spread over the
 * 24 h before `now`, generated inside ClickHouse (INSERT … SELECT FROM numbers(N)): realistic
 * cardinalities (3 services, 8 models, 500 users, 20k sessions), ~5 % errors, half streamed, short
 * captured texts, scores on every call.
 *
 *   node bench/console/seed.ts <data-dir> <rows> <now-ms>
 */
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';

const [dataDir, rowsArg, nowArg] = process.argv.slice(2);
const rows = Number(rowsArg);
const now = Number(nowArg);
if (!dataDir || !(rows > 0) || !(now > 0)) throw new Error('usage: seed.ts <data-dir> <rows> <now-ms>');

const store = new EmbeddedStore(dataDir);
await migrate(store, { database: 'llmscope' });
const t0 = performance.now();
const common = `
  number AS n,
  fromUnixTimestamp64Milli(toInt64(${now} - 60000 - intDiv(n * 86340000, ${rows}))) AS ts,
  concat(leftPad(lower(hex(cityHash64(n, 't1'))), 16, '0'), leftPad(lower(hex(cityHash64(n, 't2'))), 16, '0')) AS tid,
  leftPad(lower(hex(cityHash64(n, 's'))), 16, '0') AS sid,
  ['support-chat', 'rag-search', 'code-review'][n % 3 + 1] AS svc,
  (n * 7) % 8 + 1 AS mi,
  ['openai', 'openai', 'openai', 'anthropic', 'anthropic', 'gcp.gemini', 'gcp.gemini', 'vllm'][mi] AS prov,
  ['gpt-4o', 'gpt-4o-mini', 'o3-mini', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'gemini-2.5-flash', 'gemini-2.5-pro', 'llama-3.3-70b-instruct'][mi] AS model,
  200 + cityHash64(n, 'd') % 9000 AS dur,
  n % 20 = 0 AS failed`;
await store.command(`
INSERT INTO llmscope.llm_calls (project_id, timestamp, trace_id, span_id, span_name, service_name, environment, operation, provider,
  request_model, response_model, input_tokens, output_tokens, cache_read_tokens, reasoning_tokens, cost_usd, cost_source, priced,
  duration_ms, ttft_ms, stream, status, error_type, finish_reasons, user_id, session_id, prompt_name, prompt_version,
  input_text, output_text, toxicity, hallucination, readability, pii_count)
SELECT 'default', ts, tid, sid, concat('chat ', model), svc, 'prod', 'chat', prov, model, model,
  if(failed, 0, 100 + cityHash64(n, 'i') % 6000) AS itok, if(failed, 0, 20 + cityHash64(n, 'o') % 900) AS otok,
  if(n % 4 = 0, 256, 0), if(mi = 3, 300, 0),
  if(mi = 8, 0, (itok * 2.5 + otok * 10) / 1e6), if(mi = 8, 'unpriced', 'table'), mi != 8,
  dur, if(n % 2 = 0, dur * 0.25, NULL), n % 2 = 0, if(failed, 'error', 'ok'), if(failed, ['429', '500', 'timeout'][n % 3 + 1], ''),
  if(failed, [], ['stop']), concat('u-', toString(n % 500)), concat('s-', toString(n % 20000)),
  ['support-answer', 'rag-answer', 'review-diff'][n % 3 + 1], toString(n % 4 + 1),
  concat('Question number ', toString(n % 10000), ' about order ', toString(n % 777)),
  if(failed, '', concat('Answer ', toString(n % 5000), ': the order is on its way and arrives in ', toString(n % 5 + 1), ' days.')),
  (cityHash64(n, 'x') % 1000) / 1000, (cityHash64(n, 'h') % 1000) / 1000, 30 + cityHash64(n, 'r') % 60, if(n % 50 = 0, 1, 0)
FROM (SELECT ${common} FROM numbers(${rows}))`);
const callsMs = performance.now() - t0;
await store.command(`
INSERT INTO llmscope.otel_traces (project_id, Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName,
  ResourceAttributes, ScopeName, SpanAttributes, Duration, StatusCode, StatusMessage)
SELECT 'default', ts, tid, sid, '', concat('chat ', model), 'SPAN_KIND_CLIENT', svc, map('service.name', svc), 'bench',
  map('gen_ai.operation.name', 'chat', 'gen_ai.provider.name', prov, 'gen_ai.request.model', model), toUInt64(dur * 1000000),
  if(failed, 'STATUS_CODE_ERROR', 'STATUS_CODE_UNSET'), if(failed, 'upstream error', '')
FROM (SELECT ${common} FROM numbers(${rows}))`);
const [c] = await store.query<{ n: string }>('SELECT count() AS n FROM llmscope.llm_calls');
process.stdout.write(JSON.stringify({ rows: Number(c!.n), calls_ms: Math.round(callsMs), total_ms: Math.round(performance.now() - t0) }) + '\n');
await store.close();
