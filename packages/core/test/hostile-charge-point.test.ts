import { describe, expect, it } from 'vitest';
import type { Logger } from '../src/index.js';
import { bootNotification, meterValues, startTransaction } from './support/fixtures.js';
import { startServer } from './support/server.js';

// Replays of what a hostile charge point did to Levity (found by fuzzing), each closed.

const head = (frame: unknown, n: number) => (frame as unknown[]).slice(0, n);
const call = (id: string, action: string, payload: unknown) => JSON.stringify([2, id, action, payload]);

interface Line {
  level: string;
  text: string;
}

/** A logger that keeps every line as the JSON a pino destination would write. */
function recordingLogger(lines: Line[], bindings: Record<string, unknown> = {}): Logger {
  const at =
    (level: string) =>
    (fields: object, msg?: string): void => {
      lines.push({ level, text: JSON.stringify({ ...bindings, ...fields, msg }) });
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
  };
}

describe('log amplification', () => {
  it('logs a bounded, rate-limited sample of a flood of bad frames, counts all of them, and reports what it left out', async () => {
    const lines: Line[] = [];
    await using server = await startServer({ logger: recordingLogger(lines) });
    const socket = await server.raw('FLOODER');
    for (let i = 0; i < 2000; i++) socket.send(JSON.stringify([3, `u${i}`, {}]));
    const hugeAction = 'A'.repeat(500_000);
    for (let i = 0; i < 20; i++) socket.send(call(`a${i}`, hugeAction, {}));
    for (let i = 0; i < 20; i++) await socket.next();
    await expect.poll(() => server.cs.stats().unsolicitedResponses).toBe(2000);
    expect(server.cs.stats().actionsRefused).toBe(20);

    const about = lines.filter((line) => line.text.includes('"chargePointId":"FLOODER"'));
    // 30 lines a minute per charge point (the default), and none of them large.
    expect(about.length).toBeLessThanOrEqual(30);
    expect(Math.max(...about.map((line) => line.text.length))).toBeLessThan(1000);
    expect(server.cs.stats().logLinesSuppressed).toBeGreaterThan(1900);

    await server.close();
    const summary = lines.find((line) => line.text.includes('suppressed (rate limit)'));
    expect(summary?.text).toContain('"chargePointId":"FLOODER"');
  });

  it('answers an unknown action named with 500 KB with a short CALLERROR', async () => {
    await using server = await startServer();
    const socket = await server.raw('LONG-NAMES');
    socket.send(call('m1', 'B'.repeat(500_000), {}));
    const frame = (await socket.next()) as unknown[];
    expect(head(frame, 3)).toEqual([4, 'm1', 'NotImplemented']);
    expect(JSON.stringify(frame).length).toBeLessThan(300);
  });

  it('answers a payload with a 500 KB property name with a short CALLERROR', async () => {
    await using server = await startServer();
    const socket = await server.raw('LONG-FIELDS');
    socket.send(call('m1', 'BootNotification', { ...bootNotification(), ['C'.repeat(500_000)]: 1 }));
    const frame = (await socket.next()) as unknown[];
    expect(head(frame, 3)).toEqual([4, 'm1', 'FormationViolation']);
    expect(JSON.stringify(frame).length).toBeLessThan(400);
  });
});

describe('connectorId, validated alike everywhere', () => {
  it.each([
    ['StartTransaction', startTransaction({ connectorId: -1 })],
    ['MeterValues', meterValues({ connectorId: -1 })],
    ['StatusNotification', { connectorId: -1, errorCode: 'NoError', status: 'Available' }],
    ['StartTransaction', startTransaction({ connectorId: 2_147_483_648 })],
    ['MeterValues', meterValues({ connectorId: 1e308 })],
  ])('refuses %s with connectorId out of range and stores nothing', async (action, payload) => {
    await using server = await startServer();
    const cp = await server.connect('CP-RANGE');
    await cp.call('BootNotification', bootNotification());
    await expect(cp.call(action, payload)).rejects.toMatchObject({
      rpcErrorCode: 'PropertyConstraintViolation',
      details: { field: '/connectorId' },
    });
    expect(await server.storage.transactions.list({})).toEqual([]);
    expect(await server.storage.meterValues.list({})).toEqual([]);
    expect(await server.storage.connectors.list('CP-RANGE')).toEqual([]);
  });
});

describe('actions only a central system sends', () => {
  it('answers them NotSupported whatever the payload, before it is validated', async () => {
    await using server = await startServer();
    const socket = await server.raw('CS-ONLY');
    socket.send(call('m1', 'Reset', { bad: 1 }));
    socket.send(call('m2', 'RemoteStartTransaction', 'not even an object'));
    socket.send(call('m3', 'GetConfiguration', { key: [1, 2, 3] }));
    const frames = [await socket.next(), await socket.next(), await socket.next()];
    expect(frames.map((frame) => head(frame, 3))).toEqual([
      [4, 'm1', 'NotSupported'],
      [4, 'm2', 'NotSupported'],
      [4, 'm3', 'NotSupported'],
    ]);
  });
});

describe('field size limits (maxFieldLength)', () => {
  it('cuts a long sampled value of MeterValues, answers it, and stores the cut value', async () => {
    await using server = await startServer({ maxFieldLength: 100 });
    const cp = await server.connect('CP-LONG');
    await cp.call('BootNotification', bootNotification());
    const long = '9'.repeat(1_000_000 - 300);
    await expect(
      cp.call(
        'MeterValues',
        meterValues({ meterValue: [{ timestamp: '2025-01-01T00:00:00Z', sampledValue: [{ value: long }] }] }),
      ),
    ).resolves.toEqual({});
    const [value] = await server.storage.meterValues.list({ chargePointId: 'CP-LONG' });
    expect(value?.value).toBe('9'.repeat(100));
    expect(server.cs.stats().fieldsCut).toBe(1);
  });

  it('refuses a DataTransfer whose data is over the limit with PropertyConstraintViolation', async () => {
    await using server = await startServer({ maxFieldLength: 100 });
    const cp = await server.connect('CP-LONG');
    await cp.call('BootNotification', bootNotification());
    await expect(cp.call('DataTransfer', { vendorId: 'v', data: 'x'.repeat(101) })).rejects.toMatchObject({
      rpcErrorCode: 'PropertyConstraintViolation',
      details: { field: '/data' },
    });
    await expect(cp.call('DataTransfer', { vendorId: 'v', data: 'x'.repeat(100) })).resolves.toMatchObject({
      status: 'UnknownVendorId',
    });
  });
});
