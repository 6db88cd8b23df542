/**
 * A local HTTP server that replays recorded LLM API exchanges, so the real `openai`,
 * `@anthropic-ai/sdk`, `@google/genai` and `@aws-sdk/client-bedrock-runtime` clients can run
 * against it (baseURL / endpoint pointed here).
 *
 * Exchanges come from test/fixtures/llm-api-recordings/llm_api_exchanges.json (real traffic
 * from OpenLLMetry's test fixtures, Apache-2.0, see its SOURCE.txt) and from the hand-made
 * recordings in test/support/recordings/*.json (same shape, `"hand_made": true`), for cases the
 * real data lacks.
 *
 * Selecting an exchange: send header `x-replay-id: <id>`; without it the first exchange whose
 * method and path match and whose recorded request body is contained in the sent one is used.
 * SSE bodies are written event by event (exact recorded text), optionally with a delay between
 * events (`replay.event_delay_ms`) or cut off by destroying the socket (`replay.abort_after_events`).
 * With `{ http2: true }` it speaks cleartext HTTP/2 (h2c), which the Bedrock runtime client uses.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { fixturePath } from './fixtures.ts';

/*
 * AWS event-stream messages (application/vnd.amazon.eventstream), the binary framing of Bedrock's
 * ConverseStream and InvokeModelWithResponseStream responses:
 * [total length u32][headers length u32][prelude CRC32][headers][payload][message CRC32],
 * each header as [name length u8][name][type 7 = string][value length u16][value].
 */
export interface AwsStreamEvent {
  /** The `:event-type` header, e.g. `messageStart`, `contentBlockDelta`, `chunk`. */
  event_type: string;
  payload: unknown;
}

function encodeEventHeaders(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    const header = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    let offset = header.writeUInt8(nameBytes.length, 0);
    offset += nameBytes.copy(header, offset);
    offset = header.writeUInt8(7, offset);
    offset = header.writeUInt16BE(valueBytes.length, offset);
    valueBytes.copy(header, offset);
    parts.push(header);
  }
  return Buffer.concat(parts);
}

function encodeEventMessage(event: AwsStreamEvent): Buffer {
  const headers = encodeEventHeaders({ ':event-type': event.event_type, ':content-type': 'application/json', ':message-type': 'event' });
  const payload = Buffer.from(JSON.stringify(event.payload), 'utf8');
  const total = 12 + headers.length + payload.length + 4;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headers.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headers.copy(message, 12);
  payload.copy(message, 12 + headers.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4);
  return message;
}

export interface ReplayBehavior {
  /** Milliseconds to wait before each SSE event (the first one too). */
  event_delay_ms?: number;
  /** Destroy the connection after writing this many SSE events. */
  abort_after_events?: number;
  /** Milliseconds to wait before sending the response head. */
  response_delay_ms?: number;
}

export interface RecordedExchange {
  id: string;
  kind: string;
  provider: string;
  method: string;
  endpoint: string;
  request_body?: unknown;
  status: number;
  response_content_type?: string;
  response_headers?: Record<string, string>;
  streaming: boolean;
  response_body?: unknown;
  response_sse_raw?: string;
  /** Binary bodies, base64. */
  response_body_base64?: string;
  /** AWS event-stream responses (Bedrock streaming), framed at serve time; see encodeEventMessage. */
  response_aws_event_stream?: AwsStreamEvent[];
  note?: string;
  hand_made?: boolean;
  replay?: ReplayBehavior;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  exchangeId: string | undefined;
}

