import { mkdirSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import { makePayloads } from '../support/payloads.ts';
import { rowsFor } from './rows.ts';
const rss = () => { const s = readFileSync('/proc/self/status', 'utf8'); return +/RssAnon:\s+(\d+)/.exec(s)![1]! / 1024; };
const dir = mkdtempSync(join(tmpdir(), 'mem-'));
const { payloads } = makePayloads({ requests: 300, spansPerRequest: [200, 200], seed: 7 });
const rows = await rowsFor(payloads);
const tables = Object.entries(rows).map(([t, parts]) => [t, parts.map((p) => Buffer.from(p))] as const);
globalThis.gc?.();
const data = join(dir, 'data'); mkdirSync(data);
const st = new EmbeddedStore(data); await migrate(st, { database: 'llmscope' });
let peak = 0; const base = rss();
const iv = setInterval(() => { peak = Math.max(peak, rss()); }, 10);
const settings = JSON.parse(process.env.SET ?? '{}');
const B = +(process.env.B ?? 100); // requests per batch
const t0 = performance.now(); const c0 = process.cpuUsage();
for (let i = 0; i < 300; i += B) {
  const ps = tables.map(([t, parts]) => st.insertJsonEachRow(`llmscope.${t}`, parts.slice(i, i + B), { dedupToken: `${i}${t}`, settings }));
  if (process.env.PAR) await Promise.all(ps); else for (const p of ps) await p;
}
const c = process.cpuUsage(c0);
clearInterval(iv);
console.log(JSON.stringify(settings), 'B', B, 'base anon MB', base.toFixed(0), 'peak anon MB', peak.toFixed(0), 'after', rss().toFixed(0), 'ms', (performance.now() - t0).toFixed(0), 'cpu ms', ((c.user + c.system) / 1000).toFixed(0));
await st.close();
rmSync(dir, { recursive: true, force: true });
