import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RPCClient } from 'ocpp-rpc';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ocpp16Validator } from '../ocpp16/validator.js';
import type { InboundMessage } from './ocpp-rpc-adapter.js';
import {
  bufferedAmount,
  createRpcServer,
  OCPP16_SCHEMAS,
  RpcError,
  RpcTimeoutError,
  readingPaused,
  takeOverFrames,
  terminate,
} from './ocpp-rpc-adapter.js';
import type { ServerClient } from './server-client.js';
import { inspectFrame } from './wire-guard.js';

// Every ocpp-rpc internal Levity relies on is exercised here over a real socket, so an
// ocpp-rpc release that changes one fails this file first.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Harness {
  url: string;
  clients: Promise<{ client: ServerClient; context: { id: string } }>;
  seen: string[];
  unsolicited: InboundMessage[];
  tooBig: string[];
}

interface HarnessOptions {
  canSend?: () => boolean;
  maxCallsInFlight?: number;
  handler?: (call: { method: string; params: unknown }) => Promise<unknown>;
}

async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const rpc = createRpcServer<{ id: string }>(
    {
      protocol: 'ocpp1.6',
      validator: ocpp16Validator,
      callTimeoutMs: 2000,
      pingIntervalMs: 0,
      maxPayloadBytes: 64 * 1024,
    },
    { error: () => {}, upgradeAborted: () => {} },
  );
  const seen: string[] = [];
  const unsolicited: InboundMessage[] = [];
  const tooBig: string[] = [];
  const clients = new Promise<{ client: ServerClient; context: { id: string } }>((resolve) =>
    rpc.onClient((client, context) => {
      takeOverFrames(client, {
        read(text, reply) {
          seen.push(text);
          const verdict = inspectFrame(text);
          if (verdict.kind !== 'pass') {
            reply('[4,"-1","FormationViolation","",{}]');
            return undefined;
          }
          return verdict.message;
        },
        write: (frame) => frame.replace('"rewritten-me"', '"rewritten"'),
        unsolicited: (message) => unsolicited.push(message),
        canSend: options.canSend ?? (() => true),
        maxCallsInFlight: options.maxCallsInFlight ?? 16,
        tooBig: () => tooBig.push(context.id),
      });
      client.handle(
        options.handler ??
          (async ({ method, params }) =>
            method === 'DataTransfer' ? { status: 'Accepted', data: (params as { data: string }).data } : {}),
      );
      resolve({ client, context });
    }),
  );
  const http = createServer();
  http.on('upgrade', (request, socket, head) => rpc.upgrade(request, socket, head, { id: 'from-upgrade' }));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    await rpc.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });
  const { port } = http.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}`, clients, seen, unsolicited, tooBig };
}

async function connect(url: string): Promise<RPCClient> {
  const client = new RPCClient({
    endpoint: url,
    identity: 'CP1',
    protocols: ['ocpp1.6'],
    reconnect: false,
    strictMode: false,
    pingIntervalMs: 0,
  } as ConstructorParameters<typeof RPCClient>[0]);
  await client.connect();
  cleanups.push(() => client.close({ force: true }).then(() => {}));
  return client;
}

describe('the ocpp-rpc adapter', () => {
  it('loads the OCPP 1.6 schemas ocpp-rpc ships', () => {
    const ids = OCPP16_SCHEMAS.map((schema) => schema.$id);
    expect(ids).toContain('urn:BootNotification.req');
    expect(ids).toContain('urn:GetCompositeSchedule.conf');
    expect(ids.length).toBeGreaterThanOrEqual(56);
  });

  it('carries the upgrade context to the connection and hands CALLs parsed once to the handler', async () => {
    const { url, clients, seen } = await harness();
    const cp = await connect(url);
    const { context } = await clients;
    expect(context).toEqual({ id: 'from-upgrade' });
    const answer = await cp.call('DataTransfer', { vendorId: 'v', data: 'rewritten-me' });
    expect(answer).toEqual({ status: 'Accepted', data: 'rewritten' });
    expect(seen).toHaveLength(1);
  });

  it('lets the reader answer a frame itself, and still validates CALL payloads strictly', async () => {
    const { url, clients } = await harness();
    const ws = new WebSocket(`${url}/CP1`, ['ocpp1.6']);
    cleanups.push(() => ws.terminate());
    await new Promise((resolve) => ws.once('open', resolve));
    await clients;
    const frames: unknown[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    ws.send('not json');
    ws.send('[2,"m2","DataTransfer",{"vendorId":7}]');
    await expect.poll(() => frames.length).toBe(2);
    expect(frames[0]).toEqual([4, '-1', 'FormationViolation', '', {}]);
    expect((frames[1] as unknown[]).slice(0, 3)).toEqual([4, 'm2', 'TypeConstraintViolation']);
  });

  it('matches responses to calls in flight and reports the ones that answer nothing', async () => {
    const { url, clients, unsolicited } = await harness();
    const cp = await connect(url);
    cp.handle('Reset', async () => ({ status: 'Accepted' }));
    const { client } = await clients;
    await expect(client.call('Reset', { type: 'Soft' })).resolves.toEqual({ status: 'Accepted' });
    cp.sendRaw('[3,"never-sent",{}]');
    cp.sendRaw('[4,"never-sent-either","GenericError","",{}]');
    await expect.poll(() => unsolicited.length).toBe(2);
    expect(unsolicited.map((message) => message.type)).toEqual([3, 4]);
  });

  it('rejects a call the charge point answers with a CALLERROR as an RpcError, and a silent one as a timeout', async () => {
    const { url, clients } = await harness();
    const cp = await connect(url);
    cp.handle('Reset', async () => {
      throw new Error('nope');
    });
    const { client } = await clients;
    await expect(client.call('Reset', { type: 'Soft' })).rejects.toBeInstanceOf(RpcError);
    cp.handle('ClearCache', () => new Promise(() => {}));
    await expect(client.call('ClearCache', {}, { callTimeoutMs: 50 })).rejects.toBeInstanceOf(
      RpcTimeoutError,
    );
  });

  it('reads the send buffer and terminates the socket without a close handshake', async () => {
    const { url, clients } = await harness();
    const cp = await connect(url);
    const { client } = await clients;
    expect(bufferedAmount(client)).toBe(0);
    const closed = new Promise<{ code: number }>((resolve) => cp.once('close', resolve));
    terminate(client);
    expect((await closed).code).toBe(1006);
  });

  it('drops outbound frames, replies to malformed frames included, while canSend says no', async () => {
    // The first two frames (the reply to the malformed one, the answer to m1) are refused.
    let asked = 0;
    const { url, clients } = await harness({ canSend: () => ++asked > 2 });
    const ws = new WebSocket(`${url}/CP1`, ['ocpp1.6']);
    cleanups.push(() => ws.terminate());
    await new Promise((resolve) => ws.once('open', resolve));
    await clients;
    const frames: unknown[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    ws.send('not json');
    ws.send('[2,"m1","DataTransfer",{"vendorId":"v"}]');
    ws.send('[2,"m2","DataTransfer",{"vendorId":"v"}]');
    await expect.poll(() => frames.length).toBe(1);
    expect(frames[0]).toEqual([3, 'm2', { status: 'Accepted' }]);
  });

  it('stops reading a socket while too many CALLs are in flight, and reads on once half are answered', async () => {
    const waiting: (() => void)[] = [];
    const { url, clients } = await harness({
      maxCallsInFlight: 4,
      handler: () => new Promise((resolve) => waiting.push(() => resolve({}))),
    });
    const ws = new WebSocket(`${url}/CP1`, ['ocpp1.6']);
    cleanups.push(() => ws.terminate());
    await new Promise((resolve) => ws.once('open', resolve));
    const { client } = await clients;
    const answers: unknown[] = [];
    ws.on('message', (data) => answers.push(JSON.parse(data.toString())));
    for (let i = 0; i < 4; i++) ws.send(`[2,"m${i}","Heartbeat",{}]`);
    await expect.poll(() => waiting.length).toBe(4);
    expect(readingPaused(client)).toBe(true);
    for (const release of waiting.splice(0, 2)) release();
    await expect.poll(() => readingPaused(client)).toBe(false);
    for (const release of waiting.splice(0)) release();
    await expect.poll(() => answers.length).toBe(4);
  });

  it('reports a message over maxPayloadBytes, which ws answers with a 1009 close', async () => {
    const { url, clients, tooBig } = await harness();
    const ws = new WebSocket(`${url}/CP1`, ['ocpp1.6']);
    cleanups.push(() => ws.terminate());
    await new Promise((resolve) => ws.once('open', resolve));
    await clients;
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(65 * 1024));
    expect(await closed).toBe(1009);
    expect(tooBig).toEqual(['from-upgrade']);
  });
});
