/**
 * TEST STAND-IN for an OpenAI-compatible LLM judge (a remote LLM cannot run here). A node:http
 * server on 127.0.0.1 answering POST /chat/completions in the OpenAI response shape, with a
 * deterministic verdict read from the prompt's tagged sections:
 *   - <context> present (groundedness): score 0 "grounded" when every number in <answer> appears in
 *     <context>, else 1 "hallucinated" (reason names the missing numbers);
 *   - <text> (toxicity): 0.9 "toxic" when it contains a word of TOXIC_WORDS, else 0.05 "ok";
 *   - <question> + <answer> (relevance): share of the question's words (4+ letters) found in the
 *     answer, rounded to 2 decimals; "relevant" from 0.5.
 * It records every request (headers, body, arrival time), tracks the most requests in flight, and
 * can be scripted to fail (status + Retry-After), be slow, hang, or return malformed replies.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TOXIC_WORDS = ['idiot', 'stupid', 'moron', 'hate'] as const;

export interface RecordedRequest {
  at: number;
  path: string;
  headers: IncomingMessage['headers'];
  body: {
    model?: string;
    temperature?: number;
    response_format?: { type?: string };
    messages?: Array<{ role: string; content: string }>;
    [k: string]: unknown;
  };
}

/** What the stand-in does with one request instead of (or before) the normal verdict. */
export type Behaviour =
  | { kind: 'status'; status: number; retryAfter?: string; retryAfterMs?: string }
  /** Reply normally, but after `ms`. */
  | { kind: 'delay'; ms: number }
  /** Never reply (until the client gives up or the stand-in closes). */
  | { kind: 'hang' }
  /** A 200 chat completion whose message content is this text. */
  | { kind: 'content'; content: string }
  /** A 200 whose HTTP body is this raw text. */
  | { kind: 'body'; body: string };

export class LlmJudgeStandin {
  #server: Server | null = null;
  #port = 0;
  readonly requests: RecordedRequest[] = [];
  /** Behaviours for the next requests, in arrival order. */
  readonly script: Behaviour[] = [];
  /** Delay added to every normal reply. */
  delayMs = 0;
  inFlight = 0;
  maxInFlight = 0;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #hanging = new Set<ServerResponse>();

  get url(): string {
    return `http://127.0.0.1:${this.#port}/v1`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(e));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
    return this;
  }

  /** Forgets recorded requests, script and counters. */
  reset(): void {
    this.requests.length = 0;
    this.script.length = 0;
    this.delayMs = 0;
    this.maxInFlight = this.inFlight;
  }

  async close(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    for (const r of this.#hanging) r.destroy();
    this.#hanging.clear();
    const s = this.#server;
    this.#server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    let body: RecordedRequest['body'];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedRequest['body'];
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad json"}}');
      return;
    }
    this.requests.push({ at: performance.now(), path, headers: req.headers, body });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        this.inFlight--;
      }
    };
    res.on('close', finish);

    const b = this.script.shift();
    const wait = (ms: number) =>
      new Promise<boolean>((resolve) => {
        if (ms <= 0) return resolve(true);
        const t = setTimeout(() => {
          this.#timers.delete(t);
          resolve(true);
        }, ms);
        this.#timers.add(t);
        // A client that gives up (timeout, abort) leaves no timer behind here.
        res.on('close', () => {
          clearTimeout(t);
          this.#timers.delete(t);
          resolve(false);
        });
      });

    if (b?.kind === 'hang') {
      this.#hanging.add(res);
      res.on('close', () => this.#hanging.delete(res));
      return;
    }
    if (b?.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (b.retryAfter !== undefined) headers['retry-after'] = b.retryAfter;
      if (b.retryAfterMs !== undefined) headers['retry-after-ms'] = b.retryAfterMs;
      res.writeHead(b.status, headers).end(JSON.stringify({ error: { message: `scripted ${b.status}` } }));
      finish();
      return;
    }
    if (!(await wait(this.delayMs + (b?.kind === 'delay' ? b.ms : 0)))) return;
    if (b?.kind === 'body') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(b.body);
      finish();
      return;
    }
    const content = b?.kind === 'content' ? b.content : JSON.stringify(verdictFor(body.messages ?? []));
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `chatcmpl-standin-${this.requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
      }),
    );
    finish();
  }
}

/** Text of a tagged section of the user message ('' when absent). */
export function sectionOf(messages: ReadonlyArray<{ role: string; content: string }>, tag: string): string | null {
  const user = messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
  const m = new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(user);
  return m ? m[1]! : null;
}

/** The stand-in's deterministic verdict for a judge prompt. */
export function verdictFor(messages: ReadonlyArray<{ role: string; content: string }>): { score: number; label: string; reason: string } {
  const context = sectionOf(messages, 'context');
  const answer = sectionOf(messages, 'answer');
  const text = sectionOf(messages, 'text');
  const question = sectionOf(messages, 'question');
  if (context !== null && answer !== null) {
    const have = new Set(numbers(context));
    const missing = numbers(answer).filter((n) => !have.has(n));
    return missing.length === 0
      ? { score: 0, label: 'grounded', reason: 'every number in the answer appears in the context' }
      : { score: 1, label: 'hallucinated', reason: `numbers not in the context: ${missing.join(', ')}` };
  }
  if (text !== null) {
    const words = new Set(text.toLowerCase().match(/[a-z]+/g) ?? []);
    const hit = TOXIC_WORDS.find((w) => words.has(w));
    return hit ? { score: 0.9, label: 'toxic', reason: `contains "${hit}"` } : { score: 0.05, label: 'ok', reason: 'no toxic words' };
  }
  if (question !== null && answer !== null) {
    const q = [...new Set(question.toLowerCase().match(/[a-z]{4,}/g) ?? [])];
    const a = new Set(answer.toLowerCase().match(/[a-z]{4,}/g) ?? []);
    const score = q.length === 0 ? 0 : Math.round((q.filter((w) => a.has(w)).length / q.length) * 100) / 100;
    return { score, label: score >= 0.5 ? 'relevant' : 'irrelevant', reason: `word overlap ${score}` };
  }
  return { score: 0, label: 'unknown', reason: 'no tagged sections' };
}

function numbers(s: string): string[] {
  return s.match(/\d+(?:\.\d+)?/g) ?? [];
}
