import { InvalidOptionError } from '@levity/core';
import { describe, expect, it } from 'vitest';
import { acceptedTokens, bearerToken, tokenMatcher } from './auth.js';

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

  it('refuses no token, an empty one and one that cannot go in a header', () => {
    for (const options of [{}, { tokens: [] }, { token: '' }, { token: 'a b' }, { token: 'ä' }]) {
      expect(() => acceptedTokens(options), JSON.stringify(options)).toThrow(InvalidOptionError);
    }
  });
});
