/** History-API routing: the URL is the state (time range, variables, filters), like Grafana's. */
import { useEffect, useState } from 'preact/hooks';

export interface Loc {
  path: string;
  params: URLSearchParams;
}

const listeners = new Set<() => void>();

function current(): Loc {
  return { path: location.pathname, params: new URLSearchParams(location.search) };
}

export function navigate(href: string, replace = false): void {
  const url = new URL(href, location.href);
  if (url.href === location.href) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  for (const l of listeners) l();
  if (!replace) window.scrollTo(0, 0);
}

/** The current URL with some query parameters replaced (null deletes; arrays repeat the key). */
export function withParams(loc: Loc, changes: Record<string, string | string[] | null>): string {
  const p = new URLSearchParams(loc.params);
  for (const [k, v] of Object.entries(changes)) {
    p.delete(k);
    if (v === null) continue;
    for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  }
  const q = p.toString();
  return loc.path + (q ? `?${q}` : '');
}

export function useLocation(): Loc {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = () => setLoc(current());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return loc;
}

/** Same-origin links navigate without a page load. */
export function interceptLinks(): void {
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const href = a.getAttribute('href');
    if (!href || !href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/')) return;
    e.preventDefault();
    navigate(href);
  });
}
