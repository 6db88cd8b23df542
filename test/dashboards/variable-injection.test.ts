/**
 * Issue 16, finding 10: dashboard variables carry client-sent values (Grafana's `?var-x=`, the
 * console). Every variable of every dashboard gets `\`, `'`, `--`, `;`, a newline and a classic
 * break-out value; every query that uses it is expanded as Grafana + the plugin would and run on
 * chdb over the seed rows. Each must run, and return what a value that matches nothing returns.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import { expandQuery } from '../../src/query/grafana-macros.ts';
import { ANCHOR_MS, RANGE_FROM_MS, generateSeed, insertSeed } from '../support/seed.ts';
import { allPanels, loadDashboards, variableSql, type Dashboard, type Variable } from './load.ts';

const PAYLOADS = ['\\', "'", '--', ';', '\n', "x\\' OR 1=1 -- ", "') OR 1=1; DROP TABLE llmscope.llm_calls; --\n"];
const NOTHING = 'no-such-value';

let dir: string;
let store: EmbeddedStore;
const seed = generateSeed();
const dashboards = loadDashboards();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-var-injection-'));
  store = new EmbeddedStore(join(dir, 'data'));
  await migrate(store, { database: 'llmscope' });
  await insertSeed(store, seed);
}, 60_000);

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function defaults(d: Dashboard): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const v of d.templating.list) {
    const cur = v.current?.value ?? (v.multi ? ['$__all'] : '');
    out[v.name] = v.multi ? (Array.isArray(cur) ? cur : [cur]) : Array.isArray(cur) ? cur[0]! : cur;
  }
  return out;
}

function valueFor(v: Variable, raw: string): string | string[] {
  return v.multi ? [raw] : raw;
}

async function run(sql: string, vars: Record<string, string | string[]>): Promise<string> {
  const expanded = expandQuery(sql, { from: new Date(RANGE_FROM_MS), to: new Date(ANCHOR_MS), intervalMs: 3_600_000, variables: vars });
  return JSON.stringify(await store.query(expanded));
}

describe('variable values cannot change a dashboard query', () => {
  for (const [uid, { dashboard: d }] of dashboards) {
    const queries = [
      ...allPanels(d).flatMap((p) => (p.targets ?? []).map((t) => ({ name: `${p.title}/${t.refId}`, sql: t.rawSql }))),
      ...d.templating.list.map((v) => ({ name: `variable ${v.name}`, sql: variableSql(v) ?? '' })).filter((q) => q.sql),
    ];
    for (const v of d.templating.list) {
      const using = queries.filter((q) => new RegExp(`\\$\\{?${v.name}\\b`).test(q.sql));
      if (using.length === 0) continue;
      it(`${uid}: $${v.name} (${using.length} queries)`, async () => {
        // Custom variables are numbers read with toFloat64OrZero: a non-number reads as 0.
        const baseline = v.type === 'custom' ? '0' : NOTHING;
        for (const q of using) {
          const expected = await run(q.sql, { ...defaults(d), [v.name]: valueFor(v, baseline) });
          for (const payload of PAYLOADS) {
            const got = await run(q.sql, { ...defaults(d), [v.name]: valueFor(v, payload) });
            expect(got, `${q.name} with ${JSON.stringify(payload)}`).toBe(expected);
          }
        }
        const rows = await store.query<{ n: number }>('SELECT count() AS n FROM llmscope.llm_calls');
        expect(Number(rows[0]!.n)).toBe(seed.calls.length);
      });
    }
  }

  it("the previous form, ${var:singlequote}, lets a backslash end the string literal (why it was replaced)", async () => {
    // The Traces dashboard's call list before the fix: a value ending the literal and commenting out the rest of the line.
    const old = 'SELECT count() AS n FROM llmscope.llm_calls\nWHERE trace_id = ${trace_id:singlequote}\n  AND timestamp >= $__fromTime';
    const fixed = "SELECT count() AS n FROM llmscope.llm_calls\nWHERE trace_id = decodeURLComponent('${trace_id:percentencode}')\n  AND timestamp >= $__fromTime";
    const attack = { trace_id: "x\\' OR 1=1 -- " };
    expect(Number(JSON.parse(await run(old, attack))[0].n)).toBe(seed.calls.filter((c) => c.tsMs >= RANGE_FROM_MS).length); // every call
    expect(Number(JSON.parse(await run(fixed, attack))[0].n)).toBe(0);
    const one = seed.calls.find((c) => c.tsMs >= RANGE_FROM_MS)!;
    expect(Number(JSON.parse(await run(fixed, { trace_id: one.trace_id }))[0].n)).toBe(seed.calls.filter((c) => c.trace_id === one.trace_id && c.tsMs >= RANGE_FROM_MS - 1000).length);
  });
});
