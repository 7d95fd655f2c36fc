import { describe, expect, it } from 'vitest';
import type { CentralSystemEvents, Storage } from '../src/index.js';
import { LevityError, MemoryStorage, OcppError } from '../src/index.js';
import {
  bootNotification,
  meterValues,
  startTransaction,
  statusNotification,
  stopTransaction,
} from './support/fixtures.js';
import { startServer } from './support/server.js';

describe('custom handlers', () => {
  it('replace the default for an action, with typed params', async () => {
    await using server = await startServer();
    server.cs.handle('DataTransfer', async ({ params, chargePointId }) => ({
      status: 'Accepted',
      data: `${chargePointId}:${params.vendorId}:${params.messageId ?? ''}`,
    }));
    const cp = await server.connect('CP1');
    expect(await cp.call('DataTransfer', { vendorId: 'acme', messageId: 'hello' })).toEqual({
      status: 'Accepted',
      data: 'CP1:acme:hello',
    });
  });

  it('can wrap the default: checks first, then the stock logic through next()', async () => {
    await using server = await startServer();
    server.cs.handle('BootNotification', async ({ params, next }) => {
      if (params.chargePointVendor === 'Banned') {
        return { status: 'Rejected', currentTime: new Date().toISOString(), interval: 600 };
      }
      return next({ ...params, chargePointModel: `${params.chargePointModel}-checked` });
    });
    const banned = await server.connect('BANNED');
    const allowed = await server.connect('ALLOWED');
    expect(
      await banned.call('BootNotification', bootNotification({ chargePointVendor: 'Banned' })),
    ).toMatchObject({
      status: 'Rejected',
      interval: 600,
    });
    expect(await allowed.call('BootNotification', bootNotification())).toMatchObject({ status: 'Accepted' });
    expect(await server.storage.chargePoints.get('BANNED')).toMatchObject({ vendor: null });
    expect(await server.storage.chargePoints.get('ALLOWED')).toMatchObject({ model: 'Test-1-checked' });
  });

  it('stack: a later handler wraps an earlier one, which wraps the default', async () => {
    await using server = await startServer();
    const order: string[] = [];
    server.cs.handle('Heartbeat', async ({ next }) => {
      order.push('first');
      return next();
    });
    server.cs.handle('Heartbeat', async ({ next }) => {
      order.push('second');
      return next();
    });
    const cp = await server.connect('CP1');
    expect(await cp.call('Heartbeat', {})).toHaveProperty('currentTime');
    expect(order).toEqual(['second', 'first']);
    expect((await server.storage.chargePoints.get('CP1'))?.lastHeartbeatAt).toEqual(expect.any(String));
  });

  it('answers a thrown OcppError with its code', async () => {
    await using server = await startServer();
    server.cs.handle('Authorize', () => {
      throw new OcppError('SecurityError', 'not from this network', { hint: 'vpn' });
    });
    const socket = await server.raw('CP1');
    socket.send(JSON.stringify([2, 'm1', 'Authorize', { idTag: 'X' }]));
    expect(await socket.next()).toEqual([4, 'm1', 'SecurityError', 'not from this network', { hint: 'vpn' }]);
  });

  it('answers any other thrown error with a generic InternalError that leaks nothing', async () => {
    await using server = await startServer();
    server.cs.handle('Authorize', () => {
      throw new Error('SELECT * FROM secret_table failed at /srv/levity/db.ts:42');
    });
    const socket = await server.raw('CP1');
    socket.send(JSON.stringify([2, 'm1', 'Authorize', { idTag: 'X' }]));
    const frame = (await socket.next()) as unknown[];
    expect(frame).toEqual([4, 'm1', 'InternalError', 'Authorize could not be processed', {}]);
  });

  it('answers a response that breaks the schema with InternalError', async () => {
    await using server = await startServer();
    server.cs.handle('Authorize', () => ({ idTagInfo: { status: 'Maybe' } }) as never);
    const socket = await server.raw('CP1');
    socket.send(JSON.stringify([2, 'm1', 'Authorize', { idTag: 'X' }]));
    expect(((await socket.next()) as unknown[]).slice(0, 3)).toEqual([4, 'm1', 'InternalError']);
  });

  it('are checked when they are registered', async () => {
    await using server = await startServer();
    expect(() => server.cs.handle('Reset' as never, () => ({}) as never)).toThrow(
      expect.objectContaining({ code: 'LEVITY_ERR_UNKNOWN_ACTION' }),
    );
    expect(() => server.cs.handle('Heartbeat', 'nope' as never)).toThrow(LevityError);
  });
});

