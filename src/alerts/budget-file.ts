/**
 * The budgets file (YAML or JSON — JSON is YAML, so both go through the `yaml` parser and every
 * error can name the line and the field it is about).
 *
 *   budgets:
 *     - name: openai-daily
 *       project: default                # optional, default 'default'
 *       match: { service_name: checkout-bot, provider: openai }   # equality on llm_calls columns
 *       metric: cost_usd                # or tokens (input + output)
 *       limit: 25
 *       period: day                     # hour | day | week (ISO, Monday) | month — UTC
 *       thresholds: [0.5, 0.8, 1.0]     # fractions of limit in (0, 10]; sorted and deduplicated
 *       notify: [ops]
 *   drift:                            # optional: alert when drift is found (src/drift/)
 *     - name: support-drift
 *       project: default                # optional, default 'default'
 *       match: { service_name: checkout-bot }   # optional: service_name, request_model, prompt_name, prompt_version
 *       features: [topic, language]     # optional, default every feature
 *       notify: [ops]
 *   channels:
 *     ops:   { type: webhook, url: "http://127.0.0.1:9000/hook", headers: { Authorization: "Bearer ${HOOK_TOKEN}" } }
 *     team:  { type: slack, url: "${SLACK_WEBHOOK_URL}" }
 *     pager: { type: email, to: "oncall@example.com", smtp: "smtp://user:pass@host:587", from: "llmscope@example.com" }
 *
 * Channel strings may reference environment variables as ${NAME} so secrets (Slack URLs, SMTP
 * passwords, tokens) need not live in the file.
 */
import { readFile } from 'node:fs/promises';
import { FEATURE_NAMES } from '../drift/features.ts';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

export type BudgetMetric = 'cost_usd' | 'tokens';
export type BudgetPeriod = 'hour' | 'day' | 'week' | 'month';

/**
 * llm_calls columns a budget may match on (String / LowCardinality(String) columns only). Column
 * names reach SQL only from this list; the values are always bound parameters.
 */
export const MATCH_COLUMNS = [
  'service_name',
  'environment',
  'operation',
  'provider',
  'request_model',
  'response_model',
  'user_id',
  'session_id',
  'prompt_name',
  'prompt_version',
  'server_address',
  'span_name',
  'status',
  'error_type',
] as const;
export type MatchColumn = (typeof MATCH_COLUMNS)[number];

export const METRICS: readonly BudgetMetric[] = ['cost_usd', 'tokens'];
export const PERIODS: readonly BudgetPeriod[] = ['hour', 'day', 'week', 'month'];

export interface Budget {
  name: string;
  /** project_id the budget counts in; 'default' unless set. */
  project: string;
  /** Equality filters on llm_calls columns; empty = every call of the project. */
  match: Partial<Record<MatchColumn, string>>;
  metric: BudgetMetric;
  limit: number;
  period: BudgetPeriod;
  /** Ascending, unique, each in (0, 10]. */
  thresholds: number[];
  /** Channel names, each defined under `channels`. */
  notify: string[];
  /** Line of the budget in the file (1-based), for log messages. */
  line: number;
}

export interface WebhookChannel {
  type: 'webhook';
  name: string;
  url: string;
  headers: Record<string, string>;
}
export interface SlackChannel {
  type: 'slack';
  name: string;
  url: string;
}
export interface EmailChannel {
  type: 'email';
  name: string;
  to: string[];
  /** smtp://user:pass@host:port or smtps://… */
  smtp: string;
  from: string;
}
export type Channel = WebhookChannel | SlackChannel | EmailChannel;

/** Group columns a drift rule may match on (the drift table's group key). */
export const DRIFT_MATCH_COLUMNS = ['service_name', 'request_model', 'prompt_name', 'prompt_version'] as const;
export type DriftMatchColumn = (typeof DRIFT_MATCH_COLUMNS)[number];

/** Notify these channels when a drift row of the project matching `match` and `features` is drifted. */
export interface DriftRule {
  name: string;
  project: string;
  match: Partial<Record<DriftMatchColumn, string>>;
  /** Feature names (src/drift/features.ts); empty = every feature. */
  features: string[];
  notify: string[];
  line: number;
}

