/** The llmscope console: layout, session, routes. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './app.css';
import { html } from './html.ts';
import { api, setUnauthorizedHandler, type Session } from './api.ts';
import { interceptLinks, navigate, useLocation } from './router.ts';
import { DashboardPage } from './dashboard.ts';
import { CallsPage } from './calls.ts';
import { CallPage } from './call.ts';
import { TracePage } from './trace.ts';
import { BudgetsPage } from './budgets.ts';
import { SignInPage } from './signin.ts';

interface DashboardRef {
  uid: string;
  title: string;
  tags?: string[];
}

/** The overview first, then the others by title. */
const rank = (uid: string) => (uid === 'llmscope-overview' ? 0 : 1);

function Home(props: { dashboards: DashboardRef[] | null }) {
  return html`<div class="page home"><div class="page-head"><h1>llmscope</h1><p class="lead">Every GenAI call your services made: requests, errors, latency, tokens, cost and quality.</p></div>
    <ul class="cards">
      ${(props.dashboards ?? []).map((d) => html`<li><a class="card" href=${`/d/${d.uid}`}><strong>${d.title}</strong><span>dashboard</span></a></li>`)}
      <li><a class="card" href="/calls"><strong>LLM calls</strong><span>search, filter, sort every call</span></a></li>
      <li><a class="card" href="/budgets"><strong>Budgets</strong><span>spend, projection, notifications</span></a></li>
    </ul>
    <p class="hint">No data yet? Run <code>npm run demo</code> to send an hour of realistic traffic.</p></div>`;
}

function ThemeToggle() {
  const [theme, setTheme] = useState(() => localStorage.getItem('llmscope-theme') ?? 'auto');
  useEffect(() => {
    if (theme === 'auto') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', theme);
    localStorage.setItem('llmscope-theme', theme);
    window.dispatchEvent(new Event('llmscope-theme'));
  }, [theme]);
  return html`<label class="theme">Theme <select value=${theme} onChange=${(e: Event) => setTheme((e.target as HTMLSelectElement).value)}>
    <option value="auto">system</option><option value="light">light</option><option value="dark">dark</option></select></label>`;
}

function App() {
  const loc = useLocation();
  const [session, setSession] = useState<Session | null>(null);
  const [dashboards, setDashboards] = useState<DashboardRef[] | null>(null);
  const [bootErr, setBootErr] = useState<string | null>(null);
  const signedOut = !!session && session.auth_required && !session.authenticated;
  useEffect(() => {
    // a 401 from one route may mean that route does not take this session: ask before signing out
    setUnauthorizedHandler(() => {
      api<Session>('/api/v1/session').then(
        (s) => {
          if (!s.authenticated && s.auth_required) setSession(s);
        },
        () => undefined,
      );
    });
    api<Session>('/api/v1/session').then(setSession, (e: unknown) => {
      setBootErr(e instanceof Error ? e.message : String(e));
      setSession({ authenticated: false, auth_required: false });
    });
  }, []);
  useEffect(() => {
    if (!session || signedOut) return;
    api<DashboardRef[] | { dashboards: DashboardRef[] }>('/api/v1/dashboards').then(
      (r) => setDashboards((Array.isArray(r) ? r : (r.dashboards ?? [])).sort((a, b) => rank(a.uid) - rank(b.uid) || a.title.localeCompare(b.title))),
      () => setDashboards([]),
    );
  }, [session?.authenticated, signedOut]);
  useEffect(() => {
    const titles: Record<string, string> = { '/calls': 'LLM calls', '/budgets': 'Budgets', '/signin': 'Sign in' };
    const d = dashboards?.find((x) => loc.path.startsWith(`/d/${x.uid}`));
    document.title = `${d?.title ?? titles[loc.path] ?? (loc.path.startsWith('/traces/') ? 'Trace' : loc.path.startsWith('/calls/') ? 'Call' : 'Home')} · llmscope`;
  }, [loc.path, dashboards]);
  if (!session) return html`<p class="boot">Loading llmscope…</p>`;
  const signOut = async () => {
    await api('/api/v1/session', { method: 'DELETE' }).catch(() => undefined);
    setSession({ ...session, authenticated: false });
    navigate('/signin');
  };
  let page;
  let m: RegExpExecArray | null;
  if (signedOut || loc.path === '/signin')
    page = signedOut
      ? html`<${SignInPage} onSignedIn=${(s: Session) => {
          setSession(s);
          if (loc.path === '/signin') navigate('/', true);
        }} />`
      : html`<div class="page"><p>You are signed in${session.project ? ` to project ${session.project}` : ''}. <a href="/">Go to the dashboards</a>.</p></div>`;
  else if ((m = /^\/d\/([^/]+)/.exec(loc.path))) page = html`<${DashboardPage} uid=${decodeURIComponent(m[1]!)} loc=${loc} />`;
  else if (loc.path === '/calls') page = html`<${CallsPage} loc=${loc} />`;
  else if ((m = /^\/calls\/([0-9a-fA-F]+)\/([0-9a-fA-F]+)$/.exec(loc.path))) page = html`<${CallPage} traceId=${m[1]} spanId=${m[2]} />`;
  else if ((m = /^\/traces\/([0-9a-fA-F]+)$/.exec(loc.path))) page = html`<${TracePage} traceId=${m[1]} />`;
  else if (loc.path === '/budgets') page = html`<${BudgetsPage} />`;
  else if (loc.path === '/') page = html`<${Home} dashboards=${dashboards} />`;
  else page = html`<div class="page"><h1>Not found</h1><p><a href="/">Home</a></p></div>`;
  const nav = (href: string, label: string, active: boolean) => html`<li><a href=${href} aria-current=${active ? 'page' : undefined}>${label}</a></li>`;
  return html`<a class="skip" href="#main">Skip to content</a>
    <header class="top">
      <a class="brand" href="/">llmscope</a>
      ${signedOut ? null : html`<nav aria-label="main"><ul>
        ${(dashboards ?? []).map((d) => nav(`/d/${d.uid}`, d.title, loc.path.startsWith(`/d/${d.uid}`)))}
        ${nav('/calls', 'Calls', loc.path.startsWith('/calls'))}
        ${nav('/budgets', 'Budgets', loc.path === '/budgets')}
      </ul></nav>`}
      <div class="top-right">
        ${session.authenticated && session.project ? html`<span class="who">${session.project}${session.role ? ` · ${session.role}` : ''}</span>` : null}
        ${session.auth_required && session.authenticated ? html`<button type="button" onClick=${signOut}>Sign out</button>` : null}
        <${ThemeToggle} />
      </div>
    </header>
    ${bootErr ? html`<p class="error-text banner" role="alert">Cannot reach the collector's API: ${bootErr}</p>` : null}
    <main id="main" tabindex="-1">${page}</main>`;
}

interceptLinks();
render(html`<${App} />`, document.getElementById('app')!);
