import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { Server } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createCentralSystem, DEFAULT_LISTEN_BACKLOG, MemoryStorage } from '../src/index.js';
import { bootInfo } from '../src/testing/fixtures.js';
import { bootNotification } from './support/fixtures.js';
import type { RpcClientOptions } from './support/server.js';
import { startServer } from './support/server.js';

/** Sends an upgrade request and returns the HTTP status of the refusal, or 101. */
function upgradeStatus(
  port: number,
  path: string,
  protocol = 'ocpp1.6',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Protocol': protocol,
      },
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve({ status: 101, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const waitFor = async (check: () => Promise<boolean> | boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('the upgrade handshake', () => {
  it('refuses paths outside /ws/{id} with 404', async () => {
    await using server = await startServer();
    expect(await upgradeStatus(server.port, '/other/CP1')).toMatchObject({ status: 404 });
    expect(await upgradeStatus(server.port, '/ws/a/b')).toMatchObject({ status: 404 });
    expect(await upgradeStatus(server.port, '/ws')).toMatchObject({ status: 404 });
  });

  it('refuses an empty or badly percent-encoded id with 400 and keeps running', async () => {
    await using server = await startServer();
    expect(await upgradeStatus(server.port, '/ws/')).toMatchObject({ status: 400 });
    const bad = await upgradeStatus(server.port, '/ws/%E0%A4%A');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('percent-encoding');
    const cp = await server.connect('STILL-OK');
    expect(await cp.call('Heartbeat', {})).toHaveProperty('currentTime');
  });

  it('uses the percent-decoded last path segment as the identity', async () => {
    await using server = await startServer();
    const cp = await server.connect('CP 001 ä');
    await cp.call('BootNotification', bootNotification());
    expect(await server.storage.chargePoints.get('CP 001 ä')).toMatchObject({ vendor: 'Levity' });
  });

  it('completes without Sec-WebSocket-Protocol and closes a client sharing no subprotocol', async () => {
    await using server = await startServer();
    let handled = false;
    server.cs.handle('Heartbeat', () => {
      handled = true;
      return { currentTime: new Date().toISOString() };
    });
    const ws = new WebSocket(`${server.url}/NOPROTO`, ['ocpp2.0.1']);
    const upgrade = once(ws, 'upgrade');
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => {});
    const [response] = (await upgrade) as [{ headers: Record<string, string> }];
    expect(response.headers['sec-websocket-protocol']).toBeUndefined();
    await closed;
    expect(handled).toBe(false);
    expect(server.cs.connectedChargePoints()).toEqual([]);
  });

  it('closes a client that offers no subprotocol at all', async () => {
    await using server = await startServer();
    const ws = new WebSocket(`${server.url}/NONE`);
    ws.on('error', () => {});
    const code = await new Promise<number>((resolve) => ws.once('close', (c) => resolve(c)));
    expect(code).not.toBe(1000);
    expect(await server.storage.chargePoints.get('NONE')).toBeUndefined();
  });

  it('answers plain HTTP requests on its own server with 404', async () => {
    await using server = await startServer();
    const response = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(response.status).toBe(404);
  });
});

describe('the registry of connected charge points', () => {
  it('lets a reconnecting charge point take over from its zombie connection', async () => {
    await using server = await startServer();
    const disconnected: string[] = [];
    server.cs.on('disconnected', ({ chargePointId }) => disconnected.push(chargePointId));
    const zombie = await server.raw('CP-Z');
    zombie.send(JSON.stringify([2, 'z1', 'Heartbeat', {}]));
    await zombie.next();
    const fresh = await server.connect('CP-Z');
    const { code } = await zombie.closed;
    expect(code).toBe(1000);
    expect(await fresh.call('Heartbeat', {})).toHaveProperty('currentTime');
    expect(server.cs.connectedChargePoints()).toEqual(['CP-Z']);
    expect(disconnected).toEqual([]);
    expect(await server.storage.chargePoints.get('CP-Z')).toMatchObject({ connected: true });
  });

  it('stores what the replaced connection sent before it was replaced', async () => {
    await using server = await startServer();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.cs.handle('MeterValues', async ({ next }) => {
      await gate;
      return next();
    });
    const zombie = await server.raw('CP-Y');
    zombie.send(
      JSON.stringify([
        2,
        'z1',
        'MeterValues',
        {
          connectorId: 1,
          meterValue: [{ timestamp: '2025-01-01T00:00:00Z', sampledValue: [{ value: '42' }] }],
        },
      ]),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.connect('CP-Y');
    release();
    await waitFor(
      async () => (await server.storage.meterValues.list({ chargePointId: 'CP-Y' })).length === 1,
    );
  });

  it('records connect, disconnect and last-seen times', async () => {
    await using server = await startServer({ lastSeenFlushMs: 20 });
    const cp = await server.connect('CP-T');
    await waitFor(async () => (await server.storage.chargePoints.get('CP-T'))?.connected === true);
    const connected = await server.storage.chargePoints.get('CP-T');
    expect(connected?.connectedAt).toEqual(expect.any(String));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await cp.call('Heartbeat', {});
    await waitFor(async () => {
      const row = await server.storage.chargePoints.get('CP-T');
      return row?.lastSeenAt !== null && (row?.lastSeenAt ?? '') > (connected?.connectedAt ?? '');
    });
    await cp.close();
    await waitFor(async () => (await server.storage.chargePoints.get('CP-T'))?.connected === false);
    expect((await server.storage.chargePoints.get('CP-T'))?.disconnectedAt).toEqual(expect.any(String));
  });

  it('marks every charge point disconnected at start-up', async () => {
    const storage = new MemoryStorage();
    await storage.chargePoints.recordConnected('LEFT-OVER', {
      at: '2025-01-01T00:00:00.000Z',
      remoteAddress: null,
    });
    await using server = await startServer({ storage });
    expect(server.cs.connectedChargePoints()).toEqual([]);
    expect(await storage.chargePoints.get('LEFT-OVER')).toMatchObject({ connected: false });
  });

  it('pings at the configured interval, and not at all when it is 0', async () => {
    const pings = async (pingIntervalSeconds: number) => {
      await using server = await startServer({ pingIntervalSeconds });
      const socket = await server.raw('PINGED');
      let count = 0;
      socket.ws.on('ping', () => {
        count++;
      });
      await new Promise((resolve) => setTimeout(resolve, 2300));
      return count;
    };
    const [on, off] = await Promise.all([pings(1), pings(0)]);
    expect(on).toBeGreaterThanOrEqual(1);
    expect(off).toBe(0);
  });

  it('closes every connection and stops listening on close()', async () => {
    const server = await startServer();
    const socket = await server.raw('CLOSING');
    await server.cs.close();
    const { code } = await socket.closed;
    expect(code).toBe(1001);
    expect(await server.storage.chargePoints.get('CLOSING')).toMatchObject({ connected: false });
    await expect(fetch(`http://127.0.0.1:${server.port}/`)).rejects.toThrow();
  });
});

describe('embedding', () => {
  it('serves charge points from a user http.Server next to its own routes', async () => {
    const { createServer } = await import('node:http');
    const cs = createCentralSystem({ pingIntervalSeconds: 0 });
    const server = createServer((_req, res) => res.end('own route'));
    server.on('upgrade', cs.handleUpgrade);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      expect(await (await fetch(`http://127.0.0.1:${port}/hello`)).text()).toBe('own route');
      const { RPCClient } = await import('ocpp-rpc');
      const cp = new RPCClient({
        endpoint: `ws://127.0.0.1:${port}/ws`,
        identity: 'EMB',
        protocols: ['ocpp1.6'],
        reconnect: false,
      } as RpcClientOptions);
      await cp.connect();
      expect(await cp.call('BootNotification', bootNotification())).toMatchObject({ status: 'Accepted' });
      await cp.close();
    } finally {
      await cs.close();
      server.close();
    }
  });
});

describe('what a connection costs', () => {
  it('reads nothing from storage for a charge point that boots first, as after a restart', async () => {
    const storage = new MemoryStorage();
    const reads: string[] = [];
    const { get } = storage.chargePoints;
    storage.chargePoints.get = (id) => {
      reads.push(id);
      return get.call(storage.chargePoints, id);
    };
    await using server = await startServer({ storage });
    for (const id of ['S1', 'S2', 'S3']) {
      const cp = await server.connect(id);
      await cp.call('BootNotification', bootNotification());
      await cp.call('Heartbeat', {});
    }
    // The boot handler reads once per boot (for the boot policy); the connection never does.
    expect(reads).toEqual(['S1', 'S2', 'S3']);
  });

  it('reads the registration of a charge point that reconnects without booting, when its first message needs it', async () => {
    const storage = new MemoryStorage();
    await storage.chargePoints.recordBoot('BANNED', bootInfo({ registrationStatus: 'Rejected' }));
    await using server = await startServer({ storage });
    const cp = await server.connect('BANNED');
    await expect(cp.call('Heartbeat', {})).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
  });

  it('gives handlers a signal that aborts when the connection closes, also through a spread context', async () => {
    await using server = await startServer();
    const signals: AbortSignal[] = [];
    server.cs.handle('Heartbeat', async (context) => {
      const copy = { ...context };
      signals.push(context.signal, copy.signal);
      return context.next();
    });
    const cp = await server.connect('SIG');
    await cp.call('Heartbeat', {});
    expect(signals.map((signal) => signal.aborted)).toEqual([false, false]);
    await cp.close();
    await waitFor(async () => signals.every((signal) => signal.aborted));
  });

  it('asks the kernel for a deep listen queue, so a reconnect storm waits instead of being dropped', async () => {
    const listen = vi.spyOn(Server.prototype, 'listen');
    try {
      await using _server = await startServer();
      expect(listen).toHaveBeenCalledWith(
        expect.objectContaining({ backlog: DEFAULT_LISTEN_BACKLOG }),
        expect.any(Function),
      );
      expect(DEFAULT_LISTEN_BACKLOG).toBeGreaterThan(511);
    } finally {
      listen.mockRestore();
    }
  });
});
