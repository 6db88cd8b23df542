/**
 * Tenancy: API keys map requests to projects; every row carries its project; a tenant's reads see
 * only its own data; user-controlled strings (span fields, budget match values) stay data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { hashApiKey } from '../../src/auth/api-keys.ts';

const KEY_A = 'key-team-a-0123456789';
const KEY_B = 'key-team-b-9876543210';
const EVIL = "x'); DROP TABLE llmscope.llm_calls; --";
let dir: string;
let c: RunningCollector;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-tenancy-'));
  writeFileSync(
    join(dir, 'keys.yaml'),
    `keys:\n  - { name: a, key: ${KEY_A}, project: team-a }\n  - { name: b, key_sha256: ${hashApiKey(KEY_B)}, project: team-b }\n`,
  );
  writeFileSync(
    join(dir, 'budgets.yaml'),
    [
      'budgets:',
      '  - { name: a-tokens, project: team-a, match: { service_name: shared-svc }, metric: tokens, limit: 1000000, period: month, notify: [hook] }',
      '  - { name: b-tokens, project: team-b, match: { service_name: shared-svc }, metric: tokens, limit: 1000000, period: month, notify: [hook] }',
      `  - { name: evil, project: team-a, match: { service_name: "${EVIL}" }, metric: tokens, limit: 10, period: month, notify: [hook] }`,
      'channels:',
      '  hook: { type: webhook, url: "http://127.0.0.1:9/never" }',
    ].join('\n') + '\n',
  );
  c = await startCollector({
    port: 0,
    dataDir: join(dir, 'data'),
    scorers: [],
    logLevel: 'error',
    apiKeys: join(dir, 'keys.yaml'),
    budgets: join(dir, 'budgets.yaml'),
    budgetIntervalMs: 3_600_000,
  });
});
afterAll(async () => {
  await c?.close();
  rmSync(dir, { recursive: true, force: true });
});

const now = BigInt(Date.now()) * 1_000_000n;
let n = 0;
function request(service: string, tokens: number): string {
  const id = (++n).toString(16).padStart(16, '0');
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          {
            scope: { name: 't' },
            spans: [
              {
                traceId: id.repeat(2),
                spanId: id,
                name: EVIL,
                kind: 3,
                startTimeUnixNano: now.toString(),
                endTimeUnixNano: (now + 1000n).toString(),
                attributes: [
                  { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
                  { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
                  { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
                  { key: 'gen_ai.usage.input_tokens', value: { intValue: String(tokens) } },
                  { key: 'user.id', value: { stringValue: EVIL } },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
}

async function post(body: string, headers: Record<string, string>) {
  const r = await fetch(`${c.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: r.status, body: await r.text() };
}

describe('API keys and projects', () => {
  it('refuses requests without a valid key (401) and stores nothing from them', async () => {
    expect((await post(request('shared-svc', 5), {})).status).toBe(401);
    const wrong = await post(request('shared-svc', 5), { authorization: 'Bearer not-a-key' });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body).message).toMatch(/API key/);
  });

  it('writes the key’s project on every row of every table; strings stay data', async () => {
    expect((await post(request('shared-svc', 100), { authorization: `Bearer ${KEY_A}` })).status).toBe(200);
    expect((await post(request('shared-svc', 7), { 'x-api-key': KEY_B })).status).toBe(200);
    expect((await post(request(EVIL, 50), { 'x-api-key': KEY_A })).status).toBe(200);
    await c.flush();
    for (const [table, col] of [['otel_traces', 'ServiceName'], ['llm_calls', 'service_name'], ['otel_traces_trace_id_ts', "'-'"]] as const) {
      const rows = await c.store.query<{ p: string; n: number }>(`SELECT project_id AS p, count() AS n FROM llmscope.${table} GROUP BY p ORDER BY p`);
      expect(rows.map((r) => [r.p, Number(r.n)]), `${table} (${col})`).toEqual([
        ['team-a', 2],
        ['team-b', 1],
      ]);
    }
    const [evilRow] = await c.store.query<{ span_name: string; user_id: string }>(
      'SELECT span_name, user_id FROM llmscope.llm_calls WHERE service_name = {s:String}',
      { s: EVIL },
    );
    expect(evilRow).toEqual({ span_name: EVIL, user_id: EVIL });
  });

  it('a tenant reads only its own budgets and spend; a hostile match value is data', async () => {
    await c.budgets!.evaluateOnce();
    const get = async (headers: Record<string, string>) => {
      const r = await fetch(`${c.url}/api/v1/budgets`, { headers });
      return { status: r.status, body: (await r.json()) as { budgets?: Array<{ name: string; spent: number }> } };
    };
    expect((await get({})).status).toBe(401);
    const a = await get({ authorization: `Bearer ${KEY_A}` });
    expect(a.status).toBe(200);
    const byName = Object.fromEntries(a.body.budgets!.map((b) => [b.name, b.spent]));
    expect(Object.keys(byName).sort()).toEqual(['a-tokens', 'evil']);
    // Team A's shared-svc budget sees only team A's 100 tokens, not team B's 7.
    expect(byName['a-tokens']).toBe(100);
    // The hostile service name matched literally: team A's one call under that name.
    expect(byName['evil']).toBe(50);
    const b = await get({ 'x-api-key': KEY_B });
    expect(b.body.budgets!.map((x) => [x.name, x.spent])).toEqual([['b-tokens', 7]]);
    const [tables] = await c.store.query<{ n: number }>("SELECT count() AS n FROM system.tables WHERE database = 'llmscope' AND name = 'llm_calls'");
    expect(Number(tables!.n)).toBe(1);
  });
});
