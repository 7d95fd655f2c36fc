import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiTokenRole, CentralSystem, Logger } from '@levity/core';
import { InvalidOptionError, roleAllows } from '@levity/core';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { errorBody, pathOf } from './errors.js';
import type { RouteAccess } from './roles.js';
import { requiredRole } from './roles.js';

/** Visible ASCII without spaces: what fits in `Authorization: Bearer <token>`. */
const TOKEN = /^[\x21-\x7e]+$/;

/**
 * The configured tokens (`token` and `tokens`), checked once at start-up. None is fine:
 * the named tokens of `cs.apiTokens` authenticate too.
 *
 * @throws InvalidOptionError when one cannot be sent in a header.
 */
export function acceptedTokens(options: { token?: string; tokens?: readonly string[] }): string[] {
  const tokens = [...(options.token === undefined ? [] : [options.token]), ...(options.tokens ?? [])];
  for (const token of tokens) {
    if (typeof token !== 'string' || !TOKEN.test(token)) {
      throw new InvalidOptionError(
        'token',
        'expected a non-empty string of visible ASCII characters without spaces',
      );
    }
  }
  return tokens;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * A predicate that tells whether a presented token is one of `tokens`, in time that does
 * not depend on how much of it matches (digests of equal length, compared with
 * `timingSafeEqual`, every token compared).
 */
export function tokenMatcher(tokens: readonly string[]): (presented: string | undefined) => boolean {
  const digests = tokens.map(digest);
  return (presented) => {
    if (presented === undefined || presented === '') return false;
    const candidate = digest(presented);
    let matched = false;
    for (const accepted of digests) matched = timingSafeEqual(accepted, candidate) || matched;
    return matched;
  };
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 6750 §2.1). */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
}

/**
 * What a log may say about a presented token: the first 8 hex digits of its SHA-256,
 * enough to tell two tokens apart and useless to an attacker.
 */
export const fingerprint = (token: string): string => digest(token).toString('hex').slice(0, 8);

/** Who a request is, once its token checked out. */
export interface Caller {
  /** The token's name; `api-token` for a configured token. */
  readonly name: string;
  readonly role: ApiTokenRole;
  /** What the command log records as the sender (`CommandRecord.actor`). */
  readonly actor: string;
}

/** The configured tokens (`--api-token`, the token file) are full access, and audited under this name. */
export const CONFIGURED_TOKEN_ACTOR = 'api-token';

const callers = new WeakMap<FastifyRequest, Caller>();

/** The caller of an authenticated request (undefined before the auth hook ran, or without a token). */
export const callerOf = (request: FastifyRequest): Caller | undefined => callers.get(request);

/** Counts of refused requests, for the log and for metrics. */
export interface AuthCounters {
  /** Requests without a valid token (401). */
  failedAuthentications: number;
  /** Requests whose token's role is too low for the route (403). */
  forbidden: number;
}

export interface Authenticator {
  /** The `onRequest` hook of every `/api` route: 401 without a valid token, 403 below the route's role. */
  readonly onRequest: onRequestAsyncHookHandler;
  readonly counters: Readonly<AuthCounters>;
}

/**
 * Checks the token of every request: a configured token (`tokens`, full access) or a
 * named token of `cs.apiTokens`, then the role the route needs (see `requiredRole`).
 * Refusals are logged with a fingerprint of the token, never the token.
 */
export function createAuthenticator(options: {
  readonly tokens: readonly string[];
  readonly centralSystem: CentralSystem;
  readonly logger: Logger;
}): Authenticator {
  const { centralSystem: cs, logger } = options;
  const matchesConfigured = tokenMatcher(options.tokens);
  const counters: AuthCounters = { failedAuthentications: 0, forbidden: 0 };

  const identify = async (
    presented: string,
  ): Promise<Caller | { reason: string; tokenId: number | null }> => {
    if (matchesConfigured(presented)) {
      return { name: CONFIGURED_TOKEN_ACTOR, role: 'admin', actor: CONFIGURED_TOKEN_ACTOR };
    }
    const check = await cs.apiTokens.authenticate(presented);
    if (!check.valid) return { reason: check.reason, tokenId: check.tokenId };
    return { name: check.token.name, role: check.token.role, actor: `token:${check.token.name}` };
  };

  const unauthorized = (reply: FastifyReply) =>
    reply
      .status(401)
      .header('www-authenticate', 'Bearer realm="levity"')
      .send(errorBody(401, 'LEVITY_ERR_UNAUTHORIZED', 'a valid bearer token is required'));

  return {
    counters,
    async onRequest(request, reply) {
      const config = request.routeOptions.config as RouteAccess;
      const fromQuery =
        config.tokenInQuery === true ? (request.query as { token?: unknown }).token : undefined;
      const presented =
        bearerToken(request.headers.authorization) ??
        (typeof fromQuery === 'string' && fromQuery !== '' ? fromQuery : undefined);
      const where = { method: request.method, path: pathOf(request), ip: request.ip };

      const caller =
        presented === undefined ? { reason: 'missing', tokenId: null } : await identify(presented);
      if (!('role' in caller)) {
        counters.failedAuthentications++;
        logger.warn(
          {
            ...where,
            reason: caller.reason,
            ...(presented === undefined ? {} : { tokenFingerprint: fingerprint(presented) }),
            ...(caller.tokenId === null ? {} : { tokenId: caller.tokenId }),
            failedAuthentications: counters.failedAuthentications,
          },
          'request without a valid token refused',
        );
        // The same answer for a missing, unknown, wrong or revoked token, whatever the route: nothing leaks.
        return unauthorized(reply);
      }

      // An unknown path answers 404 to any valid token, whatever its method.
      const needed = request.is404 ? 'read' : requiredRole(request.method, config);
      if (!roleAllows(caller.role, needed)) {
        counters.forbidden++;
        logger.warn(
          { ...where, token: caller.name, role: caller.role, needed },
          'request refused: the token has too low a role',
        );
        return reply
          .status(403)
          .send(
            errorBody(
              403,
              'LEVITY_ERR_FORBIDDEN',
              `${request.method} ${request.routeOptions.url ?? pathOf(request)} needs a token with the ${needed} role; token ${caller.name} has the ${caller.role} role`,
            ),
          );
      }
      callers.set(request, caller);
    },
  };
}
