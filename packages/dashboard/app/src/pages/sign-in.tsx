import { useEffect, useState } from 'preact/hooks';
import { signIn, signOutReason } from '../session/session.js';

/** Asks for the API token and checks it against the server before anything else loads. */
export function SignInPage() {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = 'Sign in · Levity';
  }, []);
  const reason = signOutReason.value;

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(value);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <form class="sign-in-card" onSubmit={submit} method="post" aria-describedby="token-help">
        <h1>Levity</h1>
        <p class="muted">OCPP 1.6-J Central System</p>
        {reason && !error ? (
          <p class="notice notice-warning" role="status">
            {reason}
          </p>
        ) : null}
        {/* Lets a password manager file the token under this server. */}
        <input type="text" name="username" autoComplete="username" value={location.host} hidden readOnly />
        <label for="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="current-password"
          spellcheck={false}
          required
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'token-error' : undefined}
          onInput={(event) => setValue(event.currentTarget.value)}
        />
        <p id="token-help" class="field-hint">
          The bearer token of the HTTP API: <code>LEVITY_API_TOKEN</code>, or the file{' '}
          <code>levity.db.token</code> beside the database. It stays in this browser tab only.
        </p>
        {error ? (
          <p id="token-error" class="notice notice-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
