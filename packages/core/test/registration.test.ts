import { describe, expect, it } from 'vitest';
import { bootNotification } from './support/fixtures.js';
import { startServer } from './support/server.js';

const waitFor = async (check: () => Promise<boolean> | boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('boot policy known-only', () => {
  it('rejects an unknown charge point, refuses its other messages and refuses calls to it', async () => {
    await using server = await startServer({ bootPolicy: 'known-only', bootRetryIntervalSeconds: 90 });
    const socket = await server.raw('STRANGER');
    socket.send(JSON.stringify([2, 'h0', 'Heartbeat', {}]));
    expect(((await socket.next()) as unknown[]).slice(0, 3)).toEqual([4, 'h0', 'SecurityError']);
    socket.send(JSON.stringify([2, 'b1', 'BootNotification', bootNotification()]));
    expect(await socket.next()).toMatchObject([3, 'b1', { status: 'Rejected', interval: 90 }]);
    socket.send(JSON.stringify([2, 'h1', 'Heartbeat', {}]));
    expect(((await socket.next()) as unknown[]).slice(0, 3)).toEqual([4, 'h1', 'SecurityError']);
    await expect(server.cs.chargePoint('STRANGER').call('GetConfiguration', {})).rejects.toMatchObject({
      code: 'LEVITY_ERR_NOT_ACCEPTED',
    });
  });

  it('accepts a charge point registered beforehand, and keeps it accepted across a reconnect without boot', async () => {
    await using server = await startServer({ bootPolicy: 'known-only' });
    await server.cs.chargePoints.accept('FRIEND');
    const first = await server.connect('FRIEND');
    expect(await first.call('BootNotification', bootNotification())).toMatchObject({ status: 'Accepted' });
    await first.close();
    const again = await server.connect('FRIEND');
    expect(await again.call('Heartbeat', {})).toHaveProperty('currentTime');
  });
});

describe('boot policy pending', () => {
  it('lets the operator hook configure a Pending charge point, accept it and have it boot again', async () => {
    const hookCalls: string[] = [];
    await using server = await startServer({
      bootPolicy: 'pending',
      onPendingBoot: async ({ chargePointId, chargePoint }) => {
        const { configurationKey } = await chargePoint.call('GetConfiguration', {
          key: ['HeartbeatInterval'],
        });
        hookCalls.push(`${chargePointId}:${configurationKey?.[0]?.value}`);
        await expect(chargePoint.call('RemoteStartTransaction', { idTag: 'X' })).rejects.toMatchObject({
          code: 'LEVITY_ERR_NOT_ACCEPTED',
        });
        return 'Accepted' as const;
      },
    });
    const cp = await server.connect('NEWBIE');
    const triggered: string[] = [];
    cp.handle('GetConfiguration', async () => ({
      configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }],
    }));
    cp.handle('TriggerMessage', async ({ params }) => {
      triggered.push((params as { requestedMessage: string }).requestedMessage);
      return { status: 'Accepted' };
    });
    expect(await cp.call('BootNotification', bootNotification())).toMatchObject({
      status: 'Pending',
      interval: 60,
    });
    await expect(cp.call('Heartbeat', {})).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
    await waitFor(() => triggered.length === 1);
    expect(hookCalls).toEqual(['NEWBIE:60']);
    expect(triggered).toEqual(['BootNotification']);
    expect(await server.storage.chargePoints.get('NEWBIE')).toMatchObject({ admission: 'Accepted' });
    expect(await cp.call('BootNotification', bootNotification())).toMatchObject({ status: 'Accepted' });
    expect(await cp.call('Heartbeat', {})).toHaveProperty('currentTime');
  });

  it('leaves a charge point pending until cs.chargePoints.accept(), which triggers a boot', async () => {
    await using server = await startServer({ bootPolicy: 'pending' });
    const cp = await server.connect('WAITING');
    const triggered: unknown[] = [];
    cp.handle('TriggerMessage', async ({ params }) => {
      triggered.push(params);
      return { status: 'Accepted' };
    });
    expect(await cp.call('BootNotification', bootNotification())).toMatchObject({ status: 'Pending' });
    expect((await server.cs.chargePoints.list()).map((c) => [c.id, c.admission])).toEqual([
      ['WAITING', 'Pending'],
    ]);
    await server.cs.chargePoints.accept('WAITING');
    expect(triggered).toEqual([{ requestedMessage: 'BootNotification' }]);
    expect(await cp.call('BootNotification', bootNotification())).toMatchObject({ status: 'Accepted' });
  });
});

describe('charge point ids', () => {
  it('refuses a connection whose id falls outside the configured pattern', async () => {
    await using server = await startServer({ chargePointIdPattern: /^CP-\d+$/ });
    await expect(server.connect('cp-evil')).rejects.toThrow();
    const ok = await server.connect('CP-1');
    expect(await ok.call('Heartbeat', {})).toHaveProperty('currentTime');
  });
});