describe('storage failures', () => {
  async function failingStorage(): Promise<Storage> {
    const storage = new MemoryStorage();
    const fail = async () => {
      throw new Error('disk I/O error: database is locked (SQLITE_BUSY) INSERT INTO tx VALUES (...)');
    };
    storage.transactions.start = fail;
    // Units of work get the repositories themselves, not the storage's routed view of them.
    await storage.transaction(async (unit) => {
      unit.transactions.start = fail;
    });
    return storage;
  }

  it('answers InternalError, log the cause, and keep serving', async () => {
    const logged: unknown[] = [];
    const logger = {
      debug() {},
      info() {},
      warn() {},
      error(obj: object, msg?: string) {
        logged.push([obj, msg]);
      },
      child() {
        return logger;
      },
    };
    await using server = await startServer({ storage: await failingStorage(), logger });
    const socket = await server.raw('CP1');
    socket.send(JSON.stringify([2, 'm1', 'StartTransaction', startTransaction()]));
    expect(await socket.next()).toEqual([
      4,
      'm1',
      'InternalError',
      'StartTransaction could not be processed',
      {},
    ]);
    const [[entry]] = logged as [[{ err: Error; action: string }]];
    expect(entry).toMatchObject({
      action: 'StartTransaction',
      err: { message: expect.stringContaining('SQLITE_BUSY') },
    });
    socket.send(JSON.stringify([2, 'm2', 'Heartbeat', {}]));
    expect(((await socket.next()) as unknown[]).slice(0, 2)).toEqual([3, 'm2']);
  });
});

describe('events', () => {
  it('fire for connection, boot, status, transactions and meter values', async () => {
    await using server = await startServer();
    const seen: { [E in keyof CentralSystemEvents]?: unknown[] } = {};
    for (const name of [
      'connected',
      'disconnected',
      'booted',
      'statusChanged',
      'transactionStarted',
      'transactionStopped',
      'meterValues',
    ] as const) {
      server.cs.on(name, (event: unknown) => {
        seen[name] = [...(seen[name] ?? []), event];
      });
    }
    const cp = await server.connect('EV1');
    await cp.call('BootNotification', bootNotification());
    await cp.call('StatusNotification', statusNotification({ status: 'Charging' }));
    const { transactionId } = (await cp.call('StartTransaction', startTransaction())) as {
      transactionId: number;
    };
    await cp.call('MeterValues', meterValues({ transactionId }));
    await cp.call('StopTransaction', stopTransaction({ transactionId }));
    await cp.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.connected).toMatchObject([{ chargePointId: 'EV1', protocol: 'ocpp1.6' }]);
    expect(seen.booted).toMatchObject([{ chargePointId: 'EV1', response: { status: 'Accepted' } }]);
    expect(seen.statusChanged).toMatchObject([{ chargePointId: 'EV1', connectorId: 1, status: 'Charging' }]);
    expect(seen.transactionStarted).toMatchObject([{ chargePointId: 'EV1', transactionId }]);
    expect(seen.meterValues).toMatchObject([{ chargePointId: 'EV1', connectorId: 1, transactionId }]);
    expect(seen.transactionStopped).toMatchObject([
      { chargePointId: 'EV1', transactionId, request: { meterStop: 2500 } },
    ]);
    expect(seen.disconnected).toMatchObject([{ chargePointId: 'EV1' }]);
  });

  it('a throwing listener does not change the answer', async () => {
    await using server = await startServer();
    server.cs.on('booted', () => {
      throw new Error('listener bug');
    });
    const cp = await server.connect('EV1');
    expect(await cp.call('BootNotification', bootNotification())).toMatchObject({ status: 'Accepted' });
  });
});

describe('event timing', () => {
  it('emits after the answer is on the wire, so a listener may call the charge point back', async () => {
    await using server = await startServer();
    const socket = await server.raw('EV-ORDER');
    server.cs.on('booted', ({ chargePointId }) => {
      void server.cs
        .chargePoint(chargePointId)
        .call('GetConfiguration', {})
        .catch(() => {});
    });
    socket.send(JSON.stringify([2, 'boot-1', 'BootNotification', bootNotification()]));
    const first = (await socket.next()) as unknown[];
    const second = (await socket.next()) as unknown[];
    expect(first.slice(0, 2)).toEqual([3, 'boot-1']);
    expect(second[0]).toBe(2);
    expect(second[2]).toBe('GetConfiguration');
  });
});
