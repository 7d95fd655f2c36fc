import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CentralSystem, Logger } from '@levity/core';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';

/** The Fastify instance routes are added to: handlers are typed from their TypeBox schemas. */
export type ApiInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What every route module gets. */
export interface RouteContext {
  readonly centralSystem: CentralSystem;
  readonly logger: Logger;
}
