import { createHash, timingSafeEqual } from 'node:crypto';
import { InvalidOptionError } from '@levity/core';

/** Visible ASCII without spaces: what fits in `Authorization: Bearer <token>`. */
const TOKEN = /^[\x21-\x7e]+$/;

/**
 * The accepted tokens, checked once at start-up.
 *
 * @throws InvalidOptionError when none is given or one cannot be sent in a header.
 */
export function acceptedTokens(options: { token?: string; tokens?: readonly string[] }): string[] {
  const tokens = [...(options.token === undefined ? [] : [options.token]), ...(options.tokens ?? [])];
  if (tokens.length === 0) {
    throw new InvalidOptionError(
      'token',
      'pass the bearer token every /api route requires (token or tokens)',
    );
  }
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
