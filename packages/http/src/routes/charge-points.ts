import type { ChargePointRecord } from '@levity/core';
import { Type } from '@sinclair/typebox';
import { callerOf } from '../auth.js';
import { afterFromCursor, pageByKey } from '../cursor.js';
import { notFound } from '../errors.js';
import { ChargePointParams, errorResponses, Limit, List, Page, Query } from '../schemas/common.js';
import { ChargePointDetailSchema, ChargePointSchema, ConnectorSchema } from '../schemas/records.js';
import type { ApiInstance, RouteContext } from './context.js';

const tags = ['charge points'];

/** Charge points with their live connection state, connectors, and the operator's decision. */
export function chargePointRoutes(app: ApiInstance, { centralSystem: cs }: RouteContext): void {
  /**
   * The stored record, with `connected` and `nodeId` from the connections open right now
   * on any node of the cluster (`located`: charge point id → node id).
   */
  const live = (record: ChargePointRecord, located: ReadonlyMap<string, string>) => ({
    ...record,
    connected: located.has(record.id),
    nodeId: located.get(record.id) ?? null,
  });
  const connectedNow = (ids: readonly string[]) => cs.locateChargePoints(ids);
  const known = async (id: string) => {
    const record = await cs.chargePoints.get(id);
    if (!record) throw notFound(`charge point ${id} is unknown`);
    return record;
  };

  app.get(
    '/charge-points',
    {
      schema: {
        tags,
        summary: 'List charge points',
        description:
          'Every charge point Levity has seen or registered, ordered by id. Pass `nextCursor` of a page as `cursor` to get the next one; filters stay the same.',
        querystring: Query({
          connected: Type.Optional(Type.Boolean({ description: 'Only those connected (or not) right now' })),
          cursor: Type.Optional(
            Type.String({ minLength: 1, description: 'The `nextCursor` of the previous page' }),
          ),
          limit: Limit(100, 1000),
        }),
        response: { 200: Page(ChargePointSchema), ...errorResponses(400) },
      },
    },
    async (request) => {
      const { connected: wanted, cursor, limit } = request.query;
      // `connected` is live state, not a stored column: read on in batches until the page
      // (and the one item that tells whether another follows) is full or the rows end.
      const matching: ReturnType<typeof live>[] = [];
      let after = afterFromCursor(cursor);
      for (;;) {
        const batch = await cs.chargePoints.list({ after, limit: limit + 1 });
        const connected = await connectedNow(batch.map((record) => record.id));
        for (const record of batch) {
          const item = live(record, connected);
          if (wanted === undefined || item.connected === wanted) matching.push(item);
        }
        after = batch.at(-1)?.id;
        if (matching.length > limit || batch.length <= limit || after === undefined) break;
      }
      return pageByKey(matching, limit, (item) => item.id);
    },
  );

  app.get(
    '/charge-points/:id',
    {
      schema: {
        tags,
        summary: 'Show a charge point',
        description: 'Boot data, connector-0 status, connection, last heartbeat, admission and connectors.',
        params: ChargePointParams,
        response: { 200: ChargePointDetailSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const record = await known(id);
      return { ...live(record, await connectedNow([id])), connectors: await cs.chargePoints.connectors(id) };
    },
  );

  app.get(
    '/charge-points/:id/connectors',
    {
      schema: {
        tags,
        summary: "List a charge point's connectors",
        params: ChargePointParams,
        response: { 200: List(ConnectorSchema), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      await known(request.params.id);
      return { items: await cs.chargePoints.connectors(request.params.id) };
    },
  );

  for (const decision of ['accept', 'reject'] as const) {
    app.post(
      `/charge-points/:id/${decision}`,
      {
        schema: {
          tags,
          summary: decision === 'accept' ? 'Accept (register) a charge point' : 'Reject a charge point',
          description:
            decision === 'accept'
              ? 'Registers the charge point (for boot policy `known-only`, also before it ever connects) or approves a Pending one; a connected one that is not accepted yet is asked to boot again.'
              : 'Its next BootNotification is answered Rejected.',
          params: ChargePointParams,
          response: { 200: ChargePointSchema, ...errorResponses(400) },
        },
      },
      async (request) => {
        const { id } = request.params;
        const actor = callerOf(request)?.actor;
        const record =
          decision === 'accept'
            ? await cs.chargePoints.accept(id, actor === undefined ? {} : { actor })
            : await cs.chargePoints.reject(id);
        return live(record, await connectedNow([id]));
      },
    );
  }
}
