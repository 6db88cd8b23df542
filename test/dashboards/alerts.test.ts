/**
 * The provisioned Grafana alert rules, evaluated end to end: each rule's ClickHouse query (A) runs
 * on chdb over rows placed relative to now(), then Grafana's reduce (B) and threshold (C) steps
 * are applied as Grafana applies them to tabular results (one numeric column → one number per row,
 * string columns → instance labels; no rows → the rule's noDataState). Every rule is driven once
 * into firing and once into normal, with the expected numbers computed in JS from the inserted rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import { expandQuery } from '../../src/query/grafana-macros.ts';
import { PROVISIONING_DIR, readYaml } from './load.ts';

interface RuleData {
  refId: string;
  datasourceUid: string;
  relativeTimeRange?: { from: number; to: number };
  model: {
    type?: string;
    expression?: string;
    reducer?: string;
    settings?: { mode?: string };
    conditions?: { evaluator: { type: string; params: number[] } }[];
    rawSql?: string;
  };
}
interface Rule {
  uid: string;
  title: string;
  condition: string;
  data: RuleData[];
  noDataState: string;
  execErrState: string;
}

const rules = new Map<string, Rule>();
for (const g of readYaml<{ groups: { rules: Rule[] }[] }>(PROVISIONING_DIR, 'alerting', 'rules.yaml').groups) {
  for (const r of g.rules) rules.set(r.uid, r);
}

type Row = Record<string, unknown>;
interface Instance {
  labels: Record<string, string>;
  value: number;
  firing: boolean;
}
interface Evaluation {
  state: 'normal' | 'alerting' | 'nodata';
  instances: Instance[];
}

let dir = '';
let store: EmbeddedStore;

/** Runs A, then B (reduce) and C (threshold) as Grafana's server-side expressions do. */
async function evaluate(uid: string): Promise<Evaluation> {
  const rule = rules.get(uid)!;
  const byRef = new Map(rule.data.map((d) => [d.refId, d]));
  const query = rule.data.find((d) => d.datasourceUid !== '__expr__')!;
  const now = new Date();
  const sql = expandQuery(query.model.rawSql!, {
    from: new Date(now.getTime() - query.relativeTimeRange!.from * 1000),
    to: now,
    intervalMs: 60_000,
  });
  const rows = await store.query<Row>(sql);
  // A: tabular → numbers; exactly one numeric column, strings become labels
  let numbers: { labels: Record<string, string>; value: number | null }[] = rows.map((row) => {
    const numeric = Object.entries(row).filter(([, v]) => typeof v === 'number' || v === null);
    const labels = Object.fromEntries(Object.entries(row).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    expect(numeric, `${uid}: one numeric column per row`).toHaveLength(1);
    return { labels, value: numeric[0]![1] as number | null };
  });
  const results = new Map<string, typeof numbers>([[query.refId, numbers]]);
  for (const step of rule.data.filter((d) => d.datasourceUid === '__expr__')) {
    const input = results.get(step.model.expression!)!;
    if (step.model.type === 'reduce') {
      expect(step.model.reducer).toBe('last'); // on a single number every reducer is the number itself
      numbers = input.filter((n) => !(step.model.settings?.mode === 'dropNN' && (n.value === null || Number.isNaN(n.value))));
    } else if (step.model.type === 'threshold') {
      const ev = step.model.conditions![0]!.evaluator;
      const cmp: Record<string, (a: number, b: number) => boolean> = { gt: (a, b) => a > b, lt: (a, b) => a < b };
      expect(Object.keys(cmp)).toContain(ev.type);
      numbers = input.map((n) => ({ labels: n.labels, value: cmp[ev.type]!(n.value!, ev.params[0]!) ? 1 : 0 }));
    } else throw new Error(`unexpected expression type ${step.model.type}`);
    results.set(step.refId, numbers);
  }
  expect(byRef.has(rule.condition)).toBe(true);
  const condition = results.get(rule.condition)!;
  const reduced = results.get(rule.data.find((d) => d.model.type === 'reduce')!.refId)!;
  if (condition.length === 0) return { state: 'nodata', instances: [] };
  const instances = condition.map((c, i) => ({ labels: c.labels, value: reduced[i]!.value!, firing: c.value === 1 }));
  return { state: instances.some((i) => i.firing) ? 'alerting' : 'normal', instances };
}

const MIN = 60_000;
const HOUR = 3_600_000;
function ns(msAgo: number): bigint {
  return BigInt(Date.now() - msAgo) * 1_000_000n;
}

interface CallSpec {
  service?: string;
  agoMs: number;
  status?: 'ok' | 'error';
  duration_ms?: number;
  toxicity?: number | null;
  prompt_injection?: number | null;
  cost_usd?: number;
}
async function insertCalls(specs: CallSpec[]): Promise<void> {
  await store.insert(
    'llmscope.llm_calls',
    specs.map((s, i) => ({
      timestamp: ns(s.agoMs),
      trace_id: `t${i}`,
      span_id: `s${i}`,
      service_name: s.service ?? 'svc',
      status: s.status ?? 'ok',
      duration_ms: s.duration_ms ?? 1000,
      toxicity: s.toxicity ?? null,
      prompt_injection: s.prompt_injection ?? null,
      cost_usd: s.cost_usd ?? 0,
    })),
  );
}
function many(n: number, f: (i: number) => CallSpec): CallSpec[] {
  return Array.from({ length: n }, (_, i) => f(i));
}
function quantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-alerts-'));
  store = new EmbeddedStore(dir);
  await migrate(store, { database: 'llmscope' });
});