export interface BudgetFile {
  budgets: Budget[];
  channels: Record<string, Channel>;
  /** Drift alert rules (the `drift:` list); empty when the file has none. */
  drift: DriftRule[];
}

export interface BudgetFileIssue {
  /** 1-based; 0 when the position is unknown (empty file). */
  line: number;
  column: number;
  /** Field path, e.g. budgets[0].limit */
  field: string;
  message: string;
}

export class BudgetFileError extends Error {
  override name = 'BudgetFileError';
  readonly file: string;
  readonly issues: BudgetFileIssue[];
  constructor(file: string, issues: BudgetFileIssue[]) {
    issues = [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
    super(
      `invalid budgets file ${file}:\n` +
        issues.map((i) => `  ${file} line ${i.line}, column ${i.column}: ${i.field ? `field ${i.field}: ` : ''}${i.message}`).join('\n'),
    );
    this.file = file;
    this.issues = issues;
  }
}

/** Reads and validates a budgets file; throws BudgetFileError naming every bad line and field. */
export async function loadBudgetFile(path: string, env: Record<string, string | undefined> = process.env): Promise<BudgetFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new BudgetFileError(path, [{ line: 0, column: 0, field: '', message: `cannot read the file: ${(e as Error).message}` }]);
  }
  return parseBudgetFile(text, { file: path, env });
}

export interface ParseOptions {
  /** Name used in messages. */
  file?: string;
  /** Environment for ${NAME} references in channel settings. */
  env?: Record<string, string | undefined>;
}

const BUDGET_KEYS = ['name', 'project', 'match', 'metric', 'limit', 'period', 'thresholds', 'notify'] as const;
const CHANNEL_KEYS: Record<Channel['type'], readonly string[]> = {
  webhook: ['type', 'url', 'headers'],
  slack: ['type', 'url'],
  email: ['type', 'to', 'smtp', 'from'],
};

