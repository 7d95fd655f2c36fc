import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CentralSystem, Logger } from '@levity/core';
import { silentLogger } from '@levity/core';
import type {
  FastifyHttpOptions,
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyServerFactory,
} from 'fastify';
import Fastify from 'fastify';
import { acceptedTokens, createAuthenticator } from './auth.js';
import { errorBody, errorHandler, pathOf } from './errors.js';
import type { MetricsOptions } from './metrics/metrics-route.js';
import { metricsRoute } from './metrics/metrics-route.js';
import { apiResponseHeaders, closeOnUnreadBody } from './response-hooks.js';
import { documentRoles } from './roles.js';
import { chargePointRoutes } from './routes/charge-points.js';
import { commandRoutes } from './routes/commands.js';
import type { ApiInstance, RouteContext } from './routes/context.js';
import { eventLogRoutes } from './routes/event-logs.js';
import type { OpenStreams } from './routes/events.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { idTagRoutes } from './routes/id-tags.js';
import { meterValueRoutes } from './routes/meter-values.js';
import { operationsRoutes } from './routes/operations.js';
import { securityRoutes } from './routes/security.js';
import { tokenRoutes } from './routes/tokens.js';
import { transactionRoutes } from './routes/transactions.js';
import { createValidatorCompiler } from './validation.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Options of the `levityHttpApi` plugin and of `createHttpApi`. */
export interface HttpApiOptions {
  readonly centralSystem: CentralSystem;
  /**
   * A full-access (`admin`) bearer token for every `/api` route (`Authorization: Bearer
   * <token>`), audited as `api-token`. The named tokens of `centralSystem.apiTokens`
   * are accepted too, each with its role.
   */
  readonly token?: string;
  /** Several full-access tokens, e.g. while rotating one; combined with `token`. */
  readonly tokens?: readonly string[];
  /** pino-compatible; failures (with their details) and refused tokens are logged here. Default: none. */
  readonly logger?: Logger;
  /**
   * Whether the server is up, for `/readyz` (besides the storage answering). Default:
   * the Fastify server listens. Pass your own when you serve the routes from another
   * server through `app.routing`, or to report "not ready" while shutting down.
   */
  readonly listening?: () => boolean;
  /** Interval of the keep-alive comments of `GET /api/events`; default 15 000 ms. */
  readonly eventStreamKeepAliveMs?: number;
  /**
   * Bytes that may wait unsent for one `GET /api/events` client; one that stops reading
   * until this much is queued is disconnected. Default 4 MiB.
   */
  readonly eventStreamMaxBufferBytes?: number;
  /**
   * Serve Prometheus metrics at `GET /metrics` (beside `/healthz`): `true`, or options
   * (`public` to need no token). Default off; the `levity` command turns it on.
   */
  readonly metrics?: boolean | MetricsOptions;
}

/** Options of `createHttpApi`. */
export interface CreateHttpApiOptions extends HttpApiOptions {
  /**
   * Serve charge point WebSocket connections (`ws://HOST:PORT/ws/{chargePointId}`, or
   * `wss://` when the central system has TLS) on the same server. Default true. The
   * server is HTTPS whenever the central system was created with `tls`.
   */
  readonly serveChargePoints?: boolean;
  /** Largest request body accepted, in bytes (413 beyond); default 1 MiB. */
  readonly bodyLimit?: number;
  /**
   * Milliseconds a client has to send a whole request (headers and body) before it
   * gets 408 and the connection is closed; default 30 000. Open event streams and
   * WebSocket connections are not affected: their request is complete at once.
   */
  readonly requestTimeoutMs?: number;
  /**
   * Milliseconds from a new TCP connection to its complete request headers; a client
   * that sends nothing (or half its headers) is dropped. Default 10 000.
   */
  readonly headersTimeoutMs?: number;
}

const DESCRIPTION = [
  'Operate a Levity OCPP 1.6-J Central System: charge points, transactions, meter values, id tags,',
  'commands to charge points and a live event stream.',
  'Every `/api` route requires `Authorization: Bearer <token>`; `/healthz` and `/readyz` need none.',
  'Tokens have a role: `read` may call every GET and the event stream, `operate` also every other method,',
  '`admin` also manages tokens (`/api/tokens`). Each route names its role in `x-levity-role`;',
  'a token below it gets 403 (`LEVITY_ERR_FORBIDDEN`), no valid token 401.',
  'Errors answer `{statusCode, error, code, message}`; a 400 names the offending input in `field`.',
].join(' ');

/**
 * The management API as a Fastify plugin: `/healthz`, `/readyz` and everything under
 * `/api`, with `/api/openapi.json` generated from the route schemas. Register it in
 * your own Fastify app; it is encapsulated, so its error handler, validation and auth
 * apply to its routes only.
 *
 * @example
 * const app = Fastify();
 * await app.register(levityHttpApi, { centralSystem: cs, token: process.env.LEVITY_API_TOKEN });
 * app.server.on('upgrade', cs.handleUpgrade); // charge points on the same port
 * await app.listen({ port: 9000 });
 */
