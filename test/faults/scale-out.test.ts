/**
 * Scale-out: three collector processes (server backend) share one store — the chdb-backed
 * ClickHouse-HTTP TEST STAND-IN (test/support/clickhouse-http-standin.ts; no ClickHouse server can
 * run here) — with one budgets file, each with its own write-ahead log, and traffic spread over the
 * three. The lease leader is SIGKILLed mid-run and restarted. Expected: every acknowledged span
 * stored exactly once, every budget threshold notified exactly once (a webhook receiver counts),
 * the lease moving to another replica when the leader dies, migrations recorded once. Measured and
 * printed: failover time (kill → another replica holds the lease) and the lease's cost in
 * statements per minute per replica (counted by a small proxy in front of the stand-in).
 */
import { expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePayloads } from '../../bench/support/payloads.ts';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.ts';
import { freePort } from '../../bench/ingest/harness.ts';
import { ClickHouseHttpStandin } from '../support/clickhouse-http-standin.ts';
import { ServerStore } from '../../src/store/server.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { startHttpReceiver } from '../alerts/helpers.ts';

const repo = new URL('../../', import.meta.url).pathname;
const LEASE_TTL_MS = 3000;
const THRESHOLDS = [0.2, 0.4, 0.6, 0.8, 1];

/** A counting proxy per replica in front of the stand-in: how many statements touch the leases table. */
async function leaseCounter(target: string): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const t = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = decodeURIComponent(req.url ?? '') + (body.length < 65_536 ? body.toString('utf8') : '');
      if (/\bllmscope\.leases\b/.test(text) && !/CREATE TABLE/.test(text)) n++;
      const up = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: () => n,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

interface Replica {
  port: number;
  data: string;
  proxy: Awaited<ReturnType<typeof leaseCounter>>;
  child?: ChildProcess;
  exited?: Promise<number | null>;
  /** ms alive, for the cost per minute. */
  aliveMs: number;
  since: number;
}

