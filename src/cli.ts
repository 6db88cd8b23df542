import { readFileSync } from 'node:fs';
import { ConfigError, helpFor, resolveConfig, type CollectorConfig } from './config.ts';
import { openStore } from './store/open.ts';
import { migrate } from './store/migrations.ts';
import { StoreError, type Store } from './store/store.ts';
import { BudgetFileError } from './alerts/budget-file.ts';
import { PriceOverrideError } from './pricing/overrides.ts';
import { readCollectorFile } from './query/collector-file.ts';
import { EVAL_USAGE } from './eval/usage.ts';
import { applyRuntimeV8Flags } from './startup/node-flags.ts';

const USAGE = `llmscope — OpenTelemetry-native LLM observability

Usage:
  llmscope collector [flags]          serve OTLP/HTTP (POST /v1/traces) and store into ClickHouse
  llmscope query "<SQL>" [flags]      run one statement, print JSONEachRow
  llmscope migrate [flags]            apply the schema (idempotent)
  llmscope score <kind> [--input F]   score JSONL (kind: toxicity | hallucination | readability | pii | prompt_injection | relevance)
  llmscope eval --dataset F --metrics bleu,chrf,…  offline evaluation into eval_runs / eval_results
  llmscope demo [--url U] [--minutes N]  send realistic GenAI demo traffic to a collector

  llmscope <command> --help           flags of a command
`;

type Command = 'collector' | 'query' | 'migrate' | 'score' | 'eval';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(pkg.version + '\n');
    return 0;
  }
  if (command === 'demo') return runDemoCommand(rest);
  if (!['collector', 'query', 'migrate', 'score', 'eval'].includes(command)) {
    process.stderr.write(`llmscope: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  const cmd = command as Command;
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${commandUsage(cmd)}\n\nFlags (flags win over environment variables):\n${helpFor(cmd)}\n`);
    return 0;
  }
  if (cmd === 'score') {
    const { runScore } = await import('./enrich/score-cli.ts');
    return runScore(rest);
  }
  const { config, positional } = resolveConfig(cmd, rest, process.env);
  if (cmd === 'collector') return runCollector(config, positional);
  if (cmd === 'migrate') return runMigrate(config, positional);
  if (cmd === 'eval') {
    const { runEvalCommand } = await import('./eval/cli.ts');
    return runEvalCommand(config, positional, openChecked);
  }
  return runQuery(config, positional);
}

function commandUsage(cmd: Command): string {
  switch (cmd) {
    case 'collector':
      return 'Usage: llmscope collector [flags]\nServes OTLP/HTTP on POST /v1/traces (protobuf or JSON, gzip) and GET /healthz; stores into ClickHouse.\nWithout --clickhouse-url it uses the embedded store in --data-dir. SIGTERM/SIGINT: stop accepting, flush, close, exit 0.';
    case 'query':
      return 'Usage: llmscope query "<SQL>" [flags]\nRuns one statement and prints the rows as JSONEachRow. While a collector runs on the data folder (<data-dir>/collector.json),\nor with --url, the statement goes through that collector, read-only (--key: an admin API key when it uses --api-keys);\notherwise it opens the store itself.';
    case 'migrate':
      return 'Usage: llmscope migrate [flags]\nApplies the schema to the store (idempotent; the collector also does this at start).';
    case 'eval':
      return EVAL_USAGE;
    case 'score':
      return 'Usage: llmscope score <toxicity|hallucination|readability|pii|prompt_injection|relevance> [--input FILE]\nReads JSONL (stdin by default), writes one JSONL result per input line, in order.';
  }
}

/** The collector could not start; its message is the one line printed. */
class StartupFailure extends Error {
  override name = 'StartupFailure';
}

async function runDemoCommand(argv: string[]): Promise<number> {
  const { DEMO_USAGE, parseDemoArgs, runDemo } = await import('./demo/send.ts');
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(DEMO_USAGE + '\n');
    return 0;
  }
  let options;
  try {
    options = parseDemoArgs(argv);
  } catch (e) {
    return usageError(`${e instanceof Error ? e.message : String(e)}\n\n${DEMO_USAGE}`);
  }
  const t0 = Date.now();
  const r = await runDemo(options);
  process.stdout.write(
    `sent ${r.traces} traces (${r.spans} spans, ${r.calls} GenAI calls) over the last ${options.minutes} minutes to ${options.url} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n` +
      `open the console: ${options.url}/\n`,
  );
  return 0;
}

function usageError(msg: string): number {
  process.stderr.write(`llmscope: ${msg}\n`);
  return 2;
}

