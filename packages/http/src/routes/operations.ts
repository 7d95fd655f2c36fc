import { Type } from '@sinclair/typebox';
import { beforeFromCursor, pageById } from '../cursor.js';
import { notFound } from '../errors.js';
import {
  ChargePointParams,
  errorResponses,
  Integer,
  Limit,
  List,
  Page,
  Query,
  StringEnum,
  Timestamp,
} from '../schemas/common.js';
import {
  ChargingProfileSchema,
  COMMAND_STATUSES,
  CommandSchema,
  ConfigurationKeySchema,
  JOB_KINDS,
  JobSchema,
  LocalListSchema,
  RESERVATION_STATUSES,
  ReservationSchema,
} from '../schemas/records.js';
import type { ApiInstance, RouteContext } from './context.js';
import { utc } from './transactions.js';

const chargePointId = Type.Optional(Type.String({ minLength: 1, description: 'Only this charge point' }));

const CommandParams = Type.Object({ id: Integer(1, 'The command id') });

/** The command log, reservations, firmware/diagnostics jobs, configuration, charging profiles and local lists. */
export function operationsRoutes(app: ApiInstance, { centralSystem: cs }: RouteContext): void {
  app.get(
    '/commands',
    {
      schema: {
        tags: ['commands'],
        summary: 'The command log',
        description:
          'Every call Levity sent to charge points and its outcome, newest first. Pass `nextCursor` of a page as `cursor` to get the next one; filters stay the same.',
        querystring: Query({
          chargePointId,
          action: Type.Optional(Type.String({ minLength: 1, description: 'Only this action, e.g. `Reset`' })),
          actor: Type.Optional(
            Type.String({
              minLength: 1,
              description: 'Only those this actor sent, e.g. `token:grafana` or `api-token`',
            }),
          ),
          status: Type.Optional(StringEnum(COMMAND_STATUSES)),
          from: Type.Optional(Timestamp('Requested at or after')),
          cursor: Type.Optional(
            Type.String({ minLength: 1, description: 'The `nextCursor` of the previous page' }),
          ),
          limit: Limit(50, 500),
        }),
        response: { 200: Page(CommandSchema), ...errorResponses(400) },
      },
    },
    async (request) => {
      const { cursor, limit, from, ...filter } = request.query;
      const before = beforeFromCursor(cursor);
      const rows = await cs.commands.list({
        ...filter,
        from: utc('querystring/from', from),
        before,
        // One more than asked tells whether there is a next page.
        limit: limit + 1,
      });
      return pageById(rows, limit);
    },
  );

  app.get(
    '/commands/:id',
    {
      schema: {
        tags: ['commands'],
        summary: 'Show a command',
        description: 'One call of the command log and its outcome.',
        params: CommandParams,
        response: { 200: CommandSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const command = await cs.commands.get(request.params.id);
      if (!command) throw notFound(`command ${request.params.id} is unknown`);
      return command;
    },
  );

  app.get(
    '/reservations',
    {
      schema: {
        tags: ['reservations'],
        summary: 'List reservations',
        description: 'Newest first.',
        querystring: Query({
          chargePointId,
          status: Type.Optional(StringEnum(RESERVATION_STATUSES)),
          limit: Limit(100, 1000),
        }),
        response: { 200: List(ReservationSchema), ...errorResponses(400) },
      },
    },
    async (request) => ({ items: await cs.reservations.list(request.query) }),
  );

  app.get(
    '/firmware-jobs',
    {
      schema: {
        tags: ['firmware'],
        summary: 'List firmware, diagnostics and log jobs',
        description:
          'UpdateFirmware, GetDiagnostics, GetLog and SignedUpdateFirmware and how they went, newest first.',
        querystring: Query({
          chargePointId,
          kind: Type.Optional(StringEnum(JOB_KINDS)),
          open: Type.Optional(
            Type.Boolean({ description: '`true`: only unfinished jobs; `false`: only finished ones' }),
          ),
          limit: Limit(100, 1000),
        }),
        response: { 200: List(JobSchema), ...errorResponses(400) },
      },
    },
    async (request) => ({ items: await cs.jobs.list(request.query) }),
  );

  const known = async (id: string) => {
    if (!(await cs.chargePoints.get(id))) throw notFound(`charge point ${id} is unknown`);
  };
  const tags = ['charge points'];

  app.get(
    '/charge-points/:id/configuration',
    {
      schema: {
        tags,
        summary: "A charge point's configuration",
        description:
          'The configuration keys Levity last learned (GetConfiguration, ChangeConfiguration), ordered by key.',
        params: ChargePointParams,
        response: { 200: List(ConfigurationKeySchema), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      await known(request.params.id);
      return { items: await cs.chargePoints.configuration(request.params.id) };
    },
  );

  app.get(
    '/charge-points/:id/charging-profiles',
    {
      schema: {
        tags,
        summary: "A charge point's charging profiles",
        description: 'The charging profiles Levity believes are installed, by connector, stack level and id.',
        params: ChargePointParams,
        response: { 200: List(ChargingProfileSchema), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      await known(request.params.id);
      return { items: await cs.chargePoints.chargingProfiles(request.params.id) };
    },
  );

  app.get(
    '/charge-points/:id/local-list',
    {
      schema: {
        tags,
        summary: "A charge point's Local Authorization List",
        description:
          'The version and entries Levity believes the charge point holds (SendLocalList); 404 when the charge point is unknown or Levity knows no list of it.',
        params: ChargePointParams,
        response: { 200: LocalListSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      await known(id);
      const list = await cs.chargePoints.localList(id);
      if (!list) throw notFound(`no local list of charge point ${id} is known`);
      return list;
    },
  );
}
