/**
 * Query parameters whose value is a secret. `token` is the HTTP API's (EventSource
 * cannot send headers, so `GET /api/events?token=` exists); the others are common
 * spellings a proxy or a client library may put in a URL.
 */
const SECRET_PARAMETER =
  /([?&;](?:token|access_token|api_token|apitoken|api-token|password|key|secret)=)[^&;#\s"']*/gi;
/**
 * An Authorization header's credentials, wherever it was copied into text: after
 * `Bearer` or `Basic` as clients write them, or after the lower-case scheme when what
 * follows is long enough to be a credential (so that prose such as "bearer token in
 * levity.db.token" stays readable).
 */
const CREDENTIALS = /\b(Bearer|Basic)\s+[\w~+/.=-]+/g;
const LOWER_CASE_CREDENTIALS = /\b(bearer|basic)\s+[\w~+/.=-]{12,}/g;

/**
 * `text` with every secret it may carry replaced by `[redacted]`: the values of
 * token-like query parameters and the credentials of `Bearer`/`Basic` authorizations.
 *
 * @example redactSecrets('/api/events?token=abc&x=1'); // '/api/events?token=[redacted]&x=1'
 */
export function redactSecrets(text: string): string {
  return text
    .replace(SECRET_PARAMETER, '$1[redacted]')
    .replace(CREDENTIALS, '$1 [redacted]')
    .replace(LOWER_CASE_CREDENTIALS, '$1 [redacted]');
}

/** Header fields whose value is a secret, as pino `redact` paths of a log line. */
export const SECRET_LOG_PATHS: readonly string[] = [
  'authorization',
  'headers.authorization',
  'headers.cookie',
  'headers["proxy-authorization"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["proxy-authorization"]',
  'password',
  '*.password',
  'token',
  '*.token',
];

/** A log line's fields with secrets redacted from every string, one level down too. */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') clean[key] = redactSecrets(value);
    else if (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      !(value instanceof Error)
    ) {
      clean[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? redactSecrets(v) : v]),
      );
    } else clean[key] = value;
  }
  return clean;
}
