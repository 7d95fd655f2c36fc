import { API_TOKEN_ROLES } from '@levity/core';
import { Type } from '@sinclair/typebox';
import { requires } from '../roles.js';
import { Body, errorResponses, List, StringEnum } from '../schemas/common.js';
import { ApiTokenSchema, CreatedApiTokenSchema } from '../schemas/records.js';
import type { ApiInstance, RouteContext } from './context.js';

const tags = ['tokens'];

const TokenParams = Type.Object({
  id: Type.String({
    minLength: 1,
    maxLength: 64,
    description: "The token's id, or its name (names never consist of digits only)",
  }),
});

/** A path segment of digits is an id, anything else a name. */
const idOrName = (segment: string): number | string =>
  /^\d{1,15}$/.test(segment) ? Number(segment) : segment;

/**
 * `/tokens`: named tokens with roles. Only `admin` tokens manage them: a token that could
 * mint tokens could make itself one that outlives its own revocation.
 */
export function tokenRoutes(app: ApiInstance, { centralSystem: cs }: RouteContext): void {
  app.post(
    '/tokens',
    {
      config: requires('admin'),
      schema: {
        tags,
        summary: 'Create a token',
        description:
          'Answers the token once, in `token`; Levity keeps only a hash of it. Names are never reused, revoked tokens included.',
        body: Body({
          name: Type.String({
            pattern: '^[A-Za-z][A-Za-z0-9._-]{0,63}$',
            description: 'Letters, digits, `.`, `_` and `-`, starting with a letter; at most 64',
          }),
          role: StringEnum(API_TOKEN_ROLES),
        }),
        response: { 201: CreatedApiTokenSchema, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const created = await cs.apiTokens.create(request.body);
      // The only answer that carries a secret: no cache may keep it.
      return reply.status(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.get(
    '/tokens',
    {
      config: requires('admin'),
      schema: {
        tags,
        summary: 'List tokens',
        description: 'Every token, revoked ones included (with `revokedAt`), by id. Never a secret.',
        response: { 200: List(ApiTokenSchema), ...errorResponses() },
      },
    },
    async () => ({ items: await cs.apiTokens.list() }),
  );

  app.delete(
    '/tokens/:id',
    {
      config: requires('admin'),
      schema: {
        tags,
        summary: 'Revoke a token',
        description: 'At once: its next request gets 401. Revoking a revoked token again changes nothing.',
        params: TokenParams,
        response: { 204: Type.Null({ description: 'Revoked' }), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      // An unknown token is core's LEVITY_ERR_NOT_FOUND: a 404.
      await cs.apiTokens.revoke(idOrName(request.params.id));
      return reply.status(204).send(null);
    },
  );
}
