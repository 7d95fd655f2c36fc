import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** `?format=csv`, or `Accept: text/csv` without `?format=json`. */
export function wantsCsv(request: FastifyRequest, format: 'csv' | 'json' | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  return /(^|,)\s*text\/csv\s*(;|,|$)/i.test(request.headers.accept ?? '');
}

/**
 * A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return as a formula: such text (an id tag or a vendor string a charge point chose)
 * gets a leading `'`, numbers such as `-12.5` stay as they are.
 */
export function defuse(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !Number.isFinite(Number(value)) ? `'${value}` : value;
}

/**
 * Sends `rows` as CSV (RFC 4180: a header row, fields quoted when needed, CRLF line
 * ends), streamed as they come so that a large range is never held in memory; `null` is
 * an empty field. A failure after the first bytes cuts the response short (the status
 * was sent already); it is logged.
 */
export function sendCsv(
  request: FastifyRequest,
  reply: FastifyReply,
  file: string,
  columns: readonly string[],
  rows: AsyncIterable<readonly unknown[]>,
): FastifyReply {
  const csv = stringify({
    header: true,
    columns: [...columns],
    record_delimiter: 'windows',
    cast: { string: defuse, boolean: (value) => (value ? 'true' : 'false') },
  });
  pipeline(Readable.from(rows), csv).catch((error: unknown) => {
    request.log.error({ err: error }, 'CSV export failed');
  });
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file}"`)
    .send(csv);
}
