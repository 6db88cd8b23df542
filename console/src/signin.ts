/** Sign-in with an API key: the server keeps it in an HttpOnly, SameSite=Strict cookie. */
import { useState } from 'preact/hooks';
import { html } from './html.ts';
import { ApiError, api, type Session } from './api.ts';

export function SignInPage(props: { onSignedIn: (s: Session) => void }) {
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const key = ((e.target as HTMLFormElement).elements.namedItem('key') as HTMLInputElement).value.trim();
    if (!key) return setErr('Enter an API key.');
    setBusy(true);
    setErr(null);
    try {
      await api('/api/v1/session', { body: { key } });
      props.onSignedIn(await api<Session>('/api/v1/session'));
    } catch (x) {
      setErr(x instanceof ApiError && (x.status === 401 || x.status === 403) ? 'This key was refused.' : x instanceof Error ? x.message : String(x));
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="page signin"><form class="signin-form" onSubmit=${submit} aria-labelledby="signin-h">
    <h1 id="signin-h">Sign in to llmscope</h1>
    <p>This collector needs an API key (a <code>read</code> or <code>admin</code> key from its keys file).</p>
    <label for="key">API key</label>
    <input id="key" name="key" type="password" autocomplete="current-password" required aria-describedby=${err ? 'signin-err' : undefined} />
    ${err ? html`<p id="signin-err" class="error-text" role="alert">${err}</p>` : null}
    <button type="submit" disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
  </form></div>`;
}
