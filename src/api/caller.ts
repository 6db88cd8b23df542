/**
 * Who is asking, for the read routes: the role and project of the presented key (header or the
 * console's session cookie), or — without --api-keys — admin for loopback clients and read-all
 * for the rest. Also the CSRF rule for requests that carry the session cookie.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { presentedKey, type ApiKeyTable, type KeyRole } from '../auth/api-keys.ts';

export const SESSION_COOKIE = 'llmscope_session';

export interface Caller {
  /** null: unknown or missing key while keys are required. */
  role: KeyRole | null;
  /** The project a read is limited to; null = every project (admin, or no --api-keys). */
  project: string | null;
  /** How the caller was identified. */
  via: 'header' | 'cookie' | 'loopback' | 'open' | 'none';
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return true; // HTTP/1.0 tools
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return name === 'localhost' || isLoopback(name);
}

export function remoteAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // not served by @hono/node-server (app.request in tests)
  }
}

export function resolveCaller(c: Context, keys: ApiKeyTable | null, extraKey?: string | null): Caller {
  if (!keys) {
    // Loopback with a loopback Host: a page that rebinds its own name to 127.0.0.1 gets read only.
    const local = isLoopback(remoteAddress(c)) && isLoopbackHost(c.req.header('host'));
    return local ? { role: 'admin', project: null, via: 'loopback' } : { role: 'read', project: null, via: 'open' };
  }
  const headerKey = extraKey ?? presentedKey({ authorization: c.req.header('authorization'), 'x-api-key': c.req.header('x-api-key') });
  const via = headerKey ? 'header' : 'cookie';
  const key = headerKey ?? getCookie(c, SESSION_COOKIE) ?? null;
  const id = keys.identify(key);
  if (!id) return { role: null, project: null, via: key ? via : 'none' };
  return { role: id.role, project: id.role === 'admin' ? null : id.project, via };
}

/**
 * A state-changing request authenticated by the cookie must show it comes from our own page:
 * a JSON content type or our header (a cross-site form can send neither without a CORS preflight),
 * and, when the browser sends one, an Origin equal to this server. SameSite=Strict already keeps
 * the cookie off cross-site requests; this is the second lock.
 */
export function csrfProblem(c: Context, caller: Caller): string | null {
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return null;
  const origin = c.req.header('origin');
  if (origin && origin !== 'null') {
    const host = c.req.header('host');
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!host || originHost !== host) return `cross-origin request from ${origin} refused`;
  } else if (origin === 'null') return 'cross-origin request refused';
  if (caller.via !== 'cookie' && caller.via !== 'none') return null;
  const ct = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct === 'application/json' || c.req.header('x-llmscope-client')) return null;
  return 'a request signed in by cookie must send Content-Type: application/json or the X-Llmscope-Client header';
}

/**
 * The project whose budgets a request may see (GET /api/v1/budgets): its own for read and ingest
 * keys (header or session cookie), undefined (all) for admin, null (401) for none.
 */
export function budgetProjectOf(keys: ApiKeyTable): (c: Context) => string | null | undefined {
  return (c) => {
    const caller = resolveCaller(c, keys);
    if (caller.role === null) return null;
    if (caller.role === 'admin') return undefined;
    return keys.identify(presentedKey({ authorization: c.req.header('authorization'), 'x-api-key': c.req.header('x-api-key') }) ?? getCookie(c, SESSION_COOKIE) ?? null)?.project ?? null;
  };
}
