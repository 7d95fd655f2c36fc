import type { Measurand, MeterValueFilter, MeterValueRecord } from '@levity/core';
import { Type } from '@sinclair/typebox';
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
import { TransactionParams, utc } from './transactions.js';

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
          'Every sampled value of the transaction (MeterValues and StopTransaction.transactionData).',
        params: TransactionParams,
        querystring: Query({ measurand, from, to, limit }),
        response: { 200: MeterValuesSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { transactionId } = request.params;
      if (!(await cs.storage.transactions.get(transactionId))) {
        throw notFound(`transaction ${transactionId} is unknown`);
      }
      const { measurand, from, to, limit } = request.query;
      return read({
        transactionId,
        measurand,
        from: utc('querystring/from', from),
        to: utc('querystring/to', to),
        limit,
      });
    },
  );

  app.get(
    '/charge-points/:id/meter-values',
    {
      schema: {
        tags,
        summary: "A charge point's meter values",
        description: 'Sampled values of the charge point over a time range, with or without a transaction.',
        params: ChargePointParams,
        querystring: Query({
          connectorId: Type.Optional(Integer(0)),
          measurand,
          from,
          to,
          limit,
        }),
        response: { 200: MeterValuesSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await cs.chargePoints.get(id))) throw notFound(`charge point ${id} is unknown`);
      const { connectorId, measurand, from, to, limit } = request.query;
      return read({
        chargePointId: id,
        connectorId,
        measurand,
        from: utc('querystring/from', from),
        to: utc('querystring/to', to),
        limit,
      });
    },
  );
}
