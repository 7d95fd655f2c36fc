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
    // Local mean time: Europe/Amsterdam, America/New_York, before standard time.
    ['0001-01-01 00:19:32+00:19:32', '0001-01-01T00:00:00.000Z'],
    ['1800-01-01 07:03:58.5-04:56:02', '1800-01-01T12:00:00.500Z'],
    ['0042-06-01 00:00:00+00', '0042-06-01T00:00:00.000Z'],
    ['0042-06-01 02:00:00+02', '0042-06-01T00:00:00.000Z'],
    // Local times beyond the years 0001-9999 of UTC times within them.
    ['10000-01-01 00:59:59.999+01', '9999-12-31T23:59:59.999Z'],
    ['0001-12-31 19:03:58-04:56:02 BC', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31 23:59:59.999+00', '9999-12-31T23:59:59.999Z'],
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
