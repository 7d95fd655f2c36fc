import type { IdTagStatus } from '@levity/core';
import { LevityError } from '@levity/core';
import { Type } from '@sinclair/typebox';
import { afterFromCursor, pageByKey } from '../cursor.js';
import { notFound, pathOf } from '../errors.js';
import {
  Body,
  errorResponses,
  Limit,
  Nullable,
  Page,
  Query,
  StringEnum,
  Timestamp,
} from '../schemas/common.js';
import { ID_TAG_STATUSES, IdTagSchema } from '../schemas/records.js';
import type { ApiInstance, RouteContext } from './context.js';

const tags = ['id tags'];

/** CiString20 (OCPP 1.6 §7.22): compared case-insensitively. */
const IdTag = Type.String({
  minLength: 1,
  maxLength: 20,
  description: 'CiString20, compared case-insensitively',
});
const IdTagParams = Type.Object({ idTag: IdTag });
const changes = {
  status: Type.Optional(StringEnum<IdTagStatus>(ID_TAG_STATUSES, { description: 'Default Accepted' })),
  expiryDate: Type.Optional(Nullable(Timestamp('After this time the tag answers Expired; null: never'))),
  parentIdTag: Type.Optional(Nullable(IdTag)),
  note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
};

/** The id-tag store the `id-tags` authorization policy reads. */
export function idTagRoutes(app: ApiInstance, { centralSystem: cs }: RouteContext): void {
  app.get(
    '/id-tags',
    {
      schema: {
        tags,
        summary: 'List id tags',
        description: 'Ordered by tag, case-insensitively; cursor-paged.',
        querystring: Query({
          status: Type.Optional(StringEnum<IdTagStatus>(ID_TAG_STATUSES)),
          parentIdTag: Type.Optional(IdTag),
          cursor: Type.Optional(
            Type.String({ minLength: 1, description: 'The `nextCursor` of the previous page' }),
          ),
          limit: Limit(100, 1000),
        }),
        response: { 200: Page(IdTagSchema), ...errorResponses(400) },
      },
    },
    async (request) => {
      const { cursor, limit, ...filter } = request.query;
      const after = afterFromCursor(cursor);
      // One more than asked tells whether there is a next page.
      const rows = await cs.idTags.list({ ...filter, after, limit: limit + 1 });
      return pageByKey(rows, limit, (tag) => tag.idTag);
    },
  );

  app.post(
    '/id-tags',
    {
      schema: {
        tags,
        summary: 'Add an id tag',
        body: Body({ idTag: IdTag, ...changes }),
        response: { 201: IdTagSchema, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const added = await cs.idTags.add(request.body);
      return reply
        .status(201)
        .header('location', `${pathOf(request)}/${encodeURIComponent(added.idTag)}`)
        .send(added);
    },
  );

  app.get(
    '/id-tags/:idTag',
    {
      schema: {
        tags,
        summary: 'Show an id tag',
        params: IdTagParams,
        response: { 200: IdTagSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const tag = await cs.idTags.get(request.params.idTag);
      if (!tag) throw notFound(`id tag ${request.params.idTag} is unknown`);
      return tag;
    },
  );

  app.patch(
    '/id-tags/:idTag',
    {
      schema: {
        tags,
        summary: 'Change an id tag',
        description:
          'Fields left out stay as they are; `null` clears one. `{"status":"Blocked"}` blocks the tag.',
        params: IdTagParams,
        body: Body(changes, { minProperties: 1 }),
        response: { 200: IdTagSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      try {
        return await cs.idTags.update(request.params.idTag, request.body);
      } catch (error) {
        if (error instanceof LevityError && error.code === 'LEVITY_ERR_NOT_FOUND') {
          throw notFound(`id tag ${request.params.idTag} is unknown`);
        }
        throw error;
      }
    },
  );

  app.delete(
    '/id-tags/:idTag',
    {
      schema: {
        tags,
        summary: 'Remove an id tag',
        params: IdTagParams,
        response: { 204: Type.Null({ description: 'Removed' }), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      if (!(await cs.idTags.remove(request.params.idTag))) {
        throw notFound(`id tag ${request.params.idTag} is unknown`);
      }
      return reply.status(204).send(null);
    },
  );
}
