import type { CentralSystem, Measurand, MeterValueFilter, MeterValueRecord } from '@levity/core';
import { Type } from '@sinclair/typebox';
import { sendCsv, wantsCsv } from '../csv.js';
import { notFound } from '../errors.js';
import {
  ChargePointParams,
  errorResponses,
  Integer,
  Limit,
  Query,
  StringEnum,
  Timestamp,
} from '../schemas/common.js';
import { MEASURANDS, MeterValuesSchema } from '../schemas/records.js';
import type { ApiInstance, RouteContext } from './context.js';
import { Format, TransactionParams, utc } from './transactions.js';

const tags = ['meter values'];

type Series = {
  connectorId: number | null;
  measurand: MeterValueRecord['measurand'];
  phase: MeterValueRecord['phase'];
  location: MeterValueRecord['location'];
  unit: MeterValueRecord['unit'];
  points: {
    timestamp: string;
    value: number | null;
    raw: string;
    context: MeterValueRecord['context'];
    format: MeterValueRecord['format'];
    transactionId: number | null;
    source: MeterValueRecord['source'];
  }[];
};

/** A plain number as sent, or null (signed data, or anything else that is not one). */
function numeric(value: MeterValueRecord): number | null {
  if (value.format !== 'Raw' || value.value.trim() === '') return null;
  const number = Number(value.value);
  return Number.isFinite(number) ? number : null;
}

/**
 * Readings grouped into one series per connector, measurand, phase, location and unit,
 * each oldest first, in the order their first reading came.
 */
export function toSeries(values: readonly MeterValueRecord[]): Series[] {
  const series = new Map<string, Series>();
  for (const value of values) {
    const key = JSON.stringify([value.connectorId, value.measurand, value.phase, value.location, value.unit]);
    let entry = series.get(key);
    if (!entry) {
      entry = {
        connectorId: value.connectorId,
        measurand: value.measurand,
        phase: value.phase,
        location: value.location,
        unit: value.unit,
        points: [],
      };
      series.set(key, entry);
    }
    entry.points.push({
      timestamp: value.timestamp,
      value: numeric(value),
      raw: value.value,
      context: value.context,
      format: value.format,
      transactionId: value.transactionId,
      source: value.source,
    });
  }
  return [...series.values()];
}

/** The columns of a meter values CSV export: one row per sampled value. */
export const METER_VALUE_CSV_COLUMNS = [
  'id',
  'chargePointId',
  'connectorId',
  'transactionId',
  'timestamp',
  'measurand',
  'phase',
  'location',
  'unit',
  'value',
  'context',
  'format',
  'source',
  'receivedAt',
] as const;

/** Values per storage read of a CSV export. */
const EXPORT_PAGE = 5000;

/**
 * Every value the filter matches, oldest first, read a page at a time: each page starts
 * at the timestamp the previous one ended with (values of it already sent are skipped),
 * and reads more at once when a whole page shares one timestamp (one large message).
 */
async function* meterValueRows(cs: CentralSystem, filter: MeterValueFilter) {
  let from = filter.from;
  let size = EXPORT_PAGE;
  let sent = new Set<number>();
  for (;;) {
    const page = await cs.storage.meterValues.list({ ...filter, from, limit: size });
    for (const value of page) {
      if (sent.has(value.id)) continue;
      yield [
        value.id,
        value.chargePointId,
        value.connectorId,
        value.transactionId,
        value.timestamp,
        value.measurand,
        value.phase,
        value.location,
        value.unit,
        value.value,
        value.context,
        value.format,
        value.source,
        value.receivedAt,
      ];
    }
    const last = page.at(-1);
    if (page.length < size || !last) return;
    if (page[0]?.timestamp === last.timestamp) size *= 2;
    sent = new Set(page.filter((value) => value.timestamp === last.timestamp).map((value) => value.id));
    from = last.timestamp;
  }
}

const measurand = Type.Optional(StringEnum<Measurand>(MEASURANDS, { description: 'Only this measurand' }));
const from = Type.Optional(Timestamp("Sampled at or after (by the charge point's clock)"));
const to = Type.Optional(Timestamp('Sampled before'));
const limit = Limit(10_000, 100_000);

/** Meter values as time series: of a transaction, or of a charge point over a time range. */
export function meterValueRoutes(app: ApiInstance, { centralSystem: cs }: RouteContext): void {
  const read = async (filter: MeterValueFilter & { limit: number }) => {
    const values = await cs.storage.meterValues.list({ ...filter, limit: filter.limit + 1 });
    return { series: toSeries(values.slice(0, filter.limit)), truncated: values.length > filter.limit };
  };

  app.get(
    '/transactions/:transactionId/meter-values',
    {
      schema: {
        tags,
        summary: "A transaction's meter values",
        description:
          'Every sampled value of the transaction (MeterValues and StopTransaction.transactionData). As CSV (`?format=csv` or `Accept: text/csv`): one row per sampled value, the whole range streamed (`limit` does not apply).',
        params: TransactionParams,
        querystring: Query({ measurand, from, to, limit, format: Format }),
        response: { 200: MeterValuesSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { transactionId } = request.params;
      if (!(await cs.storage.transactions.get(transactionId))) {
        throw notFound(`transaction ${transactionId} is unknown`);
      }
      const { measurand, from, to, limit, format } = request.query;
      const filter = {
        transactionId,
        measurand,
        from: utc('querystring/from', from),
        to: utc('querystring/to', to),
      };
      if (wantsCsv(request, format)) {
        const file = `transaction-${transactionId}-meter-values.csv`;
        return sendCsv(request, reply, file, METER_VALUE_CSV_COLUMNS, meterValueRows(cs, filter));
      }
      return read({ ...filter, limit });
    },
  );

  app.get(
    '/charge-points/:id/meter-values',
    {
      schema: {
        tags,
        summary: "A charge point's meter values",
        description:
          'Sampled values of the charge point over a time range, with or without a transaction. As CSV (`?format=csv` or `Accept: text/csv`): one row per sampled value, the whole range streamed (`limit` does not apply).',
        params: ChargePointParams,
        querystring: Query({
          connectorId: Type.Optional(Integer(0)),
          measurand,
          from,
          to,
          limit,
          format: Format,
        }),
        response: { 200: MeterValuesSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await cs.chargePoints.get(id))) throw notFound(`charge point ${id} is unknown`);
      const { connectorId, measurand, from, to, limit, format } = request.query;
      const filter = {
        chargePointId: id,
        connectorId,
        measurand,
        from: utc('querystring/from', from),
        to: utc('querystring/to', to),
      };
      if (wantsCsv(request, format)) {
        return sendCsv(
          request,
          reply,
          'meter-values.csv',
          METER_VALUE_CSV_COLUMNS,
          meterValueRows(cs, filter),
        );
      }
      return read({ ...filter, limit });
    },
  );
}
