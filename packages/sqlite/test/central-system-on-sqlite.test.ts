import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CentralSystem } from '@levity/core';
import { createCentralSystem } from '@levity/core';
import { RPCClient } from 'ocpp-rpc';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDriver, SqliteStorage } from '../src/index.js';

type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

let dir: string;
let storage: SqliteStorage;
let cs: CentralSystem;
let url: string;
const clients: RPCClient[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'levity-sqlite-cs-'));
  storage = await SqliteStorage.open({ filename: join(dir, 'levity.db') });
  cs = createCentralSystem({ storage, pingIntervalSeconds: 0 });
  const { port } = await cs.listen({ host: '127.0.0.1', port: 0 });
  url = `ws://127.0.0.1:${port}/ws`;
});

afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((client) => client.close({ force: true })));
  await cs.close();
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

async function connect(identity: string): Promise<RPCClient> {
  const client = new RPCClient({
    endpoint: url,
    identity,
    protocols: ['ocpp1.6'],
    strictMode: true,
    reconnect: false,
    pingIntervalMs: 0,
  } as ClientOptions);
  clients.push(client);
  await client.connect();
  return client;
}

async function session(cp: RPCClient, i: number, meterMessages: number): Promise<number> {
  await cp.call('BootNotification', { chargePointVendor: 'Levity', chargePointModel: 'SQL-1' });
  await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
  const { transactionId } = (await cp.call('StartTransaction', {
    connectorId: 1,
    idTag: `TAG-${i}`,
    meterStart: 0,
    timestamp: '2025-01-01T10:00:00Z',
  })) as { transactionId: number };
  for (let m = 0; m < meterMessages; m++) {
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [
        {
          timestamp: new Date(Date.UTC(2025, 0, 1, 10, m + 1)).toISOString(),
          sampledValue: [
            { value: String((m + 1) * 100), unit: 'Wh' },
            { value: '11000', measurand: 'Power.Active.Import', unit: 'W' },
            { value: '16.3', measurand: 'Current.Import', unit: 'A', phase: 'L1' },
          ],
        },
      ],
    });
  }
  await cp.call('StopTransaction', {
    transactionId,
    meterStop: meterMessages * 100,
    timestamp: '2025-01-01T11:00:00Z',
    reason: 'Local',
    transactionData: [
      { timestamp: '2025-01-01T11:00:00Z', sampledValue: [{ value: String(meterMessages * 100) }] },
    ],
  });
  return transactionId;
}

describe('the central system on SQLite', () => {
  it('stores a whole charging session in the database file', async () => {
    const cp = await connect('SQL-CP');
    const transactionId = await session(cp, 1, 3);
    const db = new SqliteDriver(join(dir, 'levity.db'), { readonly: true });
    try {
      expect(
        db.prepare('SELECT vendor, model, registration_status, connected FROM cp WHERE id = ?').get('SQL-CP'),
      ).toEqual({
        vendor: 'Levity',
        model: 'SQL-1',
        registration_status: 'Accepted',
        connected: 1,
      });
      expect(db.prepare('SELECT status FROM cp_conn WHERE charge_point_id = ?').get('SQL-CP')).toEqual({
        status: 'Charging',
      });
      expect(
        db.prepare('SELECT meter_start, meter_stop, stop_reason FROM tx WHERE id = ?').get(transactionId),
      ).toEqual({
        meter_start: 0,
        meter_stop: 300,
        stop_reason: 'Local',
      });
      expect(
        db.prepare('SELECT count(*) AS n FROM meter_val WHERE transaction_id = ?').get(transactionId),
      ).toEqual({
        n: 3 * 3 + 1,
      });
    } finally {
      db.close();
    }
  });

  it('answers 200 charge points at once and stores every meter value', async () => {
    const count = 200;
    const meterMessages = 5;
    const cps = await Promise.all(Array.from({ length: count }, (_, i) => connect(`SQL-FLEET-${i}`)));
    const ids = await Promise.all(cps.map((cp, i) => session(cp, i, meterMessages)));
    expect(new Set(ids).size).toBe(count);
    const values = await storage.meterValues.list();
    expect(values).toHaveLength(count * (meterMessages * 3 + 1));
    expect(await storage.transactions.list({ status: 'completed' })).toHaveLength(count);
    // 200 clients and their server share a busy machine's cores.
  }, 30_000);
});
