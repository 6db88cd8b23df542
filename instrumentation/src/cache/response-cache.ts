import { LLMSCOPE_ATTR } from '@llmscope/semconv';
import type { CallRecorder } from '../recording/call-recorder.ts';
import { hashesOfJson, requestJson, type RequestHashes } from '../recording/request-hash.ts';
import type { StainlessCallHandlers } from '../providers/stainless-call.ts';

/**
 * The opt-in response cache (`init({ cache: { ttlSeconds, maxEntries } })`): an identical request
 * (same canonical request, same endpoint) within the TTL is answered from memory, without a
 * provider request. Only deterministic requests by default — temperature exactly 0 and no tools —
 * and never streams. A hit is still recorded: a span like any other, with `llmscope.cache.hit=true`,
 * which the collector prices at 0.
 *
 * Bounded: at most `maxEntries` entries (least recently used evicted first), each response at most
 * `maxEntryBytes` of JSON; entries are stored as JSON text, so every hit hands the app a fresh
 * object (what one caller mutates, the next never sees).
 */
export interface ResponseCacheOptions {
  ttlSeconds: number;
  maxEntries: number;
  /** Largest response kept, in JSON characters (default 1 MiB). */
  maxEntryBytes?: number;
  /** Also cache requests that offer tools (their answers may call tools with side effects). Default false. */
  includeTools?: boolean;
  /** Also cache requests with temperature > 0 or unset (sampled answers). Default false. */
  includeSampled?: boolean;
  /** Clock (ms), for tests. */
  now?: () => number;
}

interface Entry {
  json: string;
  expiresAt: number;
}

export class ResponseCache {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #maxEntryBytes: number;
  readonly #includeTools: boolean;
  readonly #includeSampled: boolean;
  readonly #now: () => number;
  readonly stats = { hits: 0, misses: 0, bypassed: 0, evicted: 0, expired: 0, tooLarge: 0 };

  constructor(o: ResponseCacheOptions) {
    this.#ttlMs = Math.max(0, Number(o.ttlSeconds) || 0) * 1000;
    this.#maxEntries = Math.max(0, Math.floor(Number(o.maxEntries) || 0));
    this.#maxEntryBytes = o.maxEntryBytes ?? 1024 * 1024;
    this.#includeTools = o.includeTools === true;
    this.#includeSampled = o.includeSampled === true;
    this.#now = o.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Whether this request may be answered from (and stored in) the cache. */
  eligible(params: Record<string, unknown>): boolean {
    if (this.#maxEntries === 0 || this.#ttlMs === 0) return false;
    if (params.stream === true) return false;
    const tools = params.tools ?? params.functions;
    if (!this.#includeTools && (Array.isArray(tools) ? tools.length > 0 : tools !== undefined && tools !== null)) return false;
    if (!this.#includeSampled && params.temperature !== 0) return false;
    return true;
  }

  get(key: string): string | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= this.#now()) {
      this.stats.expired++;
      return undefined;
    }
    this.#entries.set(key, entry); // most recently used last
    return entry.json;
  }

  set(key: string, body: unknown): void {
    const json = JSON.stringify(body);
    if (json === undefined || json.length > this.#maxEntryBytes) {
      this.stats.tooLarge++;
      return;
    }
    this.#entries.delete(key);
    this.#entries.set(key, { json, expiresAt: this.#now() + this.#ttlMs });
    while (this.#entries.size > this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
      this.stats.evicted++;
    }
  }
}

/** What the SDK method returns on a hit: a promise of the body, with the raw-response helpers apps use. */
function hitResponse(json: string): Promise<unknown> {
  const data = JSON.parse(json) as unknown;
  const response = () => new Response(json, { status: 200, headers: { 'content-type': 'application/json', 'x-llmscope-cache': 'hit' } });
  return Object.assign(Promise.resolve(data), {
    asResponse: async () => response(),
    withResponse: async () => ({ data, response: response(), request_id: null }),
  });
}

export interface FingerprintedCall<Chunk, Params> {
  /** Set on a cache hit: return this to the app instead of calling the SDK. */
  hit?: Promise<unknown>;
  /** The handlers to run the SDK call with (they store the body in the cache on a miss). */
  handlers: StainlessCallHandlers<Chunk, Params>;
}

function hashAttributes(h: RequestHashes): Record<string, string> {
  return { [LLMSCOPE_ATTR.REQUEST_HASH]: h.exact, [LLMSCOPE_ATTR.REQUEST_HASH_NORMALIZED]: h.normalized };
}

/**
 * Puts the request's hashes on the call (llmscope.request.hash / …_normalized) and consults the
 * response cache when there is one: a hit ends the call from the stored body.
 */
export function fingerprintCall<Chunk, Params>(
  call: CallRecorder,
  params: Record<string, unknown>,
  cache: ResponseCache | undefined,
  handlers: StainlessCallHandlers<Chunk, Params>,
): FingerprintedCall<Chunk, Params> {
  const request = requestJson(params);
  if (request === undefined) return { handlers };
  // Without a cache nothing needs the hashes before the app has its answer: the recording (after
  // the call returned) computes them from the JSON taken now.
  if (!cache) {
    call.addDeferredRequestAttributes(() => hashAttributes(hashesOfJson(request)));
    return { handlers };
  }
  const hashes = hashesOfJson(request);
  call.addRequestAttributes(hashAttributes(hashes));
  if (!cache.eligible(params)) {
    cache.stats.bypassed++;
    return { handlers };
  }
  const key = `${call.endpointKey}\u0000${hashes.exactFull}`;
  const json = cache.get(key);
  if (json !== undefined) {
    cache.stats.hits++;
    call.addRequestAttributes({ [LLMSCOPE_ATTR.CACHE_HIT]: true });
    handlers.onBody(call, JSON.parse(json), params as Params);
    return { hit: hitResponse(json), handlers };
  }
  cache.stats.misses++;
  return {
    handlers: {
      ...handlers,
      onBody(finished, body, p) {
        cache.set(key, body);
        handlers.onBody(finished, body, p);
      },
    },
  };
}
