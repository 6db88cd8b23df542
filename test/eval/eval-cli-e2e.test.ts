/**
 * `llmscope eval` end to end: the real CLI in child processes against a real collector (embedded
 * chdb store, --api-keys), found through <data-dir>/collector.json — datasets with good and bad
 * lines, call-through to a real HTTP endpoint and to a shell command, stored calls with
 * references sent as feedback (--from-calls), the LLM judge (a stand-in server: no remote LLM
 * here), tenancy, and the store opened directly once the collector has stopped.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusBleu, sentenceBleu } from '../../src/eval/metrics/bleu.ts';
import { corpusChrf } from '../../src/eval/metrics/chrf.ts';
import { corpusTer } from '../../src/eval/metrics/ter.ts';
import { LlmJudgeStandin } from '../support/llm-judge-standin.ts';

const repo = new URL('../../', import.meta.url).pathname;
const started: ChildProcess[] = [];
afterEach(() => {
  for (const p of started.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

const dir = mkdtempSync(join(tmpdir(), 'llmscope-eval-'));
const data = join(dir, 'data');
const INGEST_A = 'ingest-key-alpha';
const INGEST_B = 'ingest-key-beta';
const ADMIN = 'admin-key-ops';
writeFileSync(
  join(dir, 'keys.yaml'),
  `keys:\n  - { key: ${INGEST_A}, project: alpha }\n  - { key: ${INGEST_B}, project: beta }\n  - { key: ${ADMIN}, project: ops, role: admin }\n`,
);

let predictServer: Server;
let predictUrl = '';
const predictCalls: string[] = [];
const judge = new LlmJudgeStandin();

beforeAll(async () => {
  // The application under test: answers {"prediction"} with the input upper-cased, and reports its model.
  predictServer = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const { input } = JSON.parse(body) as { input: string };
      predictCalls.push(input);
      if (input === 'fail me') {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"no"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ prediction: input.toUpperCase(), logprobs: [-0.5, -1.5], model: 'app-model-1' }));
    });
  });
  await new Promise<void>((r) => predictServer.listen(0, '127.0.0.1', () => r()));
  predictUrl = `http://127.0.0.1:${(predictServer.address() as AddressInfo).port}/predict`;
  await judge.start();
});

afterAll(async () => {
  await new Promise<void>((r) => predictServer.close(() => r()));
  await judge.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['bin/llmscope.js', ...args], { cwd: repo, env: { ...process.env, LLMSCOPE_API_KEY: '', LLMSCOPE_URL: '', LLMSCOPE_JUDGE_URL: '', LLMSCOPE_JUDGE_MODEL: '', ...env } });
    started.push(p);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function startCollector(): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['bin/llmscope.js', 'collector', '--port', '0', '--grpc-port', '0', '--data-dir', data, '--scorers', '', '--log-level', 'error', '--ui', 'off', '--api-keys', join(dir, 'keys.yaml')], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  started.push(proc);
  const file = join(data, 'collector.json');
  for (let i = 0; i < 900 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  const info = JSON.parse(readFileSync(file, 'utf8')) as { url: string };
  return { proc, url: info.url };
}

async function stop(proc: ChildProcess): Promise<number> {
  const exited = new Promise<number>((r) => proc.on('exit', (code) => r(code ?? -1)));
  proc.kill('SIGTERM');
  return exited;
}

async function sql<T>(url: string, q: string): Promise<T[]> {
  const target = new URL(`${url}/clickhouse/`);
  target.searchParams.set('default_format', 'JSONEachRow');
  target.searchParams.set('output_format_json_quote_64bit_integers', '0');
  const r = await fetch(target, { method: 'POST', body: q, headers: { authorization: `Bearer ${ADMIN}` } });
  const text = await r.text();
  expect(r.status, text).toBe(200);
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

function dataset(name: string, lines: string[]): string {
  const p = join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

/** One chat span with captured content (OTLP/JSON), for --from-calls. */
function chatSpan(n: number, question: string, answer: string, version: string): string {
  const id = n.toString(16).padStart(16, '0');
  const now = BigInt(Date.now()) * 1_000_000n;
  const s = (key: string, v: string) => ({ key, value: { stringValue: v } });
  return JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [s('service.name', 'support-bot')] },
      scopeSpans: [{ scope: { name: 't' }, spans: [{ traceId: id + id, spanId: id, name: 'chat gpt-4o', kind: 3, startTimeUnixNano: String(now), endTimeUnixNano: String(now + 1_000_000n),
        attributes: [
          s('gen_ai.operation.name', 'chat'), s('gen_ai.provider.name', 'openai'), s('gen_ai.request.model', 'gpt-4o'),
          s('gen_ai.prompt.name', 'faq'), s('gen_ai.prompt.version', version),
          s('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: question }] }])),
          s('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: answer }], finish_reason: 'stop' }])),
        ] }] }],
    }],
  });
}