async function openChecked(config: CollectorConfig): Promise<Store> {
  const store = openStore({
    clickhouseUrl: config.clickhouseUrl,
    clickhouseUser: config.clickhouseUser,
    clickhousePassword: config.clickhousePassword,
    dataDir: config.dataDir,
    cluster: config.cluster,
  });
  if (!(await store.ping().catch(() => false))) {
    await store.close().catch(() => undefined);
    throw new StoreError(
      config.clickhouseUrl
        ? `cannot reach ClickHouse at ${config.clickhouseUrl} (check --clickhouse-url, CLICKHOUSE_USER/CLICKHOUSE_PASSWORD)`
        : `the embedded store in ${config.dataDir} does not answer`,
    );
  }
  return store;
}

async function runQuery(config: CollectorConfig, positional: string[]): Promise<number> {
  if (positional.length !== 1) return usageError('query needs exactly one SQL argument: llmscope query "SELECT …"');
  // A collector running on this data folder holds the embedded store: ask it (read-only).
  if (!config.clickhouseUrl) {
    const url = config.url || readCollectorFile(config.dataDir)?.url;
    if (url) return queryThroughCollector(url, config.key, positional[0]!);
  }
  const store = await openChecked(config);
  try {
    const rows = await store.query(positional[0]!);
    let out = '';
    for (const r of rows) out += JSON.stringify(r) + '\n';
    process.stdout.write(out);
    return 0;
  } finally {
    await store.close();
  }
}

/** Runs one statement on a collector's /clickhouse/ endpoint and copies the JSONEachRow answer to stdout. */
async function queryThroughCollector(url: string, key: string, sql: string): Promise<number> {
  const target = new URL(url.replace(/\/$/, '') + '/clickhouse/');
  target.searchParams.set('default_format', 'JSONEachRow');
  target.searchParams.set('output_format_json_quote_64bit_integers', '0');
  let res: Response;
  try {
    res = await fetch(target, { method: 'POST', body: sql, headers: { 'content-type': 'text/plain; charset=UTF-8', ...(key ? { authorization: `Bearer ${key}` } : {}) } });
  } catch (e) {
    throw new StoreError(`cannot reach the collector at ${url}: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}`);
  }
  if (!res.ok) {
    process.stderr.write(`llmscope: ${(await res.text()).trim()}\n`);
    return 1;
  }
  // Stream the answer: a large result never sits whole in memory.
  if (res.body) for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) process.stdout.write(chunk);
  return 0;
}

async function runMigrate(config: CollectorConfig, positional: string[]): Promise<number> {
  if (positional.length) return usageError(`migrate takes no arguments (got "${positional.join(' ')}")`);
  const store = await openChecked(config);
  try {
    const r = await migrate(store, { database: config.database, cluster: config.cluster || undefined, ttlDays: config.ttlDays });
    process.stdout.write(JSON.stringify({ database: config.database, applied: r.applied, version: r.current }) + '\n');
    return 0;
  } finally {
    await store.close();
  }
}

async function runCollector(config: CollectorConfig, positional: string[]): Promise<number> {
  if (positional.length) return usageError(`collector takes no arguments (got "${positional.join(' ')}")`);
  const { startCollector, checkStartable } = await import('./collector.ts');
  applyRuntimeV8Flags();
  // Before the store is opened (seconds): a taken port or log folder is reported at once.
  await checkStartable(config).catch((e: unknown) => {
    throw new StartupFailure(e instanceof Error ? e.message : String(e));
  });
  const store = await openChecked(config);
  let c: Awaited<ReturnType<typeof startCollector>>;
  try {
    c = await startCollector({ ...config, store });
  } catch (e) {
    // Start-up failed (port in use, locked --wal-dir, a bad file): everything opened is closed so
    // the process exits now with one line and a non-zero code, and a supervisor restarts it.
    await store.close().catch(() => undefined);
    throw new StartupFailure(e instanceof Error ? e.message : String(e));
  }
  if (config.ui === 'on') process.stdout.write(`\n  llmscope console: ${c.url}/\n  send demo traffic: npm run demo${c.port === 4318 ? '' : ` -- --url ${c.url}`}\n\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await c.close();
  await store.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    // Let the process end on its own (chdb must not be torn down by process.exit()).
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof ConfigError || e instanceof StoreError || e instanceof BudgetFileError || e instanceof PriceOverrideError || e instanceof StartupFailure) process.stderr.write(`llmscope: ${e.message}\n`);
    else process.stderr.write(`llmscope: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = e instanceof ConfigError ? 2 : 1;
  },
);
