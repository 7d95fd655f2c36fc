import type { ChargePointRecord } from '@levity/core';
import { Type } from '@sinclair/typebox';
import { notFound } from '../errors.js';
import { ChargePointParams, errorResponses, List, Query } from '../schemas/common.js';
import { ChargePointDetailSchema, ChargePointSchema, ConnectorSchema } from '../schemas/records.js';
import type { ApiInstance, RouteContext } from './context.js';

const tags = ['charge points'];

/** Charge points with their live connection state, connectors, and the operator's decision. */
export function chargePointRoutes(app: ApiInstance, { centralSystem: cs }: RouteContext): void {
  /** The stored record, with `connected` from the connections open right now. */
  const live = (record: ChargePointRecord, connected: ReadonlySet<string>) => ({
    ...record,
    connected: connected.has(record.id),
  });
  const connectedNow = () => new Set(cs.connectedChargePoints());
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
        description: 'Every charge point Levity has seen or registered, ordered by id.',
        querystring: Query({
          connected: Type.Optional(Type.Boolean({ description: 'Only those connected (or not) right now' })),
        }),
        response: { 200: List(ChargePointSchema), ...errorResponses(400) },
      },
    },
    async (request) => {
      const connected = connectedNow();
      const items = (await cs.chargePoints.list()).map((record) => live(record, connected));
      const wanted = request.query.connected;
      return { items: wanted === undefined ? items : items.filter((item) => item.connected === wanted) };
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
      return { ...live(record, connectedNow()), connectors: await cs.chargePoints.connectors(id) };
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
        const record =
          decision === 'accept' ? await cs.chargePoints.accept(id) : await cs.chargePoints.reject(id);
        return live(record, connectedNow());
      },
    );
  }
}