describe('llmscope eval against a real collector', () => {
  it('evaluates a dataset (bad lines named, the others evaluated), call-through, from-calls, judge and tenancy; then without the collector', async () => {
    const { proc, url } = await startCollector();
    try {
      // 1. A dataset with predictions, bad lines and one line to predict through --call-url.
      const good = [
        { id: 'g1', prediction: 'The cat sat on the mat.', references: ['The cat sat on the mat.'] },
        { id: 'g2', prediction: 'A dog runs in the park', references: ['The dog is running in the park', 'A dog is running in a park'] },
        { id: 'g3', prediction: 'Paris is the capital of France', reference: 'The capital of France is Paris' },
      ];
      const file = dataset('mixed.jsonl', [
        JSON.stringify(good[0]),
        '{"id": "broken", "prediction": ',
        JSON.stringify(good[1]),
        JSON.stringify({ id: 'nopred', references: ['x'] }),
        JSON.stringify({ id: 'badref', prediction: 'x', references: 'x' }),
        '',
        JSON.stringify(good[2]),
        JSON.stringify({ id: 'called', input: 'hello world', references: ['HELLO WORLD'] }),
        JSON.stringify({ id: 'callfails', input: 'fail me', references: ['x'] }),
        JSON.stringify({ id: 'extra', prediction: 'x', references: ['x'], surprise: 1 }),
      ]);
      const r = await run(['eval', '--data-dir', data, '--key', INGEST_A, '--dataset', file, '--metrics', 'bleu,chrf,ter,rouge1,rouge2,rougeL,exact,perplexity', '--name', 'mixed-run', '--prompt-version', 'v7', '--call-url', predictUrl]);
      expect(r.code, r.stderr).toBe(0);
      // every bad line is named with its number and why; the good ones are still evaluated
      expect(r.stderr).toContain('line 2: not valid JSON');
      expect(r.stderr).toContain('line 4: no "prediction" and no "input" to produce one');
      expect(r.stderr).toContain('line 5: "references" must be an array of strings');
      expect(r.stderr).toMatch(/line 9: .*HTTP 400/);
      expect(r.stderr).toContain('line 10: unknown field "surprise"');
      expect(r.stderr).not.toMatch(/line (1|3|6|7|8):/);
      const summary = JSON.parse(r.stdout) as { run_id: string; items: number; errors: number; scores: Record<string, number> };
      expect(summary.items).toBe(4);
      expect(summary.errors).toBe(5);
      expect(predictCalls).toEqual(['hello world', 'fail me']);
      // corpus scores are sacreBLEU's corpus scores over the evaluated items
      const hyps = [good[0]!.prediction, good[1]!.prediction, good[2]!.prediction, 'HELLO WORLD'];
      const refs = [good[0]!.references!, good[1]!.references!, [good[2]!.reference!], ['HELLO WORLD']];
      expect(summary.scores.bleu).toBeCloseTo(corpusBleu(hyps, refs).score, 9);
      expect(summary.scores.chrf).toBeCloseTo(corpusChrf(hyps, refs), 9);
      expect(summary.scores.ter).toBeCloseTo(corpusTer(hyps, refs), 9);
      expect(summary.scores.exact).toBe(0.5); // g1 and the called line
      expect(summary.scores.perplexity).toBeCloseTo(Math.exp(1), 9); // only the called line has logprobs: mean −1

      const runs = await sql<{ project_id: string; name: string; source: string; prompt_version: string; model: string; items: number; errors: number; bleu: number }>(
        url,
        `SELECT project_id, name, source, prompt_version, model, items, errors, scores['bleu'] AS bleu FROM llmscope.eval_runs WHERE run_id = '${summary.run_id}'`,
      );
      expect(runs).toEqual([{ project_id: 'alpha', name: 'mixed-run', source: 'call-url', prompt_version: 'v7', model: 'app-model-1', items: 4, errors: 5, bleu: summary.scores.bleu }]);
      const results = await sql<{ item: number; item_id: string; metric: string; value: number; prediction: string }>(
        url,
        `SELECT item, item_id, metric, value, prediction FROM llmscope.eval_results WHERE run_id = '${summary.run_id}' ORDER BY item, metric`,
      );
      expect(results.filter((x) => x.metric === 'bleu').map((x) => [x.item, x.item_id])).toEqual([[1, 'g1'], [3, 'g2'], [7, 'g3'], [8, 'called']]);
      expect(results.find((x) => x.item === 1 && x.metric === 'bleu')!.value).toBeCloseTo(100, 9);
      expect(results.find((x) => x.item === 3 && x.metric === 'bleu')!.value).toBeCloseTo(sentenceBleu(good[1]!.prediction, good[1]!.references!).score, 9);
      expect(results.find((x) => x.item === 8 && x.metric === 'exact')).toMatchObject({ value: 1, prediction: 'HELLO WORLD' });
      expect(results.filter((x) => x.metric === 'perplexity').map((x) => x.item)).toEqual([8]);
      expect(results).toHaveLength(4 * 7 + 1);

      // 2. --call-cmd: a shell command per item.
      const cmdFile = dataset('cmd.jsonl', [JSON.stringify({ input: 'abc', references: ['cba'] }), JSON.stringify({ input: 'xyz', references: ['zyx'] })]);
      const rc = await run(['eval', '--data-dir', data, '--key', INGEST_A, '--dataset', cmdFile, '--metrics', 'exact', '--call-cmd', `${JSON.stringify(process.execPath)} -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).input.split("").reverse().join("")))'`]);
      expect(rc.code, rc.stderr).toBe(0);
      expect(JSON.parse(rc.stdout)).toMatchObject({ items: 2, errors: 0, scores: { exact: 1 } });

      // 3. Tenancy: no key → refused, with the reason; another project's key → its own project.
      const noKey = await run(['eval', '--data-dir', data, '--dataset', cmdFile, '--metrics', 'exact', '--call-cmd', 'cat']);
      expect(noKey.code).toBe(1);
      expect(noKey.stderr).toContain('HTTP 401');
      const okFile = dataset('ok.jsonl', [JSON.stringify({ prediction: 'same', references: ['same'] })]);
      const rb = await run(['eval', '--data-dir', data, '--key', INGEST_B, '--dataset', okFile, '--metrics', 'exact,rouge1', '--name', 'beta-run']);
      expect(rb.code, rb.stderr).toBe(0);
      const betaRun = (JSON.parse(rb.stdout) as { run_id: string }).run_id;
      expect(await sql(url, `SELECT project_id FROM llmscope.eval_runs WHERE run_id = '${betaRun}'`)).toEqual([{ project_id: 'beta' }]);

      // 4. judge: without a judge configured → a clear error; with the judge → item values from its verdicts.
      const noJudge = await run(['eval', '--data-dir', data, '--key', INGEST_A, '--dataset', okFile, '--metrics', 'judge:relevance']);
      expect(noJudge.code).toBe(2);
      expect(noJudge.stderr).toContain('judge:relevance needs an LLM judge: set --judge-url and --judge-model');
      const qa = dataset('qa.jsonl', [JSON.stringify({ input: 'Colour of the sky today?', prediction: 'The sky today is blue.', references: ['Blue.'] })]);
      const rj = await run(['eval', '--data-dir', data, '--key', INGEST_A, '--dataset', qa, '--metrics', 'judge:relevance,judge:toxicity', '--judge-url', judge.url, '--judge-model', 'judge-1']);
      expect(rj.code, rj.stderr).toBe(0);
      const js = JSON.parse(rj.stdout) as { scores: Record<string, number> };
      // the stand-in's relevance: share of the question's 4+ letter words found in the answer (colour: no; today: yes)
      expect(js.scores['judge:relevance']).toBe(0.5);
      expect(js.scores['judge:toxicity']).toBe(0.05);

      // 5. --from-calls: stored calls with a reference sent as feedback.
      for (const [n, q, a, v] of [[1, 'Capital of France?', 'Paris is the capital.', 'v1'], [2, 'Capital of Italy?', 'Rome.', 'v2'], [3, 'Capital of Spain?', 'Madrid.', 'v2']] as const) {
        const res = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_A}` }, body: chatSpan(n, q, a, v) });
        expect(res.status).toBe(200);
      }
      const id = (n: number) => n.toString(16).padStart(16, '0');
      // feedback links to a stored call: wait until the three calls are written
      for (let i = 0; i < 100; i++) {
        const [{ n }] = await sql<{ n: number }>(url, "SELECT count() AS n FROM llmscope.llm_calls WHERE service_name = 'support-bot'");
        if (n === 3) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      for (const [n, ref] of [[1, 'Paris is the capital.'], [2, 'Rome is the capital of Italy.']] as const) {
        const f = await fetch(`${url}/api/v1/feedback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_A}` },
          // both spellings: the reference field, and name "reference" with the text as comment
          body: JSON.stringify(n === 1 ? { trace_id: id(n) + id(n), span_id: id(n), reference: ref } : { trace_id: id(n) + id(n), span_id: id(n), name: 'reference', value: 1, comment: ref }),
        });
        expect(await f.json()).toMatchObject({ status: 'stored' });
      }
      const rf = await run(['eval', '--data-dir', data, '--key', ADMIN, '--from-calls', "service_name = 'support-bot'", '--metrics', 'exact,rougeL', '--name', 'from-calls-run']);
      expect(rf.code, rf.stderr).toBe(0);
      const fs = JSON.parse(rf.stdout) as { run_id: string; items: number; scores: Record<string, number> };
      expect(fs.items).toBe(2); // the Spain call has no reference
      expect(fs.scores.exact).toBe(0.5);
      const fr = await sql<{ trace_id: string; span_id: string; prompt_version: string; model: string; value: number }>(
        url,
        `SELECT trace_id, span_id, prompt_version, model, value FROM llmscope.eval_results WHERE run_id = '${fs.run_id}' AND metric = 'exact' ORDER BY span_id`,
      );
      expect(fr).toEqual([
        { trace_id: id(1) + id(1), span_id: id(1), prompt_version: 'v1', model: 'gpt-4o', value: 1 },
        { trace_id: id(2) + id(2), span_id: id(2), prompt_version: 'v2', model: 'gpt-4o', value: 0 },
      ]);
    } finally {
      expect(await stop(proc)).toBe(0);
    }

    // 6. No collector running: the CLI opens the store itself, and the runs above are all there.
    const rd = await run(['eval', '--data-dir', data, '--dataset', join(dir, 'ok.jsonl'), '--metrics', 'exact', '--name', 'direct-run']);
    expect(rd.code, rd.stderr).toBe(0);
    expect(JSON.parse(rd.stdout)).toMatchObject({ items: 1, stored_in: `the store in ${data}` });
    const q = await run(['query', '--data-dir', data, 'SELECT project_id, name FROM llmscope.eval_runs ORDER BY created_at']);
    expect(q.code, q.stderr).toBe(0);
    expect(q.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { project_id: 'alpha', name: 'mixed-run' },
      { project_id: 'alpha', name: 'cmd.jsonl' },
      { project_id: 'beta', name: 'beta-run' },
      { project_id: 'alpha', name: 'qa.jsonl' },
      { project_id: 'ops', name: 'from-calls-run' }, // the admin key's project
      { project_id: 'default', name: 'direct-run' },
    ]);
  }, 180_000);
});
