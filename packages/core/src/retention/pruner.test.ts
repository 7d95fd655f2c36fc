import { describe, expect, it } from 'vitest';
import { createCentralSystem } from '../central-system.js';
import { LevityError } from '../errors.js';
import { MemoryStorage } from '../storage/memory/memory-storage.js';
import { newCommand, newDataTransfer, newMeterValue, newTransaction } from '../testing/fixtures.js';
import { Pruner } from './pruner.js';
import { resolveRetention } from './retention-settings.js';

const DAY = 86_400_000;
const now = new Date('2026-12-04T12:00:00.000Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY).toISOString();

async function fill(storage: MemoryStorage) {
  const transaction = await storage.transactions.start(newTransaction());
  await storage.meterValues.add([
    newMeterValue({ transactionId: transaction.id, receivedAt: daysAgo(500) }),
    newMeterValue({
      transactionId: transaction.id,
      measurand: 'Voltage',
      unit: 'V',
      receivedAt: daysAgo(500),
    }),
    newMeterValue({ transactionId: null, receivedAt: daysAgo(450) }),
    newMeterValue({ transactionId: null, receivedAt: daysAgo(10) }),
  ]);
  for (const days of [200, 100, 50, 1]) {
    await storage.commands.add(newCommand({ requestedAt: daysAgo(days) }));
    await storage.dataTransfers.add(newDataTransfer({ receivedAt: daysAgo(days) }));
  }
  return transaction;
}

describe('Pruner', () => {
  it('deletes what is older than each setting, keeps the energy readings of transactions, and reports per table', async () => {
    const storage = new MemoryStorage();
    const transaction = await fill(storage);
    const pruner = new Pruner(storage, {
      keep: { dataTransfers: 0 },
      clock: () => now,
      batchSize: 2,
      pauseMs: 0,
    });
    const report = await pruner.runOnce();
    expect(report.find((line) => line.table === 'meter_val')).toStrictEqual({
      kind: 'meterValues',
      table: 'meter_val',
      before: daysAgo(400),
      rows: 2,
    });
    expect(report.find((line) => line.table === 'command')?.rows).toBe(2);
    expect(report.find((line) => line.table === 'data_transfer')).toMatchObject({ before: null, rows: 0 });
    const values = await storage.meterValues.list();
    expect(values.map((value) => [value.transactionId, value.measurand])).toStrictEqual([
      [transaction.id, 'Energy.Active.Import.Register'],
      [null, 'Energy.Active.Import.Register'],
    ]);
    expect((await storage.commands.list()).map((command) => command.requestedAt)).toStrictEqual([
      daysAgo(1),
      daysAgo(50),
    ]);
    expect(await storage.dataTransfers.list()).toHaveLength(4);
    expect(await storage.transactions.get(transaction.id)).toBeDefined();
  });

  it('counts what a pass would delete without deleting it', async () => {
    const storage = new MemoryStorage();
    await fill(storage);
    const pruner = new Pruner(storage, { clock: () => now });
    const counts = Object.fromEntries((await pruner.countPrunable()).map((line) => [line.table, line.rows]));
    expect(counts).toMatchObject({ meter_val: 2, command: 2, data_transfer: 2, cp_err: 0 });
    expect(await storage.meterValues.list()).toHaveLength(4);
    expect(await storage.commands.list()).toHaveLength(4);
  });

  it('ends a pass in progress at its next batch when stopped', async () => {
    const storage = new MemoryStorage();
    for (let i = 0; i < 20; i++) await storage.commands.add(newCommand({ requestedAt: daysAgo(300) }));
    const pruner = new Pruner(storage, { clock: () => now, batchSize: 1, pauseMs: 0 });
    const pass = pruner.runOnce();
    await pruner.stop();
    const deleted = (await pass).find((line) => line.kind === 'commands')?.rows;
    expect(deleted).toBe(1);
    expect(await storage.commands.list()).toHaveLength(19);
    // Stopped passes resume where they ended, and a pass after stop() runs to the end.
    expect((await pruner.runOnce()).find((line) => line.kind === 'commands')?.rows).toBe(19);
  });

  it('refuses unknown histories and bad durations with a coded error', () => {
    expect(() => resolveRetention({ keep: { logs: 1 } as never })).toThrow(LevityError);
    expect(() => resolveRetention({ keep: { meterValues: -1 } })).toThrow(/retention\.keep\.meterValues/);
    expect(() => resolveRetention({ batchSize: 0 })).toThrow(/retention\.batchSize/);
    expect(resolveRetention().keep.meterValues).toBe(400 * DAY);
  });

  it('runs with the central system that has the retention option, and stops with it', async () => {
    const cs = createCentralSystem({ retention: {} });
    expect(cs.pruner?.started).toBe(true);
    await cs.close();
    expect(cs.pruner?.started).toBe(false);
    expect(createCentralSystem().pruner).toBeUndefined();
    expect(() => createCentralSystem({ retention: { intervalMs: 0 } })).toThrow(/retention\.intervalMs/);
  });
});
