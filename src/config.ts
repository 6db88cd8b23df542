/**
 * Every collector setting, once: flag, environment variable, default and help text. The CLI
 * parser, `--help` and the README's configuration table are all generated from this list.
 */
export interface Setting {
  key: keyof CollectorConfig;
  flag: string;
  env?: string;
  type: 'string' | 'int' | 'number' | 'duration' | 'list' | 'bool';
  default: string | number | boolean | string[];
  help: string;
  /** Commands the setting applies to. */
  commands: ReadonlyArray<'collector' | 'query' | 'migrate' | 'score' | 'eval'>;
  /** A list flag that may be given more than once (each adds to the list). */
  repeatable?: boolean;
}

export interface CollectorConfig {
  port: number;
  grpcPort: number;
  host: string;
  dataDir: string;
  clickhouseUrl: string;
  clickhouseUser: string;
  clickhousePassword: string;
  database: string;
  cluster: string;
  ttlDays: number;
  maxBodyBytes: number;
  batchRows: number;
  flushIntervalMs: number;
  eventWaitMs: number;
  maxQueueRows: number;
  maxRequestsInFlight: number;
  minBodyRate: number;
  publicHealth: boolean;
  judgeUrl: string;
  judgeModel: string;
  judgeApiKey: string;
  judgeSampleRate: number;
  judgeConcurrency: number;
  judgeRps: number;
  judgeCriteria: string[];
  prices: string;
  budgets: string;
  budgetIntervalMs: number;
  leaseTtlMs: number;
  changesIntervalMs: number;
  changesWindowMs: number;
  changesReferenceMs: number;
  changesNotify: string[];
  drift: string;
  driftIntervalMs: number;
  driftRecentMs: number;
  driftReferenceMs: number;
  driftPsiThreshold: number;
  driftKsThreshold: number;
  driftMinCalls: number;
  driftMaxGroups: number;
  scorers: string[];
  redact: string[];
  scorerThreads: number;
  logLevel: string;
  durability: string;
  walDir: string;
  walMaxBytes: number;
  apiKeys: string;
  tlsCert: string;
  tlsKey: string;
  ui: string;
  queryTimeoutMs: number;
  maxQueriesInFlight: number;
  url: string;
  key: string;
  forwardOtlp: string[];
  forwardHeaders: string;
  forwardSignals: string[];
  forwardProtocol: string;
  forwardCompression: string;
  forwardMaxBytes: number;
  forwardTimeoutMs: number;
  evalDataset: string;
  evalMetrics: string[];
  evalName: string;
  evalPromptName: string;
  evalPromptVersion: string;
  evalModel: string;
  evalCallUrl: string;
  evalCallCmd: string;
  evalFromCalls: string;
  evalLimit: number;
  evalConcurrency: number;
  evalRougeStemmer: boolean;
}

const STORE: Setting['commands'] = ['collector', 'query', 'migrate', 'eval'];