export const levityHttpApi: FastifyPluginAsync<HttpApiOptions> = async (fastify, options) => {
  const logger = (options.logger ?? silentLogger).child({ component: 'http' });
  const authenticator = createAuthenticator({
    tokens: acceptedTokens(options),
    centralSystem: options.centralSystem,
    logger,
  });
  const context: RouteContext = { centralSystem: options.centralSystem, logger };
  const listening = options.listening ?? (() => fastify.server.listening);
  const streams: OpenStreams = new Set();

  const app: ApiInstance = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(createValidatorCompiler());
  app.setErrorHandler(errorHandler(logger));
  app.addHook('onSend', apiResponseHeaders);
  app.addHook('onSend', closeOnUnreadBody);
  app.addHook('onResponse', async (request, reply) => {
    logger.debug(
      {
        method: request.method,
        path: pathOf(request),
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'HTTP request',
    );
  });
  // Event streams never end by themselves: end them, or closing the server would wait for ever.
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });

  await app.register(swagger, {
    transform: documentRoles,
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Levity management API', version, description: DESCRIPTION },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearerAuth: [] }],
      tags: [
        { name: 'health', description: 'Liveness and readiness, without a token' },
        {
          name: 'charge points',
          description: 'Charge points, their connectors, configuration and admission',
        },
        { name: 'transactions', description: 'Charging sessions' },
        { name: 'meter values', description: 'Sampled values as time series' },
        { name: 'commands', description: 'Calls to charge points and their log' },
        { name: 'id tags', description: 'The id-tag store' },
        { name: 'events', description: 'What charge points reported, and the live event stream' },
        { name: 'reservations', description: 'Reservations' },
        { name: 'firmware', description: 'Firmware, diagnostics and log jobs' },
        { name: 'tokens', description: 'Named API tokens and their roles' },
        {
          name: 'security',
          description: 'Charge point passwords, security profiles and refused connections',
        },
        { name: 'metrics', description: 'Prometheus metrics' },
        { name: 'api', description: 'This API' },
      ],
    },
  });

  // First: it adds the hook that counts the requests of every route after it.
  if (options.metrics) {
    metricsRoute(app, context, options.metrics === true ? {} : options.metrics, { authenticator, streams });
  }
  healthRoutes(app, context, listening);

  await app.register(
    async (api: ApiInstance) => {
      api.addHook('onRequest', authenticator.onRequest);
      api.setNotFoundHandler((request, reply) =>
        reply
          .status(404)
          .send(errorBody(404, 'LEVITY_ERR_NOT_FOUND', `no route ${request.method} ${pathOf(request)}`)),
      );

      api.get(
        '/openapi.json',
        {
          schema: {
            tags: ['api'],
            summary: 'This OpenAPI document',
            description: 'Generated from the route schemas.',
          },
        },
        async () => app.swagger(),
      );
      chargePointRoutes(api, context);
      transactionRoutes(api, context);
      meterValueRoutes(api, context);
      commandRoutes(api, context);
      idTagRoutes(api, context);
      eventLogRoutes(api, context);
      operationsRoutes(api, context);
      tokenRoutes(api, context);
      securityRoutes(api, context);
      eventRoutes(
        api,
        context,
        {
          keepAliveMs: options.eventStreamKeepAliveMs ?? 15_000,
          maxBufferBytes: options.eventStreamMaxBufferBytes ?? 4 * 1024 * 1024,
        },
        streams,
      );
    },
    { prefix: '/api' },
  );
};

/**
 * A Fastify instance serving the management API and, by default, the charge point
 * WebSocket endpoint on the same port. Listen with `app.listen({ host, port })`; close
 * the central system first, then `app.close()`.
 *
 * To serve it from a `node:http` server of your own instead:
 * `await app.ready(); server.on('request', app.routing)`.
 *
 * @example
 * const app = createHttpApi({ centralSystem: cs, token: process.env.LEVITY_API_TOKEN });
 * await app.listen({ host: '0.0.0.0', port: 9000 }); // API and ws://HOST:9000/ws/{id}
 */
export function createHttpApi(options: CreateHttpApiOptions): FastifyInstance {
  // Checked here too, so that a malformed token throws now rather than at listen().
  acceptedTokens(options);
  const { centralSystem } = options;
  // The central system makes the server: HTTPS when it has TLS credentials (reloaded with
  // them), with the HTTP timeouts, and its charge point upgrades attached unless they are
  // served elsewhere.
  const serverFactory: FastifyServerFactory<Server> = (handler) =>
    centralSystem.createServer(handler, {
      chargePoints: options.serveChargePoints !== false,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      headersTimeoutMs: options.headersTimeoutMs ?? 10_000,
    });
  const fastifyOptions: FastifyHttpOptions<Server> = {
    logger: false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Requests Fastify refuses before routing (a broken percent-encoding) answer in the API's format too.
    frameworkErrors: (error, _request, reply) => {
      void (reply as FastifyReply)
        .status(400)
        .send(errorBody(400, 'LEVITY_ERR_INVALID_REQUEST', error.message));
    },
    serverFactory,
  };
  const app = Fastify(fastifyOptions);
  void app.register(levityHttpApi, options);
  return app;
}
