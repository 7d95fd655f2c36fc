import { Type } from '@sinclair/typebox';
import type { Authenticator } from '../auth.js';
import type { ApiInstance, RouteContext } from '../routes/context.js';
import type { OpenStreams } from '../routes/events.js';
import { httpMetrics } from './http-metrics.js';
import type { LevityMetricsOptions } from './levity-metrics.js';
import { createLevityMetrics } from './levity-metrics.js';

/** Options of the API's `/metrics` (`metrics` of `createHttpApi` and `levityHttpApi`). */
export interface MetricsOptions extends Omit<LevityMetricsOptions, 'centralSystem'> {
  /**
   * Serve `/metrics` without a token (e.g. to a Prometheus on a private network).
   * Default false: any valid token of the API may read it (role `read` and above),
   * sent as `Authorization: Bearer <token>` as Prometheus does with `authorization`.
   */
  readonly public?: boolean;
}

/**
 * `GET /metrics`: the Prometheus exposition of the central system and of this API,
 * behind the API's tokens unless `public`. Also counts every request of the API.
 */
export function metricsRoute(
  app: ApiInstance,
  { centralSystem }: RouteContext,
  options: MetricsOptions,
  { authenticator, streams }: { authenticator: Authenticator; streams: OpenStreams },
): void {
  const metrics = createLevityMetrics({ ...options, centralSystem });
  app.addHook(
    'onResponse',
    httpMetrics(metrics.registry, { eventStreams: () => streams.size, auth: authenticator.counters }),
  );
  app.addHook('onClose', async () => metrics.close());
  const open = options.public === true;
  app.get(
    '/metrics',
    {
      ...(open ? {} : { onRequest: authenticator.onRequest }),
      schema: {
        tags: ['metrics'],
        summary: 'Prometheus metrics',
        description: [
          'The central system and this API in the Prometheus text format (0.0.4):',
          'connections, inbound messages, handler and call latency, storage commits, HTTP requests,',
          'wire counters and Node.js process metrics.',
          open ? 'Public: needs no token.' : 'Send any valid token as `Authorization: Bearer <token>`.',
        ].join(' '),
        ...(open ? { security: [] } : {}),
        response: { 200: Type.String({ description: 'text/plain; version=0.0.4' }) },
      },
    },
    async (_request, reply) => reply.type(metrics.contentType).send(await metrics.metrics()),
  );
}
