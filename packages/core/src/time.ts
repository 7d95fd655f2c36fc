import type { IsoTimestamp } from './storage/records.js';

/**
 * Normalises an RFC 3339 timestamp from a charge point (any offset, any number of
 * fractional digits) to UTC with milliseconds. Throws on text that is not a date.
 */
export function toUtcIso(text: string): IsoTimestamp {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a timestamp: ${JSON.stringify(text)}`);
  return date.toISOString();
}

/** The current time as stored: UTC with milliseconds. */
export function nowIso(clock: () => Date = () => new Date()): IsoTimestamp {
  return clock().toISOString();
}

/** `currentTime` for BootNotification.conf and Heartbeat.conf: RFC 3339 in UTC. */
export function currentTime(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}
