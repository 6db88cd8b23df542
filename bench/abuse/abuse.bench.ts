/**
 * Abuse bench (issue 16; not part of npm test). One collector (its own process, embedded store,
 * write-ahead log, all scorers, --redact pii,secrets) per run. Phases, each --seconds long:
 *   baseline            4 normal clients alone
 *   <payload class>     4 attackers sending that class in a loop + the same 4 normal clients
 *   rag                 4 clients sending RAG-shaped calls (contexts 20–200 KB, answers 1–20 KB)
 * For each phase: normal clients' requests, p50/p99 latency of their 200s, collector CPU ms per MB
 * of input it received, peak RSS; at the end, acknowledged = stored for the normal clients (their
 * span ids counted after a clean shutdown) and restarts (the collector must never have died).
 *
 *   npx node bench/abuse/abuse.bench.ts [--seconds 60] [--only resource,keys,...]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { cpuMsOf, freePort, repo, rssOf } from '../ingest/harness.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, only: { type: 'string', default: '' } } });
const SECONDS = Number(values.seconds);
const NOW = BigInt(Date.now()) * 1_000_000n;

// ---- payloads ---------------------------------------------------------------------------------

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}
const wrap = (field: number, body: Buffer) => Buffer.concat([varint((field << 3) | 2), varint(body.length), body]);
const str = (field: number, s: string) => wrap(field, Buffer.from(s));
const fixed64 = (field: number, v: bigint) => {
  const b = Buffer.alloc(9);
  b[0] = (field << 3) | 1;
  b.writeBigUInt64LE(v, 1);
  return b;
};
const protoRequest = (service: string, spans: Buffer) =>
  wrap(1, Buffer.concat([wrap(1, wrap(1, Buffer.concat([str(1, 'service.name'), wrap(2, str(1, service))]))), wrap(2, Buffer.concat([wrap(1, str(1, 'abuse')), spans]))]));
const idHex = (i: number, bytes: number) => Buffer.from(i.toString(16).padStart(bytes * 2, '0'), 'hex');
let attackSeq = 1;
const spanHead = () => {
  const i = attackSeq++;
  return Buffer.concat([wrap(1, idHex(i + 0x100000, 16)), wrap(2, idHex(i + 0x100000, 8)), str(5, 's'), fixed64(7, NOW), fixed64(8, NOW + 1000n)]);
};

function jsonCall(service: string, spanId: string, attrs: Record<string, string>): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: 'abuse' }, spans: [{ traceId: spanId.padStart(32, '0'), spanId, name: 'chat gpt-4o', kind: 3, startTimeUnixNano: String(NOW), endTimeUnixNano: String(NOW + 1_000_000n), attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: { stringValue: v } })) }] }],
      },
    ],
  });
}
const chat = (system: string, user: string, answer: string) => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o',
  'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: system }]),
  'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: user }] }]),
  'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: answer }], finish_reason: 'stop' }]),
});

interface Attack {
  name: string;
  contentType: string;
  gzip?: boolean;
  make: () => Buffer;
}

const ATTACKS: Attack[] = [
  {
    name: 'resource', // finding 2: 1 MB resource attribute + 600 spans (gzipped)
    contentType: 'application/x-protobuf',
    gzip: true,
    make: () => {
      const spans = Buffer.concat(Array.from({ length: 600 }, () => wrap(2, spanHead())));
      const res = wrap(1, Buffer.concat([wrap(1, Buffer.concat([str(1, 'service.name'), wrap(2, str(1, 'attacker'))])), wrap(1, Buffer.concat([str(1, 'huge'), wrap(2, str(1, 'a'.repeat(1 << 20)))]))]));
      return wrap(1, Buffer.concat([res, wrap(2, Buffer.concat([wrap(1, str(1, 'abuse')), spans]))]));
    },
  },
  {
    name: 'keys', // finding 6: one span with 2.5 M distinct attribute keys (~19 MiB)
    contentType: 'application/x-protobuf',
    make: () => {
      const n = 2_500_000;
      const kv = Buffer.allocUnsafe(n * 8);
      const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      for (let i = 0; i < n; i++) {
        const o = i * 8;
        kv[o] = 0x4a;
        kv[o + 1] = 6;
        kv[o + 2] = 0x0a;
        kv[o + 3] = 4;
        kv[o + 4] = A.charCodeAt(i & 63);
        kv[o + 5] = A.charCodeAt((i >> 6) & 63);
        kv[o + 6] = A.charCodeAt((i >> 12) & 63);
        kv[o + 7] = A.charCodeAt((i >> 18) & 63);
      }
      return protoRequest('attacker', wrap(2, Buffer.concat([spanHead(), kv])));
    },
  },
  {
    name: 'spans', // finding 6: 436,884 tiny spans
    contentType: 'application/x-protobuf',
    make: () => {
      const n = 436_884;
      const b = Buffer.allocUnsafe(n * 30);
      for (let i = 0; i < n; i++) {
        const o = i * 30;
        b[o] = 0x12;
        b[o + 1] = 28;
        b[o + 2] = 0x0a;
        b[o + 3] = 16;
        b.fill(0, o + 4, o + 20);
        b.writeUInt32BE(i + 1, o + 16);
        b[o + 20] = 0x12;
        b[o + 21] = 8;
        b.fill(0, o + 22, o + 30);
        b.writeUInt32BE(i + 1, o + 26);
      }
      return protoRequest('attacker', b);
    },
  },
  {
    name: 'deep-json', // finding 6: JSON nested 5 M levels inside an unknown field
    contentType: 'application/json',
    make: () => Buffer.from('{"resourceSpans":[],"x":' + '['.repeat(5_000_000) + ']'.repeat(5_000_000) + '}'),
  },
  {
    name: 'role-swap', // finding 1: "aaaa "×12000 as instructions and answer (120 KB, gzipped)
    contentType: 'application/json',
    gzip: true,
    make: () => Buffer.from(jsonCall('attacker', (attackSeq++ + 0x200000).toString(16).padStart(16, '0'), chat('aaaa '.repeat(12000), 'Summarise.', 'aaaa '.repeat(12000)))),
  },
  {
    name: 'pii', // finding 5: 1 MB of adversarial PII-like text as content
    contentType: 'application/json',
    make: () => {
      const t = ('1.1.1.1 a@b.co -----BEGIN PRIVATE KEY-----').repeat(24_000);
      return Buffer.from(jsonCall('attacker', (attackSeq++ + 0x300000).toString(16).padStart(16, '0'), chat('Be brief.', t, 'ok')));
    },
  },
];

// ---- the collector --------------------------------------------------------------------------

function start(port: number, data: string): ChildProcess {
  return spawn(
    process.execPath,
    ['bin/llmscope.js', 'collector', '--port', String(port), '--data-dir', data, '--log-level', 'error', '--redact', 'pii,secrets'],
    { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`${url}/healthz`).then((r) => r.json().then((b: { status?: string }) => b.status === 'ok'), () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('collector did not become healthy');
}

async function post(url: string, body: Buffer | string, contentType: string, gzip = false): Promise<number> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (gzip) headers['content-encoding'] = 'gzip';
  try {
    const r = await fetch(`${url}/v1/traces`, { method: 'POST', headers, body: body as BodyInit });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0;
  }
}

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]! : NaN);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-abuse-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = start(port, data);
  let died = false;
  child.on('exit', (code, signal) => {
    if (code !== 0) died = true;
    if (code !== 0) console.log(`collector exited: code ${code} signal ${signal}`);
  });
  await waitHealthy(url);
  const ackedNormal: string[] = [];
  let normalSeq = 0;
  const rows: string[] = [];

  async function phase(name: string, attack: Attack | null, rag = false): Promise<void> {
    const cpu0 = cpuMsOf(child.pid!);
    let peak = rssOf(child.pid!);
    let bytesIn = 0;
    const lat: number[] = [];
    const statuses = new Map<number, number>();
    const end = Date.now() + SECONDS * 1000;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(child.pid!))), 100);
    const normal = Array.from({ length: 4 }, async () => {
      while (Date.now() < end && !died) {
        const spanId = (++normalSeq).toString(16).padStart(16, '0');
        const body = rag
          ? jsonCall('rag', spanId, chat('Context: ' + 'The warehouse in Leeds ships orders within two days. '.repeat(Math.floor((20_000 + Math.random() * 180_000) / 54)), 'When will my order ship?', 'Orders ship within two days from Leeds. '.repeat(Math.floor((1_000 + Math.random() * 19_000) / 40))))
          : jsonCall('normal', spanId, chat('Be helpful.', 'Where is order 4411?', 'Order 4411 left Leeds on 12 March and arrives in two days.'));
        bytesIn += body.length;
        const t0 = performance.now();
        const s = await post(url, body, 'application/json');
        statuses.set(s, (statuses.get(s) ?? 0) + 1);
        if (s === 200) {
          lat.push(performance.now() - t0);
          if (!rag) ackedNormal.push(spanId);
        } else await new Promise((r) => setTimeout(r, 100));
      }
    });
    const attackers = attack
      ? Array.from({ length: 4 }, async () => {
          while (Date.now() < end && !died) {
            const raw = attack.make();
            const body = attack.gzip ? gzipSync(raw) : raw;
            bytesIn += raw.length;
            const s = await post(url, body, attack.contentType, attack.gzip);
            statuses.set(s, (statuses.get(s) ?? 0) + 1);
            if (s !== 200 && s !== 400) await new Promise((r) => setTimeout(r, 200));
          }
        })
      : [];
    await Promise.all([...normal, ...attackers]);
    clearInterval(sampler);
    const cpuMs = cpuMsOf(child.pid!) - cpu0;
    const mb = bytesIn / 1048576;
    const row = `${name.padEnd(10)} clients' 200s ${String(lat.length).padStart(6)}  p50 ${pct(lat, 50).toFixed(0).padStart(5)} ms  p99 ${pct(lat, 99).toFixed(0).padStart(6)} ms  input ${mb.toFixed(0).padStart(5)} MB  CPU ${(cpuMs / Math.max(mb, 1e-9)).toFixed(0).padStart(5)} ms/MB  peak RSS ${(peak / 1e6).toFixed(0).padStart(5)} MB  statuses ${JSON.stringify(Object.fromEntries(statuses))}${rag ? `  ${(lat.length / SECONDS).toFixed(1)} calls/s` : ''}`;
    rows.push(row);
    console.log(row);
  }

  const only = values.only ? new Set(values.only.split(',')) : null;
  await phase('baseline', null);
  for (const a of ATTACKS) if (!only || only.has(a.name)) await phase(a.name, a);
  if (!only || only.has('rag')) await phase('rag', null, true);

  // Clean shutdown, then count the normal clients' spans.
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const out = await new Promise<string>((resolve, reject) => {
    const q = spawn(process.execPath, ['bin/llmscope.js', 'query', "SELECT count() AS n, uniqExact(SpanId) AS d FROM llmscope.otel_traces WHERE ServiceName = 'normal' FORMAT JSONEachRow", '--data-dir', data], { cwd: repo });
    let o = '';
    q.stdout.on('data', (d) => (o += d));
    q.on('exit', (code) => (code === 0 ? resolve(o) : reject(new Error(`query exited ${code}`))));
  });
  const stored = JSON.parse(out.trim()) as { n: string | number; d: string | number };
  console.log(`normal clients: acknowledged ${ackedNormal.length} spans, stored ${stored.n} (distinct ${stored.d}); collector restarts/deaths: ${died ? 1 : 0}`);
  rmSync(dir, { recursive: true, force: true });
}

await main();
