import { createHash } from 'node:crypto';
import { InvalidOptionError } from '@levity/core';
import { describe, expect, it } from 'vitest';
import { acceptedTokens, bearerToken, fingerprint, tokenMatcher } from './auth.js';

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['BEARER  abc ', 'abc'],
    ['Bearer a.b-c_d~e+f/g=', 'a.b-c_d~e+f/g='],
  ])('reads %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'Bearerabc'])(
    'finds none in %j',
    (header) => {
      expect(bearerToken(header)).toBeUndefined();
    },
  );
});

describe('tokenMatcher', () => {
  it('accepts each of the tokens and nothing else', () => {
    const matches = tokenMatcher(['first', 'second']);
    expect(matches('first')).toBe(true);
    expect(matches('second')).toBe(true);
    for (const presented of [undefined, '', 'firs', 'first ', 'FIRST', 'firstsecond', 'x'.repeat(10_000)]) {
      expect(matches(presented), String(presented)).toBe(false);
    }
  });
});

describe('acceptedTokens', () => {
  it('combines token and tokens', () => {
    expect(acceptedTokens({ token: 'a', tokens: ['b', 'c'] })).toEqual(['a', 'b', 'c']);
  });

  it('takes none at all: named tokens authenticate too', () => {
    expect(acceptedTokens({})).toEqual([]);
    expect(acceptedTokens({ tokens: [] })).toEqual([]);
  });

  it('refuses an empty token and one that cannot go in a header', () => {
    for (const options of [{ token: '' }, { token: 'a b' }, { token: 'ä' }, { tokens: ['ok', ''] }]) {
      expect(() => acceptedTokens(options), JSON.stringify(options)).toThrow(InvalidOptionError);
    }
  });
});

describe('fingerprint', () => {
  it('is the first 8 hex digits of the SHA-256, and never the token', () => {
    expect(fingerprint('secret-token')).toBe(
      createHash('sha256').update('secret-token').digest('hex').slice(0, 8),
    );
    expect(fingerprint('secret-token')).not.toContain('secret');
  });
});
