import type { CentralSystem, TransactionFilter, TransactionRecord } from '@levity/core';
import { energyFromRegisters, toUtcIso } from '@levity/core';
import { Type } from '@sinclair/typebox';
import { beforeFromCursor, pageById } from '../cursor.js';
import { badRequest, notFound } from '../errors.js';
import { errorResponses, Integer, Limit, Page, Query, StringEnum, Timestamp } from '../schemas/common.js';
import { TransactionSchema } from '../schemas/records.js';
import type { ApiInstance, RouteContext } from './context.js';

const tags = ['transactions'];

export const TransactionParams = Type.Object({
  transactionId: Integer(1, 'The transactionId'),
});

/** A query-string time as stored (UTC with milliseconds), so that text comparison is time comparison. */
export function utc(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return toUtcIso(value);
  } catch {
    throw badRequest(field, `${field} must be an ISO 8601 date-time`);
  }
}

/**
 * The transactions with their status and energy, as `cs.transactions.get` returns each:
 * the energy of the whole page comes from one storage read.
 */
export async function transactionViews(cs: CentralSystem, transactions: readonly TransactionRecord[]) {
  const ranges = await cs.storage.meterValues.registerRanges(
    transactions.map((transaction) => transaction.id),
  );
  const byId = new Map(ranges.map((range) => [range.transactionId, range]));
  return transactions.map((transaction) => ({
    ...transaction,
    status: transaction.stoppedAt === null ? ('Active' as const) : ('Completed' as const),
    energy: energyFromRegisters(transaction, byId.get(transaction.id)),
  }));
}

/** Transactions: a filtered, cursor-paged list (newest first) and one with its energy. */
export function transactionRoutes(app: ApiInstance, { centralSystem: cs }: RouteContext): void {
  app.get(
    '/transactions',
    {
      schema: {
        tags,
        summary: 'List transactions',
        description:
          'Newest first. Pass `nextCursor` of a page as `cursor` to get the next one; filters stay the same.',
        querystring: Query({
          chargePointId: Type.Optional(Type.String({ minLength: 1 })),
          connectorId: Type.Optional(Integer(0)),
          idTag: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
          status: Type.Optional(
            StringEnum(['active', 'completed'] as const, {
              description: '`active`: not stopped yet; `completed`: stopped',
            }),
          ),
          from: Type.Optional(Timestamp("Started at or after (by the charge point's clock)")),
          to: Type.Optional(Timestamp('Started before')),
          cursor: Type.Optional(
            Type.String({ minLength: 1, description: 'The `nextCursor` of the previous page' }),
          ),
          limit: Limit(50, 500),
        }),
        response: { 200: Page(TransactionSchema), ...errorResponses(400) },
      },
    },
    async (request) => {
      const { cursor, limit, from, to, ...filters } = request.query;
      const before = beforeFromCursor(cursor);
      const filter: TransactionFilter = {
        ...filters,
        from: utc('querystring/from', from),
        to: utc('querystring/to', to),
        before,
        // One more than asked tells whether there is a next page.
        limit: limit + 1,
      };
      const rows = await cs.transactions.list(filter);
      const { items, nextCursor } = pageById(rows, limit);
      return { items: await transactionViews(cs, items), nextCursor };
    },
  );

  app.get(
    '/transactions/:transactionId',
    {
      schema: {
        tags,
        summary: 'Show a transaction',
        description: 'With its status and the energy delivered.',
        params: TransactionParams,
        response: { 200: TransactionSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const transaction = await cs.transactions.get(request.params.transactionId);
      if (!transaction) throw notFound(`transaction ${request.params.transactionId} is unknown`);
      return transaction;
    },
  );
}