export const SETTINGS: readonly Setting[] = [
  { key: 'port', flag: '--port', env: 'LLMSCOPE_PORT', type: 'int', default: 4318, help: 'HTTP port for OTLP/HTTP and the API', commands: ['collector'] },
  { key: 'grpcPort', flag: '--grpc-port', env: 'LLMSCOPE_GRPC_PORT', type: 'int', default: 4317, help: 'port for OTLP/gRPC (traces, metrics, logs); 0 = off', commands: ['collector'] },
  { key: 'host', flag: '--host', env: 'LLMSCOPE_HOST', type: 'string', default: '127.0.0.1', help: 'interface to listen on (0.0.0.0 for all)', commands: ['collector'] },
  { key: 'dataDir', flag: '--data-dir', env: 'LLMSCOPE_DATA_DIR', type: 'string', default: './.llmscope', help: 'data folder of the embedded store (chdb)', commands: STORE },
  { key: 'clickhouseUrl', flag: '--clickhouse-url', env: 'CLICKHOUSE_URL', type: 'string', default: '', help: 'ClickHouse server URL (http://host:8123); empty = embedded store', commands: STORE },
  { key: 'clickhouseUser', flag: '--clickhouse-user', env: 'CLICKHOUSE_USER', type: 'string', default: 'default', help: 'ClickHouse user', commands: STORE },
  { key: 'clickhousePassword', flag: '--clickhouse-password', env: 'CLICKHOUSE_PASSWORD', type: 'string', default: '', help: 'ClickHouse password', commands: STORE },
  { key: 'database', flag: '--database', env: 'CLICKHOUSE_DATABASE', type: 'string', default: 'llmscope', help: 'ClickHouse database', commands: STORE },
  { key: 'cluster', flag: '--cluster', env: 'LLMSCOPE_CLUSTER', type: 'string', default: '', help: 'ClickHouse cluster name: ON CLUSTER DDL, Replicated + Distributed tables', commands: ['collector', 'migrate'] },
  { key: 'ttlDays', flag: '--ttl-days', env: 'LLMSCOPE_TTL_DAYS', type: 'int', default: 0, help: 'retention in days applied when tables are created (0 = forever)', commands: ['collector', 'migrate'] },
  { key: 'maxBodyBytes', flag: '--max-body-bytes', env: 'LLMSCOPE_MAX_BODY_BYTES', type: 'int', default: 20 * 1024 * 1024, help: 'largest accepted request body, after decompression (larger: 413)', commands: ['collector'] },
  { key: 'batchRows', flag: '--batch-rows', env: 'LLMSCOPE_BATCH_ROWS', type: 'int', default: 20_000, help: 'flush a batch when one table has this many rows …', commands: ['collector'] },
  { key: 'eventWaitMs', flag: '--event-wait', env: 'LLMSCOPE_EVENT_WAIT', type: 'duration', default: 30_000, help: 'longest a GenAI call waits for content sent as events (log records) before it is stored with what is there', commands: ['collector'] },
  { key: 'flushIntervalMs', flag: '--flush-interval', env: 'LLMSCOPE_FLUSH_INTERVAL', type: 'duration', default: 1000, help: '… or after this long (e.g. 1s, 500ms)', commands: ['collector'] },
  { key: 'maxQueueRows', flag: '--max-queue-rows', env: 'LLMSCOPE_MAX_QUEUE_ROWS', type: 'int', default: 50_000, help: 'rows held in memory (beyond it: spill to the write-ahead log, or 503 + Retry-After in memory mode)', commands: ['collector'] },
  { key: 'maxRequestsInFlight', flag: '--max-requests-in-flight', env: 'LLMSCOPE_MAX_REQUESTS_IN_FLIGHT', type: 'int', default: 8, help: 'requests processed at once; more get 429 + Retry-After before their body is read', commands: ['collector'] },
  { key: 'minBodyRate', flag: '--min-body-rate', env: 'LLMSCOPE_MIN_BODY_RATE', type: 'int', default: 16 * 1024, help: 'bytes/s a request body must arrive at after its first 0.5 s, else 408 and its slot is freed (0 = no minimum)', commands: ['collector'] },
  { key: 'prices', flag: '--prices', env: 'LLMSCOPE_PRICES', type: 'string', default: '', help: 'price override file (YAML or JSON)', commands: ['collector'] },
  { key: 'budgets', flag: '--budgets', env: 'LLMSCOPE_BUDGETS', type: 'string', default: '', help: 'token-budget file (YAML or JSON)', commands: ['collector'] },
  { key: 'budgetIntervalMs', flag: '--budget-interval', env: 'LLMSCOPE_BUDGET_INTERVAL', type: 'duration', default: 60_000, help: 'how often budgets are evaluated', commands: ['collector'] },
  { key: 'leaseTtlMs', flag: '--lease-ttl', env: 'LLMSCOPE_LEASE_TTL', type: 'duration', default: 30_000, help: 'replicas: one at a time runs budgets and other periodic work under a lease in ClickHouse; a dead leader is replaced after this', commands: ['collector'] },
  { key: 'changesIntervalMs', flag: '--changes-interval', env: 'LLMSCOPE_CHANGES_INTERVAL', type: 'duration', default: 300_000, help: 'API-change monitoring: how often calls are checked for a moved model alias, new fingerprint, error or deprecation (0 = off)', commands: ['collector'] },
  { key: 'changesWindowMs', flag: '--changes-window', env: 'LLMSCOPE_CHANGES_WINDOW', type: 'duration', default: 3_600_000, help: 'API-change monitoring: recent window tested for latency and output-token steps', commands: ['collector'] },
  { key: 'changesReferenceMs', flag: '--changes-reference', env: 'LLMSCOPE_CHANGES_REFERENCE', type: 'duration', default: 7 * 86_400_000, help: 'API-change monitoring: the period before the window that it is compared with', commands: ['collector'] },
  { key: 'changesNotify', flag: '--changes-notify', env: 'LLMSCOPE_CHANGES_NOTIFY', type: 'list', default: [], help: 'API-change monitoring: channels (defined in the --budgets file) told of every change', commands: ['collector'] },
  // Drift (src/drift/): the recent window against the reference window before it, per service, model and prompt version.
  { key: 'drift', flag: '--drift', env: 'LLMSCOPE_DRIFT', type: 'string', default: '', help: 'drift alert rules file (`drift:` rules and `channels:`, as in the budgets file, which may hold them too)', commands: ['collector'] },
  { key: 'driftIntervalMs', flag: '--drift-interval', env: 'LLMSCOPE_DRIFT_INTERVAL', type: 'duration', default: 300_000, help: 'how often drift looks for a newly closed window (0 = drift off)', commands: ['collector'] },
  { key: 'driftRecentMs', flag: '--drift-recent', env: 'LLMSCOPE_DRIFT_RECENT', type: 'duration', default: 3_600_000, help: 'drift: the recent window (windows end at multiples of it, UTC)', commands: ['collector'] },
  { key: 'driftReferenceMs', flag: '--drift-reference', env: 'LLMSCOPE_DRIFT_REFERENCE', type: 'duration', default: 7 * 24 * 3_600_000, help: 'drift: the reference window, just before the recent one (168h = 7 days)', commands: ['collector'] },
  { key: 'driftPsiThreshold', flag: '--drift-psi-threshold', env: 'LLMSCOPE_DRIFT_PSI_THRESHOLD', type: 'number', default: 0.2, help: 'drift: PSI at or above this is drift (categorical features: language, refusal, tool_calls, topic)', commands: ['collector'] },
  { key: 'driftKsThreshold', flag: '--drift-ks-threshold', env: 'LLMSCOPE_DRIFT_KS_THRESHOLD', type: 'number', default: 0.1, help: 'drift: KS D at or above this (and p < 0.01) is drift (continuous features: lengths, tokens, scores)', commands: ['collector'] },
  { key: 'driftMinCalls', flag: '--drift-min-calls', env: 'LLMSCOPE_DRIFT_MIN_CALLS', type: 'int', default: 30, help: 'drift: fewest calls (observations of a feature) in each window to compare', commands: ['collector'] },
  { key: 'driftMaxGroups', flag: '--drift-max-groups', env: 'LLMSCOPE_DRIFT_MAX_GROUPS', type: 'int', default: 200, help: 'drift: most (service, model, prompt version) groups compared per project per window, busiest first; the rest are counted and logged', commands: ['collector'] },
  { key: 'scorers', flag: '--scorers', env: 'LLMSCOPE_SCORERS', type: 'list', default: ['toxicity', 'hallucination', 'readability', 'pii', 'prompt_injection', 'relevance'], help: 'quality scorers for calls with captured content (empty = none)', commands: ['collector'] },
  { key: 'scorerThreads', flag: '--scorer-threads', env: 'LLMSCOPE_SCORER_THREADS', type: 'int', default: 1, help: 'worker threads that run the scorers', commands: ['collector'] },
  { key: 'redact', flag: '--redact', env: 'LLMSCOPE_REDACT', type: 'list', default: [], help: 'redact before storage: pii, secrets', commands: ['collector'] },
  { key: 'durability', flag: '--durability', env: 'LLMSCOPE_DURABILITY', type: 'string', default: 'wal', help: 'wal: a 200 means logged to disk first (survives crashes); memory: faster, lost on a crash', commands: ['collector'] },
  { key: 'walDir', flag: '--wal-dir', env: 'LLMSCOPE_WAL_DIR', type: 'string', default: '', help: 'write-ahead log folder (default: <data-dir>/wal)', commands: ['collector'] },
  { key: 'walMaxBytes', flag: '--wal-max-bytes', env: 'LLMSCOPE_WAL_MAX_BYTES', type: 'int', default: 1024 * 1024 * 1024, help: 'write-ahead log size bound; when full, requests get 503 + Retry-After', commands: ['collector'] },
  { key: 'apiKeys', flag: '--api-keys', env: 'LLMSCOPE_API_KEYS', type: 'string', default: '', help: 'API keys file (key hash → project); set = every request needs a key', commands: ['collector'] },
  { key: 'judgeUrl', flag: '--judge-url', env: 'LLMSCOPE_JUDGE_URL', type: 'string', default: '', help: 'LLM judge: base URL of an OpenAI-compatible API (…/v1); empty = no judge', commands: ['collector', 'eval'] },
  { key: 'judgeModel', flag: '--judge-model', env: 'LLMSCOPE_JUDGE_MODEL', type: 'string', default: '', help: 'LLM judge: model name (required with --judge-url)', commands: ['collector', 'eval'] },
  { key: 'judgeApiKey', flag: '--judge-api-key', env: 'LLMSCOPE_JUDGE_API_KEY', type: 'string', default: '', help: 'LLM judge: bearer token', commands: ['collector', 'eval'] },
  { key: 'judgeSampleRate', flag: '--judge-sample-rate', env: 'LLMSCOPE_JUDGE_SAMPLE_RATE', type: 'number', default: 1, help: 'LLM judge: share of calls judged, 0–1 (deterministic per span id)', commands: ['collector'] },
  { key: 'judgeConcurrency', flag: '--judge-concurrency', env: 'LLMSCOPE_JUDGE_CONCURRENCY', type: 'int', default: 4, help: 'LLM judge: requests in flight', commands: ['collector'] },
  { key: 'judgeRps', flag: '--judge-rps', env: 'LLMSCOPE_JUDGE_RPS', type: 'number', default: 5, help: 'LLM judge: requests per second (0 = unlimited)', commands: ['collector'] },
  { key: 'judgeCriteria', flag: '--judge-criteria', env: 'LLMSCOPE_JUDGE_CRITERIA', type: 'list', default: ['hallucination', 'toxicity', 'relevance'], help: 'LLM judge: criteria (hallucination, toxicity, relevance)', commands: ['collector'] },
  { key: 'publicHealth', flag: '--public-health', env: 'LLMSCOPE_PUBLIC_HEALTH', type: 'bool', default: false, help: 'with --api-keys: GET /healthz without a key (load balancers) answers only {"status": …}', commands: ['collector'] },
  { key: 'tlsCert', flag: '--tls-cert', env: 'LLMSCOPE_TLS_CERT', type: 'string', default: '', help: 'PEM certificate: serve HTTPS', commands: ['collector'] },
  { key: 'tlsKey', flag: '--tls-key', env: 'LLMSCOPE_TLS_KEY', type: 'string', default: '', help: 'PEM private key for --tls-cert', commands: ['collector'] },
  { key: 'ui', flag: '--ui', env: 'LLMSCOPE_UI', type: 'string', default: 'on', help: 'serve the console (dashboards, calls, traces, budgets) at GET /: on | off', commands: ['collector'] },
  { key: 'logLevel', flag: '--log-level', env: 'LLMSCOPE_LOG_LEVEL', type: 'string', default: 'info', help: 'debug | info | warn | error', commands: ['collector'] },
  // Forwarding to downstream OTLP back ends (src/forward/), checked at start (forward/settings.ts).
  { key: 'forwardOtlp', flag: '--forward-otlp', env: 'LLMSCOPE_FORWARD_OTLP', type: 'list', default: [], repeatable: true, help: 'also send what is accepted (after --redact) to this OTLP back end; repeatable. Base URL as OTEL_EXPORTER_OTLP_ENDPOINT (http://tempo:4318 → /v1/traces…; gRPC: http://host:4317)', commands: ['collector'] },
  { key: 'forwardHeaders', flag: '--forward-headers', env: 'LLMSCOPE_FORWARD_HEADERS', type: 'string', default: '', help: 'headers for every forward destination: key=value,… (values percent-encoded, as OTEL_EXPORTER_OTLP_HEADERS)', commands: ['collector'] },
  { key: 'forwardSignals', flag: '--forward-signals', env: 'LLMSCOPE_FORWARD_SIGNALS', type: 'list', default: ['traces', 'metrics', 'logs'], help: 'signals to forward: traces, metrics, logs', commands: ['collector'] },
  { key: 'forwardProtocol', flag: '--forward-protocol', env: 'LLMSCOPE_FORWARD_PROTOCOL', type: 'string', default: 'http/protobuf', help: 'http/protobuf | grpc', commands: ['collector'] },
  { key: 'forwardCompression', flag: '--forward-compression', env: 'LLMSCOPE_FORWARD_COMPRESSION', type: 'string', default: 'none', help: 'none | gzip (as OTEL_EXPORTER_OTLP_COMPRESSION): compress forwarded requests, trading CPU for bandwidth', commands: ['collector'] },
  { key: 'forwardMaxBytes', flag: '--forward-max-bytes', env: 'LLMSCOPE_FORWARD_MAX_BYTES', type: 'int', default: 256 * 1024 * 1024, help: 'disk queue bound per destination (<data-dir>/forward/); when full, the oldest waiting requests are dropped and counted', commands: ['collector'] },
  { key: 'forwardTimeoutMs', flag: '--forward-timeout', env: 'LLMSCOPE_FORWARD_TIMEOUT', type: 'duration', default: 10_000, help: 'longest wait for a destination to answer one export (then retried with backoff)', commands: ['collector'] },
  // Reads through the collector (console, /api/v1/query, /clickhouse/, `llmscope query` while it runs).
  { key: 'queryTimeoutMs', flag: '--query-timeout', env: 'LLMSCOPE_QUERY_TIMEOUT', type: 'duration', default: 30_000, help: 'longest a read query may run (max_execution_time)', commands: ['collector'] },
  { key: 'maxQueriesInFlight', flag: '--max-queries-in-flight', env: 'LLMSCOPE_MAX_QUERIES_IN_FLIGHT', type: 'int', default: 2, help: 'read queries run at once (more wait, then 429); keep below the 4 libuv threads ingest also uses', commands: ['collector'] },
  { key: 'url', flag: '--url', env: 'LLMSCOPE_URL', type: 'string', default: '', help: 'query/eval through a running collector at this URL (default: the one in <data-dir>/collector.json, else open the store)', commands: ['query', 'eval'] },
  { key: 'key', flag: '--key', env: 'LLMSCOPE_API_KEY', type: 'string', default: '', help: 'API key for --url (query and eval --from-calls: role admin; eval otherwise: ingest or admin)', commands: ['query', 'eval'] },
  // llmscope eval (src/eval/)
  { key: 'evalDataset', flag: '--dataset', type: 'string', default: '', help: 'JSONL file, one item a line: prediction and references (or input, with --call-url/--call-cmd)', commands: ['eval'] },
  { key: 'evalMetrics', flag: '--metrics', type: 'list', default: ['bleu', 'chrf', 'rougeL'], help: 'bleu, chrf, ter, rouge1, rouge2, rougeL, rougeLsum, exact, perplexity, judge:<criterion>', commands: ['eval'] },
  { key: 'evalName', flag: '--name', type: 'string', default: '', help: 'run name (default: the dataset file name)', commands: ['eval'] },
  { key: 'evalPromptName', flag: '--prompt-name', type: 'string', default: '', help: 'prompt name recorded with the run', commands: ['eval'] },
  { key: 'evalPromptVersion', flag: '--prompt-version', type: 'string', default: '', help: 'prompt version recorded with the run', commands: ['eval'] },
  { key: 'evalModel', flag: '--model', type: 'string', default: '', help: 'model recorded with the run (default: what --call-url answers, or the stored calls\' model)', commands: ['eval'] },
  { key: 'evalCallUrl', flag: '--call-url', type: 'string', default: '', help: 'items without a prediction: POST {"input"} here, read {"prediction"} (optional "logprobs", "model")', commands: ['eval'] },
  { key: 'evalCallCmd', flag: '--call-cmd', type: 'string', default: '', help: 'items without a prediction: run this shell command with {"input"} on stdin; stdout is the prediction', commands: ['eval'] },
  { key: 'evalFromCalls', flag: '--from-calls', type: 'string', default: '', help: 'evaluate stored calls that got a reference answer as feedback ({"reference": …}); value: an SQL condition on llm_calls, e.g. "prompt_version = \'v2\'" (true = all)', commands: ['eval'] },
  { key: 'evalLimit', flag: '--limit', type: 'int', default: 10_000, help: 'most stored calls --from-calls evaluates (newest first)', commands: ['eval'] },
  { key: 'evalConcurrency', flag: '--concurrency', type: 'int', default: 4, help: 'items predicted or judged at once', commands: ['eval'] },
  { key: 'evalRougeStemmer', flag: '--rouge-stemmer', type: 'bool', default: false, help: 'ROUGE: Porter-stem tokens longer than 3 characters (rouge-score use_stemmer=True)', commands: ['eval'] },
];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseDuration(s: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(s.trim());
  if (!m) throw new ConfigError(`${what}: "${s}" is not a duration (e.g. 500ms, 1s, 5m, 7d)`);
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  return Math.round(n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : unit === 'h' ? 3_600_000 : 86_400_000));
}

