import type { CentralSystemAction, Request, Response } from '../ocpp16/actions.js';

/** What stands in for a secret in the command log. */
export const REDACTED = '[redacted]';

/**
 * Configuration keys whose value is a secret: the AuthorizationKey is the charge point's
 * Basic auth password (whitepaper A01.FR.09: never in clear text in logs). OCPP keys are
 * CiString, compared case-insensitively.
 */
export const isSecretKey = (key: string): boolean => key.toLowerCase() === 'authorizationkey';

/** `params` as the command log keeps them: a secret configuration value replaced by `[redacted]`. */
export function redactParams<A extends CentralSystemAction>(action: A, params: Request<A>): Request<A> {
  if (action !== 'ChangeConfiguration') return params;
  const change = params as Request<'ChangeConfiguration'>;
  return (isSecretKey(change.key) ? { ...change, value: REDACTED } : change) as Request<A>;
}

/** A response as the command log keeps it: a secret key's value (a charge point should never report it) replaced. */
export function redactResponse<A extends CentralSystemAction>(action: A, response: Response<A>): Response<A> {
  if (action !== 'GetConfiguration') return response;
  const answer = response as Response<'GetConfiguration'>;
  if (!answer?.configurationKey?.some((entry) => isSecretKey(entry.key) && entry.value !== undefined))
    return response;
  return {
    ...answer,
    configurationKey: answer.configurationKey.map((entry) =>
      isSecretKey(entry.key) && entry.value !== undefined ? { ...entry, value: REDACTED } : entry,
    ),
  } as Response<A>;
}