afterAll(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await store.command('TRUNCATE TABLE llmscope.llm_calls');
  await store.command('TRUNCATE TABLE llmscope.otel_traces');
});

describe('alert rules', () => {
  it('provisions the six rules the tests drive', () => {
    expect([...rules.keys()].sort()).toEqual(
      ['llmscope-cost-spike', 'llmscope-error-rate', 'llmscope-ingest-stalled', 'llmscope-latency-p95', 'llmscope-prompt-injection', 'llmscope-toxicity-rate'].sort(),
    );
  });

  it('error rate: fires per service above 5 % over 10 min, ignores older calls and low-volume services', async () => {
    const a = many(20, (i) => ({ service: 'a', agoMs: (1 + (i % 8)) * MIN, status: i < 2 ? 'error' : 'ok' })); // 10 %
    const b = many(40, (i) => ({ service: 'b', agoMs: (1 + (i % 8)) * MIN, status: i === 0 ? 'error' : 'ok' })); // 2.5 %
    const bOld = many(50, () => ({ service: 'b', agoMs: 30 * MIN, status: 'error' })); // outside the window
    const c = many(5, () => ({ service: 'c', agoMs: 2 * MIN, status: 'error' })); // below 10 calls
    await insertCalls([...a, ...b, ...bOld, ...c]);
    const ev = await evaluate('llmscope-error-rate');
    expect(ev.state).toBe('alerting');
    const by = Object.fromEntries(ev.instances.map((i) => [i.labels.service_name, i]));
    expect(Object.keys(by).sort()).toEqual(['a', 'b']);
    expect(by.a!.value).toBeCloseTo(2 / 20, 12);
    expect(by.a!.firing).toBe(true);
    expect(by.b!.value).toBeCloseTo(1 / 40, 12);
    expect(by.b!.firing).toBe(false);
  });

  it('error rate: no traffic is OK, not an alert', async () => {
    const ev = await evaluate('llmscope-error-rate');
    expect(ev.state).toBe('nodata');
    expect(rules.get('llmscope-error-rate')!.noDataState).toBe('OK');
  });

  it('p95 latency: fires per service above 10 s', async () => {
    const slow = many(20, (i) => ({ service: 'slow', agoMs: (1 + (i % 9)) * MIN, duration_ms: i < 3 ? 30_000 : 2_000 + i * 10 }));
    const fast = many(20, (i) => ({ service: 'fast', agoMs: (1 + (i % 9)) * MIN, duration_ms: 1_000 + i * 200 }));
    const fastOld = many(20, () => ({ service: 'fast', agoMs: 40 * MIN, duration_ms: 60_000 }));
    await insertCalls([...slow, ...fast, ...fastOld]);
    const ev = await evaluate('llmscope-latency-p95');
    const by = Object.fromEntries(ev.instances.map((i) => [i.labels.service_name, i]));
    const p95Slow = quantile(slow.map((s) => s.duration_ms!), 0.95) / 1000;
    const p95Fast = quantile(fast.map((s) => s.duration_ms!), 0.95) / 1000;
    expect(p95Slow).toBeGreaterThan(10);
    expect(p95Fast).toBeLessThan(10);
    expect(by.slow!.value).toBeCloseTo(p95Slow, 9);
    expect(by.slow!.firing).toBe(true);
    expect(by.fast!.value).toBeCloseTo(p95Fast, 9);
    expect(by.fast!.firing).toBe(false);
    expect(ev.state).toBe('alerting');
  });

  it('toxicity: share among scored calls only (NULL = not scored), fires above 2 %', async () => {
    const scored = many(100, (i) => ({ agoMs: (2 + (i % 50)) * MIN, toxicity: i < 3 ? 0.75 : 0.0625 }));
    const unscored = many(50, (i) => ({ agoMs: (2 + (i % 50)) * MIN, toxicity: null }));
    const old = many(100, () => ({ agoMs: 2 * HOUR, toxicity: 0.9 }));
    await insertCalls([...scored, ...unscored, ...old]);
    const ev = await evaluate('llmscope-toxicity-rate');
    // 3 / 100 = 3 % fires; counting unscored calls would give 3 / 150 = 2 % and stay quiet
    expect(ev.instances).toHaveLength(1);
    expect(ev.instances[0]!.value).toBeCloseTo(3 / 100, 12);
    expect(ev.state).toBe('alerting');
  });

  it('toxicity: 1 % stays normal; fewer than 20 scored calls is no data', async () => {
    await insertCalls(many(100, (i) => ({ agoMs: (2 + (i % 50)) * MIN, toxicity: i === 0 ? 0.5 : 0.1 })));
    const ev = await evaluate('llmscope-toxicity-rate');
    expect(ev.instances[0]!.value).toBeCloseTo(1 / 100, 12);
    expect(ev.state).toBe('normal');
    await store.command('TRUNCATE TABLE llmscope.llm_calls');
    await insertCalls(many(10, (i) => ({ agoMs: 5 * MIN, toxicity: i < 5 ? 0.9 : 0.1 })));
    expect((await evaluate('llmscope-toxicity-rate')).state).toBe('nodata');
  });

  it('prompt injection: fires per service above 10 attempts in the last hour; older attempts and low scores do not count', async () => {
    const attacked = many(11, (i) => ({ service: 'attacked', agoMs: (2 + i * 5) * MIN, prompt_injection: 0.5 + i / 64 }));
    const quiet = many(10, (i) => ({ service: 'quiet', agoMs: (2 + i * 5) * MIN, prompt_injection: 0.96875 }));
    const benign = many(40, (i) => ({ service: 'quiet', agoMs: (2 + i) * MIN, prompt_injection: 0.25 }));
    const old = many(30, () => ({ service: 'quiet', agoMs: 2 * HOUR, prompt_injection: 0.99 }));
    const unscored = many(30, () => ({ service: 'quiet', agoMs: 3 * MIN, prompt_injection: null }));
    await insertCalls([...attacked, ...quiet, ...benign, ...old, ...unscored]);
    const ev = await evaluate('llmscope-prompt-injection');
    const by = Object.fromEntries(ev.instances.map((x) => [x.labels.service_name, x]));
    expect(by.attacked!.value).toBe(11);
    expect(by.attacked!.firing).toBe(true);
    expect(by.quiet!.value).toBe(10); // exactly 10 is not "above 10"
    expect(by.quiet!.firing).toBe(false);
    expect(ev.state).toBe('alerting');
  });

  it('prompt injection: no scored calls is OK, not an alert', async () => {
    await insertCalls(many(5, () => ({ agoMs: 5 * MIN, prompt_injection: null })));
    const ev = await evaluate('llmscope-prompt-injection');
    expect(ev.state).not.toBe('alerting');
    expect(rules.get('llmscope-prompt-injection')!.noDataState).toBe('OK');
  });

  const previousDay = (usdPerHour: number) => many(24, (i) => ({ agoMs: 1.5 * HOUR + i * HOUR, cost_usd: usdPerHour }));
  const beyond = many(5, () => ({ agoMs: 26 * HOUR, cost_usd: 100 }));

  it('cost spike: last hour above 3× the previous 24 h hourly average fires', async () => {
    const lastHour = many(4, (i) => ({ agoMs: (5 + i * 10) * MIN, cost_usd: 1.0 }));
    await insertCalls([...previousDay(1.0), ...beyond, ...lastHour]);
    const ev = await evaluate('llmscope-cost-spike');
    expect(ev.instances[0]!.value).toBeCloseTo(4 / (24 / 24), 9);
    expect(ev.state).toBe('alerting');
  });

  it('cost spike: 2× stays normal; the 0.10 USD/h floor keeps a first trickle quiet', async () => {
    await insertCalls([...previousDay(0.5), ...many(2, (i) => ({ agoMs: (10 + i * 20) * MIN, cost_usd: 0.5 }))]);
    let ev = await evaluate('llmscope-cost-spike');
    expect(ev.instances[0]!.value).toBeCloseTo(1.0 / 0.5, 9);
    expect(ev.state).toBe('normal');
    await store.command('TRUNCATE TABLE llmscope.llm_calls');
    await insertCalls([{ agoMs: 10 * MIN, cost_usd: 0.2 }]);
    ev = await evaluate('llmscope-cost-spike');
    expect(ev.instances[0]!.value).toBeCloseTo(0.2 / 0.1, 9);
    expect(ev.state).toBe('normal');
  });

  async function insertSpans(agoMs: number[]): Promise<void> {
    await store.insert(
      'llmscope.otel_traces',
      agoMs.map((ms, i) => ({ Timestamp: ns(ms), TraceId: `t${i}`, SpanId: `s${i}`, ServiceName: 'svc', SpanName: 'op', Duration: 1000 })),
    );
  }

  it('ingest stalled: spans in the last 15 min keep it normal', async () => {
    await insertSpans([2 * MIN, 3 * MIN, 40 * MIN]);
    const ev = await evaluate('llmscope-ingest-stalled');
    expect(ev.instances[0]!.value).toBe(2);
    expect(ev.state).toBe('normal');
  });

  it('ingest stalled: nothing newer than 15 min fires (and an empty table too)', async () => {
    await insertSpans([20 * MIN, 45 * MIN]);
    let ev = await evaluate('llmscope-ingest-stalled');
    expect(ev.instances[0]!.value).toBe(0);
    expect(ev.state).toBe('alerting');
    await store.command('TRUNCATE TABLE llmscope.otel_traces');
    ev = await evaluate('llmscope-ingest-stalled');
    expect(ev.state).toBe('alerting');
    expect(rules.get('llmscope-ingest-stalled')!.noDataState).toBe('Alerting');
  });
});