function convert(s: Setting, raw: string, source: string): string | number | boolean | string[] {
  switch (s.type) {
    case 'int': {
      if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${source}: "${raw}" is not a non-negative integer`);
      return Number(raw);
    }
    case 'number': {
      if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(raw.trim())) throw new ConfigError(`${source}: "${raw}" is not a number`);
      return Number(raw);
    }
    case 'duration':
      return parseDuration(raw, source);
    case 'list':
      return raw
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
    case 'bool':
      return raw === '' || raw === 'true' || raw === '1';
    default:
      return raw;
  }
}

/** The options that are set, without the ones left undefined (they keep their defaults). */
export function withoutUndefined<T extends object>(o: T, skip: ReadonlySet<string> = new Set()): Partial<T> {
  const out: Partial<T> = {};
  for (const k in o) if (o[k] !== undefined && !skip.has(k)) out[k] = o[k];
  return out;
}

export function defaults(): CollectorConfig {
  const c = {} as Record<string, unknown>;
  for (const s of SETTINGS) c[s.key] = Array.isArray(s.default) ? [...s.default] : s.default;
  return c as unknown as CollectorConfig;
}

/**
 * Resolves settings for one command: defaults, then environment, then flags (flags win).
 * Returns the config and the positional arguments; unknown flags are errors.
 */
export function resolveConfig(
  command: Setting['commands'][number],
  argv: readonly string[],
  env: Record<string, string | undefined>,
): { config: CollectorConfig; positional: string[] } {
  const config = defaults() as unknown as Record<string, unknown>;
  const applicable = SETTINGS.filter((s) => s.commands.includes(command));
  for (const s of applicable) {
    const v = s.env ? env[s.env] : undefined;
    if (v !== undefined && v !== '') config[s.key] = convert(s, v, s.env!);
  }
  const positional: string[] = [];
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(0, eq) : a;
    const s = applicable.find((x) => x.flag === name);
    if (!s) throw new ConfigError(`unknown flag ${name} for "llmscope ${command}" (see llmscope ${command} --help)`);
    let value: string;
    if (eq >= 0) value = a.slice(eq + 1);
    else if (s.type === 'bool') value = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new ConfigError(`flag ${name} needs a value`);
      value = next;
      i++;
    }
    const v = convert(s, value, name);
    // A repeated list flag adds to what its earlier occurrences gave (and replaces the environment's).
    config[s.key] = s.repeatable && given.has(s.key) ? [...(config[s.key] as string[]), ...(v as string[])] : v;
    given.add(s.key);
  }
  const c = config as unknown as CollectorConfig;
  if (c.port > 65535) throw new ConfigError(`--port: ${c.port} is not a valid port`);
  if (c.ui !== 'on' && c.ui !== 'off') throw new ConfigError(`--ui: "${c.ui}" must be on or off`);
  if (c.durability !== 'wal' && c.durability !== 'memory') throw new ConfigError(`--durability: "${c.durability}" must be wal or memory`);
  if (!c.tlsCert !== !c.tlsKey) throw new ConfigError('--tls-cert and --tls-key go together');
  for (const r of c.redact) if (r !== 'pii' && r !== 'secrets') throw new ConfigError(`--redact: unknown category "${r}" (use pii, secrets)`);
  return { config: c, positional };
}

export function helpFor(command: Setting['commands'][number]): string {
  const rows = SETTINGS.filter((s) => s.commands.includes(command));
  const width = Math.max(...rows.map((s) => s.flag.length + (s.type === 'bool' ? 0 : 6)));
  return rows
    .map((s) => {
      const flag = s.type === 'bool' ? s.flag : `${s.flag} <${s.type === 'list' ? 'a,b' : s.type === 'int' || s.type === 'number' ? 'n' : s.type === 'duration' ? 'dur' : 'v'}>`;
      const def = Array.isArray(s.default) ? s.default.join(',') : String(s.default);
      return `  ${flag.padEnd(width + 4)} ${s.help}${def !== '' ? ` (default: ${def})` : ''}${s.env ? ` [env ${s.env}]` : ''}`;
    })
    .join('\n');
}
