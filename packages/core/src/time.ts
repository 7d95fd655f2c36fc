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
 * RFC 3339 date-time as the OCPP 1.6 schemas' validator (ajv-formats) admits it: a `T`,
 * `t` or whitespace separator, any number of fractional digits, and an offset of `Z`,
 * `±hh`, `±hhmm` or `±hh:mm` (or none at all). The validator checks the calendar date
 * and allows a leap second (`23:59:60`), but not the offset's range (`+99:99` passes).
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt\s](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/u;

/**
 * The range a stored timestamp stays in, so it always has the four-digit year RFC 3339
 * requires, and every storage holds it: PostgreSQL's timestamptz has no year 0000 (1 BC).
 */
const MIN_MS = new Date('0001-01-01T00:00:00.000Z').getTime();
const MAX_MS = new Date('9999-12-31T23:59:59.999Z').getTime();

const clampMs = (ms: number) => Math.min(MAX_MS, Math.max(MIN_MS, ms));

/**
 * Normalises an RFC 3339 timestamp from a charge point (any offset, any number of
 * fractional digits) to UTC with milliseconds. Total over what the schemas accept, so
 * a transaction message never fails on its time: a leap second (`23:59:60`) becomes
 * the last millisecond of its minute, an offset beyond ±23:59 (`+99:99`) is applied
 * as the arithmetic says, a missing offset means UTC, and results outside the years
 * 0001–9999 are clamped to them. Other text is parsed as `Date` does; throws a
 * `RangeError` when that is no date either.
 *
 * @example
 * toUtcIso('2016-12-31T23:59:60Z'); // '2016-12-31T23:59:59.999Z'
 * toUtcIso('2025-01-01T10:00:00.5-05:30'); // '2025-01-01T15:30:00.500Z'
 */
export function toUtcIso(text: string): IsoTimestamp {
  // The forms charge points send most, already in UTC: returned without a `Date`.
  if (!text.startsWith('0000')) {
    if (text.length === 24 && UTC_MILLISECONDS.test(text) && dayExists(text)) return text;
    if (text.length === 20 && UTC_SECONDS.test(text) && dayExists(text)) return `${text.slice(0, 19)}.000Z`;
  }
  const match = DATE_TIME.exec(text);
  if (match) return new Date(clampMs(rfc3339Ms(match))).toISOString();
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new RangeError(`not a timestamp: ${JSON.stringify(text.slice(0, 64))}`);
  return new Date(clampMs(date.getTime())).toISOString();
}

function rfc3339Ms(match: RegExpExecArray): number {
  const [, year, month, day, hour, minute, second, fraction = '', , sign, offsetHours, offsetMinutes] = match;
  const leap = Number(second) === 60;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps the years 0–99 to 1900–1999.
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(
    Number(hour),
    Number(minute),
    leap ? 59 : Number(second),
    leap ? 999 : Number(`${fraction}00`.slice(0, 3)),
  );
  const offset =
    sign === undefined
      ? 0
      : (Number(offsetHours) * 60 + Number(offsetMinutes ?? 0)) * (sign === '-' ? -1 : 1);
  return date.getTime() - offset * 60_000;
}

/** The current time as stored: UTC with milliseconds. */
export function nowIso(clock: () => Date = () => new Date()): IsoTimestamp {
  return clock().toISOString();
}

/** `currentTime` for BootNotification.conf and Heartbeat.conf: RFC 3339 in UTC. */
export function currentTime(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}
