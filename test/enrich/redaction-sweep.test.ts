/**
 * Issue 16, finding 3: with --redact pii,secrets no secret reaches any table. Spans carry an e-mail,
 * a card number, an OpenAI project key and an AWS key in every field OTLP allows — names, resource
 * and scope (keys and values), events, links, status, attributes, content, user and session ids,
 * GenAI spans with and without content, and plain HTTP/DB spans — and afterwards every String,
 * Map and Array column of every table is searched for them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';

const EMAIL = 'jane.doe@example.com';
const CARD = '4111 1111 1111 1111';
const OPENAI = 'sk-proj-' + 'A1b2C3d4E5f6G7h8I9j0'.repeat(2);
const AWS = 'AKIA' + 'ABCDEFGHIJ234567';
const ALL = `${EMAIL} ${CARD} ${OPENAI} ${AWS}`;
const NEEDLES = [EMAIL, CARD, 'A1b2C3d4E5f6G7h8I9j0', 'ABCDEFGHIJ234567'];

let dir: string;
let c: RunningCollector;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-sweep-'));
  c = await startCollector({ port: 0, dataDir: join(dir, 'data'), logLevel: 'error', flushIntervalMs: 100, scorers: ['pii', 'readability', 'toxicity'], redact: ['pii', 'secrets'] });
});
afterAll(async () => {
  await c?.close();
  rmSync(dir, { recursive: true, force: true });
});

const now = BigInt(Date.now()) * 1_000_000n;
const str = (key: string, v: string) => ({ key, value: { stringValue: v } });

function span(i: number, name: string, attributes: object[]) {
  const id = (i + 1).toString(16);
  return {
    traceId: id.padStart(32, 'a'),
    spanId: id.padStart(16, 'b'),
    traceState: `vendor=${encodeURIComponent(EMAIL)}`,
    name: `${name} ${ALL}`,
    kind: 3,
    startTimeUnixNano: String(now + BigInt(i)),
    endTimeUnixNano: String(now + BigInt(i) + 1_000_000n),
    attributes,
    events: [{ timeUnixNano: String(now + BigInt(i)), name: `event ${ALL}`, attributes: [str('exception.message', ALL), str(`key ${EMAIL}`, 'v')] }],
    links: [{ traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), traceState: `v=${AWS}`, attributes: [str('link.note', ALL)] }],
    status: { code: 2, message: `failed for ${ALL}` },
  };
}

it('no secret in any String, Map or Array column of any table', async () => {
  const content = [
    str('gen_ai.operation.name', 'chat'),
    str('gen_ai.provider.name', 'openai'),
    str('gen_ai.request.model', 'gpt-4o'),
    str('user.id', EMAIL),
    str('session.id', `session ${AWS}`),
    str('gen_ai.conversation.id', OPENAI),
    str('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `My card is ${CARD}, mail ${EMAIL}, key ${OPENAI} and ${AWS}.` }] }])),
    str('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: `Noted ${ALL}.` }], finish_reason: 'stop' }])),
    str('gen_ai.system_instructions', JSON.stringify([{ type: 'text', content: `Context: ${ALL}` }])),
  ];
  const noContent = [str('gen_ai.operation.name', 'chat'), str('gen_ai.provider.name', 'openai'), str('gen_ai.request.model', 'gpt-4o'), str('user.id', EMAIL), str('error.type', `E ${AWS}`)];
  const http = [str('http.request.method', 'GET'), str('url.full', `https://api.example.com/u?email=${EMAIL}&key=${OPENAI}`), str('http.url', `https://x.example.com/${CARD}`)];
  const tool = [str('gen_ai.operation.name', 'execute_tool'), str('gen_ai.tool.name', `lookup ${EMAIL}`), str('gen_ai.tool.call.id', OPENAI), str('gen_ai.agent.name', `agent ${AWS}`)];
  const guard = [
    str('gen_ai.operation.name', 'apply_guardrail'),
    str('gen_ai.guardrail.component.name', `guard ${EMAIL}`),
    str('gen_ai.guardrail.policy.id', AWS),
    str('gen_ai.guardrail.result.type', 'action'),
    str('gen_ai.guardrail.result.value', CARD),
    str('gen_ai.guardrail.result.reason', `blocked ${ALL}`),
  ];
  const guardSpan = span(5, 'apply_guardrail', guard);
  guardSpan.events.push({ timeUnixNano: String(now), name: 'gen_ai.guardrail.result', attributes: [str('gen_ai.guardrail.risk.category', ALL), str('gen_ai.guardrail.policy.rule.id', OPENAI)] });
  const db = [str('db.system', 'postgresql'), str('db.statement', `SELECT * FROM users WHERE email = '${EMAIL}' AND card = '${CARD}' -- ${AWS}`)];
  const body = JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', `svc ${EMAIL}`), str('deployment.environment.name', AWS), str(`owner ${EMAIL}`, OPENAI)] },
        scopeSpans: [
          {
            scope: { name: `scope ${EMAIL}`, version: AWS, attributes: [str('scope.note', ALL)] },
            spans: [span(0, 'chat', content), span(1, 'chat', noContent), span(2, 'GET', http), span(3, 'query', db), span(4, 'execute_tool', tool), guardSpan],
          },
        ],
      },
    ],
  });
  const r = await fetch(`${c.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(r.status).toBe(200);
  await c.flush();

  const [calls] = await c.store.query<{ n: number }>('SELECT count() AS n FROM llmscope.llm_calls');
  expect(Number(calls!.n)).toBe(2);
  const [traces] = await c.store.query<{ n: number }>('SELECT count() AS n FROM llmscope.otel_traces');
  expect(Number(traces!.n)).toBe(6);
  // the tool span and the guardrail span with its result event have their rows (searched below too)
  const [agents] = await c.store.query<{ n: number }>('SELECT count() AS n FROM llmscope.agent_spans');
  expect(Number(agents!.n)).toBe(1);
  const [guards] = await c.store.query<{ n: number }>('SELECT count() AS n FROM llmscope.guardrail_results');
  expect(Number(guards!.n)).toBe(2);
  // PII is counted before redaction (the stored text only has the markers).
  const [pii] = await c.store.query<{ pii: number | null }>('SELECT pii_count AS pii FROM llmscope.llm_calls WHERE pii_count IS NOT NULL');
  expect(Number(pii!.pii)).toBeGreaterThanOrEqual(8);

  const columns = await c.store.query<{ table: string; name: string; type: string }>(
    "SELECT table, name, type FROM system.columns WHERE database = 'llmscope' AND (type LIKE '%String%' OR type LIKE 'Map%' OR type LIKE 'Array%')",
  );
  expect(columns.length).toBeGreaterThan(30);
  const leaks: string[] = [];
  for (const col of columns) {
    const cond = NEEDLES.map((_, i) => `position(toString(\`${col.name}\`), {n${i}:String}) > 0`).join(' OR ');
    const params = Object.fromEntries(NEEDLES.map((n, i) => [`n${i}`, n]));
    const [hit] = await c.store.query<{ n: number }>(`SELECT count() AS n FROM llmscope.\`${col.table}\` WHERE ${cond}`, params);
    if (Number(hit!.n) > 0) leaks.push(`${col.table}.${col.name}`);
  }
  expect(leaks).toEqual([]);
  // And the redacted text is there, not an empty string.
  const [row] = await c.store.query<{ name: string; service: string }>("SELECT SpanName AS name, ServiceName AS service FROM llmscope.otel_traces WHERE SpanName LIKE 'query%'");
  expect(row!.name).toContain('[REDACTED:email]');
  expect(row!.service).toBe('svc [REDACTED:email]');
});
