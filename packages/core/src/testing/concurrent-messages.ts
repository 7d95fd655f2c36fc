import { RPCClient } from 'ocpp-rpc';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CentralSystem, createCentralSystem } from '../central-system.js';
import type { Storage } from '../storage/storage.js';
import type { StorageFactory } from './storage-contract.js';

// ocpp-rpc's declarations mark every client option required; they are not.
type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

const sample = (timestamp: string, value: string) => ({
  timestamp,
  sampledValue: [{ value, measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
});

/**
 * Registers vitest tests in which one charge point sends messages that touch the same
 * state together, in one tick, over a real socket (OCPP-J §4.1.1 says it should wait for
 * each answer; real ones do not always): a central system on `factory`'s storage must
 * recognise duplicates as duplicates. Run them for any storage a central system uses.
 *
 * @example
 * import { describeConcurrentMessages } from '@levity/core/testing';
 *
 * describeConcurrentMessages('MyStorage', async () => ({ storage: await MyStorage.open(url) }));
 */
export function describeConcurrentMessages(name: string, factory: StorageFactory): void {
  describe(`${name} (messages of one charge point sent together)`, () => {
    let current: Awaited<ReturnType<StorageFactory>> | undefined;
    let cs: CentralSystem | undefined;
    let url = '';
    const clients: RPCClient[] = [];

    beforeEach(async () => {
      current = await factory();
      cs = createCentralSystem({ storage: current.storage, pingIntervalSeconds: 0 });
      const { port } = await cs.listen({ host: '127.0.0.1', port: 0 });
      url = `ws://127.0.0.1:${port}/ws`;
    });

    afterEach(async () => {
      await Promise.allSettled(clients.splice(0).map((client) => client.close({ force: true })));
      await cs?.close();
      const done = current;
      current = undefined;
      try {
        await done?.storage.close();
      } finally {
        await done?.cleanup?.();
      }
    });

    const storage = (): Storage => {
      if (!current) throw new Error('the storage factory has not run');
      return current.storage;
    };

    /** A charge point that sends each call at once, without waiting for earlier answers. */
    async function impatient(identity: string): Promise<RPCClient> {
      const client = new RPCClient({
        endpoint: url,
        identity,
        protocols: ['ocpp1.6'],
        reconnect: false,
        callConcurrency: 10,
        callTimeoutMs: 20_000,
        pingIntervalMs: 0,
      } as ClientOptions);
      clients.push(client);
      await client.connect();
      return client;
    }

    it('gives two identical StartTransactions sent in the same tick the same transaction id, every time', async () => {
      const cp = await impatient('CP-PAIRS');
      for (let round = 0; round < 25; round++) {
        const start = {
          connectorId: 1 + (round % 2),
          idTag: `TAG${round}`,
          meterStart: round * 10,
          timestamp: new Date(Date.UTC(2025, 0, 1, 10, round)).toISOString(),
        };
        const [a, b] = (await Promise.all([
          cp.call('StartTransaction', start),
          cp.call('StartTransaction', start),
        ])) as { transactionId: number }[];
        expect(b?.transactionId).toBe(a?.transactionId);
        const stored = await storage().transactions.get(a?.transactionId ?? -1);
        expect(stored?.stoppedAt).toBeNull();
        expect(stored?.attention).toBeNull();
      }
      const all = await storage().transactions.list({ chargePointId: 'CP-PAIRS', limit: 1000 });
      expect(all).toHaveLength(25);
    });

    it('applies a StopTransaction resent before its answer once: no second row, no duplicate meter values', async () => {
      const cp = await impatient('CP-STOPS');
      for (let round = 0; round < 25; round++) {
        const minute = (n: number) => new Date(Date.UTC(2025, 0, 2, round, n)).toISOString();
        const started = (await cp.call('StartTransaction', {
          connectorId: 1,
          idTag: 'T',
          meterStart: 0,
          timestamp: minute(0),
        })) as { transactionId: number };
        const stop = {
          transactionId: started.transactionId,
          meterStop: 500,
          timestamp: minute(30),
          reason: 'Local',
          transactionData: [sample(minute(0), '0'), sample(minute(30), '500')],
        };
        await Promise.all([
          cp.call('StopTransaction', stop),
          cp.call('StopTransaction', { ...stop, reason: 'Remote' }),
        ]);
        const transaction = await storage().transactions.get(started.transactionId);
        expect(transaction).toMatchObject({ meterStop: 500, stopReason: 'Local', anomaly: null });
        const values = await storage().meterValues.list({ transactionId: started.transactionId });
        expect(values).toHaveLength(2);
      }
      const rows = await storage().transactions.list({ chargePointId: 'CP-STOPS', limit: 1000 });
      expect(rows.filter((row) => row.anomaly !== null)).toEqual([]);
    });

    it('keeps the first of two conflicting stops and flags the second once, however often it is resent', async () => {
      const cp = await impatient('CP-CONFLICT');
      for (let round = 0; round < 10; round++) {
        const minute = (n: number) => new Date(Date.UTC(2025, 0, 3, round, n)).toISOString();
        const started = (await cp.call('StartTransaction', {
          connectorId: 1,
          idTag: 'T',
          meterStart: 0,
          timestamp: minute(0),
        })) as { transactionId: number };
        const stop = { transactionId: started.transactionId, timestamp: minute(30) };
        await Promise.all([
          cp.call('StopTransaction', { ...stop, meterStop: 500 }),
          cp.call('StopTransaction', { ...stop, meterStop: 900 }),
          cp.call('StopTransaction', { ...stop, meterStop: 900 }),
        ]);
        expect(await storage().transactions.get(started.transactionId)).toMatchObject({ meterStop: 500 });
        const flagged = await storage().transactions.findAnomaly(
          'CP-CONFLICT',
          started.transactionId,
          'AlreadyStopped',
        );
        expect(flagged).toMatchObject({ meterStop: 900, reportedTransactionId: started.transactionId });
      }
      const rows = await storage().transactions.list({ chargePointId: 'CP-CONFLICT', limit: 1000 });
      expect(rows.filter((row) => row.anomaly === 'AlreadyStopped')).toHaveLength(10);
    });
  });
}
