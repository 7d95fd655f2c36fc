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
});
