/**
 * The forwarding queue (src/forward/queue.ts) on its own, on a real disk log: FIFO order, the bound
 * (oldest waiting dropped and counted, the batch in flight kept), restart with what was left, and
 * cost per request that stays flat however long the queue gets. And the transports' reading of
 * the downstream's "retry later": Retry-After (seconds or date) and gRPC google.rpc.RetryInfo.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ForwardQueue, type DropReason } from '../../src/forward/queue.ts';
import { parseRetryAfter } from '../../src/forward/transport-http.ts';
import { GrpcTransport, retryDelayMs } from '../../src/forward/transport-grpc.ts';
import { HttpTransport } from '../../src/forward/transport-http.ts';
import { createServer as createHttp2Server, type Http2Server } from 'node:http2';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { encodeStatusWithRetryInfo } from '../../src/server/grpc.ts';
import { encodeExportResponseProtobuf, encodeStatusProtobuf } from '../../src/otlp/response.ts';
import { readPartialSuccess } from '../../src/forward/partial-success.ts';

const root = mkdtempSync(join(tmpdir(), 'llmscope-fwd-queue-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

function open(maxBytes: number, dir = join(root, `q${n++}`)) {
  const drops: Array<[string, number, DropReason]> = [];
  return ForwardQueue.open({ dir, maxBytes, onDrop: (s, items, reason) => drops.push([s, items, reason]) }).then((q) => ({ q, drops, dir }));
}

const body = (i: number, bytes = 100) => {
  const b = new Uint8Array(bytes).fill(i % 251);
  b[0] = i & 0xff;
  b[1] = (i >> 8) & 0xff;
  return b;
};
const idOf = (b: Uint8Array) => b[0]! | (b[1]! << 8);

/** Appends reach disk in group commits of a few ms; only then are they handed out. */
const durable = () => new Promise((r) => setTimeout(r, 100));

describe('ForwardQueue', () => {
  it('hands requests out in order, in batches of one signal, and forgets what was released', async () => {
    const { q } = await open(1024 * 1024);
    q.push('traces', 3, body(1));
    q.push('traces', 4, body(2));
    q.push('logs', 5, body(3));
    await durable();
    const a = q.take(1024 * 1024, 100);
    expect(a.map((e) => [e.signal, e.items])).toEqual([['traces', 3], ['traces', 4]]);
    expect((await q.bodies(a)).map(idOf)).toEqual([1, 2]);
    await q.release(a);
    const b = q.take(1024 * 1024, 100);
    expect(b.map((e) => e.signal)).toEqual(['logs']);
    await q.release(b);
    expect(q.length).toBe(0);
    expect(q.queuedBytes).toBe(0);
    await q.close();
  });

  it('merges requests up to an item count, but a single larger request still goes alone', async () => {
    const { q } = await open(1024 * 1024);
    for (const items of [3000, 3000, 3000, 9000, 10]) q.push('traces', items, body(items));
    await durable();
    const sizes: number[][] = [];
    for (let b = q.take(1024 * 1024, 100, 8192); b.length; b = q.take(1024 * 1024, 100, 8192)) {
      sizes.push(b.map((e) => e.items));
      await q.release(b);
    }
    expect(sizes).toEqual([[3000, 3000], [3000], [9000], [10]]);
    await q.close();
  });

  it('at the bound drops the oldest waiting requests (never the batch in flight) and counts them', async () => {
    const { q, drops } = await open(1024 * 1024);
    const size = 100 * 1024;
    for (let i = 0; i < 5; i++) q.push('traces', 1, body(i, size));
    await durable();
    const inFlight = q.take(size, 1);
    expect((await q.bodies(inFlight)).map(idOf)).toEqual([0]);
    for (let i = 5; i < 20; i++) q.push('traces', 1, body(i, size));
    expect(q.queuedBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(drops.every(([, , r]) => r === 'queue_full')).toBe(true);
    expect(drops.length).toBe(20 - 10); // ten of 100 KiB fit in 1 MiB
    await durable();
    await q.release(inFlight);
    const rest = q.take(1024 * 1024, 100);
    expect((await q.bodies(rest)).map(idOf)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19]);
    q.push('traces', 1, body(99, 2 * 1024 * 1024));
    expect(drops.at(-1)).toEqual(['traces', 1, 'too_large']);
    await q.close();
  });

  it('keeps what was not released across a restart, in order, with signal and item counts', async () => {
    const first = await open(1024 * 1024);
    for (let i = 0; i < 6; i++) first.q.push(i % 2 ? 'metrics' : 'logs', i + 1, body(i));
    await durable();
    const gone = first.q.take(1024, 1);
    await first.q.release(gone);
    await first.q.close();
    const again = await open(1024 * 1024, first.dir);
    expect(again.q.length).toBe(5);
    const out: Array<[string, number, number]> = [];
    for (let b = again.q.take(1, 1); b.length; b = again.q.take(1, 1)) {
      out.push([b[0]!.signal, b[0]!.items, idOf((await again.q.bodies(b))[0]!)]);
      await again.q.release(b);
    }
    expect(out).toEqual([
      ['metrics', 2, 1],
      ['logs', 3, 2],
      ['metrics', 4, 3],
      ['logs', 5, 4],
      ['metrics', 6, 5],
    ]);
    await again.q.close();
  });

  it('costs the same per request with a long queue as with a short one (a downstream away for long)', async () => {
    // Pushes arrive as requests do: in bursts, with time between for the log's group commits (pushed
    // back to back, faster than any ingest, the log fills before dropped records are freed and
    // pushes fail as queue_failed instead). The median burst, not the total: a burst preempted on a
    // busy machine must not decide the test.
    const time = async (requests: number) => {
      const { q, drops } = await open(4 * 1024 * 1024);
      const bursts: number[] = [];
      for (let i = 0; i < requests; ) {
        const t0 = performance.now();
        for (const end = Math.min(requests, i + 200); i < end; i++) q.push('traces', 1, body(i, 1024)); // 4 MiB bound: drops from ~4k on
        bursts.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 25));
      }
      await q.close();
      expect(drops.every(([, , reason]) => reason === 'queue_full')).toBe(true);
      expect(drops.length).toBeGreaterThan(requests - 4096 - 200);
      bursts.sort((a, b) => a - b);
      return bursts[bursts.length >> 1]!;
    };
    await time(2000); // warm-up
    // Both runs pass the bound early and then drop one per push; what must not happen is a cost
    // that grows with how long the downstream has been away (tombstones, released seqs, segments).
    const short = await time(8_000);
    const long = await time(32_000);
    expect(long).toBeLessThan(short * 2.5);
  }, 60_000);
});

