import type { IsoTimestamp } from './storage/records.js';

/** `YYYY-MM-DDTHH:MM:SS` then `.sssZ` or `Z`: the forms charge points send most, already in UTC. */
const UTC_MILLISECONDS =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const UTC_SECONDS = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;

/** Whether day `DD` of the text's month exists (`new Date` would roll 02-30 over to March). */
function dayExists(text: string): boolean {
  const day = Number(text.slice(8, 10));
  if (day <= 28) return true;
  const month = Number(text.slice(5, 7));
  if (month === 2) {
    const year = Number(text.slice(0, 4));
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return day <= (leap ? 29 : 28);
  }
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

/**
 * Normalises an RFC 3339 timestamp from a charge point (any offset, any number of
 * fractional digits) to UTC with milliseconds. Throws on text that is not a date.
 * Text already in that form (the usual case) is returned as it is, without a `Date`.
 */
export function toUtcIso(text: string): IsoTimestamp {
  if (text.length === 24 && UTC_MILLISECONDS.test(text) && dayExists(text)) return text;
  if (text.length === 20 && UTC_SECONDS.test(text) && dayExists(text)) return `${text.slice(0, 19)}.000Z`;
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
