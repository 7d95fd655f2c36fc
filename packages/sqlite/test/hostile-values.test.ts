import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CentralSystem } from '@levity/core';
import { createCentralSystem } from '@levity/core';
import { RPCClient } from 'ocpp-rpc';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../src/index.js';

// Replays of what a fuzzer found: schema-valid numbers and times a charge point may
// send that SQLite could not store ("cannot store REAL value in INTEGER column", "not
// a timestamp"), each of which used to be answered InternalError. Transaction
// messages must get a CALLRESULT (OCPP 1.6 §4.7, §4.8, §4.10).

type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

let dir: string;
let storage: SqliteStorage;
let cs: CentralSystem;
let cp: RPCClient;

const LARGEST = Number.MAX_SAFE_INTEGER;
const timestamp = '2025-01-31T12:00:00Z';

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'levity-sqlite-hostile-'));
  storage = await SqliteStorage.open({ filename: join(dir, 'levity.db') });
  cs = createCentralSystem({ storage, pingIntervalSeconds: 0 });
  const { port } = await cs.listen({ host: '127.0.0.1', port: 0 });
  cp = new RPCClient({
    endpoint: `ws://127.0.0.1:${port}/ws`,
    identity: 'HOSTILE',
    protocols: ['ocpp1.6'],
    strictMode: false,
    reconnect: false,
    pingIntervalMs: 0,
  } as Partial<ClientOptions> as ClientOptions);
  await cp.connect();
  await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
});

afterEach(async () => {
  await cp.close({ force: true });
  await cs.close();
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const start = (overrides: Record<string, unknown> = {}) =>
  cp.call('StartTransaction', {
    connectorId: 1,
    idTag: 'TAG',
    meterStart: 0,
    timestamp,
    ...overrides,
  }) as Promise<{
    transactionId: number;
  }>;

describe('numbers beyond what storage holds', () => {
  it('answers a StopTransaction with meterStop 1e21 and stores it clamped to 2^53 − 1', async () => {
    const { transactionId } = await start();
    await expect(cp.call('StopTransaction', { transactionId, meterStop: 1e21, timestamp })).resolves.toEqual(
      {},
    );
    expect(await storage.transactions.get(transactionId)).toMatchObject({ meterStop: LARGEST });
  });

  it('answers a StartTransaction with meterStart 1e21 and keeps the session', async () => {
    const { transactionId } = await start({ meterStart: 1e21 });
    expect(await storage.transactions.get(transactionId)).toMatchObject({
      meterStart: LARGEST,
      connectorId: 1,
    });
  });

  it('answers a StopTransaction for transactionId -1e21 and keeps it as an unknown stop', async () => {
    await expect(
      cp.call('StopTransaction', { transactionId: -1e21, meterStop: 5, timestamp }),
    ).resolves.toEqual({});
    const [row] = (await storage.transactions.list({ chargePointId: 'HOSTILE' })).filter(
      (transaction) => transaction.anomaly !== null,
    );
    expect(row).toMatchObject({ reportedTransactionId: -LARGEST, anomaly: 'UnknownTransaction' });
  });

  it('answers MeterValues naming transactionId 1e21 and stores the readings', async () => {
    await expect(
      cp.call('MeterValues', {
        connectorId: 1,
        transactionId: 1e21,
        meterValue: [{ timestamp, sampledValue: [{ value: '10' }] }],
      }),
    ).resolves.toEqual({});
    const values = await storage.meterValues.list({ chargePointId: 'HOSTILE' });
    expect(values).toMatchObject([{ reportedTransactionId: LARGEST, transactionId: null, value: '10' }]);
  });

  it('answers LogStatusNotification and SignedFirmwareStatusNotification with requestId 1e21', async () => {
    await expect(cp.call('LogStatusNotification', { status: 'Idle', requestId: 1e21 })).resolves.toEqual({});
    await expect(
      cp.call('SignedFirmwareStatusNotification', { status: 'Idle', requestId: 1e21 }),
    ).resolves.toEqual({});
  });

  it('refuses connectorId 1e308 with PropertyConstraintViolation and stores nothing', async () => {
    await expect(start({ connectorId: 1e308 })).rejects.toMatchObject({
      rpcErrorCode: 'PropertyConstraintViolation',
    });
    expect(await storage.transactions.list({ chargePointId: 'HOSTILE' })).toEqual([]);
  });
});

describe('times the schema admits that Date does not', () => {
  it('answers a leap second and stores the last millisecond of that minute', async () => {
    const { transactionId } = await start({ timestamp: '2016-12-31T23:59:60Z' });
    expect(await storage.transactions.get(transactionId)).toMatchObject({
      startedAt: '2016-12-31T23:59:59.999Z',
    });
  });

  it('answers an offset of +99:99 and applies it', async () => {
    const { transactionId } = await start({ timestamp: '2025-01-10T00:00:00+99:99' });
    expect(await storage.transactions.get(transactionId)).toMatchObject({
      startedAt: '2025-01-05T19:21:00.000Z',
    });
    await expect(
      cp.call('MeterValues', {
        connectorId: 1,
        meterValue: [{ timestamp: '2025-01-10T00:00:00-99:99', sampledValue: [{ value: '1' }] }],
      }),
    ).resolves.toEqual({});
  });
});
