import { PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES, passwordProblem } from '@levity/core';
import { Type } from '@sinclair/typebox';
import { badRequest } from '../errors.js';
import { Body, ChargePointParams, errorResponses, Limit, List, Query } from '../schemas/common.js';
import {
  ChargePointCredentialsSchema,
  ConnectionRefusalSchema,
  SecurityProfileChangeSchema,
  SecurityProfileSchema,
} from '../schemas/records.js';
import type { ApiInstance, RouteContext } from './context.js';

const tags = ['security'];

/**
 * Charge point credentials and security profiles (OCPP 1.6 security whitepaper): passwords
 * are provisioned here (also before a charge point first connects) and never shown again.
 */
export function securityRoutes(app: ApiInstance, { centralSystem: cs }: RouteContext): void {
  app.get(
    '/charge-points/:id/security',
    {
      schema: {
        tags,
        summary: "Show a charge point's security profile",
        description:
          'Its stored security profile and whether a password is set; any id (profile 0 when never set).',
        params: ChargePointParams,
        response: { 200: ChargePointCredentialsSchema, ...errorResponses(400) },
      },
    },
    async (request) => cs.chargePoints.credentials(request.params.id),
  );

  app.put(
    '/charge-points/:id/password',
    {
      schema: {
        tags,
        summary: "Set a charge point's password",
        description: `Stores the HTTP Basic auth password (security profiles 1 and 2) as a salted scrypt hash; the charge point must have it as its AuthorizationKey. Also for a charge point that never connected. ${PASSWORD_MIN_BYTES} to ${PASSWORD_MAX_BYTES} bytes (whitepaper A00.FR.205), no control characters.`,
        params: ChargePointParams,
        body: Body({ password: Type.String({ description: 'The password (UTF-8)' }) }),
        response: { 204: Type.Null({ description: 'Stored' }), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const problem = passwordProblem(request.body.password);
      if (problem) throw badRequest('body/password', `body/password: ${problem}`);
      await cs.chargePoints.setPassword(request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/charge-points/:id/password',
    {
      schema: {
        tags,
        summary: 'Generate a password for a charge point',
        description:
          'Generates a random password (20 letters and digits), stores its hash and returns it: the only time it is shown. Configure it on the charge point as its AuthorizationKey.',
        params: ChargePointParams,
        response: {
          201: Type.Object({ password: Type.String() }, { description: 'The new password' }),
          ...errorResponses(400),
        },
      },
    },
    async (request, reply) => {
      const password = await cs.chargePoints.generatePassword(request.params.id);
      return reply.status(201).header('cache-control', 'no-store').send({ password });
    },
  );

  app.put(
    '/charge-points/:id/security-profile',
    {
      schema: {
        tags,
        summary: "Raise a charge point's security profile",
        description:
          'Connected: sends ChangeConfiguration SecurityProfile (whitepaper A05) and stores the profile when the charge point answers Accepted. Not connected: stores it for its next connection. A lower profile needs `allowDowngrade` and is never sent over OCPP.',
        params: ChargePointParams,
        body: Body({
          profile: SecurityProfileSchema,
          allowDowngrade: Type.Optional(Type.Boolean({ description: 'Allow storing a lower profile' })),
        }),
        response: { 200: SecurityProfileChangeSchema, ...errorResponses(400, 409, 502, 504) },
      },
    },
    async (request) =>
      cs.chargePoints.setSecurityProfile(request.params.id, request.body.profile, {
        allowDowngrade: request.body.allowDowngrade ?? false,
      }),
  );

  app.get(
    '/connection-refusals',
    {
      schema: {
        tags,
        summary: 'List refused connections',
        description:
          'Charge point upgrades refused for a security reason (wrong or missing password, TLS required, bad client certificate), newest first.',
        querystring: Query({
          chargePointId: Type.Optional(
            Type.String({ minLength: 1, description: 'Only this charge point id' }),
          ),
          limit: Limit(100, 1000),
        }),
        response: { 200: List(ConnectionRefusalSchema), ...errorResponses(400) },
      },
    },
    async (request) => ({ items: await cs.storage.connectionRefusals.list(request.query) }),
  );
}
