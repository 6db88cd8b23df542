import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ApiKeyHeaders } from '../../auth/api-keys.ts';
import { otlpError } from '../otlp-reply.ts';
import type { IngestEnv, RejectFn } from './types.ts';

/** The tenant of a request from its key headers; null = no valid key. */
export type ProjectOf = (headers: ApiKeyHeaders) => string | null;

export function keyHeaders(c: Context): ApiKeyHeaders {
  return { authorization: c.req.header('authorization'), 'x-api-key': c.req.header('x-api-key') };
}

/** OTLP routes: a valid key → c.var.projectId; otherwise 401 in the request's encoding, before anything else is spent on it. */
export function apiKeyAuth(projectOf: ProjectOf, reject: RejectFn) {
  return createMiddleware<IngestEnv>(async (c, next) => {
    const projectId = projectOf(keyHeaders(c));
    if (projectId === null) {
      reject('unauthorized');
      return otlpError(c, c.get('format') ?? 'json', 401, 'missing or invalid API key');
    }
    c.set('projectId', projectId);
    await next();
  });
}

/** Other routes (/metrics, /healthz, APIs): 401 as JSON without a valid key. */
export function requireKey(projectOf: ProjectOf) {
  return createMiddleware<{ Variables: { projectId: string } }>(async (c, next) => {
    const projectId = projectOf(keyHeaders(c));
    if (projectId === null) return c.json({ error: 'missing or invalid API key' }, 401);
    c.set('projectId', projectId);
    await next();
  });
}