describe("the downstream's retry delay", () => {
  it('Retry-After: delay-seconds or an HTTP date; nothing for garbage', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('gRPC RetryInfo inside grpc-status-details-bin (as the collector itself sends it), and none without it', () => {
    expect(retryDelayMs(encodeStatusWithRetryInfo(14, 'busy', 3))).toBe(3000);
    expect(retryDelayMs(encodeStatusProtobuf(14, 'no details'))).toBeUndefined();
    expect(retryDelayMs(new Uint8Array([0xff, 0xff, 0xff]))).toBeUndefined();
  });
});

describe("the downstream's partial success", () => {
  it('reads rejected count and message (as the collector itself answers); nothing for empty, no-op or garbage answers', () => {
    expect(readPartialSuccess(encodeExportResponseProtobuf({ rejectedSpans: 3, errorMessage: 'over quota' }))).toEqual({ rejected: 3, message: 'over quota' });
    expect(readPartialSuccess(encodeExportResponseProtobuf({ rejectedSpans: 0, errorMessage: 'deprecated field' }))).toEqual({ rejected: 0, message: 'deprecated field' });
    expect(readPartialSuccess(encodeExportResponseProtobuf())).toBeUndefined();
    expect(readPartialSuccess(new Uint8Array([0x0a, 0x00]))).toBeUndefined();
    expect(readPartialSuccess(new Uint8Array([0x0a, 0x7f, 0x08]))).toBeUndefined();
  });
});

describe('--forward-compression gzip on the wire', () => {
  const request = Buffer.from('an encoded export request '.repeat(200));
  const listen = (server: Server | Http2Server) => new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));

  it('OTLP/HTTP: Content-Encoding gzip, the body gzip of the request', async () => {
    let seen: { encoding?: string; body: Buffer } | undefined;
    const server = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen = { encoding: req.headers['content-encoding'], body: Buffer.concat(chunks) };
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    const port = await listen(server);
    const t = new HttpTransport(`http://127.0.0.1:${port}`, {}, 'gzip');
    try {
      expect(await t.send('traces', [request.subarray(0, 100), request.subarray(100)], 5000)).toEqual({ kind: 'ok' });
      expect(seen!.encoding).toBe('gzip');
      expect(seen!.body.length).toBeLessThan(request.length / 4);
      expect(gunzipSync(seen!.body).equals(request)).toBe(true);
    } finally {
      t.close();
      server.close();
    }
  });

  it('OTLP/gRPC: grpc-encoding gzip and a compressed-flag frame whose payload is gzip of the request', async () => {
    let seen: { encoding?: string; flag: number; payload: Buffer } | undefined;
    const server = createHttp2Server();
    server.on('stream', (stream, headers) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const frame = Buffer.concat(chunks); // one length-prefixed message: flag, u32 length, payload
        seen = { encoding: headers['grpc-encoding'] as string | undefined, flag: frame[0]!, payload: frame.subarray(5, 5 + frame.readUInt32BE(1)) };
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(Buffer.from([0, 0, 0, 0, 0])); // an empty, uncompressed response message
      });
    });
    const port = await listen(server);
    const t = new GrpcTransport(`http://127.0.0.1:${port}`, {}, 'gzip');
    try {
      expect(await t.send('traces', [request], 5000)).toEqual({ kind: 'ok' });
      expect(seen!.encoding).toBe('gzip');
      expect(seen!.flag).toBe(1);
      expect(gunzipSync(seen!.payload).equals(request)).toBe(true);
    } finally {
      t.close();
      server.close();
    }
  });
});
