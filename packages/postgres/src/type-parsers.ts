import pg from 'pg';

// Type OIDs of the values Levity reads (pg_type.oid; fixed across PostgreSQL versions).
const INT8 = 20;
const TIMESTAMPTZ = 1184;

// timestamptz in the ISO DateStyle (PostgreSQL's default): '2025-01-31 12:00:00.007+00',
// with an offset of the session's time zone, and as many fraction digits as needed. In a
// zone other than UTC, the local time of Levity's extremes may lie outside the years
// 0001-9999 ('10000-01-01 00:59:59.999+01', '0001-12-31 19:03:58-04:56:02 BC'), and the
// offset has seconds where the zone's rules had them: local mean time, before the zone
// adopted standard time ('+00:19:32' in Europe/Amsterdam).
const TIMESTAMPTZ_TEXT =
  /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?( BC)?$/;

/**
 * A timestamptz as the ISO string the records use (`2025-01-31T12:00:00.007Z`). Levity
 * writes milliseconds, so nothing is lost; a finer value is cut to milliseconds.
 */
export function parseTimestamptz(text: string): string {
  const match = TIMESTAMPTZ_TEXT.exec(text);
  if (!match) throw new Error(`unexpected timestamptz text "${text}"; is DateStyle ISO?`);
  const [
    ,
    year = '',
    month,
    day,
    hour,
    minute,
    second,
    fraction = '',
    sign,
    offsetHours,
    offsetMinutes = '00',
    offsetSeconds = '00',
    bc,
  ] = match;
  const millis = `${fraction}000`.slice(0, 3);
  const offset = Number(offsetHours) * 3600 + Number(offsetMinutes) * 60 + Number(offsetSeconds);
  // The common case (a session in UTC) needs no Date at all.
  if (offset === 0 && bc === undefined && year.length === 4)
    return `${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}Z`;
  const local = new Date(0);
  // 1 BC is year 0 (ISO 8601's astronomical numbering); setUTCFullYear, not Date.UTC,
  // which maps the years 0-99 to 1900-1999.
  local.setUTCFullYear(bc === undefined ? Number(year) : 1 - Number(year), Number(month) - 1, Number(day));
  local.setUTCHours(Number(hour), Number(minute), Number(second), Number(millis));
  return new Date(local.getTime() - (sign === '-' ? -1 : 1) * offset * 1000).toISOString();
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
