import type { AddressInfo } from 'node:net';
import type { CentralSystem, CentralSystemOptions, Storage } from '@levity/core';
import { createCentralSystem } from '@levity/core';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { RPCClient } from 'ocpp-rpc';
import type { CreateHttpApiOptions } from '../../src/index.js';
import { createHttpApi } from '../../src/index.js';
import { openTestStorage } from './storage.js';

export const TOKEN = 'test-token-0123456789abcdef';

/** ocpp-rpc's declarations mark every client option required; they are not. */
type RpcClientOptions = ConstructorParameters<typeof RPCClient>[0];

/** A central system on the test storage (see storage.ts) behind the HTTP API, disposed with `await using`. */
export interface ApiServer {
  cs: CentralSystem;
  storage: Storage;
  app: FastifyInstance;
  /** A request with the token (unless `headers.authorization` says otherwise). */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** `GET url` with the token, parsed. */
  get<T = Record<string, unknown>>(url: string): Promise<{ status: number; body: T }>;
  /** Starts listening on a free port (API and WebSocket on it); returns its port. */
  listen(): Promise<number>;
  /** An RPCClient connected as `id` (listens first when needed). */
  connect(id: string): Promise<RPCClient>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startApi(
  options: { central?: CentralSystemOptions; api?: Partial<CreateHttpApiOptions> } = {},
): Promise<ApiServer> {
  const storage = await openTestStorage();
  const cs = createCentralSystem({ pingIntervalSeconds: 0, ...options.central, storage });
  const app = createHttpApi({ centralSystem: cs, token: TOKEN, ...options.api });
  await app.ready();
  const clients: RPCClient[] = [];
  let port: number | undefined;
  const request = (injected: InjectOptions) =>
    app.inject({ ...injected, headers: { authorization: `Bearer ${TOKEN}`, ...injected.headers } });
  const listen = async () => {
    if (port === undefined) {
      await app.listen({ host: '127.0.0.1', port: 0 });
      port = (app.server.address() as AddressInfo).port;
    }
    return port;
  };
  return {
    cs,
    storage,
    app,
    request,
    async get(url) {
      const response = await request({ method: 'GET', url });
      return { status: response.statusCode, body: response.json() };
    },
    listen,
    async connect(id) {
      const client = new RPCClient({
        endpoint: `ws://127.0.0.1:${await listen()}/ws`,
        identity: id,
        protocols: ['ocpp1.6'],
        strictMode: true,
        reconnect: false,
        callTimeoutMs: 10_000,
        pingIntervalMs: 0,
      } as Partial<RpcClientOptions> as RpcClientOptions);
      clients.push(client);
      await client.connect();
      return client;
    },
    async [Symbol.asyncDispose]() {
      await Promise.allSettled(clients.map((client) => client.close({ force: true })));
      await cs.close();
      await app.close();
      await storage.close();
    },
  };
}
