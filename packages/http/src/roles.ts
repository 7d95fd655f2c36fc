// Which role each route needs. The default follows the method, so that a new write
// route needs `operate` without anyone remembering to say so; a route that needs more
// (or less) says so in one line: `config: requires('admin')`.

import type { SwaggerTransform } from '@fastify/swagger';
import type { ApiTokenRole } from '@levity/core';
import { ErrorBody } from './schemas/common.js';

/** What a route's `config` may say about access. */
export interface RouteAccess {
  /** The least role a token needs; default `read` for GET and HEAD, `operate` for every other method. */
  readonly role?: ApiTokenRole;
  /** Whether the token may come as `?token=` (for EventSource, which cannot send headers). */
  readonly tokenInQuery?: boolean;
}

/**
 * A route's `config` requiring `role`.
 *
 * @example
 * app.post('/tokens', { config: requires('admin'), schema }, handler);
 */
export const requires = (role: ApiTokenRole): RouteAccess => ({ role });

const READ_METHODS = new Set(['GET', 'HEAD']);

/** The role a route needs, from its method and its `config`. */
export function requiredRole(method: string | readonly string[], config: unknown): ApiTokenRole {
  const declared = (config as RouteAccess | undefined)?.role;
  if (declared !== undefined) return declared;
  const methods = typeof method === 'string' ? [method] : method;
  return methods.every((name) => READ_METHODS.has(name.toUpperCase())) ? 'read' : 'operate';
}

const SENTENCES: Record<ApiTokenRole, string> = {
  read: 'Any token may call it (role `read` or above).',
  operate: 'Needs a token with the `operate` role (or `admin`); a `read` token gets 403.',
  admin: 'Needs a token with the `admin` role; `read` and `operate` tokens get 403.',
};

/**
 * The OpenAPI document's view of the roles (a `@fastify/swagger` transform): every
 * route behind a token gets `x-levity-role`, a sentence in its description, and a 403
 * response when `read` is not enough.
 */
export const documentRoles: SwaggerTransform = ({ schema, url, route }) => {
  // Routes that need no token (the health checks) say so with an empty `security`.
  if (!schema || schema.hide === true || (schema as { security?: unknown[] }).security?.length === 0) {
    return { schema, url };
  }
  const role = requiredRole(route.method, route.config);
  const description = (schema as { description?: string }).description;
  return {
    url,
    schema: {
      ...schema,
      'x-levity-role': role,
      description: description ? `${description}\n\n${SENTENCES[role]}` : SENTENCES[role],
      ...(role === 'read' || !schema.response
        ? {}
        : { response: { ...(schema.response as object), 403: ErrorBody } }),
    } as typeof schema,
  };
};
