import { InvalidOptionError } from './errors.js';

/** An integer option between `min` and `max`, or `fallback` when left out; anything else throws InvalidOptionError. */
export function integerOption(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(name, `expected an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}
