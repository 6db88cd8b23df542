/**
 * Crash: a collector child process is killed with SIGKILL while clients are sending traces, logs
 * and metrics. After a restart (which replays the write-ahead log) every span, log record and
 * data point whose request got a 200 is stored, and none is stored twice.
 */
import { expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePayloads } from '../../bench/support/payloads.ts';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.ts';
import { freePort } from '../../bench/ingest/harness.ts';
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

const lmRoot = protobuf.parse(readFileSync(new URL('../otlp/fixtures/otlp-logs-metrics.proto', import.meta.url), 'utf8'), { keepCase: true }).root;
const MetricsType = lmRoot.lookupType('otlplm.ExportMetricsServiceRequest');

/** Request i of the other signals: logs as JSON (10 records, unique bodies), metrics as protobuf (10 points, unique ids). */
function otherSignal(i: number): { path: string; type: string; body: Uint8Array; ids: string[] } {
  const ids = Array.from({ length: 10 }, (_, k) => `${i}-${k}`);
  const t = (BigInt(Date.now()) * 1_000_000n).toString();
  const svc = [{ key: 'service.name', value: { stringValue: 'crash' } }];
  if (i % 2 === 0) {
    const body = JSON.stringify({ resourceLogs: [{ resource: { attributes: svc }, scopeLogs: [{ logRecords: ids.map((id) => ({ timeUnixNano: t, body: { stringValue: id } })) }] }] });
    return { path: '/v1/logs', type: 'application/json', body: new TextEncoder().encode(body), ids };
  }
  const req = {
    resource_metrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { string_value: 'crash' } }] },
        scope_metrics: [{ metrics: [{ name: 'crash.m', sum: { aggregation_temporality: 1, data_points: ids.map((id) => ({ time_unix_nano: t, as_double: 1, attributes: [{ key: 'id', value: { string_value: id } }] })) } }] }],
      },
    ],
  };
  return { path: '/v1/metrics', type: 'application/x-protobuf', body: MetricsType.encode(MetricsType.fromObject(req)).finish(), ids };
}

const repo = new URL('../../', import.meta.url).pathname;

function startChild(port: number, data: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    ['bin/llmscope.js', 'collector', '--port', String(port), '--data-dir', data, '--scorers=', '--log-level', 'error', '--flush-interval', '150ms', '--batch-rows', '2000'],
    { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return { child, exited: new Promise((r) => child.on('exit', (code) => r(code))) };
}

async function waitHealthy(port: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('collector did not become healthy');
}

function query(data: string, sql: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const q = spawn(process.execPath, ['bin/llmscope.js', 'query', sql, '--data-dir', data], { cwd: repo });
    let out = '';
    let err = '';
    q.stdout.on('data', (d) => (out += d));
    q.stderr.on('data', (d) => (err += d));
    q.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
  });
}

it('keeps every acknowledged span across a SIGKILL, exactly once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-crash-'));
  const data = join(dir, 'data');
  try {
    const { payloads } = makePayloads({ requests: 400, spansPerRequest: [20, 60], seed: 21 });
    const idsOf = payloads.map((p) => decodeTraceRequestProtobuf(p).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.spanId))));
    const port = await freePort();
    const first = startChild(port, data);
    await waitHealthy(port);

    const acked = new Set<string>();
    const ackedOther = { '/v1/logs': new Set<string>(), '/v1/metrics': new Set<string>() };
    let other = 0;
    let sent = 0;
    let next = 0;
    let killed = false;
    const clients = Array.from({ length: 4 }, async () => {
      while (!killed && next < payloads.length) {
        const i = next++;
        sent += idsOf[i]!.length;
        try {
          const r = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-protobuf' },
            body: payloads[i]! as Uint8Array<ArrayBuffer>,
          });
          await r.arrayBuffer();
          if (r.status === 200) for (const id of idsOf[i]!) acked.add(id);
          if (i % 2 === 0) {
            const o = otherSignal(other++);
            const r2 = await fetch(`http://127.0.0.1:${port}${o.path}`, { method: 'POST', headers: { 'content-type': o.type }, body: o.body as Uint8Array<ArrayBuffer> });
            await r2.arrayBuffer();
            if (r2.status === 200) for (const id of o.ids) ackedOther[o.path as keyof typeof ackedOther].add(id);
          }
        } catch {
          // connection reset by the kill: not acknowledged
        }
      }
    });
    // Kill mid-stream, while requests are in flight and batches are being inserted.
    while (next < payloads.length / 2) await new Promise((r) => setTimeout(r, 10));
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.all(clients);
    await first.exited;
    expect(acked.size).toBeGreaterThan(0);

    // Restart on the same data folder: the log is replayed; SIGTERM then flushes and exits.
    const second = startChild(port, data);
    await waitHealthy(port);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const counts = JSON.parse(await query(data, 'SELECT count() AS c, uniqExact(SpanId) AS u FROM llmscope.otel_traces'));
    const stored = new Set((await query(data, 'SELECT SpanId FROM llmscope.otel_traces')).trim().split('\n').map((l) => JSON.parse(l).SpanId as string));
    const missing = [...acked].filter((id) => !stored.has(id));
    console.log(`crash test: ${sent} spans sent, ${acked.size} acknowledged, ${counts.u} stored, ${counts.c - counts.u} duplicated, ${missing.length} acknowledged but missing`);
    expect(missing).toEqual([]);
    expect(counts.c).toBe(counts.u);
    // Calls too: one llm_calls row per GenAI span, no duplicates.
    const calls = JSON.parse(await query(data, 'SELECT count() AS c, uniqExact(span_id) AS u FROM llmscope.llm_calls'));
    expect(calls.c).toBe(calls.u);
    // Logs and metrics: every acknowledged record/point once.
    for (const [path, sql] of [
      ['/v1/logs', "SELECT Body AS id FROM llmscope.otel_logs WHERE ServiceName = 'crash'"],
      ['/v1/metrics', "SELECT Attributes['id'] AS id FROM llmscope.otel_metrics_sum WHERE ServiceName = 'crash'"],
    ] as const) {
      const rows = (await query(data, sql)).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).id as string);
      const ackedIds = ackedOther[path];
      expect(ackedIds.size, path).toBeGreaterThan(0);
      expect([...ackedIds].filter((id) => !rows.includes(id)), path).toEqual([]);
      expect(new Set(rows).size, path).toBe(rows.length);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
