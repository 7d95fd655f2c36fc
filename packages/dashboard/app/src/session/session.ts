import { computed, signal } from '@preact/signals';
import type { ApiClient } from '../api/api-client.js';
import { ApiError, createApiClient } from '../api/api-client.js';

// The token lives in sessionStorage: it survives a reload of the tab, not the tab
// itself, and never goes into a URL.
const STORAGE_KEY = 'levity.apiToken';

function stored(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The signed-in token, or `null`. */
export const token = signal<string | null>(stored());
/**
 * Whether the server refused a write with 403: the token may read, not act. Every
 * control that acts is disabled from then on and says why.
 */
export const readOnly = signal(false);
/** Why the session ended, shown on the sign-in page. */
export const signOutReason = signal<string | null>(null);

function remember(value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, value);
  } catch {
    // Storage disabled: the token then lives in memory only, until a reload.
  }
}

export function signOut(reason: string | null = null): void {
  remember(null);
  token.value = null;
  readOnly.value = false;
  signOutReason.value = reason;
}

const clientFor = (value: string) =>
  createApiClient({
    token: value,
    onAuthFailure: (status) => {
      if (status === 401) signOut('The server refused the token (401). Sign in again.');
      else readOnly.value = true;
    },
  });

/** The API client of the signed-in session. */
export const api = computed<ApiClient | null>(() => (token.value === null ? null : clientFor(token.value)));

/**
 * Checks the token against the API, then keeps it for this tab.
 *
 * @throws ApiError with a message to show: a refused token, or a server out of reach.
 */
export async function signIn(candidate: string): Promise<void> {
  const value = candidate.trim();
  if (value === '') throw new ApiError(0, 'Enter the API token.');
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new ApiError(0, 'An API token has visible ASCII characters only, without spaces.');
  }
  const probe = createApiClient({ token: value });
  try {
    await probe.get('/api/errors', { limit: 1 });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      throw new ApiError(401, 'That token was refused (401). Check it and try again.');
    }
    throw error;
  }
  remember(value);
  signOutReason.value = null;
  readOnly.value = false;
  token.value = value;
}

/** The API client; only for components rendered while signed in. */
export function useApi(): ApiClient {
  const client = api.value;
  if (client === null) throw new Error('useApi() outside a signed-in session');
  return client;
}
