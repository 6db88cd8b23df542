/** Calls to the collector's read API (same origin; the session cookie travels with them). */

export class ApiError extends Error {
  status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Called on 401 so the app can show the sign-in page. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(f: () => void): void {
  onUnauthorized = f;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    credentials: 'same-origin',
    // x-llmscope-client: the server's CSRF check for cookie-authenticated POST/DELETE
    headers: init.body === undefined ? { accept: 'application/json', 'x-llmscope-client': 'console' } : { accept: 'application/json', 'content-type': 'application/json', 'x-llmscope-client': 'console' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const text = await res.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/api/v1/session')) onUnauthorized();
    const msg = data && typeof data === 'object' && 'error' in data ? String((data as { error: unknown }).error) : text.slice(0, 500) || res.statusText;
    throw new ApiError(res.status, msg);
  }
  return data as T;
}

export interface Session {
  authenticated: boolean;
  role?: string | null;
  project?: string | null;
  auth_required: boolean;
}

export interface Column {
  name: string;
  type: string;
}

export interface TargetResult {
  refId: string;
  columns: Column[];
  rows: unknown[][];
  error?: string;
}

export type Row = Record<string, unknown>;

/** Reads a field by any of its spellings (ClickHouse column names, camelCase). */
export function field(o: Row | undefined, ...names: string[]): unknown {
  if (!o) return undefined;
  for (const n of names) if (o[n] !== undefined) return o[n];
  return undefined;
}

export function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

export function str(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}
