import type { StatusReportKind } from '@levity/core';
import { Type } from '@sinclair/typebox';
import { errorResponses, Limit, List, Query, StringEnum } from '../schemas/common.js';
import {
  DataTransferSchema,
  ErrorEventSchema,
  SecurityEventSchema,
  STATUS_REPORT_KINDS,
  StatusReportSchema,
} from '../schemas/records.js';
import type { ApiInstance, RouteContext } from './context.js';

const tags = ['events'];
const chargePointId = Type.Optional(Type.String({ minLength: 1, description: 'Only this charge point' }));
const limit = Limit(100, 1000);

/** What charge points reported: error events, security events, status reports, data transfers. Newest first. */
export function eventLogRoutes(app: ApiInstance, { centralSystem: cs }: RouteContext): void {
  const { storage } = cs;

  app.get(
    '/errors',
    {
      schema: {
        tags,
        summary: 'List error events',
        description: 'StatusNotifications whose errorCode was not NoError, newest first.',
        querystring: Query({ chargePointId, limit }),
        response: { 200: List(ErrorEventSchema), ...errorResponses(400) },
      },
    },
    async (request) => ({ items: await storage.errors.list(request.query) }),
  );

  app.get(
    '/security-events',
    {
      schema: {
        tags,
        summary: 'List security events',
        description: 'SecurityEventNotifications (OCPP 1.6 security extension), newest first.',
        querystring: Query({ chargePointId, limit }),
        response: { 200: List(SecurityEventSchema), ...errorResponses(400) },
      },
    },
    async (request) => ({ items: await storage.securityEvents.list(request.query) }),
  );

  app.get(
    '/status-reports',
    {
      schema: {
        tags,
        summary: 'List firmware, diagnostics and log status notifications',
        description:
          'The history of Diagnostics, Firmware, Log and SignedFirmware status notifications, newest first.',
        querystring: Query({
          chargePointId,
          kind: Type.Optional(StringEnum<StatusReportKind>(STATUS_REPORT_KINDS)),
          limit,
        }),
        response: { 200: List(StatusReportSchema), ...errorResponses(400) },
      },
    },
    async (request) => ({ items: await storage.statusReports.list(request.query) }),
  );

  app.get(
    '/data-transfers',
    {
      schema: {
        tags,
        summary: 'List data transfers',
        description: 'Every DataTransfer a charge point sent and what Levity answered, newest first.',
        querystring: Query({ chargePointId, limit }),
        response: { 200: List(DataTransferSchema), ...errorResponses(400) },
      },
    },
    async (request) => ({ items: await storage.dataTransfers.list(request.query) }),
  );
}
