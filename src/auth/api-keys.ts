/**
 * API keys → projects. The keys file (`--api-keys FILE` / `LLMSCOPE_API_KEYS`) is YAML or JSON:
 *
 *   keys:                                   # or the list itself at the top level
 *     - key_sha256: 9f86d081884c7d65…        # hex SHA-256 of the key (preferred: the file holds no secret)
 *       project: team-a
 *     - key: dev-key-123                     # a plain key, hashed at load and never kept in memory
 *       project: team-b
 *       name: laptop                         # optional label, used in error messages
 *       role: read                           # ingest (default) | read | admin
 *
 * Roles: `ingest` sends data for its project (what every key did before roles existed); `read`
 * reads its project through the console and the read API, and never sends SQL or data; `admin`
 * sends data, reads every project and may run raw (read-only) SQL.
 *
 * A request presents its key as `Authorization: Bearer <key>` or `X-API-Key: <key>`. The key's
 * SHA-256 is compared with every entry using crypto.timingSafeEqual, without an early exit, so the
 * time taken does not depend on which entry (if any) matches.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export const PROJECT_ID_RE = /^[A-Za-z0-9_.-]{1,64}$/;
const SHA256_HEX_RE = /^[0-9a-fA-F]{64}$/;
/** Longer presented keys are refused without hashing (a header is not a place for megabytes). */
const MAX_KEY_LENGTH = 4096;

export class ApiKeyError extends Error {
  override name = 'ApiKeyError';
}

export interface ApiKeyHeaders {
  authorization?: string | null;
  'x-api-key'?: string | null;
}

export type KeyRole = 'ingest' | 'read' | 'admin';
export const KEY_ROLES: readonly KeyRole[] = ['ingest', 'read', 'admin'];

/** Who a presented key belongs to. */
export interface KeyIdentity {
  project: string;
  role: KeyRole;
}

interface Entry {
  hash: Buffer;
  project: string;
  role: KeyRole;
}

/** Hex SHA-256 of a key: what goes into `key_sha256` (exposed as `llmscope hash-key`). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new random key (32 bytes, base64url, prefixed `lsk_`) for `llmscope hash-key --new`. */
export function generateApiKey(): string {
  return `lsk_${randomBytes(32).toString('base64url')}`;
}

/** The key a request presents: the Bearer token, else X-API-Key; null when there is none. */
export function presentedKey(headers: ApiKeyHeaders): string | null {
  const auth = headers.authorization;
  if (auth) {
    const m = /^\s*bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1]!;
  }
  const x = headers['x-api-key']?.trim();
  return x ? x : null;
}

export class ApiKeyTable {
  readonly #entries: Entry[];
  readonly source: string;

  constructor(entries: ReadonlyArray<{ key_sha256: string; project: string; role?: KeyRole }>, source = 'api keys') {
    this.source = source;
    this.#entries = entries.map((e) => ({ hash: Buffer.from(e.key_sha256.toLowerCase(), 'hex'), project: e.project, role: e.role ?? 'ingest' }));
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Distinct projects, sorted. */
  get projects(): string[] {
    return [...new Set(this.#entries.map((e) => e.project))].sort();
  }

  /**
   * The project a request may send data for: the presented key's project when its role is
   * `ingest` or `admin`; null for no key, an unknown key, or a `read` key.
   */
  projectFor(headers: ApiKeyHeaders): string | null {
    const id = this.identify(presentedKey(headers));
    return id && id.role !== 'read' ? id.project : null;
  }

  /** The project and role of a key, or null (no key, unknown key). */
  identify(key: string | null): KeyIdentity | null {
    if (key === null || key.length > MAX_KEY_LENGTH) return null;
    const hash = createHash('sha256').update(key, 'utf8').digest();
    let found: Entry | null = null;
    for (const e of this.#entries) {
      // Every entry is compared (no early exit); the branch below only records the result.
      const equal = timingSafeEqual(hash, e.hash);
      if (equal && found === null) found = e;
    }
    return found ? { project: found.project, role: found.role } : null;
  }
}

/** Parses and validates a keys document (the text of the file). `source` names it in errors. */
export function parseApiKeys(text: string, source: string): ApiKeyTable {
  let doc: unknown;
  try {
    doc = parseYaml(text); // YAML is a superset of JSON
  } catch (e) {
    throw new ApiKeyError(`${source}: not valid YAML/JSON: ${(e as Error).message}`);
  }
  const list = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc.keys) ? doc.keys : null;
  if (list === null) throw new ApiKeyError(`${source}: expected a list of entries, or an object with a "keys" list`);
  const out: Array<{ key_sha256: string; project: string; role: KeyRole }> = [];
  const seen = new Map<string, string>();
  list.forEach((raw: unknown, i: number) => {
    const label = isObject(raw) && typeof raw.name === 'string' && raw.name ? `keys[${i}] (${raw.name})` : `keys[${i}]`;
    const fail = (field: string, msg: string): never => {
      throw new ApiKeyError(`${source}: ${label}.${field}: ${msg}`);
    };
    if (!isObject(raw)) throw new ApiKeyError(`${source}: ${label}: expected an object with "project" and "key_sha256" or "key"`);
    for (const f of Object.keys(raw)) {
      if (f !== 'key' && f !== 'key_sha256' && f !== 'project' && f !== 'name' && f !== 'role') fail(f, 'unknown field (expected key_sha256 or key, project, name, role)');
    }
    const project = raw.project;
    if (typeof project !== 'string') fail('project', 'required, a string');
    else if (!PROJECT_ID_RE.test(project)) fail('project', `"${project}" must match ${PROJECT_ID_RE.source}`);
    let hash: string;
    if (raw.key_sha256 !== undefined && raw.key !== undefined) fail('key', 'give either key or key_sha256, not both');
    if (raw.key_sha256 !== undefined) {
      if (typeof raw.key_sha256 !== 'string' || !SHA256_HEX_RE.test(raw.key_sha256)) fail('key_sha256', 'must be 64 hex characters (the SHA-256 of the key)');
      hash = (raw.key_sha256 as string).toLowerCase();
    } else if (raw.key !== undefined) {
      if (typeof raw.key !== 'string' || raw.key.trim() === '' || /\s/.test(raw.key)) fail('key', 'must be a non-empty string without whitespace');
      if ((raw.key as string).length > MAX_KEY_LENGTH) fail('key', `longer than ${MAX_KEY_LENGTH} characters`);
      hash = hashApiKey(raw.key as string);
    } else return fail('key_sha256', 'required (or key)');
    const role = raw.role === undefined ? 'ingest' : raw.role;
    if (typeof role !== 'string' || !(KEY_ROLES as readonly string[]).includes(role)) fail('role', `must be one of ${KEY_ROLES.join(', ')} (default ingest)`);
    const other = seen.get(hash);
    if (other !== undefined) fail(raw.key_sha256 !== undefined ? 'key_sha256' : 'key', `the same key is already listed at ${other}`);
    seen.set(hash, label);
    out.push({ key_sha256: hash, project: project as string, role: role as KeyRole });
  });
  if (out.length === 0) throw new ApiKeyError(`${source}: no keys listed (every request would be refused)`);
  return new ApiKeyTable(out, source);
}

/** Reads and validates the keys file; throws ApiKeyError naming the entry and field. */
export function loadApiKeys(path: string): ApiKeyTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ApiKeyError(`cannot read API keys file ${path}: ${(e as Error).message}`);
  }
  return parseApiKeys(text, path);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
