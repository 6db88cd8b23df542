/**
 * Forwarding end to end: real clients (OTel SDK-made protobuf bodies, the official OTLP proto
 * exporters) → the collector (write-ahead log on, embedded chdb) → --forward-otlp → a downstream
 * OTLP back end (test/support/otlp-sink.ts, a stand-in for the OpenTelemetry Collector) over
 * OTLP/HTTP and OTLP/gRPC. The sink fails, hangs, refuses and recovers: llmscope stores everything
 * it acknowledged, and everything reaches the sink exactly once or is counted as dropped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { startCollector, StartupError, type RunningCollector, type StartOptions } from '../../src/collector.ts';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { makePayloads } from '../../bench/support/payloads.ts';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.ts';
import { produceLogs, produceMetrics } from '../otlp/logs-metrics-fixture.ts';
import { startOtlpSink, type OtlpSink } from '../support/otlp-sink.ts';
import { resolveConfig } from '../../src/config.ts';
import { fixed64Field, hexBytes, lenField, message } from '../otlp/raw-proto.ts';

let dir: string;
let store: Store;
let sink: OtlpSink;
const DB = 'llmscope';

const { payloads } = makePayloads({ requests: 600, spansPerRequest: [5, 15], seed: 7 });
const idsOf = payloads.map((p) => decodeTraceRequestProtobuf(p).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.spanId))));
let nextPayload = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-forward-'));
  store = openStore({ dataDir: join(dir, 'store') });
  sink = await startOtlpSink();
}, 60_000);

afterAll(async () => {
  await sink?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

let runs = 0;
async function collector(o: Partial<StartOptions> = {}): Promise<RunningCollector> {
  const c = await startCollector({
    port: 0,
    store,
    dataDir: join(dir, `run-${runs++}`),
    scorers: [],
    logLevel: 'error',
    durability: 'wal',
    flushIntervalMs: 50,
    forwardOtlp: [sink.url],
    // Long enough that a loaded machine's sink answers in time (an answer after the timeout means the batch is sent again).
    forwardTimeoutMs: 5000,
    forwardBackoff: { baseMs: 20, maxMs: 100 },
    ...o,
  });
  await c.ready;
  return c;
}

/** Sends the next n SDK-made trace requests; returns the span ids acknowledged (all must be 200). */
async function sendTraces(c: RunningCollector, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let k = 0; k < n; k++) {
    const i = nextPayload++;
    if (i >= payloads.length) throw new Error('test payloads used up: each is sent once, so span ids are unique');
    const r = await fetch(`${c.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: payloads[i]! as Uint8Array<ArrayBuffer> });
    await r.arrayBuffer();
    expect(r.status).toBe(200);
    ids.push(...idsOf[i]!);
  }
  return ids;
}

async function until(cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function storedSpanIds(ids: readonly string[]): Promise<number> {
  const rows = await store.query<{ n: string }>(`SELECT count() AS n FROM ${DB}.otel_traces WHERE SpanId IN ({ids:Array(String)})`, { ids });
  return Number(rows[0]!.n);
}

async function metricsText(c: RunningCollector): Promise<string> {
  return (await fetch(`${c.url}/metrics`)).text();
}

function metricValue(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{')) continue;
    const labelText = line.slice(name.length, line.lastIndexOf('}') + 1);
    if (want.every((w) => labelText.includes(w))) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** How many times each id occurs in the sink. */
function occurrences(ids: readonly string[]): Map<string, number> {
  const wanted = new Set(ids);
  const m = new Map<string, number>();
  for (const id of sink.spanIds()) if (wanted.has(id)) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

function resetSink(): void {
  sink.mode = 'ok';
  sink.retryAfterSeconds = 0;
  sink.partial = null;
  sink.received.length = 0;
  sink.attempts = 0;
}

describe('forwarding over OTLP/HTTP', () => {
  it('delivers traces, logs and metrics as accepted, each exactly once, and counts them per destination and signal', async () => {
    resetSink();
    const c = await collector({ forwardHeaders: 'x-tenant=acme,authorization=Bearer%20t0k' });
    try {
      const ids = await sendTraces(c, 20);
      const logs = await produceLogs();
      const metrics = await produceMetrics('delta');
      for (const [signal, body] of [['logs', logs.protobuf], ['metrics', metrics.protobuf]] as const) {
        const r = await fetch(`${c.url}/v1/${signal}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: body as Uint8Array<ArrayBuffer> });
        expect(r.status).toBe(200);
      }
      await until(() => occurrences(ids).size === ids.length && sink.logBodies().length === logs.records.length && sink.metricPoints() > 0);
      expect([...occurrences(ids).values()].every((n) => n === 1)).toBe(true);
      await c.flush();
      expect(await storedSpanIds(ids)).toBe(ids.length);
      const http = sink.received.find((r) => r.signal === 'traces')!;
      expect(http.headers['x-tenant']).toBe('acme');
      expect(http.headers['authorization']).toBe('Bearer t0k');
      expect(http.headers['content-type']).toBe('application/x-protobuf');
      const m = await metricsText(c);
      const dest = { destination: sink.url };
      expect(metricValue(m, 'llmscope_forward_items_total', { ...dest, signal: 'traces' })).toBe(ids.length);
      expect(metricValue(m, 'llmscope_forward_items_total', { ...dest, signal: 'logs' })).toBe(logs.records.length);
      expect(metricValue(m, 'llmscope_forward_items_total', { ...dest, signal: 'metrics' })).toBe(sink.metricPoints());
      expect(metricValue(m, 'llmscope_forward_dropped_items_total', dest)).toBe(0);
    } finally {
      await c.close();
    }
  }, 60_000);

  it('a failing (503 + Retry-After), then hanging, then recovering sink: ingest answers at once, nothing lost, each span delivered once', async () => {
    resetSink();
    sink.mode = 'fail';
    const c = await collector({ forwardTimeoutMs: 1000 });
    try {
      const t0 = Date.now();
      const failing = await sendTraces(c, 15);
      await until(() => sink.attempts >= 2);
      sink.mode = 'hang';
      const attemptsBefore = sink.attempts;
      const hanging = await sendTraces(c, 15);
      // 30 requests acknowledged while the downstream fails and hangs: none waited on it.
      const ingestMs = Date.now() - t0;
      await until(() => sink.attempts > attemptsBefore + 1); // timed out (1 s) and retried
      expect(sink.received.length).toBe(0);
      await c.flush();
      const ids = [...failing, ...hanging];
      expect(await storedSpanIds(ids)).toBe(ids.length);
      sink.mode = 'ok';
      await until(() => occurrences(ids).size === ids.length);
      expect([...occurrences(ids).values()].every((n) => n === 1)).toBe(true);
      const m = await metricsText(c);
      expect(metricValue(m, 'llmscope_forward_items_total', { signal: 'traces' })).toBe(ids.length);
      expect(metricValue(m, 'llmscope_forward_retried_items_total', { signal: 'traces' })).toBeGreaterThan(0);
      expect(metricValue(m, 'llmscope_forward_dropped_items_total', {})).toBe(0);
      expect(metricValue(m, 'llmscope_forward_queue_requests', {})).toBe(0);
      expect(ingestMs).toBeLessThan(15_000);
    } finally {
      await c.close();
    }
  }, 60_000);

  it('honours Retry-After: no attempt before the delay the sink asked for', async () => {
    resetSink();
    sink.mode = 'fail';
    sink.retryAfterSeconds = 2;
    const c = await collector();
    try {
      const ids = await sendTraces(c, 1);
      await until(() => sink.attempts >= 1);
      const first = Date.now();
      sink.mode = 'ok';
      await until(() => occurrences(ids).size === ids.length, 10_000);
      // backoff alone would retry within 100 ms; the sink asked for 2 s
      expect(Date.now() - first).toBeGreaterThan(1500);
    } finally {
      await c.close();
    }
  }, 30_000);

  it('a sink that refuses (400) gets nothing more: the batch is dropped and counted, llmscope stores it all', async () => {
    resetSink();
    sink.mode = 'reject';
    const c = await collector();
    try {
      const ids = await sendTraces(c, 5);
      await c.flush();
      await until(async () => metricValue(await metricsText(c), 'llmscope_forward_dropped_items_total', { reason: 'rejected', signal: 'traces' }) === ids.length);
      expect(await storedSpanIds(ids)).toBe(ids.length);
      expect(sink.received.length).toBe(0);
    } finally {
      await c.close();
    }
  }, 30_000);

  it('a queue at its bound drops the oldest and counts it: delivered + dropped = accepted, none twice', async () => {
    resetSink();
    sink.mode = 'fail';
    // A 1 MiB batch takes the sink (protobufjs) a while to read: a longer timeout, so no answer comes
    // after it (OTLP has no idempotency key: a batch received but answered late is sent again).
    const c = await collector({ forwardMaxBytes: 1024 * 1024, forwardTimeoutMs: 10_000 });
    try {
      const ids: string[] = [];
      const droppedNow = async () => metricValue(await metricsText(c), 'llmscope_forward_dropped_items_total', { reason: 'queue_full' });
      // SDK payloads of ~10 spans (~4 KB) each until the 1 MiB queue overflows, then 30 more
      while ((await droppedNow()) === 0) ids.push(...(await sendTraces(c, 20)));
      ids.push(...(await sendTraces(c, 30)));
      await c.flush();
      expect(await storedSpanIds(ids)).toBe(ids.length);
      const before = await metricsText(c);
      const dropped = metricValue(before, 'llmscope_forward_dropped_items_total', { reason: 'queue_full', signal: 'traces' });
      expect(dropped).toBeGreaterThan(0);
      expect(metricValue(before, 'llmscope_forward_queue_bytes', {})).toBeLessThanOrEqual(1024 * 1024);
      sink.mode = 'ok';
      await until(async () => metricValue(await metricsText(c), 'llmscope_forward_queue_requests', {}) === 0);
      const occ = occurrences(ids);
      expect([...occ.values()].every((n) => n === 1)).toBe(true);
      expect(occ.size + dropped).toBe(ids.length);
      // Oldest first out: the dropped spans are one run of the oldest waiting ones (only the batch
      // in flight when the queue filled, at the very start, is older), and every newer one arrived.
      const lost = ids.map((id, i) => (occ.has(id) ? -1 : i)).filter((i) => i >= 0);
      expect(lost.length).toBe(dropped);
      expect(lost[lost.length - 1]! - lost[0]! + 1).toBe(lost.length);
      expect(lost[0]!).toBeLessThan(ids.length / 10);
    } finally {
      await c.close();
    }
  }, 90_000);

  it('a clean stop delivers what is queued to a healthy downstream before it returns', async () => {
    resetSink();
    const c = await collector();
    const ids = await sendTraces(c, 20);
    await c.close();
    expect(occurrences(ids).size).toBe(ids.length);
    expect([...occurrences(ids).values()].every((n) => n === 1)).toBe(true);
  }, 30_000);

  it('a restart with a non-empty queue delivers it', async () => {
    resetSink();
    sink.mode = 'fail';
    const dataDir = join(dir, 'restart');
    const first = await collector({ dataDir });
    const ids = await sendTraces(first, 10);
    await first.flush();
    await until(() => sink.attempts >= 1);
    await first.close();
    expect(sink.received.length).toBe(0);
    sink.mode = 'ok';
    const second = await collector({ dataDir });
    try {
      await until(() => occurrences(ids).size === ids.length);
      expect([...occurrences(ids).values()].every((n) => n === 1)).toBe(true);
      expect(await storedSpanIds(ids)).toBe(ids.length);
    } finally {
      await second.close();
    }
  }, 60_000);

  it('with --redact, what is forwarded is redacted: no secret reaches the downstream', async () => {
    resetSink();
    const EMAIL = 'jane.doe@example.com';
    const OPENAI = 'sk-proj-' + 'A1b2C3d4E5f6G7h8I9j0'.repeat(2);
    const c = await collector({ redact: ['pii', 'secrets'] });
    try {
      const tp = new TracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'redact-forward' }),
        spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${c.url}/v1/traces` }) })],
      });
      const span = tp.getTracer('t').startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'user.email': EMAIL, 'app.key': OPENAI } });
      span.end();
      await tp.forceFlush();
      await tp.shutdown();
      const lp = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'redact-forward' }), processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${c.url}/v1/logs` }) })] });
      lp.getLogger('l').emit({ body: `mail ${EMAIL} key ${OPENAI}`, attributes: { who: EMAIL } });
      await lp.shutdown();
      await until(() => sink.received.some((r) => r.signal === 'traces') && sink.received.some((r) => r.signal === 'logs'));
      const all = JSON.stringify(sink.received.map((r) => r.message));
      expect(all).not.toContain(EMAIL);
      expect(all).not.toContain(OPENAI);
      expect(all).toContain('[REDACTED');
      expect(sink.logBodies().join(' ')).toContain('mail ');
    } finally {
      await c.close();
    }
    trace.disable();
  }, 60_000);
});

