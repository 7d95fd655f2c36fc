import { describe, expect, it } from 'vitest';
import { toUtcIso } from './time.js';

describe('toUtcIso', () => {
  it('normalises any offset and fractional precision to UTC milliseconds', () => {
    expect(toUtcIso('2025-01-01T10:00:00Z')).toBe('2025-01-01T10:00:00.000Z');
    expect(toUtcIso('2025-01-01T10:00:00.123456+02:00')).toBe('2025-01-01T08:00:00.123Z');
    expect(toUtcIso('2025-01-01T10:00:00.5-05:30')).toBe('2025-01-01T15:30:00.500Z');
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
