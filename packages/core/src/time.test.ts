import { describe, expect, it } from 'vitest';
import { toUtcIso } from './time.js';

describe('toUtcIso', () => {
  it('normalises any offset and fractional precision to UTC milliseconds', () => {
    expect(toUtcIso('2025-01-01T10:00:00Z')).toBe('2025-01-01T10:00:00.000Z');
    expect(toUtcIso('2025-01-01T10:00:00.123456+02:00')).toBe('2025-01-01T08:00:00.123Z');
    expect(toUtcIso('2025-01-01T10:00:00.5-05:30')).toBe('2025-01-01T15:30:00.500Z');
  });

  it('turns a leap second into the last millisecond of its minute', () => {
    expect(toUtcIso('2016-12-31T23:59:60Z')).toBe('2016-12-31T23:59:59.999Z');
    expect(toUtcIso('2016-12-31T23:59:60.5+01:00')).toBe('2016-12-31T22:59:59.999Z');
  });

  it('applies offsets beyond ±23:59 as the arithmetic says', () => {
    expect(toUtcIso('2025-01-10T00:00:00+99:99')).toBe('2025-01-05T19:21:00.000Z');
    expect(toUtcIso('2025-01-10T00:00:00-9959')).toBe('2025-01-14T03:59:00.000Z');
    expect(toUtcIso('2025-01-10T00:00:00+05')).toBe('2025-01-09T19:00:00.000Z');
  });

  it('reads the other spellings the schema validator admits', () => {
    expect(toUtcIso('2025-01-01t10:00:00z')).toBe('2025-01-01T10:00:00.000Z');
    expect(toUtcIso('2025-01-01 10:00:00Z')).toBe('2025-01-01T10:00:00.000Z');
    // No offset at all: UTC, whatever the server's time zone.
    expect(toUtcIso('2025-01-01T10:00:00')).toBe('2025-01-01T10:00:00.000Z');
    expect(toUtcIso(`2025-01-01T10:00:00.${'9'.repeat(10_000)}Z`)).toBe('2025-01-01T10:00:00.999Z');
  });

  it('keeps years below 100 and clamps results to the years 0001 to 9999', () => {
    expect(toUtcIso('0042-06-01T00:00:00Z')).toBe('0042-06-01T00:00:00.000Z');
    expect(toUtcIso('0000-01-01T00:00:00+99:00')).toBe('0001-01-01T00:00:00.000Z');
    expect(toUtcIso('0001-01-01T00:00:00+00:01')).toBe('0001-01-01T00:00:00.000Z');
    expect(toUtcIso('0000-12-31T23:59:59.999Z')).toBe('0001-01-01T00:00:00.000Z');
    expect(toUtcIso('9999-12-31T23:59:59-99:00')).toBe('9999-12-31T23:59:59.999Z');
  });

  it('throws on text that is no date', () => {
    expect(() => toUtcIso('soon')).toThrow(RangeError);
  });

  it('gives what a Date gives for every form, including days a month does not have', () => {
    const texts = [
      '2025-01-31T23:59:59.999Z',
      '2025-01-31T23:59:59Z',
      '2024-02-29T00:00:00.000Z',
      '2025-02-29T10:00:00.000Z',
      '2025-02-30T10:00:00Z',
      '2100-02-29T00:00:00.000Z',
      '2000-02-29T00:00:00.000Z',
      '2025-04-31T12:00:00.000Z',
      '2025-12-31T12:00:00.000Z',
      '2025-01-01T24:00:00.000Z',
      '0001-01-01T00:00:00.000Z',
      '2025-01-01T10:00:00.000z',
      '2025-06-30T10:00:00.000+00:00',
    ];
    for (const text of texts) expect(toUtcIso(text), text).toBe(new Date(text).toISOString());
  });
});
