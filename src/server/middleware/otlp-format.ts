import { createMiddleware } from 'hono/factory';
import { JSON_TYPE, PROTOBUF, otlpError } from '../otlp-reply.ts';
import type { IngestEnv, RejectFn } from './types.ts';

/** Content-Type → the body's encoding, read once for the whole chain; anything else is 415. */
export function otlpFormat(reject: RejectFn) {
  return createMiddleware<IngestEnv>(async (c, next) => {
    const contentType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType === PROTOBUF || contentType === 'application/protobuf') c.set('format', 'protobuf');
    else if (contentType === JSON_TYPE) c.set('format', 'json');
    else {
      reject('unsupported_media_type');
      return otlpError(c, 'json', 415, `unsupported Content-Type "${contentType}"; use ${PROTOBUF} or ${JSON_TYPE}`);
    }
    await next();
  });
}
