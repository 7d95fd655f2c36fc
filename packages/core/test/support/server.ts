import type { AddressInfo } from 'node:net';
import { RPCClient } from 'ocpp-rpc';
import WebSocket from 'ws';
import type { CentralSystem, CentralSystemOptions } from '../../src/index.js';
import { createCentralSystem, MemoryStorage } from '../../src/index.js';

/** A central system listening on a free port, closed by `await using` or `close()`. */
/** ocpp-rpc's declarations mark every client option required; they are not. */
export type RpcClientOptions = ConstructorParameters<typeof RPCClient>[0];

export interface TestServer {
  cs: CentralSystem;
  storage: MemoryStorage | NonNullable<CentralSystemOptions['storage']>;
  url: string;
  port: number;
  /** An RPCClient for `id`, connected with the ocpp1.6 subprotocol. */
  connect(id: string, options?: { protocols?: string[] }): Promise<RPCClient>;
  /** A raw ws socket for malformed traffic. */
  raw(id: string, options?: { protocols?: string[] }): Promise<RawSocket>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface RawSocket {
  ws: WebSocket;
  send(text: string): void;
  /** The next text frame received, parsed. */
  next(timeoutMs?: number): Promise<unknown>;
  /** Resolves with nothing if no frame arrives within the time. */
  expectSilence(ms: number): Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

export async function startServer(options: CentralSystemOptions = {}): Promise<TestServer> {
  const storage = options.storage ?? new MemoryStorage();
  const cs = createCentralSystem({ pingIntervalSeconds: 0, ...options, storage });
  const address: AddressInfo = await cs.listen({ host: '127.0.0.1', port: 0 });
  const url = `ws://127.0.0.1:${address.port}/ws`;
  const clients: RPCClient[] = [];
  const sockets: WebSocket[] = [];
  const close = async () => {
    await Promise.allSettled(clients.map((client) => client.close({ force: true })));
    for (const socket of sockets) socket.terminate();
    await cs.close();
  };
  return {
    cs,
    storage,
    url,
    port: address.port,
    async connect(id, { protocols = ['ocpp1.6'] } = {}) {
      const client = new RPCClient({
        endpoint: url,
        identity: id,
        protocols,
        strictMode: true,
        reconnect: false,
        callTimeoutMs: 10_000,
        pingIntervalMs: 0,
      } as RpcClientOptions);
      clients.push(client);
      await client.connect();
      return client;
    },
    async raw(id, { protocols = ['ocpp1.6'] } = {}) {
      const ws = new WebSocket(`${url}/${encodeURIComponent(id)}`, protocols);
      sockets.push(ws);
      const queue: unknown[] = [];
      const waiters: ((frame: unknown) => void)[] = [];
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString());
        const waiter = waiters.shift();
        if (waiter) waiter(frame);
        else queue.push(frame);
      });
      const closed = new Promise<{ code: number; reason: string }>((resolve) =>
        ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
      );
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      return {
        ws,
        closed,
        send: (text) => ws.send(text),
        next(timeoutMs = 5000) {
          if (queue.length > 0) return Promise.resolve(queue.shift());
          return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('no frame received')), timeoutMs);
            waiters.push((frame) => {
              clearTimeout(timer);
              resolve(frame);
            });
          });
        },
        async expectSilence(ms) {
          await new Promise((resolve) => setTimeout(resolve, ms));
          if (queue.length > 0) throw new Error(`expected no frame, got ${JSON.stringify(queue[0])}`);
        },
      };
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
