import type { AddressInfo } from 'node:net';
import type { CentralSystem, CentralSystemOptions } from '@levity/core';
import { createCentralSystem, MemoryStorage } from '@levity/core';
import type { CreateHttpApiOptions } from '@levity/http';
import { createHttpApi } from '@levity/http';
import type { SimulatedChargePoint, SimulatedChargePointOptions } from '@levity/simulator';
import { createSimulatedChargePoint } from '@levity/simulator';
import type { FastifyInstance } from 'fastify';
import { levityDashboard } from '../../src/index.js';

export const TOKEN = 'dashboard-test-token-0123456789';
/** A token the server below lets read but not write, as a read-role token will be. */
export const READ_TOKEN = 'dashboard-read-only-token-0123';

/**
 * Options of `startLevity` for a server that accepts `READ_TOKEN` for reading only:
 * its writes get 403, the answer the dashboard must show and then disable actions for.
 */
export const readOnlyTokens = {
  api: { tokens: [READ_TOKEN] },
  configure(app: FastifyInstance) {
    app.addHook('onRequest', async (request, reply) => {
      const reads = request.method === 'GET' || request.method === 'HEAD';
      if (reads || request.headers.authorization !== `Bearer ${READ_TOKEN}`) return;
      return reply.status(403).send({
        statusCode: 403,
        error: 'Forbidden',
        code: 'LEVITY_ERR_FORBIDDEN',
        message: 'this token may only read',
      });
    });
  },
};

/** A central system with the HTTP API and the dashboard on one port, disposed with `await using`. */
export interface LevityServer {
  readonly cs: CentralSystem;
  readonly app: FastifyInstance;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** A simulated charge point connected to it (started: booted and statuses sent). */
  simulate(id: string, options?: Partial<SimulatedChargePointOptions>): Promise<SimulatedChargePoint>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startLevity(
  options: {
    central?: Partial<CentralSystemOptions>;
    api?: Partial<CreateHttpApiOptions>;
    /** Runs on the Fastify instance before the routes, e.g. to add a hook. */
    configure?: (app: FastifyInstance) => void;
  } = {},
): Promise<LevityServer> {
  const storage = new MemoryStorage();
  const cs = createCentralSystem({ pingIntervalSeconds: 0, ...options.central, storage });
  const app = createHttpApi({
    centralSystem: cs,
    token: TOKEN,
    eventStreamKeepAliveMs: 2000,
    ...options.api,
  });
  options.configure?.(app);
  await app.register(levityDashboard);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const sims: SimulatedChargePoint[] = [];
  return {
    cs,
    app,
    url: `http://127.0.0.1:${port}`,
    async simulate(id, simOptions = {}) {
      const sim = createSimulatedChargePoint({
        url: `ws://127.0.0.1:${port}/ws`,
        id,
        connectors: 2,
        reconnect: false,
        ...simOptions,
      });
      sims.push(sim);
      await sim.start();
      return sim;
    },
    async [Symbol.asyncDispose]() {
      await Promise.allSettled(sims.map((sim) => sim.close()));
      await cs.close();
      await app.close();
      await storage.close();
    },
  };
}
