import { describe, expect, it } from 'vitest';
import { parseInt8, parseTimestamptz } from './type-parsers.js';

describe('parseTimestamptz', () => {
  it.each([
    ['2025-01-31 12:00:00.007+00', '2025-01-31T12:00:00.007Z'],
    ['2025-01-31 12:00:00+00', '2025-01-31T12:00:00.000Z'],
    ['2025-01-31 12:00:00.5+00', '2025-01-31T12:00:00.500Z'],
    ['2025-01-31 12:00:00.123456+00', '2025-01-31T12:00:00.123Z'],
    ['2025-01-31 14:00:00.007+02', '2025-01-31T12:00:00.007Z'],
    ['2025-01-31 06:30:00-05:30', '2025-01-31T12:00:00.000Z'],
    ['1999-12-31 23:59:59.999+00', '1999-12-31T23:59:59.999Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseTimestamptz(text)).toBe(iso);
  });

  it('refuses text of another DateStyle instead of guessing', () => {
    expect(() => parseTimestamptz('Fri Jan 31 12:00:00 2025 UTC')).toThrow(/DateStyle ISO/);
  });
});

describe('parseInt8', () => {
  it('reads a bigint as a number', () => {
    expect(parseInt8('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a bigint a number cannot hold exactly', () => {
    expect(() => parseInt8('9007199254740993')).toThrow(RangeError);
  });
});
