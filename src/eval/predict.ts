/**
 * Call-through predictions: items with an `input` and no `prediction` get one from the application
 * under test — `--call-url URL` (POST {"input"} → {"prediction", "logprobs"?, "model"?}) or
 * `--call-cmd CMD` (run by /bin/sh per item with {"input"} as JSON on stdin; stdout is the
 * prediction, or a JSON object like the URL's answer). Each call is time-bounded and its answer
 * size-bounded; a failure is that item's error, never the run's.
 */
import { spawn } from 'node:child_process';
import { backoffMs } from '../util/backoff.ts';

export const PREDICT_LIMITS = {
  timeoutMs: 60_000,
  answerBytes: 4 * 1024 * 1024,
  retries: 2,
};

export interface Prediction {
  prediction: string;
  logprobs?: number[];
  model?: string;
}

export type Predictor = (input: string) => Promise<Prediction>;

export class PredictError extends Error {
  override name = 'PredictError';
}

/** Reads {"prediction": string, "logprobs"?: number[], "model"?: string}. */
export function parsePredictionJson(v: unknown, from: string): Prediction {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new PredictError(`${from} answered JSON that is not an object`);
  const o = v as Record<string, unknown>;
  if (typeof o.prediction !== 'string') throw new PredictError(`${from} answered without a "prediction" string`);
  const out: Prediction = { prediction: o.prediction };
  if (Array.isArray(o.logprobs) && o.logprobs.every((x) => typeof x === 'number' && Number.isFinite(x))) out.logprobs = o.logprobs as number[];
  if (typeof o.model === 'string') out.model = o.model.slice(0, 256);
  return out;
}

async function readCapped(body: ReadableStream<Uint8Array> | null, max: number, from: string): Promise<string> {
  if (!body) return '';
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of body as unknown as AsyncIterable<Uint8Array>) {
    n += c.length;
    if (n > max) throw new PredictError(`${from} answered more than ${max} bytes`);
    parts.push(c);
  }
  return Buffer.concat(parts).toString('utf8');
}

export function urlPredictor(url: string, o: { timeoutMs?: number; retries?: number; headers?: Record<string, string> } = {}): Predictor {
  const timeoutMs = o.timeoutMs ?? PREDICT_LIMITS.timeoutMs;
  const retries = o.retries ?? PREDICT_LIMITS.retries;
  return async (input) => {
    for (let attempt = 0; ; attempt++) {
      let retryable = false;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...o.headers },
          body: JSON.stringify({ input }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await readCapped(res.body, PREDICT_LIMITS.answerBytes, url);
        if (!res.ok) {
          retryable = res.status === 429 || res.status >= 500;
          throw new PredictError(`${url} answered HTTP ${res.status}: ${text.slice(0, 200)}`);
        }
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          throw new PredictError(`${url} answered something that is not JSON: ${JSON.stringify(text.slice(0, 120))}`);
        }
        return parsePredictionJson(json, url);
      } catch (e) {
        if (!(e instanceof PredictError)) retryable = true; // network error, timeout
        if (!retryable || attempt >= retries) throw e instanceof PredictError ? e : new PredictError(`${url}: ${(e as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, backoffMs(attempt + 1, { baseMs: 250, maxMs: 5000 })));
    }
  };
}

export function commandPredictor(cmd: string, o: { timeoutMs?: number } = {}): Predictor {
  const timeoutMs = o.timeoutMs ?? PREDICT_LIMITS.timeoutMs;
  return (input) =>
    new Promise<Prediction>((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', cmd], { stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let outBytes = 0;
      let err = '';
      let failed: Error | null = null;
      const timer = setTimeout(() => {
        failed = new PredictError(`--call-cmd took longer than ${timeoutMs} ms`);
        child.kill('SIGKILL');
      }, timeoutMs);
      child.stdout.on('data', (c: Buffer) => {
        outBytes += c.length;
        if (outBytes > PREDICT_LIMITS.answerBytes) {
          failed = new PredictError(`--call-cmd printed more than ${PREDICT_LIMITS.answerBytes} bytes`);
          child.kill('SIGKILL');
        } else out.push(c);
      });
      child.stderr.on('data', (c: Buffer) => {
        if (err.length < 2000) err += c.toString('utf8');
      });
      child.stdin.on('error', () => undefined); // the command may not read its input
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new PredictError(`--call-cmd could not start: ${e.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (failed) return reject(failed);
        if (code !== 0) return reject(new PredictError(`--call-cmd exited with ${code}${err.trim() ? `: ${err.trim().slice(0, 300)}` : ''}`));
        const text = Buffer.concat(out).toString('utf8');
        const trimmed = text.trim();
        if (trimmed.startsWith('{')) {
          try {
            return resolve(parsePredictionJson(JSON.parse(trimmed), '--call-cmd'));
          } catch (e) {
            if (e instanceof PredictError) return reject(e);
            // not JSON after all: the text is the prediction
          }
        }
        resolve({ prediction: text.replace(/\r?\n$/, '') });
      });
      child.stdin.end(JSON.stringify({ input }) + '\n');
    });
}
