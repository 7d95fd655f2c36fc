/**
 * Levity inside an application's own `node:http` server: the app keeps its routes,
 * charge points connect to `/ws/{id}` on the same port, custom handlers wrap the
 * built-in ones, and an HTTP route commands a charge point.
 *
 * @example
 * //   pnpm --filter @levity/examples embed --port 9000 --db levity-example.db
 * //   curl localhost:9000/hello
 * //   pnpm --filter @levity/examples charge-point --interval-ms 5000    (in another shell)
 * //   curl localhost:9000/charge-points/EXAMPLE-CP/configuration                     (while it charges)
 */

import { realpathSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { CentralSystem, Storage } from '@levity/core';
import { createCentralSystem, DEFAULT_LISTEN_BACKLOG, LevityError, NotConnectedError } from '@levity/core';
import { SqliteStorage } from '@levity/sqlite';

export interface EmbeddedServerOptions {
  /** 0 picks a free port. Default 9000. */
  port?: number;
  host?: string;
  /** Default: Levity's in-memory storage. */
  storage?: Storage;
  /** Vendors whose charge points are refused at boot. */
  deniedVendors?: readonly string[];
  log?: (line: string) => void;
}

export interface EmbeddedServer {
  /** Where charge points connect, without the id: `ws://host:port/ws`. */
  url: string;
  /** The app's own HTTP routes: `http://host:port`. */
  httpUrl: string;
  cs: CentralSystem;
  close(): Promise<void>;
}

/** The vendor id our own chargers use in DataTransfer. */
export const EXAMPLE_VENDOR_ID = 'com.example.levity';

export async function startEmbeddedServer(options: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const {
    port = 9000,
    host = '127.0.0.1',
    storage,
    deniedVendors = ['AcmeBroken'],
    log = console.log,
  } = options;
  const cs = createCentralSystem({ heartbeatIntervalSeconds: 60, ...(storage ? { storage } : {}) });

  // Wraps the built-in BootNotification handler: deny-listed vendors are rejected
  // before anything is stored; every other boot goes on to the default, which stores it.
  cs.handle('BootNotification', async (ctx) => {
    if (deniedVendors.includes(ctx.params.chargePointVendor)) {
      return { status: 'Rejected', currentTime: new Date().toISOString(), interval: 600 };
    }
    return ctx.next();
  });

  // Answers our own vendor's DataTransfer; other vendors get the default (UnknownVendorId).
  cs.handle('DataTransfer', async (ctx) => {
    if (ctx.params.vendorId !== EXAMPLE_VENDOR_ID) return ctx.next();
    if (ctx.params.messageId === 'Echo') return { status: 'Accepted', data: ctx.params.data ?? '' };
    return { status: 'UnknownMessageId' };
  });

  cs.on('booted', ({ chargePointId, request, response }) =>
    log(
      `${chargePointId} (${request.chargePointVendor} ${request.chargePointModel}) booted: ${response.status}`,
    ),
  );
  cs.on('transactionStarted', ({ chargePointId, transactionId, request }) =>
    log(`${chargePointId} started transaction ${transactionId} for ${request.idTag}`),
  );

  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'GET' && pathname === '/hello') {
      response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('hello');
      return;
    }
    if (request.method === 'GET' && pathname === '/charge-points') {
      return sendJson(response, 200, cs.connectedChargePoints());
    }
    const configuration = /^\/charge-points\/([^/]+)\/configuration$/.exec(pathname);
    if (request.method === 'GET' && configuration?.[1]) {
      // An outbound call: resolves with the charge point's GetConfiguration.conf.
      cs.chargePoint(decodeURIComponent(configuration[1]))
        .call('GetConfiguration', {})
        .then(
          (reply) => sendJson(response, 200, reply),
          (error: unknown) => {
            if (error instanceof NotConnectedError) return sendJson(response, 404, { error: error.message });
            sendJson(response, 502, { error: error instanceof LevityError ? error.code : 'call failed' });
          },
        );
      return;
    }
    sendJson(response, 404, { error: 'not found' });
  });
  server.on('upgrade', cs.handleUpgrade);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep queue, as cs.listen() has: a reconnect storm waits instead of being dropped.
    server.listen({ port, host, backlog: DEFAULT_LISTEN_BACKLOG }, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `ws://${host}:${address.port}/ws`,
    httpUrl: `http://${host}:${address.port}`,
    cs,
    async close() {
      // Levity closes the charge point connections; the server is ours to close.
      await cs.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

function isMain(): boolean {
  const script = process.argv[1];
  return script !== undefined && import.meta.url === pathToFileURL(realpathSync(script)).href;
}

if (isMain()) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '9000' },
      db: { type: 'string', default: 'levity-example.db' },
    },
  });
  const storage = await SqliteStorage.open({ filename: values.db });
  const embedded = await startEmbeddedServer({ port: Number(values.port), storage });
  console.log(`GET ${embedded.httpUrl}/hello; charge points connect to ${embedded.url}/{id}`);
  const stop = async () => {
    await embedded.close();
    await storage.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