describe('what is forwarded is what was accepted', () => {
  it('a span rejected as invalid, and a value cut by the limits, are not forwarded as sent', async () => {
    resetSink();
    const c = await collector();
    try {
      const now = BigInt(Date.now()) * 1_000_000n;
      const span = (traceId: string, spanId: string, name: string, value: string) =>
        message(2, lenField(1, hexBytes(traceId)), lenField(2, hexBytes(spanId)), lenField(5, name), fixed64Field(7, now), fixed64Field(8, now + 1000n), message(9, lenField(1, 'big'), message(2, lenField(1, value))));
      const huge = 'x'.repeat(1024 * 1024 + 10); // over the 1 Mi-character value limit (maxBodyBytes is 20 MiB)
      const body = message(1, message(2, span('0af7651916cd43dd8448eb211c80319c', '00f067aa0ba902b7', 'kept', huge), span('00000000000000000000000000000000', '00f067aa0ba902b8', 'invalid', 'v')));
      const r = await fetch(`${c.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: body as Uint8Array<ArrayBuffer> });
      expect(r.status).toBe(200);
      await until(() => sink.received.length > 0);
      await c.flush();
      const spans = sink.received.flatMap((x) => (x.message.resource_spans as Array<{ scope_spans: Array<{ spans: Array<{ name: string; attributes: Array<{ value: { string_value: string } }> }> }> }>).flatMap((rs) => rs.scope_spans.flatMap((ss) => ss.spans)));
      expect(spans.map((s) => s.name)).toEqual(['kept']);
      const stored = await store.query<{ n: string }>(`SELECT length(SpanAttributes['big']) AS n FROM ${DB}.otel_traces WHERE SpanId = '00f067aa0ba902b7'`);
      expect(spans[0]!.attributes[0]!.value.string_value.length).toBe(Number(stored[0]?.n ?? -1));
      expect(spans[0]!.attributes[0]!.value.string_value.length).toBeLessThan(huge.length);
    } finally {
      await c.close();
    }
  }, 30_000);
});

describe('forwarding over OTLP/gRPC', () => {
  it('delivers all three signals; fails, recovers, each span once', async () => {
    resetSink();
    const c = await collector({ forwardOtlp: [sink.grpcUrl], forwardProtocol: 'grpc', forwardHeaders: 'x-tenant=acme' });
    try {
      sink.mode = 'fail';
      const ids = await sendTraces(c, 10);
      const logs = await produceLogs();
      const metrics = await produceMetrics('cumulative');
      for (const [signal, body] of [['logs', logs.protobuf], ['metrics', metrics.protobuf]] as const) {
        const r = await fetch(`${c.url}/v1/${signal}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: body as Uint8Array<ArrayBuffer> });
        expect(r.status).toBe(200);
      }
      await until(() => sink.attempts >= 2);
      sink.mode = 'ok';
      await until(() => occurrences(ids).size === ids.length && sink.logBodies().length === logs.records.length && sink.metricPoints() > 0);
      expect([...occurrences(ids).values()].every((n) => n === 1)).toBe(true);
      expect(sink.received.every((r) => r.transport === 'grpc' && r.headers['x-tenant'] === 'acme')).toBe(true);
      const m = await metricsText(c);
      expect(metricValue(m, 'llmscope_forward_items_total', { signal: 'traces' })).toBe(ids.length);
      expect(metricValue(m, 'llmscope_forward_retried_items_total', {})).toBeGreaterThan(0);
    } finally {
      await c.close();
    }
  }, 60_000);
});

