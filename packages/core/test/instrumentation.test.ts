import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { LevityChannel, LevityChannelMessages } from '../src/index.js';
import { observeStorageCommit, subscribeLevityChannel } from '../src/index.js';
import { bootNotification } from './support/fixtures.js';
import { startServer } from './support/server.js';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** Everything published on `name` from now on, until the test ends. */
function listen<C extends LevityChannel>(name: C): LevityChannelMessages[C][] {
  const heard: LevityChannelMessages[C][] = [];
  stops.push(subscribeLevityChannel(name, (message) => heard.push(message)));
  return heard;
}

/** A CALLERROR's type, id and code. */
const head = (frame: unknown) => (frame as unknown[]).slice(0, 3);

const waitFor = async (check: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

function upgrade(port: number, path: string): Promise<number> {
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
        'Sec-WebSocket-Protocol': 'ocpp1.6',
      },
    });
    req.on('upgrade', (_response, socket) => {
      socket.destroy();
      resolve(101);
    });
    req.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('diagnostics channels', () => {
  it('publishes each answered CALL with its action, outcome and handler time, stamped with its central system', async () => {
    const inbound = listen('inboundCall');
    await using server = await startServer();
    const client = await server.connect('CP1');
    await client.call('BootNotification', bootNotification());
    await client.call('Heartbeat', {});
    await client.close();
    // A raw socket sends what a strict client would refuse to.
    const raw = await server.raw('CP1');
    raw.send(JSON.stringify([2, 'a', 'StartTransaction', { connectorId: 1 }]));
    expect(head(await raw.next())).toEqual([4, 'a', 'OccurenceConstraintViolation']);
    raw.send(JSON.stringify([2, 'b', 'MadeUpAction', {}]));
    expect(head(await raw.next())).toEqual([4, 'b', 'NotImplemented']);
    raw.send(JSON.stringify([2, 'c', 'Reset', { type: 'Soft' }]));
    expect(head(await raw.next())).toEqual([4, 'c', 'NotSupported']);
    const ours = inbound.filter((message) => message.centralSystem === server.cs);
    expect(ours.map(({ action, errorCode }) => [action, errorCode])).toEqual([
      ['BootNotification', null],
      ['Heartbeat', null],
      ['StartTransaction', 'OccurenceConstraintViolation'],
      ['MadeUpAction', 'NotImplemented'],
      ['Reset', 'NotSupported'],
    ]);
    expect(ours.every((message) => message.chargePointId === 'CP1')).toBe(true);
    // Handled CALLs are timed; those refused before any handler are not.
    expect(ours[0]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(ours[1]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(ours.slice(2).map((message) => message.durationMs)).toEqual([null, null, null]);
  });

  it('publishes a CALLERROR a handler threw with its code and time', async () => {
    const inbound = listen('inboundCall');
    await using server = await startServer({ bootPolicy: 'known-only' });
    const client = await server.connect('CP2');
    // Not accepted yet: anything but BootNotification is refused with SecurityError.
    await expect(client.call('Heartbeat', {})).rejects.toThrow();
    const [heartbeat] = inbound.filter((message) => message.centralSystem === server.cs);
    expect(heartbeat).toMatchObject({ action: 'Heartbeat', errorCode: 'SecurityError' });
    expect(heartbeat?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('publishes connections opened, replaced and closed with their close codes', async () => {
    const opened = listen('connectionOpened');
    const closed = listen('connectionClosed');
    await using server = await startServer();
    await server.connect('CP3');
    await server.connect('CP3');
    await waitFor(() => closed.some((message) => message.centralSystem === server.cs));
    const second = await server.connect('CP4');
    await second.close({ code: 1000 });
    await waitFor(() => closed.filter((message) => message.centralSystem === server.cs).length === 2);
    expect(
      opened.filter((m) => m.centralSystem === server.cs).map((m) => [m.chargePointId, m.replacing]),
    ).toEqual([
      ['CP3', false],
      ['CP3', true],
      ['CP4', false],
    ]);
    expect(
      closed.filter((m) => m.centralSystem === server.cs).map((m) => [m.chargePointId, m.code, m.replaced]),
    ).toEqual([
      ['CP3', 1000, true],
      ['CP4', 1000, false],
    ]);
  });

  it('publishes upgrades refused for a bad path and over the connection limit', async () => {
    const refused = listen('connectionRefused');
    await using server = await startServer({ maxConnections: 1 });
    expect(await upgrade(server.port, '/elsewhere/CP5')).toBe(404);
    await server.connect('CP5');
    expect(await upgrade(server.port, '/ws/CP6')).toBe(503);
    expect(
      refused.filter((m) => m.centralSystem === server.cs).map((m) => [m.reason, m.status, m.chargePointId]),
    ).toEqual([
      ['path', 404, null],
      ['connection_limit', 503, 'CP6'],
    ]);
  });

  it('publishes each call to a charge point with its final status', async () => {
    const commands = listen('command');
    await using server = await startServer();
    const client = await server.connect('CP7');
    await client.call('BootNotification', bootNotification());
    client.handle('GetConfiguration', async () => ({ configurationKey: [] }));
    await server.cs.chargePoint('CP7').call('GetConfiguration', {});
    await expect(
      server.cs.chargePoint('CP7').call('ClearCache', {}, { timeoutMs: 200 }),
    ).rejects.toMatchObject({ code: 'LEVITY_ERR_CALL_ERROR' });
    await expect(server.cs.chargePoint('CP-GONE').call('ClearCache', {})).rejects.toMatchObject({
      code: 'LEVITY_ERR_NOT_CONNECTED',
    });
    const ours = commands.filter((message) => message.centralSystem === server.cs);
    expect(ours.map(({ chargePointId, action, status }) => [chargePointId, action, status])).toEqual([
      ['CP7', 'GetConfiguration', 'Answered'],
      ['CP7', 'ClearCache', 'CallError'],
      ['CP-GONE', 'ClearCache', 'Refused'],
    ]);
    expect(ours.every((message) => message.durationMs >= 0)).toBe(true);
  });

  it('times a storage commit and says whether it committed, passing its result or error through', async () => {
    const commits = listen('storageCommit');
    expect(await observeStorageCommit({ storage: 'test', units: 3 }, async () => 'done')).toBe('done');
    const failure = new Error('disk full');
    await expect(
      observeStorageCommit({ storage: 'test', units: 1 }, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(commits.map(({ storage, units, ok }) => [storage, units, ok])).toEqual([
      ['test', 3, true],
      ['test', 1, false],
    ]);
    expect(commits.every((commit) => commit.durationMs >= 0)).toBe(true);
  });

  it('publishes nothing more once the listener stopped', async () => {
    const heard: unknown[] = [];
    const stop = subscribeLevityChannel('storageCommit', (message) => heard.push(message));
    await observeStorageCommit({ storage: 'test', units: 1 }, async () => {});
    stop();
    await observeStorageCommit({ storage: 'test', units: 1 }, async () => {});
    expect(heard).toHaveLength(1);
  });
});
