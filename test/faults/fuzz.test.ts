/**
 * Fuzzing the real collector over HTTP: a few thousand mutated protobuf/JSON/gzip payloads
 * (deterministic seed), with valid requests carrying unique span ids interleaved. Every answer
 * must be 200/400/413/415/429/503 with a body (a 200 protobuf ExportTraceServiceResponse may be the
 * empty message), nothing may hang or crash, and every valid span must be stored exactly once.
 * Mutants include well-formed requests with hostile values (negative or huge token counts, NaN,
 * wrong types, control characters), which must be stored without ClickHouse refusing the batch.
 * The long version is bench/fuzz/fuzz.bench.ts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { createLogger } from '../../src/log.ts';
import { runFuzz } from '../support/otlp-fuzz.ts';

const MAX_BODY = 1024 * 1024;
const VALID_SERVICE = 'llmscope-fuzz-valid';
let collector: RunningCollector;
let dir: string;
/** Warnings and errors the collector logged (insert failures show up here). */
const logged: string[] = [];
const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref())]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-fuzz-'));
  const logger = createLogger('warn', (line) => void (logged.length < 20 && logged.push(line.slice(0, 400))));
  collector = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logger, maxBodyBytes: MAX_BODY });
});

afterAll(async () => {
  // Bounded: a writer stuck retrying a refused batch would otherwise never close.
  if (collector) await withTimeout(collector.close(), 20_000);
  rmSync(dir, { recursive: true, force: true });
});

it('answers thousands of mutated requests correctly and stores every valid span exactly once', async () => {
  const seed = Number(process.env.LLMSCOPE_FUZZ_SEED ?? 20240611);
  const report = await runFuzz({
    url: collector.url,
    seed,
    inputs: 5000,
    validEvery: 9,
    concurrency: 8,
    oversizeBytes: 2 * MAX_BODY,
    timeoutMs: 15_000,
    validService: VALID_SERVICE,
  });
  console.log(
    `fuzz seed ${seed}: ${report.inputs} inputs (${report.mutants} mutants, ${report.validRequests} valid requests / ${report.validSpans} spans, ` +
      `${report.validRetries} retries) in ${report.ms.toFixed(0)} ms; status ${JSON.stringify(report.byStatus)}; failures ${report.failures}`,
  );
  expect(report.failureSamples).toEqual([]);
  expect(report.failures).toBe(0);
  expect(report.inputs).toBe(5000);
  expect(report.validRequests).toBe(500);
  // Every family of mutants reached the server and got one of the allowed answers.
  for (const kind of ['semantic-proto', 'semantic-json', 'proto-bitflip', 'proto-huge-length', 'proto-deep', 'json-text', 'json-deep', 'wrong-content-type', 'gzip-garbage', 'gzip-bomb', 'too-large']) {
    expect(Object.keys(report.byKind), kind).toContain(kind);
  }
  expect(report.byKind['proto-deep']!['400']).toBeGreaterThan(0);
  expect(report.byKind['gzip-bomb']).toEqual({ 413: report.byKind['gzip-bomb']!['413'] });
  expect(report.byKind['too-large']).toEqual({ 413: report.byKind['too-large']!['413'] });
  expect(report.byKind['wrong-content-type']!['415']).toBeGreaterThan(0);

  // Nothing the collector accepted may be refused by ClickHouse (a refused batch is retried forever
  // and blocks every batch behind it), so flushing must finish, without insert errors.
  const flushed = await withTimeout(collector.flush(), 20_000);
  expect({ flushed, insertErrors: collector.writer.stats.insertErrors, logged }).toEqual({ flushed: undefined, insertErrors: 0, logged: [] });
  // The server is still healthy, and the valid spans are all stored, once each.
  expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
  const rows = await collector.store.query<{ n: string; distinct_ids: string }>(
    `SELECT count() AS n, count(DISTINCT SpanId) AS distinct_ids FROM llmscope.otel_traces WHERE ServiceName = {svc:String}`,
    { svc: VALID_SERVICE },
  );
  expect(Number(rows[0]!.n)).toBe(report.validSpans);
  expect(Number(rows[0]!.distinct_ids)).toBe(report.validSpans);
});
