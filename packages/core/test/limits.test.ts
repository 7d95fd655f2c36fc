import { connect as tcpConnect } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MemoryStorage } from '../src/index.js';
import { bootNotification } from './support/fixtures.js';
import { startServer, type TestServer } from './support/server.js';

// Each limit against abuse over real sockets; after each breach, a well-behaved charge
// point on the same central system is still served.

async function stillServes(server: TestServer, id = 'WELL-BEHAVED'): Promise<void> {
  const cp = await server.connect(id);
  await expect(cp.call('Heartbeat', {})).resolves.toHaveProperty('currentTime');
  await cp.close();
}

/** Resolves with the HTTP status line the server answers an upgrade with. */
function upgradeStatus(port: number, id: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/${id}`, ['ocpp1.6']);
    ws.once('unexpected-response', (_request, response) => {
      resolve(String(response.statusCode));
      ws.terminate();
    });
    ws.once('open', () => {
      resolve('101');
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

describe('maxPayloadBytes', () => {
  it('closes a connection that sends a bigger message with 1009, and counts it', async () => {
    await using server = await startServer({ maxPayloadBytes: 4096 });
    const socket = await server.raw('BIG');
    socket.send(JSON.stringify([2, 'm1', 'DataTransfer', { vendorId: 'v', data: 'x'.repeat(5000) }]));
    expect((await socket.closed).code).toBe(1009);
    await expect.poll(() => server.cs.stats().oversizeMessages).toBe(1);
    await stillServes(server);
  });
});

describe('maxConnections', () => {
  it('refuses upgrades beyond the limit with 503, but lets a charge point replace its own connection', async () => {
    await using server = await startServer({ maxConnections: 2 });
    await server.connect('CP1');
    await server.raw('CP2');
    expect(await upgradeStatus(server.port, 'CP3')).toBe('503');
    expect(server.cs.stats().connectionsRefused).toBe(1);
    // CP2 reconnecting (its old socket still registered) is let in.
    const again = await server.connect('CP2');
    await expect(again.call('Heartbeat', {})).resolves.toHaveProperty('currentTime');
  });
});

describe('handshakeTimeoutSeconds', () => {
  it('drops a TCP client that never sends a request, and one that sends half of it', async () => {
    await using server = await startServer({ handshakeTimeoutSeconds: 1 });
    const silent = tcpConnect(server.port, '127.0.0.1');
    const partial = tcpConnect(server.port, '127.0.0.1', () =>
      partial.write('GET /ws/CP1 HTTP/1.1\r\nHost: x\r\n'),
    );
    await Promise.all([
      new Promise((resolve) => silent.once('close', resolve)),
      new Promise((resolve) => partial.once('close', resolve)),
    ]);
    expect(server.cs.stats().handshakeTimeouts).toBe(2);
    await stillServes(server);
  });
});

describe('bootTimeoutSeconds', () => {
  it('closes a connection that sends no BootNotification in time (1008)', async () => {
    await using server = await startServer({ bootTimeoutSeconds: 1, bootPolicy: 'known-only' });
    const socket = await server.raw('SILENT');
    // Refused before acceptance, and it does not count as booting.
    socket.send(JSON.stringify([2, 'h1', 'Heartbeat', {}]));
    expect(((await socket.next()) as unknown[])[2]).toBe('SecurityError');
    expect(await socket.closed).toMatchObject({ code: 1008 });
    expect(server.cs.stats().bootTimeouts).toBe(1);
  });

  it('keeps a connection that booted, under any policy, even when it was rejected', async () => {
    await using server = await startServer({ bootTimeoutSeconds: 1, bootPolicy: 'known-only' });
    const cp = await server.connect('REJECTED');
    expect(await cp.call('BootNotification', bootNotification())).toMatchObject({ status: 'Rejected' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(server.cs.connectedChargePoints()).toEqual(['REJECTED']);
  });

  it('under accept-all, keeps a connection that sent any message, and a charge point that booted before', async () => {
    const storage = new MemoryStorage();
    await storage.chargePoints.recordBoot('BOOTED-BEFORE', {
      vendor: 'V',
      model: 'M',
      chargePointSerialNumber: null,
      chargeBoxSerialNumber: null,
      firmwareVersion: null,
      iccid: null,
      imsi: null,
      meterType: null,
      meterSerialNumber: null,
      registrationStatus: 'Accepted',
      at: '2025-01-01T00:00:00.000Z',
    });
    await using server = await startServer({ bootTimeoutSeconds: 1, storage });
    const talking = await server.connect('TALKING');
    await talking.call('Heartbeat', {});
    await server.raw('BOOTED-BEFORE');
    const silent = await server.raw('SILENT');
    expect(await silent.closed).toMatchObject({ code: 1008 });
    await expect.poll(() => server.cs.connectedChargePoints().sort()).toEqual(['BOOTED-BEFORE', 'TALKING']);
  });
});

describe('maxSendBufferBytes', () => {
  it('drops a charge point that stops reading its answers, and keeps serving the others', async () => {
    await using server = await startServer({ maxSendBufferBytes: 64 * 1024 });
    // Each answer carries 100 KB: a client that does not read them fills the buffers.
    server.cs.dataTransfer('big', async () => ({ status: 'Accepted', data: 'y'.repeat(100_000) }));
    const socket = await server.raw('NOT-READING');
    socket.send(JSON.stringify([2, 'b0', 'BootNotification', bootNotification()]));
    await socket.next();
    // Stop reading: what the server sends piles up in the kernel, then in its buffer.
    (socket.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let i = 0; i < 300; i++) {
      socket.send(JSON.stringify([2, `d${i}`, 'DataTransfer', { vendorId: 'big' }]));
    }
    await expect.poll(() => server.cs.stats().slowReadersDropped, { timeout: 20_000 }).toBe(1);
    await expect.poll(() => server.cs.connectedChargePoints()).toEqual([]);
    await stillServes(server);
  });
});

describe('unbootedRetentionSeconds', () => {
  it('forgets a charge point that connected and never booted, and keeps one that booted', async () => {
    await using server = await startServer({ unbootedRetentionSeconds: 1, bootTimeoutSeconds: 0 });
    const stranger = await server.raw('NEVER-BOOTED');
    await expect
      .poll(async () => (await server.storage.chargePoints.get('NEVER-BOOTED'))?.connected)
      .toBe(true);
    const booted = await server.connect('BOOTED');
    await booted.call('BootNotification', bootNotification());
    stranger.ws.close();
    await booted.close();
    await expect
      .poll(async () => server.storage.chargePoints.get('NEVER-BOOTED'), { timeout: 10_000 })
      .toBeUndefined();
    expect(await server.storage.chargePoints.get('BOOTED')).toMatchObject({ registrationStatus: 'Accepted' });
  });
});
