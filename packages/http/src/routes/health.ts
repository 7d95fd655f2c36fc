import { Type } from '@sinclair/typebox';
import type { ApiInstance, RouteContext } from './context.js';

const HealthBody = Type.Object({
  status: Type.String({ description: '`ok`, `ready` or `unavailable`' }),
  checks: Type.Optional(
    Type.Object({
      storage: Type.String({ description: '`ok` or `failed`' }),
      server: Type.String({ description: '`listening` or `not listening`' }),
    }),
  ),
});

/** How long the storage may take to answer the readiness probe. */
const PROBE_TIMEOUT_MS = 2000;

/**
 * `/healthz` (the process answers) and `/readyz` (the storage answers and the server
 * listens). Neither needs a token, and neither tells more than that.
 */
export function healthRoutes(
  app: ApiInstance,
  { centralSystem: cs }: RouteContext,
  listening: () => boolean,
): void {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness',
        description: 'Answers 200 while the process runs. Needs no token.',
        security: [],
        response: { 200: HealthBody },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness',
        description:
          'Answers 200 when the storage answers and the server listens, 503 otherwise. Needs no token.',
        security: [],
        response: { 200: HealthBody, 503: HealthBody },
      },
    },
    async (_request, reply) => {
      // The storage's own health check when it has one (a database server may be down);
      // otherwise a read.
      const { storage: store } = cs;
      const storage = await probe(() => (store.ping ? store.ping() : store.chargePoints.get('')));
      const server = listening();
      const ready = storage && server;
      return reply.status(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'unavailable',
        checks: { storage: storage ? 'ok' : 'failed', server: server ? 'listening' : 'not listening' },
      });
    },
  );
}

/** Whether `read` settles successfully in time. */
async function probe(read: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([read().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
