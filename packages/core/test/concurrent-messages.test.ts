import { describe, expect, it } from 'vitest';
import type { MemoryStorage } from '../src/index.js';
import type { RawSocket } from './support/server.js';
import { startServer } from './support/server.js';

// Real chargers do not always wait for an answer before the next CALL (OCPP-J §4.1.1
// says they should). These send duplicates in one tick over a real socket, so that
// without per-charge-point ordering both would read the state before either wrote it.

const frame = (id: string, action: string, payload: unknown) => JSON.stringify([2, id, action, payload]);

async function answers(socket: RawSocket, count: number): Promise<Map<string, unknown>> {
  const byId = new Map<string, unknown>();
  for (let i = 0; i < count; i++) {
    const [, id, payload] = (await socket.next()) as [number, string, unknown];
    byId.set(id, payload);
  }
  return byId;
}

const sample = (timestamp: string, value: string) => ({
  timestamp,
  sampledValue: [{ value, measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
});

describe('messages of one charge point sent together', () => {
  it('gives two identical StartTransactions sent in the same tick the same transaction id, every time', async () => {
    await using server = await startServer();
    const socket = await server.raw('CP-PAIRS');
    for (let round = 0; round < 25; round++) {
      const start = {
        connectorId: 1 + (round % 2),
        idTag: `TAG${round}`,
        meterStart: round * 10,
        timestamp: new Date(Date.UTC(2025, 0, 1, 10, round)).toISOString(),
      };
      socket.send(frame(`a${round}`, 'StartTransaction', start));
      socket.send(frame(`b${round}`, 'StartTransaction', start));
      const replies = await answers(socket, 2);
      const a = replies.get(`a${round}`) as { transactionId: number };
      const b = replies.get(`b${round}`) as { transactionId: number };
      expect(b.transactionId).toBe(a.transactionId);
      const stored = await server.storage.transactions.get(a.transactionId);
      expect(stored?.stoppedAt).toBeNull();
      expect(stored?.attention).toBeNull();
    }
    const all = await server.storage.transactions.list({ chargePointId: 'CP-PAIRS', limit: 1000 });
    expect(all).toHaveLength(25);
  });

  it('applies a StopTransaction resent before its answer once: no second row, no duplicate meter values', async () => {
    await using server = await startServer();
    const socket = await server.raw('CP-STOPS');
    for (let round = 0; round < 25; round++) {
      const minute = (n: number) => new Date(Date.UTC(2025, 0, 2, round, n)).toISOString();
      socket.send(
        frame(`s${round}`, 'StartTransaction', {
          connectorId: 1,
          idTag: 'T',
          meterStart: 0,
          timestamp: minute(0),
        }),
      );
      const [, , started] = (await socket.next()) as [number, string, { transactionId: number }];
      const stop = {
        transactionId: started.transactionId,
        meterStop: 500,
        timestamp: minute(30),
        reason: 'Local',
        transactionData: [sample(minute(0), '0'), sample(minute(30), '500')],
      };
      socket.send(frame(`x${round}`, 'StopTransaction', stop));
      socket.send(frame(`y${round}`, 'StopTransaction', { ...stop, reason: 'Remote' }));
      await answers(socket, 2);
      const transaction = await server.storage.transactions.get(started.transactionId);
      expect(transaction).toMatchObject({ meterStop: 500, stopReason: 'Local', anomaly: null });
      const values = await server.storage.meterValues.list({ transactionId: started.transactionId });
      expect(values).toHaveLength(2);
    }
    const rows = await server.storage.transactions.list({ chargePointId: 'CP-STOPS', limit: 1000 });
    expect(rows.filter((row) => row.anomaly !== null)).toEqual([]);
  });

  it('keeps the first of two conflicting stops and flags the second once, however often it is resent', async () => {
    await using server = await startServer();
    const storage = server.storage as MemoryStorage;
    const socket = await server.raw('CP-CONFLICT');
    for (let round = 0; round < 10; round++) {
      const minute = (n: number) => new Date(Date.UTC(2025, 0, 3, round, n)).toISOString();
      socket.send(
        frame(`s${round}`, 'StartTransaction', {
          connectorId: 1,
          idTag: 'T',
          meterStart: 0,
          timestamp: minute(0),
        }),
      );
      const [, , started] = (await socket.next()) as [number, string, { transactionId: number }];
      const stop = { transactionId: started.transactionId, timestamp: minute(30) };
      socket.send(frame(`p${round}`, 'StopTransaction', { ...stop, meterStop: 500 }));
      socket.send(frame(`q${round}`, 'StopTransaction', { ...stop, meterStop: 900 }));
      socket.send(frame(`r${round}`, 'StopTransaction', { ...stop, meterStop: 900 }));
      await answers(socket, 3);
      expect(await storage.transactions.get(started.transactionId)).toMatchObject({ meterStop: 500 });
      const flagged = await storage.transactions.findAnomaly(
        'CP-CONFLICT',
        started.transactionId,
        'AlreadyStopped',
      );
      expect(flagged).toMatchObject({ meterStop: 900, reportedTransactionId: started.transactionId });
    }
    const rows = await storage.transactions.list({ chargePointId: 'CP-CONFLICT', limit: 1000 });
    expect(rows.filter((row) => row.anomaly === 'AlreadyStopped')).toHaveLength(10);
  });
});