export interface ReplayServer {
  /** http://127.0.0.1:<port> */
  url: string;
  requests: ReceivedRequest[];
  exchange(id: string): RecordedExchange;
  close(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
export const SHARED_RECORDINGS = fixturePath('llm-api-recordings', 'llm_api_exchanges.json');
export const HAND_MADE_RECORDINGS_DIR = join(here, 'recordings');

export function loadSharedExchanges(): RecordedExchange[] {
  return JSON.parse(readFileSync(SHARED_RECORDINGS, 'utf8')) as RecordedExchange[];
}

export function loadHandMadeExchanges(): RecordedExchange[] {
  return readdirSync(HAND_MADE_RECORDINGS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => JSON.parse(readFileSync(join(HAND_MADE_RECORDINGS_DIR, name), 'utf8')) as RecordedExchange[]);
}

export function loadAllExchanges(): RecordedExchange[] {
  return [...loadSharedExchanges(), ...loadHandMadeExchanges()];
}

/** The recorded body is a subset of the sent one (SDKs add fields such as encoding_format). */
function containsSubset(sent: unknown, recorded: unknown): boolean {
  if (recorded === null || typeof recorded !== 'object') return sent === recorded;
  if (Array.isArray(recorded)) {
    return Array.isArray(sent) && sent.length === recorded.length && recorded.every((item, index) => containsSubset(sent[index], item));
  }
  if (sent === null || typeof sent !== 'object') return false;
  return Object.entries(recorded).every(([key, value]) => containsSubset((sent as Record<string, unknown>)[key], value));
}

/** Path without query, percent-decoding undone (Bedrock model ids are encoded in the path). */
function pathOf(endpoint: string): string {
  const path = endpoint.split('?')[0] ?? endpoint;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

type AnyRequest = IncomingMessage | Http2ServerRequest;
type AnyResponse = ServerResponse | Http2ServerResponse;

async function readBody(request: AnyRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SSE text split after each blank line, each event keeping its exact bytes. */
export function splitSseEvents(raw: string): string[] {
  const events: string[] = [];
  let start = 0;
  for (let index = raw.indexOf('\n\n'); index !== -1; index = raw.indexOf('\n\n', start)) {
    events.push(raw.slice(start, index + 2));
    start = index + 2;
  }
  if (start < raw.length) events.push(raw.slice(start));
  return events;
}

/** Written against the HTTP/1 response API, which the HTTP/2 compatibility response implements for what is used here. */
async function writeExchange(response: ServerResponse, exchange: RecordedExchange): Promise<void> {
  const behavior = exchange.replay ?? {};
  if (behavior.response_delay_ms) await sleep(behavior.response_delay_ms);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(exchange.response_headers ?? {})) {
    // Bodies are stored decoded: never claim an encoding the bytes do not have.
    if (!['content-encoding', 'content-length', 'transfer-encoding'].includes(name.toLowerCase())) headers[name] = value;
  }
  if (exchange.response_content_type) headers['content-type'] = exchange.response_content_type;
  if (exchange.response_body_base64 !== undefined) {
    const bytes = Buffer.from(exchange.response_body_base64, 'base64');
    response.writeHead(exchange.status, { ...headers, 'content-length': String(bytes.length) });
    response.end(bytes);
    return;
  }
  if (exchange.response_aws_event_stream !== undefined) {
    response.writeHead(exchange.status, { ...headers, 'content-type': 'application/vnd.amazon.eventstream' });
    for (const event of exchange.response_aws_event_stream) {
      if (behavior.event_delay_ms) await sleep(behavior.event_delay_ms);
      await new Promise<void>((resolve) => response.write(encodeEventMessage(event), () => resolve()));
    }
    response.end();
    return;
  }
  if (exchange.response_sse_raw !== undefined) {
    headers['content-type'] ??= 'text/event-stream';
    response.writeHead(exchange.status, headers);
    if (typeof response.flushHeaders === 'function') response.flushHeaders();
    const events = splitSseEvents(exchange.response_sse_raw);
    for (const [index, event] of events.entries()) {
      if (behavior.abort_after_events !== undefined && index >= behavior.abort_after_events) {
        // Let the client read what was sent, then drop the connection without ending the body.
        await sleep(20);
        response.socket?.destroy();
        return;
      }
      if (behavior.event_delay_ms) await sleep(behavior.event_delay_ms);
      if (response.destroyed) return;
      await new Promise<void>((resolve) => response.write(event, () => resolve()));
    }
    response.end();
    return;
  }
  const body = typeof exchange.response_body === 'string' ? exchange.response_body : JSON.stringify(exchange.response_body ?? null);
  headers['content-type'] ??= 'application/json';
  response.writeHead(exchange.status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}

export interface ReplayServerOptions {
  /** Serve cleartext HTTP/2 instead of HTTP/1.1. */
  http2?: boolean;
}

export async function startReplayServer(exchanges: RecordedExchange[] = loadAllExchanges(), options: ReplayServerOptions = {}): Promise<ReplayServer> {
  const byId = new Map(exchanges.map((exchange) => [exchange.id, exchange]));
  const requests: ReceivedRequest[] = [];

  const select = (request: AnyRequest, path: string, body: unknown): RecordedExchange | undefined => {
    const wanted = request.headers['x-replay-id'];
    if (typeof wanted === 'string') return byId.get(wanted);
    return exchanges.find(
      (exchange) =>
        exchange.method === request.method && pathOf(exchange.endpoint) === path && containsSubset(body, exchange.request_body ?? {}),
    );
  };

  const handle = (request: AnyRequest, anyResponse: AnyResponse) => {
    const response = anyResponse as ServerResponse;
    void (async () => {
      const raw = await readBody(request);
      const path = pathOf(request.url ?? '/');
      let body: unknown = raw.toString('utf8');
      try {
        body = JSON.parse(body as string);
      } catch {
        // Not JSON: keep the text.
      }
      const exchange = select(request, path, body);
      requests.push({ method: request.method ?? '', path, headers: { ...request.headers }, body, exchangeId: exchange?.id });
      if (!exchange) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: `no recorded exchange for ${request.method} ${path}`, type: 'replay_miss' } }));
        return;
      }
      await writeExchange(response, exchange);
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  };
  const sessions = new Set<Http2Session>();
  const server = options.http2 ? createHttp2Server(handle) : createServer(handle);
  if (options.http2) {
    server.on('session', (session: Http2Session) => {
      sessions.add(session);
      session.on('close', () => sessions.delete(session));
    });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    exchange(id) {
      const exchange = byId.get(id);
      if (!exchange) throw new Error(`unknown exchange ${id}`);
      return exchange;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}
