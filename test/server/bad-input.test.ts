/** Bad input gets the right status and a message; valid requests around it are stored; the server lives on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { makePayloads } from '../../bench/support/payloads.ts';

let c: RunningCollector;
let dir: string;
const { payloads } = makePayloads({ requests: 6, spansPerRequest: [10, 10], seed: 3 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-bad-'));
  c = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'error', maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await c?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(body: Uint8Array | string, headers: Record<string, string>) {
  const r = await fetch(`${c.url}/v1/traces`, { method: "POST", headers, body: body as BodyInit });
  const buf = new Uint8Array(await r.arrayBuffer());
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: new TextDecoder().decode(buf), retryAfter: r.headers.get('retry-after') };
}
const proto = { 'content-type': 'application/x-protobuf' };
const json = { 'content-type': 'application/json' };

function validJsonSpan(traceId: string, spanId: string, startNs: bigint) {
  return {
    traceId,
    spanId,
    name: 'ok-span',
    kind: 1,
    startTimeUnixNano: startNs.toString(),
    endTimeUnixNano: (startNs + 1000n).toString(),
  };
}
function jsonRequest(spans: object[]) {
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bad-input' } }] }, scopeSpans: [{ scope: { name: 's' }, spans }] }] });
}
const now = BigInt(Date.now()) * 1_000_000n;

describe('bad input', () => {
  it('answers each kind of bad request with the right status and a message, and stores the valid ones around them', async () => {
    expect((await post(payloads[0]!, proto)).status).toBe(200);

    const truncated = await post(payloads[1]!.subarray(0, Math.floor(payloads[1]!.length / 2)), proto);
    expect(truncated.status).toBe(400);
    expect(truncated.type).toBe('application/x-protobuf');
    expect(truncated.text).toMatch(/malformed protobuf/);

    const random = await post(new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256)), proto);
    expect(random.status).toBe(400);

    const badJson = await post('{"resourceSpans": [', json);
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.text)).toMatchObject({ code: 3, message: expect.stringMatching(/malformed JSON/) });

    const wrongType = await post('hello', { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    expect(JSON.parse(wrongType.text).message).toMatch(/unsupported Content-Type "text\/plain"/);

    const oversize = await post(new Uint8Array(200 * 1024), proto);
    expect(oversize.status).toBe(413);
    expect(oversize.text).toMatch(/exceeds/);

    // A gzip bomb stops at the same limit after decompression.
    const bomb = await post(gzipSync(Buffer.alloc(1024 * 1024)), { ...proto, 'content-encoding': 'gzip' });
    expect(bomb.status).toBe(413);

    const badGzip = await post(new Uint8Array([1, 2, 3, 4]), { ...proto, 'content-encoding': 'gzip' });
    expect(badGzip.status).toBe(400);

    expect((await post(gzipSync(payloads[2]!), { ...proto, 'content-encoding': 'gzip' })).status).toBe(200);

    // Spans with missing ids or absurd times are rejected one by one (partial success); the rest are kept.
    const mixed = await post(
      jsonRequest([
        validJsonSpan('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', now),
        validJsonSpan('', 'b7ad6b7169203332', now),
        validJsonSpan('0af7651916cd43dd8448eb211c80319c', '', now),
        validJsonSpan('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203334', 5n),
        { ...validJsonSpan('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203335', now), endTimeUnixNano: '1' },
      ]),
      json,
    );
    expect(mixed.status).toBe(200);
    const partial = JSON.parse(mixed.text).partialSuccess;
    expect(partial.rejectedSpans).toBe('4');
    expect(partial.errorMessage).toMatch(/4 spans rejected/);

    expect((await post(payloads[3]!, proto)).status).toBe(200);
    await c.flush();
    const [r] = await c.store.query<{ c: number }>("SELECT count() AS c FROM llmscope.otel_traces WHERE ServiceName = 'bench-svc'");
    expect(Number(r!.c)).toBe(30);
    const kept = await c.store.query<{ SpanId: string }>("SELECT SpanId FROM llmscope.otel_traces WHERE ServiceName = 'bad-input'");
    expect(kept.map((k) => k.SpanId)).toEqual(['b7ad6b7169203331']);
    expect(c.counters.spansRejected.invalid_span).toBe(4);
  });

  for (const route of ['logs', 'metrics'] as const) {
    it(`/v1/${route}: each kind of bad request gets the right status and message; valid items around them are stored`, async () => {
      const send = async (body: Uint8Array | string, headers: Record<string, string>) => {
        const r = await fetch(`${c.url}/v1/${route}`, { method: 'POST', headers, body: body as BodyInit });
        return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
      };
      const service = `bad-${route}`;
      const resource = { attributes: [{ key: 'service.name', value: { stringValue: service } }] };
      const items = (times: bigint[], ids: string[] = []) =>
        route === 'logs'
          ? { resourceLogs: [{ resource, scopeLogs: [{ logRecords: times.map((t, i) => ({ timeUnixNano: t.toString(), body: { stringValue: `r${i}` }, traceId: ids[i] ?? '' })) }] }] }
          : { resourceMetrics: [{ resource, scopeMetrics: [{ metrics: [{ name: 'm', gauge: { dataPoints: times.map((t, i) => ({ timeUnixNano: t.toString(), asDouble: i })) } }] }] }] };

      const truncated = await send(Uint8Array.of(0x0a, 0x05, 0x0a, 0x03), proto);
      expect(truncated.status).toBe(400);
      expect(truncated.type).toBe('application/x-protobuf');
      expect(truncated.text).toMatch(route === 'logs' ? /malformed protobuf ExportLogsServiceRequest/ : /malformed protobuf ExportMetricsServiceRequest/);
      const random = await send(new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256)), proto);
      expect(random.status).toBe(400);
      const badJson = await send(`{"resource${route === 'logs' ? 'Logs' : 'Metrics'}": [`, json);
      expect(badJson.status).toBe(400);
      expect(JSON.parse(badJson.text)).toMatchObject({ code: 3, message: expect.stringMatching(/malformed JSON/) });
      const wrongShape = await send(`{"resource${route === 'logs' ? 'Logs' : 'Metrics'}": 7}`, json);
      expect(wrongShape.status).toBe(400);
      expect((await send('hello', { 'content-type': 'text/plain' })).status).toBe(415);
      expect((await send(new Uint8Array(200 * 1024), proto)).status).toBe(413);
      expect((await send(gzipSync(Buffer.alloc(1024 * 1024)), { ...proto, 'content-encoding': 'gzip' })).status).toBe(413);
      expect((await send(Uint8Array.of(1, 2, 3), { ...proto, 'content-encoding': 'gzip' })).status).toBe(400);
      expect((await send('{}', { ...json, 'content-encoding': 'br' })).status).toBe(400);

      // Items with absurd times (or, for logs, a malformed trace id) are rejected one by one.
      const mixed = await send(
        gzipSync(JSON.stringify(items([now, 5n, now + 10n ** 15n * 1000n, now + 1n], ['', '', '', 'zz']))),
        { ...json, 'content-encoding': 'gzip' },
      );
      expect(mixed.status).toBe(200);
      const partial = JSON.parse(mixed.text).partialSuccess;
      const field = route === 'logs' ? 'rejectedLogRecords' : 'rejectedDataPoints';
      expect(partial[field]).toBe(route === 'logs' ? '3' : '2');
      expect(partial.errorMessage).toMatch(route === 'logs' ? /3 log records rejected: invalid trace_id \(1\), time before 2000 \(1\), time more than 1 day in the future \(1\)/ : /2 data points rejected: time before 2000 \(1\), time more than 1 day in the future \(1\)/);
      expect((await send(JSON.stringify(items([now + 2n])), json)).status).toBe(200);
      await c.flush();
      const table = route === 'logs' ? 'otel_logs' : 'otel_metrics_gauge';
      const [n] = await c.store.query<{ c: number }>(`SELECT count() AS c FROM llmscope.${table} WHERE ServiceName = '${service}'`);
      expect(Number(n!.c)).toBe(route === 'logs' ? 2 : 3);
      expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
    });
  }

  it('sheds load with 429 + Retry-After when too many requests are in progress, and stores what it accepted', async () => {
    const small = await startCollector({ port: 0, store: c.store, walDir: join(dir, 'wal-small'), scorers: [], logLevel: 'error', maxRequestsInFlight: 1 });
    try {
      const { payloads: burst } = makePayloads({ requests: 12, spansPerRequest: [50, 50], seed: 77 });
      const results = await Promise.all(
        burst.map((p) => fetch(`${small.url}/v1/traces`, { method: 'POST', headers: proto, body: p as Uint8Array<ArrayBuffer> }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.arrayBuffer() }))),
      );
      const ok = results.filter((r) => r.status === 200).length;
      const shed = results.filter((r) => r.status === 429);
      expect(ok).toBeGreaterThanOrEqual(1);
      expect(shed.length).toBeGreaterThanOrEqual(1);
      expect(ok + shed.length).toBe(12);
      expect(shed.every((r) => r.retryAfter === '1')).toBe(true);
      expect(small.counters.shedRequests).toBe(shed.length);
      await small.flush();
      const [n] = await c.store.query<{ c: number }>("SELECT count() AS c FROM llmscope.otel_traces WHERE ServiceName = 'bench-svc'");
      expect(Number(n!.c)).toBe(30 + ok * 50);
    } finally {
      await small.close();
    }
  });

  it('reports health and unknown routes clearly', async () => {
    const h = await fetch(`${c.url}/healthz`);
    expect(h.status).toBe(200);
    expect(await h.json()).toMatchObject({ status: 'ok', store: 'embedded' });
    const nf = await fetch(`${c.url}/v1/nothing`);
    expect(nf.status).toBe(404);
    const get = await fetch(`${c.url}/v1/traces`);
    expect(get.status).toBe(404);
  });
});
