import pg from 'pg';

// Type OIDs of the values Levity reads (pg_type.oid; fixed across PostgreSQL versions).
const INT8 = 20;
const TIMESTAMPTZ = 1184;

// timestamptz in the ISO DateStyle (PostgreSQL's default): '2025-01-31 12:00:00.007+00',
// with an offset of the session's time zone, and as many fraction digits as needed.
const TIMESTAMPTZ_TEXT =
  /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?([+-]\d{2})(?::(\d{2}))?(?::\d{2})?$/;

/**
 * A timestamptz as the ISO string the records use (`2025-01-31T12:00:00.007Z`). Levity
 * writes milliseconds, so nothing is lost; a finer value is cut to milliseconds.
 */
export function parseTimestamptz(text: string): string {
  const match = TIMESTAMPTZ_TEXT.exec(text);
  if (!match) throw new Error(`unexpected timestamptz text "${text}"; is DateStyle ISO?`);
  const [, date, time, fraction = '', hours = '+00', minutes] = match;
  const millis = `${fraction}000`.slice(0, 3);
  // The common case (a session in UTC) needs no Date at all.
  if (hours === '+00' && (minutes === undefined || minutes === '00')) return `${date}T${time}.${millis}Z`;
  return new Date(`${date}T${time}.${millis}${hours}:${minutes ?? '00'}`).toISOString();
}

/** A bigint as a number; every id and counter Levity stores fits in one exactly. */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw new RangeError(`bigint ${text} is beyond JavaScript's safe integers`);
  return value;
}

/**
 * The type parsers of Levity's connections: given to its own pool only, never set on
 * `pg.types`, so that an application's other pools keep pg's defaults.
 */
export const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      if (oid === INT8) return parseInt8;
      if (oid === TIMESTAMPTZ) return parseTimestamptz;
    }
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};
