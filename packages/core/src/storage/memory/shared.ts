// Helpers shared by the in-memory repositories.
import type { StatusUpdate } from '../records.js';

// Records are copied in and out so that callers can never mutate stored state by
// holding on to an object, which is what a real database guarantees too.
export const copy = <T>(value: T): T => structuredClone(value);

/** The later of two timestamps (they sort as text); `a` may be missing. */
export const later = (a: string | null, b: string): string => (a !== null && a > b ? a : b);

/** Whether a status update may replace the stored one (ordering by the charge point's clock). */
export function isNotOlder(update: StatusUpdate, storedTimestamp: string | null): boolean {
  return update.timestamp === null || storedTimestamp === null || update.timestamp >= storedTimestamp;
}

/**
 * An id tag (CiString) reduced to what comparisons see: ASCII letters folded to lower
 * case, everything else kept, exactly like SQLite's NOCASE collation.
 */
export function foldCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/**
 * Orders by Unicode code point (UTF-8 byte order), as SQLite compares text; `<` on
 * JavaScript strings compares UTF-16 units, which differs above U+FFFF.
 */
export function compareText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * A JSON value as a database keeps it: through its JSON text, so that what
 * `JSON.stringify` drops or changes (an `undefined` property, `NaN`) is dropped or
 * changed here too.
 */
export function copyJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Copies of the rows that match, newest (highest id) first, at most `limit` of them. */
export function newestFirst<Row extends { id: number }>(
  rows: Iterable<Row>,
  matches: (row: Row) => boolean,
  limit?: number,
): Row[] {
  const found = [...rows].filter(matches).sort((a, b) => b.id - a.id);
  return found.slice(0, limit ?? found.length).map(copy);
}