/** Per the OTLP spec a partial success is not retried: its rejected items are counted as dropped. */
async function partialSuccessCounted(o: Partial<StartOptions>): Promise<void> {
  resetSink();
  sink.partial = { rejected: 2, message: 'two spans over the quota' };
  const c = await collector(o);
  try {
    const ids = await sendTraces(c, 6);
    await c.flush();
    await until(async () => metricValue(await metricsText(c), 'llmscope_forward_queue_requests', {}) === 0);
    const text = await metricsText(c);
    const answered = sink.received.filter((r) => r.signal === 'traces').length;
    expect(answered).toBeGreaterThan(0);
    expect(sink.attempts).toBe(answered); // nothing sent twice
    expect(metricValue(text, 'llmscope_forward_dropped_items_total', { reason: 'rejected', signal: 'traces' })).toBe(2 * answered);
    expect(metricValue(text, 'llmscope_forward_items_total', { signal: 'traces' })).toBe(ids.length - 2 * answered);
    expect(metricValue(text, 'llmscope_forward_retried_items_total', { signal: 'traces' })).toBe(0);
    expect(await storedSpanIds(ids)).toBe(ids.length);
  } finally {
    await c.close();
  }
}

describe('--forward-compression gzip', () => {
  // grpc-js's server takes grpc-encoding off the metadata it shows: that the gRPC messages are
  // gzip-framed is checked on the wire in queue-and-transport.test.ts; here that they arrive whole.
  it.each([
    ['OTLP/HTTP', 'content-encoding', {}],
    ['OTLP/gRPC', null, { forwardProtocol: 'grpc' }],
  ] as const)('over %s: requests go out gzip-compressed and arrive whole, exactly once', async (_name, header, o) => {
    resetSink();
    const c = await collector({ forwardCompression: 'gzip', ...o, ...('forwardProtocol' in o ? { forwardOtlp: [sink.grpcUrl] } : {}) });
    try {
      const ids = await sendTraces(c, 8);
      await c.flush();
      await until(() => occurrences(ids).size === ids.length);
      expect([...occurrences(ids).values()].every((n) => n === 1)).toBe(true);
      expect(sink.received.length).toBeGreaterThan(0);
      if (header) expect(sink.received.every((r) => r.headers[header] === 'gzip')).toBe(true);
    } finally {
      await c.close();
    }
  }, 30_000);

  it('is off by default (as the OTel exporters) and a bad value stops the start', async () => {
    resetSink();
    const c = await collector();
    try {
      await sendTraces(c, 2);
      await c.flush();
      await until(() => sink.received.length > 0);
      expect(sink.received.every((r) => r.headers['content-encoding'] === undefined)).toBe(true);
    } finally {
      await c.close();
    }
    await expect(collector({ forwardCompression: 'br' })).rejects.toThrow(/--forward-compression: "br" must be none or gzip/);
  }, 30_000);
});