export function parseBudgetFile(text: string, options: ParseOptions = {}): BudgetFile {
  const file = options.file ?? 'budgets file';
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const v = new Validator(doc, lc, options.env ?? process.env);
  if (doc.errors.length) {
    throw new BudgetFileError(
      file,
      doc.errors.map((e) => {
        const p = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
        return { line: p.line, column: p.col, field: '', message: `${e.code === 'DUPLICATE_KEY' ? 'duplicate key' : 'syntax error'}: ${firstLine(e.message)}` };
      }),
    );
  }
  const root = v.resolve(doc.contents);
  const result: BudgetFile = { budgets: [], channels: {}, drift: [] };
  if (!isMap(root)) {
    v.issue(root, '', 'the file must be a mapping with `budgets` (a list) and `channels` (a mapping)');
    throw new BudgetFileError(file, v.issues);
  }
  v.unknownKeys(root, '', ['budgets', 'channels', 'drift']);

  // Channels first, so `notify` can be checked against them.
  const channelsNode = v.resolve(root.get('channels', true));
  if (channelsNode !== undefined && channelsNode !== null) {
    if (!isMap(channelsNode)) v.issue(channelsNode, 'channels', 'must be a mapping of channel name to channel settings');
    else {
      for (const pair of channelsNode.items) {
        const name = v.keyString(pair);
        if (name === null || name.trim() === '') {
          v.issue(pair.key as Node, 'channels', 'a channel name must be a non-empty string');
          continue;
        }
        const ch = v.channel(v.resolve(pair.value as Node), `channels.${name}`, name);
        if (ch) result.channels[name] = ch;
      }
    }
  }
  const definedChannels = new Set(isMap(channelsNode) ? channelsNode.items.map((p) => v.keyString(p)).filter((x): x is string => !!x) : []);

  const driftNode = v.resolve(root.get('drift', true));
  if (driftNode !== undefined && driftNode !== null) {
    if (!isSeq(driftNode)) v.issue(driftNode, 'drift', 'must be a list of drift rules');
    else {
      const seen = new Set<string>();
      driftNode.items.forEach((item, i) => {
        const r = v.driftRule(v.resolve(item as Node), `drift[${i}]`, definedChannels);
        if (!r) return;
        const key = `${r.project}\u0000${r.name}`;
        if (seen.has(key)) return v.issue(v.resolve(item as Node), `drift[${i}].name`, `duplicate drift rule name "${r.name}"`);
        seen.add(key);
        result.drift.push(r);
      });
    }
  }

  const budgetsNode = v.resolve(root.get('budgets', true));
  if (budgetsNode === undefined) {
    if (driftNode === undefined) v.issue(root, 'budgets', 'is required (a list of budgets)');
  } else if (!isSeq(budgetsNode)) v.issue(budgetsNode, 'budgets', 'must be a list of budgets');
  else {
    const seen = new Map<string, number>();
    budgetsNode.items.forEach((item, i) => {
      const b = v.budget(v.resolve(item as Node), `budgets[${i}]`, definedChannels);
      if (!b) return;
      const key = `${b.project}\u0000${b.name}`;
      const first = seen.get(key);
      if (first !== undefined) {
        const nameNode = (v.resolve(item as Node) as YAMLMap).get('name', true) as Node;
        v.issue(nameNode, `budgets[${i}].name`, `duplicate budget name "${b.name}" (also on line ${first})`);
        return;
      }
      seen.set(key, b.line);
      result.budgets.push(b);
    });
  }
  if (v.issues.length) throw new BudgetFileError(file, v.issues);
  return result;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

class Validator {
  readonly issues: BudgetFileIssue[] = [];
  readonly #doc: Document;
  readonly #lc: LineCounter;
  readonly #env: Record<string, string | undefined>;

  constructor(doc: Document, lc: LineCounter, env: Record<string, string | undefined>) {
    this.#doc = doc;
    this.#lc = lc;
    this.#env = env;
  }

  resolve(n: unknown): Node | null | undefined {
    if (n === undefined || n === null) return n as null | undefined;
    if (isAlias(n)) return (n.resolve(this.#doc) as Node | undefined) ?? null;
    return n as Node;
  }

  pos(n: Node | null | undefined): { line: number; column: number } {
    const off = n?.range?.[0];
    if (off === undefined) return { line: 0, column: 0 };
    const p = this.#lc.linePos(off);
    return { line: p.line, column: p.col };
  }

  line(n: Node | null | undefined): number {
    return this.pos(n).line;
  }

  issue(n: Node | null | undefined, field: string, message: string): void {
    this.issues.push({ ...this.pos(n), field, message });
  }

  /** The optional `match:` mapping of a rule: column → string value, columns from `allowed`. */
  matchMap<C extends string>(n: YAMLMap, path: string, allowed: readonly C[], notAMapping: string): Partial<Record<C, string>> {
    const match: Partial<Record<C, string>> = {};
    const matchNode = this.resolve(n.get('match', true));
    if (matchNode === undefined || matchNode === null) return match;
    if (!isMap(matchNode)) {
      this.issue(matchNode, `${path}.match`, notAMapping);
      return match;
    }
    for (const pair of matchNode.items) {
      const col = this.keyString(pair);
      if (col === null || !(allowed as readonly string[]).includes(col)) {
        this.issue(pair.key as Node, `${path}.match.${col ?? '?'}`, `unknown column (allowed: ${allowed.join(', ')})`);
        continue;
      }
      const val = this.resolve(pair.value as Node);
      if (!isScalar(val) || typeof val.value !== 'string') {
        this.issue(val ?? (pair.key as Node), `${path}.match.${col}`, 'must be a string (quote numbers and booleans)');
        continue;
      }
      match[col as C] = val.value;
    }
    return match;
  }

  keyString(p: Pair): string | null {
    const k = this.resolve(p.key);
    if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number')) return String(k.value);
    return null;
  }

  /** Flags keys outside `allowed` at the key's own line. */
  unknownKeys(map: YAMLMap, path: string, allowed: readonly string[]): void {
    for (const pair of map.items) {
      const k = this.keyString(pair);
      if (k === null || !allowed.includes(k)) {
        this.issue(pair.key as Node, path ? `${path}.${k ?? '?'}` : (k ?? '?'), `unknown field (allowed: ${allowed.join(', ')})`);
      }
    }
  }

  /** A required non-empty string field; reports missing at the map's line. */
  string(map: YAMLMap, key: string, path: string, opts: { required: boolean; env?: boolean }): string | undefined {
    const n = this.resolve(map.get(key, true));
    if (n === undefined || n === null) {
      if (opts.required) this.issue(map, `${path}.${key}`, 'is required');
      return undefined;
    }
    if (!isScalar(n) || typeof n.value !== 'string') {
      this.issue(n, `${path}.${key}`, 'must be a string');
      return undefined;
    }
    const s = opts.env ? this.expand(n, `${path}.${key}`) : n.value;
    if (s === undefined) return undefined;
    if (s.trim() === '') {
      this.issue(n, `${path}.${key}`, 'must not be empty');
      return undefined;
    }
    return s;
  }

  /** Replaces ${NAME} with the environment variable; an unset variable is an error at that line. */
  expand(n: Node, field: string): string | undefined {
    const raw = (n as unknown as { value: string }).value;
    let ok = true;
    const out = raw.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = this.#env[name];
      if (v === undefined) {
        this.issue(n, field, `environment variable ${name} is not set`);
        ok = false;
        return '';
      }
      return v;
    });
    return ok ? out : undefined;
  }

  budget(n: Node | null | undefined, path: string, channels: Set<string>): Budget | null {
    if (!isMap(n)) {
      this.issue(n, path, 'must be a mapping with name, metric, limit, period, thresholds, notify');
      return null;
    }
    const before = this.issues.length;
    this.unknownKeys(n, path, BUDGET_KEYS);
    const name = this.string(n, 'name', path, { required: true });
    const project = this.string(n, 'project', path, { required: false }) ?? 'default';

    const match = this.matchMap<MatchColumn>(n, path, MATCH_COLUMNS, 'must be a mapping of llm_calls column to value');

    let metric: BudgetMetric | undefined;
    const metricNode = this.resolve(n.get('metric', true));
    if (metricNode === undefined || metricNode === null) this.issue(n, `${path}.metric`, `is required (${METRICS.join(' or ')})`);
    else if (!isScalar(metricNode) || !(METRICS as readonly unknown[]).includes(metricNode.value)) {
      this.issue(metricNode, `${path}.metric`, `must be one of ${METRICS.join(', ')}`);
    } else metric = metricNode.value as BudgetMetric;

    let limit: number | undefined;
    const limitNode = this.resolve(n.get('limit', true));
    if (limitNode === undefined || limitNode === null) this.issue(n, `${path}.limit`, 'is required (a number greater than 0)');
    else if (!isScalar(limitNode) || typeof limitNode.value !== 'number' || !Number.isFinite(limitNode.value) || limitNode.value <= 0) {
      this.issue(limitNode, `${path}.limit`, 'must be a number greater than 0');
    } else limit = limitNode.value;

    let period: BudgetPeriod | undefined;
    const periodNode = this.resolve(n.get('period', true));
    if (periodNode === undefined || periodNode === null) this.issue(n, `${path}.period`, `is required (${PERIODS.join(', ')})`);
    else if (!isScalar(periodNode) || !(PERIODS as readonly unknown[]).includes(periodNode.value)) {
      this.issue(periodNode, `${path}.period`, `must be one of ${PERIODS.join(', ')}`);
    } else period = periodNode.value as BudgetPeriod;

    const thresholds: number[] = [];
    const thNode = this.resolve(n.get('thresholds', true));
    if (thNode === undefined || thNode === null) thresholds.push(1);
    else if (!isSeq(thNode) || thNode.items.length === 0) this.issue(thNode, `${path}.thresholds`, 'must be a non-empty list of numbers in (0, 10]');
    else {
      thNode.items.forEach((item, i) => {
        const t = this.resolve(item as Node);
        if (!isScalar(t) || typeof t.value !== 'number' || !Number.isFinite(t.value) || t.value <= 0 || t.value > 10) {
          this.issue(t ?? thNode, `${path}.thresholds[${i}]`, 'must be a number in (0, 10] (a fraction of limit: 0.8 = 80%)');
        } else thresholds.push(t.value);
      });
    }

    const notify: string[] = [];
    const notifyNode = this.resolve(n.get('notify', true));
    if (notifyNode === undefined || notifyNode === null) this.issue(n, `${path}.notify`, 'is required (a list of channel names)');
    else if (!isSeq(notifyNode) || notifyNode.items.length === 0) this.issue(notifyNode, `${path}.notify`, 'must be a non-empty list of channel names');
    else {
      notifyNode.items.forEach((item, i) => {
        const c = this.resolve(item as Node);
        if (!isScalar(c) || typeof c.value !== 'string') this.issue(c ?? notifyNode, `${path}.notify[${i}]`, 'must be a channel name');
        else if (!channels.has(c.value)) {
          this.issue(c, `${path}.notify[${i}]`, `channel "${c.value}" is not defined under channels${channels.size ? ` (defined: ${[...channels].join(', ')})` : ''}`);
        } else if (!notify.includes(c.value)) notify.push(c.value);
      });
    }

    if (this.issues.length > before || name === undefined || metric === undefined || limit === undefined || period === undefined) return null;
    return {
      name,
      project,
      match,
      metric,
      limit,
      period,
      thresholds: [...new Set(thresholds)].sort((a, b) => a - b),
      notify,
      line: this.line(n),
    };
  }

  driftRule(n: Node | null | undefined, path: string, channels: Set<string>): DriftRule | null {
    if (!isMap(n)) {
      this.issue(n, path, 'must be a mapping with name, notify and optionally project, match, features');
      return null;
    }
    const before = this.issues.length;
    this.unknownKeys(n, path, ['name', 'project', 'match', 'features', 'notify']);
    const name = this.string(n, 'name', path, { required: true });
    const project = this.string(n, 'project', path, { required: false }) ?? 'default';
    const match = this.matchMap<DriftMatchColumn>(n, path, DRIFT_MATCH_COLUMNS, 'must be a mapping of group column to value');
    const features: string[] = [];
    const fNode = this.resolve(n.get('features', true));
    if (fNode !== undefined && fNode !== null) {
      if (!isSeq(fNode) || fNode.items.length === 0) this.issue(fNode, `${path}.features`, `must be a non-empty list of features (${FEATURE_NAMES.join(', ')})`);
      else {
        fNode.items.forEach((item, i) => {
          const f = this.resolve(item as Node);
          if (!isScalar(f) || typeof f.value !== 'string' || !FEATURE_NAMES.includes(f.value)) {
            this.issue(f ?? fNode, `${path}.features[${i}]`, `must be one of ${FEATURE_NAMES.join(', ')}`);
          } else if (!features.includes(f.value)) features.push(f.value);
        });
      }
    }
    const notify: string[] = [];
    const notifyNode = this.resolve(n.get('notify', true));
    if (notifyNode === undefined || notifyNode === null) this.issue(n, `${path}.notify`, 'is required (a list of channel names)');
    else if (!isSeq(notifyNode) || notifyNode.items.length === 0) this.issue(notifyNode, `${path}.notify`, 'must be a non-empty list of channel names');
    else {
      notifyNode.items.forEach((item, i) => {
        const c = this.resolve(item as Node);
        if (!isScalar(c) || typeof c.value !== 'string') this.issue(c ?? notifyNode, `${path}.notify[${i}]`, 'must be a channel name');
        else if (!channels.has(c.value)) this.issue(c, `${path}.notify[${i}]`, `channel "${c.value}" is not defined under channels`);
        else if (!notify.includes(c.value)) notify.push(c.value);
      });
    }
    if (this.issues.length > before || name === undefined) return null;
    return { name, project, match, features, notify, line: this.line(n) };
  }

  channel(n: Node | null | undefined, path: string, name: string): Channel | null {
    if (!isMap(n)) {
      this.issue(n, path, 'must be a mapping with a type (webhook, slack, email) and its settings');
      return null;
    }
    const before = this.issues.length;
    const typeNode = this.resolve(n.get('type', true));
    if (typeNode === undefined || typeNode === null) {
      this.issue(n, `${path}.type`, 'is required (webhook, slack or email)');
      return null;
    }
    if (!isScalar(typeNode) || typeof typeNode.value !== 'string' || !(typeNode.value in CHANNEL_KEYS)) {
      this.issue(typeNode, `${path}.type`, 'must be one of webhook, slack, email');
      return null;
    }
    const type = typeNode.value as Channel['type'];
    this.unknownKeys(n, path, CHANNEL_KEYS[type]);
    if (type === 'webhook' || type === 'slack') {
      const url = this.httpUrl(n, 'url', path);
      let headers: Record<string, string> = {};
      if (type === 'webhook') headers = this.headers(n, path);
      if (url === undefined || this.issues.length > before) return null;
      return type === 'webhook' ? { type, name, url, headers } : { type, name, url };
    }
    // email
    const to: string[] = [];
    const toNode = this.resolve(n.get('to', true));
    if (toNode === undefined || toNode === null) this.issue(n, `${path}.to`, 'is required (an address or a list of addresses)');
    else {
      const items = isSeq(toNode) ? toNode.items.map((x) => this.resolve(x as Node)) : [toNode];
      if (items.length === 0) this.issue(toNode, `${path}.to`, 'must name at least one address');
      items.forEach((it, i) => {
        const field = isSeq(toNode) ? `${path}.to[${i}]` : `${path}.to`;
        if (!isScalar(it) || typeof it.value !== 'string') return this.issue(it ?? toNode, field, 'must be an e-mail address');
        const addr = this.expand(it, field);
        if (addr === undefined) return;
        if (!/^[^\s@<>]+@[^\s@<>]+$/.test(addr.trim())) return this.issue(it, field, `"${addr}" is not an e-mail address`);
        to.push(addr.trim());
      });
    }
    let smtp: string | undefined;
    const smtpNode = this.resolve(n.get('smtp', true));
    const s = this.string(n, 'smtp', path, { required: true, env: true });
    if (s !== undefined) {
      let u: URL | null = null;
      try {
        u = new URL(s);
      } catch {
        /* reported below */
      }
      if (!u || (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') || !u.hostname) {
        this.issue(smtpNode, `${path}.smtp`, 'must be an SMTP URL: smtp://user:pass@host:port or smtps://…');
      } else smtp = s;
    }
    const from = this.string(n, 'from', path, { required: false, env: true }) ?? `llmscope <llmscope@${hostOf(smtp) ?? 'localhost'}>`;
    if (smtp === undefined || this.issues.length > before) return null;
    return { type, name, to, smtp, from };
  }

  httpUrl(map: YAMLMap, key: string, path: string): string | undefined {
    const s = this.string(map, key, path, { required: true, env: true });
    if (s === undefined) return undefined;
    let u: URL | null = null;
    try {
      u = new URL(s);
    } catch {
      /* reported below */
    }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
      this.issue(this.resolve(map.get(key, true)), `${path}.${key}`, 'must be an http:// or https:// URL');
      return undefined;
    }
    return s;
  }

  headers(map: YAMLMap, path: string): Record<string, string> {
    const out: Record<string, string> = {};
    const h = this.resolve(map.get('headers', true));
    if (h === undefined || h === null) return out;
    if (!isMap(h)) {
      this.issue(h, `${path}.headers`, 'must be a mapping of header name to value');
      return out;
    }
    for (const pair of h.items) {
      const k = this.keyString(pair);
      const val = this.resolve(pair.value as Node);
      if (k === null || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(k)) {
        this.issue(pair.key as Node, `${path}.headers`, 'header names must be tokens (letters, digits, -)');
        continue;
      }
      if (!isScalar(val) || typeof val.value !== 'string') {
        this.issue(val ?? (pair.key as Node), `${path}.headers.${k}`, 'must be a string');
        continue;
      }
      const e = this.expand(val, `${path}.headers.${k}`);
      if (e !== undefined) out[k] = e;
    }
    return out;
  }
}

function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}
