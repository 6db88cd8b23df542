/**
 * The read side of the collector in one mount: the read engine for the store in use, the query
 * gate, the routes of src/api, and `<data-dir>/collector.json` while the collector listens.
 */
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { ApiKeyTable } from '../auth/api-keys.ts';
import type { CollectorConfig } from '../config.ts';
import type { Store } from '../store/store.ts';
import { EmbeddedStore } from '../store/embedded.ts';
import { ChdbReadEngine } from '../query/chdb-engine.ts';
import { HttpReadEngine } from '../query/http-engine.ts';
import { QueryGate } from '../query/gate.ts';
import { DEFAULT_READ_LIMITS, type ReadEngine, type ReadLimits } from '../query/read-engine.ts';
import { localUrl, removeCollectorFile, writeCollectorFile } from '../query/collector-file.ts';
import { mountReadApi } from './routes.ts';
import type { Registry } from '../server/prometheus.ts';
import type { PriceBook } from '../pricing/match.ts';

export const DASHBOARDS_DIR = fileURLToPath(new URL('../../dashboards', import.meta.url));

export interface ReadSide {
  engine: ReadEngine;
  gate: QueryGate;
  /** Called once the server listens: writes collector.json (embedded store only). */
  announce(url: string): void;
  close(): Promise<void>;
}

export function openReadEngine(store: Store, config: CollectorConfig, limits: ReadLimits): ReadEngine {
  if (store instanceof EmbeddedStore) return new ChdbReadEngine({ dataDir: store.dataDir, database: config.database, limits });
  if (!config.clickhouseUrl) throw new Error('a server store needs --clickhouse-url for reads');
  return new HttpReadEngine({ url: config.clickhouseUrl, username: config.clickhouseUser, password: config.clickhousePassword, database: config.database, limits });
}

export function mountReadSide(
  app: Hono,
  o: { store: Store; config: CollectorConfig; apiKeys: ApiKeyTable | null; secure: boolean; dashboardsDir?: string; metrics?: Registry; priceBook?: PriceBook },
): ReadSide {
  const limits: ReadLimits = { ...DEFAULT_READ_LIMITS, maxExecutionSeconds: Math.max(1, Math.round(o.config.queryTimeoutMs / 1000)) };
  const engine = openReadEngine(o.store, o.config, limits);
  const gate = new QueryGate(o.config.maxQueriesInFlight || 2, 64, o.config.queryTimeoutMs + 5000);
  if (o.metrics) registerReadMetrics(o.metrics, gate);
  mountReadApi(app, { engine, gate, apiKeys: o.apiKeys, database: o.config.database, dashboardsDir: o.dashboardsDir ?? DASHBOARDS_DIR, secure: o.secure, limits, priceBook: o.priceBook });
  let announced = false;
  const embedded = o.store instanceof EmbeddedStore;
  return {
    engine,
    gate,
    announce(url) {
      if (!embedded) return;
      writeCollectorFile((o.store as EmbeddedStore).dataDir, { url: localUrl(url), pid: process.pid, started_at: new Date().toISOString() });
      announced = true;
    },
    async close() {
      if (announced) removeCollectorFile((o.store as EmbeddedStore).dataDir);
      await engine.close();
    },
  };
}

/** Read-side series in /metrics: queries by outcome, in flight, waiting, and their duration. */
function registerReadMetrics(r: Registry, gate: QueryGate): void {
  r.counter<'result'>({
    name: 'llmscope_read_queries_total',
    help: 'Read queries (console, read API, /clickhouse/) by result: ok, error, refused (too many waiting)',
    labelNames: ['result'],
    collect: (m) => {
      m.set({ result: 'ok' }, gate.stats.ok);
      m.set({ result: 'error' }, gate.stats.errors);
      m.set({ result: 'refused' }, gate.refused);
    },
  });
  r.gauge({ name: 'llmscope_read_queries_running', help: 'Read queries running now', collect: (m) => m.set(gate.running) });
  r.gauge({ name: 'llmscope_read_queries_waiting', help: 'Read queries waiting for a slot', collect: (m) => m.set(gate.waiting) });
  let seen = 0;
  r.histogram({
    name: 'llmscope_read_query_duration_seconds',
    help: 'Time a read query ran (waiting excluded)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    collect: (h) => {
      const total = gate.stats.ok + gate.stats.errors;
      const fresh = Math.min(total - seen, gate.stats.recentMs.length);
      for (let i = gate.stats.recentMs.length - fresh; i < gate.stats.recentMs.length; i++) h.observe(gate.stats.recentMs[i]! / 1000);
      seen = total;
    },
  });
}
