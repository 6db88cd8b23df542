/**
 * The JSON body of an ingest-side API request (feedback, evaluation runs): Content-Type
 * application/json, at most `maxBytes` after decompression (declared or read), strict UTF-8.
 */
import type { Context } from 'hono';
import { BadEncodingError, BodyTooLargeError, readBody } from '../server/body.ts';

/** The parsed body, or the 4xx answer to send. */
export async function readJsonBody(c: Context, maxBytes: number): Promise<{ value: unknown } | Response> {
  const ct = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct !== 'application/json') return c.json({ error: 'send Content-Type: application/json' }, 415);
  if (Number(c.req.header('content-length') ?? '0') > maxBytes) return c.json({ error: `body exceeds ${maxBytes} bytes` }, 413);
  let bytes: Uint8Array;
  try {
    bytes = await readBody(c.req.raw.body, c.req.header('content-encoding') ?? '', { maxBytes });
  } catch (e) {
    if (e instanceof BodyTooLargeError) return c.json({ error: `body exceeds ${maxBytes} bytes` }, 413);
    if (e instanceof BadEncodingError) return c.json({ error: e.message }, 400);
    throw e;
  }
  try {
    return { value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown };
  } catch {
    return c.json({ error: 'body is not valid UTF-8 JSON' }, 400);
  }
}
