import type { Storage } from '@levity/core';
import { Type } from '@sinclair/typebox';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { badRequest, HttpError, notFound } from '../errors.js';
import {
  AnyObject,
  ChargePointParams,
  errorResponses,
  Limit,
  List,
  Page,
  Query,
  StringEnum,
  Timestamp,
} from '../schemas/common.js';
import type { ApiInstance, RouteContext } from './context.js';
import { utc } from './transactions.js';

/**
 * The slice of the storage of commands state (command log, configuration, reservations,
 * charging profiles, jobs) these routes read. A storage without it answers 501: the
 * routes exist, with their names and filters, before every storage keeps that state.
 */
export interface OperationsReadModel {
  readonly commands?: {
    list(filter?: {
      chargePointId?: string;
      action?: string;
      status?: CommandStatus;
      from?: string;
      before?: number;
      limit?: number;
    }): Promise<({ id: number } & object)[]>;
  };
  readonly configuration?: { list(chargePointId: string): Promise<object[]> };
  readonly reservations?: {
    list(filter?: { chargePointId?: string; status?: ReservationStatus; limit?: number }): Promise<object[]>;
  };
  readonly chargingProfiles?: { list(chargePointId: string): Promise<object[]> };
  readonly jobs?: {
    list(filter?: {
      chargePointId?: string;
      kind?: JobKind;
      open?: boolean;
      limit?: number;
    }): Promise<object[]>;
  };
}

const COMMAND_STATUSES = ['Pending', 'Answered', 'CallError', 'TimedOut', 'Failed', 'Refused'] as const;
const RESERVATION_STATUSES = [
  'Requested',
  'Accepted',
  'Faulted',
  'Occupied',
  'Rejected',
  'Unavailable',
  'Failed',
  'Used',
  'Cancelled',
  'Expired',
] as const;
const JOB_KINDS = ['Firmware', 'Diagnostics', 'Log', 'SignedFirmware'] as const;
type CommandStatus = (typeof COMMAND_STATUSES)[number];
type ReservationStatus = (typeof RESERVATION_STATUSES)[number];
type JobKind = (typeof JOB_KINDS)[number];

const WHAT: Record<keyof OperationsReadModel, string> = {
  commands: 'a command log',
  configuration: 'charge point configuration',
  reservations: 'reservations',
  chargingProfiles: 'charging profiles',
  jobs: 'firmware and diagnostics jobs',
};

/** The repository `name` of the storage when it has one with a `list` method. */
function repository<K extends keyof OperationsReadModel>(
  storage: Storage,
  name: K,
): NonNullable<OperationsReadModel[K]> {
  const candidate = (storage as Storage & OperationsReadModel)[name];
  if (typeof (candidate as { list?: unknown } | undefined)?.list !== 'function') {
    throw new HttpError(
      501,
      'LEVITY_ERR_NOT_IMPLEMENTED',
      `this central system's storage does not keep ${WHAT[name]}`,
    );
  }
  return candidate as NonNullable<OperationsReadModel[K]>;
}

const chargePointId = Type.Optional(Type.String({ minLength: 1, description: 'Only this charge point' }));

/** The command log, reservations, firmware/diagnostics jobs, configuration and charging profiles. */
export function operationsRoutes(app: ApiInstance, { centralSystem: cs }: RouteContext): void {
  const { storage } = cs;

  app.get(
    '/commands',
    {
      schema: {
        tags: ['commands'],
        summary: 'The command log',
        description: 'Every call Levity sent to charge points and its outcome, newest first; cursor-paged.',
        querystring: Query({
          chargePointId,
          action: Type.Optional(Type.String({ minLength: 1 })),
          status: Type.Optional(StringEnum(COMMAND_STATUSES)),
          from: Type.Optional(Timestamp('Requested at or after')),
          cursor: Type.Optional(Type.String({ minLength: 1 })),
          limit: Limit(50, 500),
        }),
        response: { 200: Page(AnyObject), ...errorResponses(400, 501) },
      },
    },
    async (request) => {
      const commands = repository(storage, 'commands');
      const { cursor, limit, from, ...filter } = request.query;
      let before: number | undefined;
      if (cursor !== undefined) {
        const position = decodeCursor(cursor)?.before;
        if (!Number.isSafeInteger(position)) {
          throw badRequest('querystring/cursor', 'querystring/cursor is not a cursor this API issued');
        }
        before = position as number;
      }
      const rows = await commands.list({
        ...filter,
        from: utc('querystring/from', from),
        before,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page,
        nextCursor: rows.length > limit && last ? encodeCursor({ before: last.id }) : null,
      };
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
        response: { 200: List(AnyObject), ...errorResponses(400, 501) },
      },
    },
    async (request) => ({ items: await repository(storage, 'reservations').list(request.query) }),
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
          open: Type.Optional(Type.Boolean({ description: 'Only unfinished jobs' })),
          limit: Limit(100, 1000),
        }),
        response: { 200: List(AnyObject), ...errorResponses(400, 501) },
      },
    },
    async (request) => ({ items: await repository(storage, 'jobs').list(request.query) }),
  );

  const perChargePoint = (
    path: string,
    name: 'configuration' | 'chargingProfiles',
    summary: string,
    description: string,
  ) =>
    app.get(
      path,
      {
        schema: {
          tags: ['charge points'],
          summary,
          description,
          params: ChargePointParams,
          response: { 200: List(AnyObject), ...errorResponses(400, 404, 501) },
        },
      },
      async (request) => {
        const source = repository(storage, name);
        const { id } = request.params;
        if (!(await cs.chargePoints.get(id))) throw notFound(`charge point ${id} is unknown`);
        return { items: await source.list(id) };
      },
    );

  perChargePoint(
    '/charge-points/:id/configuration',
    'configuration',
    "A charge point's configuration",
    'The configuration keys Levity last learned (GetConfiguration, ChangeConfiguration), ordered by key.',
  );
  perChargePoint(
    '/charge-points/:id/charging-profiles',
    'chargingProfiles',
    "A charge point's charging profiles",
    'The charging profiles Levity believes are installed, by connector, stack level and id.',
  );
}
