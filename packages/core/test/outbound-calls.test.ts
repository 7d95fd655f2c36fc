import { describe, expect, it } from 'vitest';
import {
  CallErrorResponse,
  CallTimeoutError,
  createCentralSystem,
  InvalidParamsError,
  LevityError,
  NotConnectedError,
} from '../src/index.js';
import { startServer } from './support/server.js';

describe('calls to a charge point', () => {
  it('resolve with the charge point’s answer', async () => {
    await using server = await startServer();
    const cp = await server.connect('CP1');
    const received: unknown[] = [];
    cp.handle('RemoteStartTransaction', async ({ params }) => {
      received.push(params);
      return { status: 'Accepted' };
    });
    const answer = await server.cs
      .chargePoint('CP1')
      .call('RemoteStartTransaction', { idTag: 'ABC', connectorId: 1 });
    expect(answer.status).toBe('Accepted');
    expect(received).toEqual([{ idTag: 'ABC', connectorId: 1 }]);
  });

  it('fail at once with NotConnectedError for a charge point that is not connected', async () => {
    await using server = await startServer();
    const handle = server.cs.chargePoint('GHOST');
    expect(handle.connected).toBe(false);
    await expect(handle.call('Reset', { type: 'Soft' })).rejects.toBeInstanceOf(NotConnectedError);
  });

  it('fail with NotConnectedError on a central system that never listened', async () => {
    const cs = createCentralSystem();
    await expect(cs.chargePoint('X').call('ClearCache', {})).rejects.toMatchObject({
      code: 'LEVITY_ERR_NOT_CONNECTED',
    });
    await cs.close();
  });

  it('refuse params that break the schema, naming the field, before sending anything', async () => {
    await using server = await startServer();
    const cp = await server.connect('CP1');
    let called = false;
    cp.handle('Reset', async () => {
      called = true;
      return { status: 'Accepted' };
    });
    const error = await server.cs
      .chargePoint('CP1')
      .call('Reset', { type: 'Sideways' } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParamsError);
    expect(error).toMatchObject({ field: '/type', code: 'LEVITY_ERR_INVALID_PARAMS' });
    expect(called).toBe(false);
  });

  it('refuse an action a central system does not send', async () => {
    await using server = await startServer();
    await server.connect('CP1');
    await expect(server.cs.chargePoint('CP1').call('Heartbeat' as never, {} as never)).rejects.toMatchObject({
      code: 'LEVITY_ERR_UNKNOWN_ACTION',
    });
  });

  it('reject with CallErrorResponse when the charge point answers a CALLERROR', async () => {
    await using server = await startServer();
    const cp = await server.connect('CP1');
    const { createRPCError } = await import('ocpp-rpc');
    cp.handle('UnlockConnector', async () => {
      throw createRPCError('NotSupported', 'no locks here');
    });
    const error = await server.cs
      .chargePoint('CP1')
      .call('UnlockConnector', { connectorId: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallErrorResponse);
    expect(error).toMatchObject({ errorCode: 'NotSupported', errorDescription: 'no locks here' });
  });

  it('reject with CallTimeoutError when the charge point does not answer in time', async () => {
    await using server = await startServer();
    const cp = await server.connect('CP1');
    cp.handle('GetConfiguration', () => new Promise(() => {}));
    await expect(
      server.cs.chargePoint('CP1').call('GetConfiguration', {}, { timeoutMs: 200 }),
    ).rejects.toBeInstanceOf(CallTimeoutError);
  });

  it('reject with LEVITY_ERR_CALL_FAILED when the connection closes mid-call', async () => {
    await using server = await startServer();
    const cp = await server.connect('CP1');
    cp.handle('Reset', () => {
      setTimeout(() => void cp.close({ force: true }), 20);
      return new Promise(() => {});
    });
    const error = await server.cs
      .chargePoint('CP1')
      .call('Reset', { type: 'Hard' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LevityError);
    expect(error).toMatchObject({ code: 'LEVITY_ERR_CALL_FAILED' });
  });

  it('reject with LEVITY_ERR_CALL_FAILED when the answer breaks the schema', async () => {
    await using server = await startServer();
    const socket = await server.raw('RAW');
    const pending = server.cs.chargePoint('RAW').call('ClearCache', {});
    const [, id] = (await socket.next()) as [number, string];
    socket.send(JSON.stringify([3, id, { status: 'Perhaps' }]));
    await expect(pending).rejects.toMatchObject({ code: 'LEVITY_ERR_CALL_FAILED' });
  });

  it('go out one at a time, in order (OCPP-J §4.1.1)', async () => {
    await using server = await startServer();
    const socket = await server.raw('RAW');
    const handle = server.cs.chargePoint('RAW');
    const first = handle.call('ClearCache', {});
    const second = handle.call('Reset', { type: 'Soft' });
    const frame1 = (await socket.next()) as [number, string, string];
    expect(frame1[2]).toBe('ClearCache');
    await socket.expectSilence(200);
    socket.send(JSON.stringify([3, frame1[1], { status: 'Accepted' }]));
    const frame2 = (await socket.next()) as [number, string, string];
    expect(frame2[2]).toBe('Reset');
    socket.send(JSON.stringify([3, frame2[1], { status: 'Rejected' }]));
    expect(await first).toEqual({ status: 'Accepted' });
    expect(await second).toEqual({ status: 'Rejected' });
  });

  it('are cancelled by the caller’s signal', async () => {
    await using server = await startServer();
    const socket = await server.raw('RAW');
    const controller = new AbortController();
    const pending = server.cs.chargePoint('RAW').call('ClearCache', {}, { signal: controller.signal });
    await socket.next();
    controller.abort();
    await expect(pending).rejects.toMatchObject({
      code: 'LEVITY_ERR_CALL_FAILED',
      message: expect.stringContaining('cancelled'),
    });
  });

  it('do not hold up close(): they are cancelled', async () => {
    const server = await startServer();
    const socket = await server.raw('RAW');
    const outcome = server.cs
      .chargePoint('RAW')
      .call('ClearCache', {}, { timeoutMs: 60_000 })
      .catch((error: unknown) => error);
    await socket.next();
    const started = Date.now();
    await server.close();
    expect(await outcome).toMatchObject({ code: 'LEVITY_ERR_CALL_FAILED' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
