import type { ApiErrorBody } from './api-types.js';

/** An answer of the API other than 2xx, or a request that never reached it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly field: string | undefined;
  constructor(status: number, message: string, body?: Partial<ApiErrorBody>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code;
    this.field = body?.field;
  }
}

export type Query = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface ApiClientOptions {
  /** The bearer token, sent as `Authorization: Bearer …` (never in a URL). */
  readonly token: string;
  /** Called on 401 (the token is refused) and 403 (the token may not do this). */
  readonly onAuthFailure?: (status: 401 | 403, error: ApiError) => void;
  readonly fetch?: typeof fetch;
  /** Origin-relative by default. */
  readonly baseUrl?: string;
}

/** `/api/charge-points` + `{connected: true}` → `/api/charge-points?connected=true` (empty values left out). */
export function apiUrl(path: string, query: Query = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(name, String(value));
  }
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  401: 'The server refused the token',
  403: 'This token may only read: the server refused this action',
  404: 'Not found',
  409: 'Conflict',
  502: 'The charge point answered with an error',
  504: 'The charge point did not answer in time',
};

async function errorFrom(response: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> | undefined;
  try {
    body = (await response.json()) as Partial<ApiErrorBody>;
  } catch {
    body = undefined;
  }
  const prefix = STATUS_TEXT[response.status] ?? `HTTP ${response.status}`;
  const detail = typeof body?.message === 'string' ? body.message : response.statusText;
  return new ApiError(response.status, detail ? `${prefix} (${response.status}): ${detail}` : prefix, body);
}

/**
 * A thin client of the management API: JSON in and out, the token in the header, and
 * every failure an `ApiError` whose message can be shown as it is.
 *
 * @example
 * const api = createApiClient({ token });
 * const { items } = await api.get<List<ChargePoint>>('/api/charge-points');
 */
export function createApiClient(options: ApiClientOptions) {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl ?? '';

  async function request<T>(method: string, path: string, query?: Query, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.token}`,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchImpl(`${base}${apiUrl(path, query)}`, {
        method,
        headers,
        cache: 'no-store',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiError(0, `The server cannot be reached: ${(error as Error).message}`);
    }
    if (!response.ok) {
      const error = await errorFrom(response);
      if (response.status === 401 || response.status === 403) options.onAuthFailure?.(response.status, error);
      throw error;
    }
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  return {
    token: options.token,
    get: <T>(path: string, query?: Query) => request<T>('GET', path, query),
    post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, query, body ?? {}),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, undefined, body),
    delete: (path: string) => request<void>('DELETE', path),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** A path segment, percent-encoded: charge point ids and id tags may hold any character but `/`. */
export const segment = (value: string | number): string => encodeURIComponent(String(value));