describe('a downstream partial success', () => {
  it('over OTLP/HTTP: the rejected items are counted as dropped, the rest as forwarded, nothing is retried', () => partialSuccessCounted({}), 30_000);
  it('over OTLP/gRPC: the same', () => partialSuccessCounted({ forwardOtlp: [sink.grpcUrl], forwardProtocol: 'grpc' }), 30_000);
});

describe('forwarding settings', () => {
  it('--forward-otlp is repeatable; headers, signals and protocol parse from flags and environment', () => {
    const { config } = resolveConfig(
      'collector',
      ['--forward-otlp', 'http://a:4318', '--forward-otlp=http://b:4318', '--forward-signals', 'traces,logs', '--forward-protocol', 'grpc'],
      { LLMSCOPE_FORWARD_OTLP: 'http://env:4318', LLMSCOPE_FORWARD_HEADERS: 'k=v' },
    );
    expect(config.forwardOtlp).toEqual(['http://a:4318', 'http://b:4318']);
    expect(config.forwardSignals).toEqual(['traces', 'logs']);
    expect(config.forwardProtocol).toBe('grpc');
    expect(config.forwardHeaders).toBe('k=v');
    expect(resolveConfig('collector', [], { LLMSCOPE_FORWARD_OTLP: 'http://x:1,http://y:2' }).config.forwardOtlp).toEqual(['http://x:1', 'http://y:2']);
  });

  it.each([
    [{ forwardOtlp: ['tempo:4318'] }, /--forward-otlp: "tempo:4318" must be an http/],
    [{ forwardOtlp: ['not a url'] }, /--forward-otlp: "not a url" is not a URL/],
    [{ forwardOtlp: ['http://u:p@h:1'] }, /carries credentials/],
    [{ forwardOtlp: ['http://h:1', 'http://h:1'] }, /given twice/],
    [{ forwardOtlp: ['http://h:1'], forwardProtocol: 'http/json' }, /--forward-protocol: "http\/json" must be http\/protobuf or grpc/],
    [{ forwardOtlp: ['http://h:1'], forwardSignals: ['traces', 'profiles'] }, /--forward-signals: unknown signal "profiles"/],
    [{ forwardOtlp: ['http://h:1'], forwardHeaders: 'novalue' }, /--forward-headers: "novalue" is not key=value/],
    [{ forwardOtlp: ['http://h:1'], forwardHeaders: 'bad key=v' }, /--forward-headers/],
    [{ forwardOtlp: ['http://h:1'], forwardHeaders: 'k=%E0%A4%A' }, /not valid percent-encoding/],
    [{ forwardOtlp: ['http://h:1'], forwardMaxBytes: 10 }, /--forward-max-bytes/],
  ] as const)('bad settings stop the start with a clear error: %j', async (o, message) => {
    const err = await startCollector({ port: 0, store, dataDir: join(dir, 'bad'), scorers: [], logLevel: 'error', ...(o as unknown as Partial<StartOptions>) }).then(
      (c) => c.close().then(() => null),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StartupError);
    expect((err as Error).message).toMatch(message);
  });
});