function start(r: Replica, budgets: string): void {
  const child = spawn(
    process.execPath,
    [
      'bin/llmscope.js', 'collector', '--port', String(r.port), '--grpc-port', '0', '--data-dir', r.data,
      '--clickhouse-url', r.proxy.url, '--budgets', budgets, '--budget-interval', '250ms', '--lease-ttl', `${LEASE_TTL_MS}ms`,
      '--scorers=', '--log-level', process.env.SCALE_LOG ?? 'error', '--flush-interval', '150ms', '--batch-rows', '2000',
    ],
    { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  r.child = child;
  r.since = Date.now();
  r.exited = new Promise((res) => child.on('exit', (code) => res(code)));
}

async function waitHealthy(port: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(async (r) => (await r.text(), r.ok), () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`collector on ${port} did not become healthy`);
}

async function until<T>(what: string, f: () => Promise<T | undefined | null | false>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('three replicas, one store: acknowledged spans once, thresholds once, the lease moves when the leader is killed', { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-scale-'));
  const standin = new ClickHouseHttpStandin({ dataDir: join(dir, 'clickhouse') });
  await standin.start();
  const db = new ServerStore({ url: standin.url });
  const hook = await startHttpReceiver();
  const replicas: Replica[] = [];
  try {
    const { payloads } = makePayloads({ requests: 240, spansPerRequest: [5, 20], seed: 15 });
    const decoded = payloads.map((p) => decodeTraceRequestProtobuf(p).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)));
    const idsOf = decoded.map((spans) => spans.map((s) => s.spanId));
    const tokensOf = decoded.map((spans) =>
      spans.reduce((sum, s) => {
        return sum + Number(s.attributes['gen_ai.usage.input_tokens'] ?? 0) + Number(s.attributes['gen_ai.usage.output_tokens'] ?? 0);
      }, 0),
    );
    const total = tokensOf.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0);
    // The limit sits a little below the total, so every threshold is crossed even if a request is lost to the kill.
    const budgets = join(dir, 'budgets.yaml');
    writeFileSync(
      budgets,
      `budgets:\n  - name: fleet\n    metric: tokens\n    limit: ${Math.floor(total * 0.9)}\n    period: day\n    thresholds: [${THRESHOLDS.join(', ')}]\n    notify: [hook]\n` +
        `channels:\n  hook: { type: webhook, url: "${hook.url}/hook" }\n`,
    );

    for (let i = 0; i < 3; i++) {
      replicas.push({ port: await freePort(), data: join(dir, `replica-${i}`), proxy: await leaseCounter(standin.url), aliveMs: 0, since: 0 });
    }
    // All three start at once: migrations race.
    for (const r of replicas) start(r, budgets);
    await Promise.all(replicas.map((r) => waitHealthy(r.port)));

    const acked = new Set<string>();
    let next = 0;
    const send = async (upTo: number) => {
      await Promise.all(
        Array.from({ length: 3 }, async () => {
          while (next < upTo) {
            const i = next++;
            // Like a load balancer: a replica that refuses the connection (down) is skipped. A request
            // cut off mid-way is not retried (it may be in the dead replica's log) and not acknowledged.
            for (let k = 0; k < replicas.length; k++) {
              const r = replicas[(i + k) % replicas.length]!;
              try {
                const res = await fetch(`http://127.0.0.1:${r.port}/v1/traces`, {
                  method: 'POST',
                  headers: { 'content-type': 'application/x-protobuf' },
                  body: payloads[i]! as Uint8Array<ArrayBuffer>,
                });
                await res.arrayBuffer();
                if (res.status === 200) for (const id of idsOf[i]!) acked.add(id);
                break;
              } catch (e) {
                if ((e as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') break;
              }
            }
          }
        }),
      );
    };

    // Phase 1: 45 % of the traffic crosses 0.2 and 0.4; the leader notifies them.
    await send(Math.floor(payloads.length * 0.45));
    const delivered = () => hook.ok('/hook');
    /** What the store holds when a wait times out (the lease, the notification state, the spend). */
    const diagnose = async (e: unknown): Promise<never> => {
      const diag = {
        leases: await db.query('SELECT token, holder, expires_at FROM llmscope.leases ORDER BY token DESC LIMIT 3'),
        notifications: await db.query('SELECT threshold, status, attempts, last_error, fencing_token FROM llmscope.budget_notifications FINAL'),
        spent: await db.query('SELECT sum(input_tokens + output_tokens) AS t, count() AS n FROM llmscope.llm_calls'),
        delivered: delivered().map((g) => g.body.threshold),
      };
      throw new Error(`${String(e)}: ${JSON.stringify(diag)}`);
    };
    await until('thresholds 0.2 and 0.4', async () => delivered().length >= 2, 20_000).catch(diagnose);

    const leaseNow = async () =>
      (await db.query<{ token: number; holder: string; exp: number }>(
        'SELECT token, holder, toUnixTimestamp64Milli(expires_at) AS exp FROM llmscope.leases ORDER BY token DESC LIMIT 1',
      ))[0]!;
    const before = await leaseNow();
    const leader = replicas.find((r) => before.holder.split(':')[1] === String(r.child!.pid));
    expect(leader, `leader ${before.holder} is one of the replicas`).toBeDefined();

    // Kill the leader mid-run, with traffic still flowing to all three.
    const traffic = send(payloads.length);
    await new Promise((r) => setTimeout(r, 100));
    const killedAt = Date.now();
    leader!.child!.kill('SIGKILL');
    await leader!.exited;
    leader!.aliveMs += Date.now() - leader!.since;
    const after = await until(
      'another replica to take the lease',
      async () => {
        const l = await leaseNow();
        return l.holder !== before.holder && l.exp > Date.now() ? l : null;
      },
      LEASE_TTL_MS * 5,
    );
    const failoverMs = Date.now() - killedAt;
    expect(after.token).toBeGreaterThan(before.token);
    expect(replicas.some((r) => r !== leader && after.holder.split(':')[1] === String(r.child!.pid))).toBe(true);
    await traffic;

    // The killed replica restarts on its own write-ahead log; what it acknowledged is replayed.
    start(leader!, budgets);
    await waitHealthy(leader!.port);
    await until('every threshold', async () => delivered().length >= THRESHOLDS.length, 30_000).catch(diagnose);
    // A few more evaluation intervals on every replica: nothing is sent again.
    await new Promise((r) => setTimeout(r, 1500));

    // Graceful stop: flush and exit 0 (the leader releases its lease).
    for (const r of replicas) {
      r.child!.kill('SIGTERM');
      expect(await r.exited).toBe(0);
      r.aliveMs += Date.now() - r.since;
    }

    // Every threshold exactly once, the later ones from the new leader with a higher fencing token.
    const got = delivered();
    expect(got.map((g) => g.body.threshold).sort((a: number, b: number) => a - b)).toEqual(THRESHOLDS);
    expect(new Set(got.map((g) => g.headers['idempotency-key'])).size).toBe(THRESHOLDS.length);
    for (const g of got) expect(Number(g.headers['x-llmscope-fencing-token'])).toBe(g.body.fencing_token);
    expect(hook.requests.length).toBe(THRESHOLDS.length);
    const late = got.filter((g) => g.body.threshold > 0.4);
    expect(Math.min(...late.map((g) => g.body.fencing_token as number))).toBeGreaterThan(before.token);

    // Every acknowledged span stored exactly once.
    const [c] = await db.query<{ c: number; u: number }>('SELECT count() AS c, uniqExact(SpanId) AS u FROM llmscope.otel_traces');
    const stored = new Set((await db.query<{ id: string }>('SELECT SpanId AS id FROM llmscope.otel_traces')).map((r) => r.id));
    const missing = [...acked].filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    expect(Number(c!.c)).toBe(Number(c!.u));
    // Migrations recorded once though three replicas raced.
    const versions = await db.query<{ version: number; n: number }>('SELECT version, count() AS n FROM llmscope.schema_migrations GROUP BY version ORDER BY version');
    expect(versions.map((v) => [Number(v.version), Number(v.n)])).toEqual(MIGRATIONS.map((m) => [m.version, 1]));

    const cost = replicas.map((r) => ((r.proxy.count() * 60_000) / r.aliveMs).toFixed(1));
    console.log(
      `scale-out: ${acked.size} spans acknowledged and stored once over 3 replicas; failover ${failoverMs} ms (lease TTL ${LEASE_TTL_MS} ms, tick ${Math.floor(LEASE_TTL_MS / 3)} ms); ` +
        `lease statements per minute per replica: ${cost.join(', ')} (one tick per TTL/3: at the default 30 s TTL, a tenth of these)`,
    );
  } finally {
    for (const r of replicas) if (r.child && r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await Promise.all(replicas.map((r) => r.exited));
    for (const r of replicas) await r.proxy.close();
    await hook.close();
    await db.close();
    await standin.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
