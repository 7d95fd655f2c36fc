import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('reads a whole number with a unit of seconds, minutes, hours, days or weeks', () => {
    expect(parseDuration('400d')).toBe(400 * 86_400_000);
    expect(parseDuration('12h')).toBe(12 * 3_600_000);
    expect(parseDuration('90m')).toBe(90 * 60_000);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('2W')).toBe(14 * 86_400_000);
  });

  it('reads 0 without a unit, as "for ever" for a retention', () => {
    expect(parseDuration('0')).toBe(0);
  });

  it('refuses numbers without a unit, fractions, negatives and other units', () => {
    for (const raw of ['400', '1.5d', '-1d', '3y', 'd', '', '10 days'])
      expect(parseDuration(raw)).toBeUndefined();
  });
});
