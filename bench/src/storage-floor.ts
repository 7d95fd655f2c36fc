/**
 * The storage floor: what storing one MeterValues costs the storage alone, with no
 * OCPP, no sockets and no load generator. Each message is what the MeterValues
 * handler does: one unit of work that reads its transaction and adds 9 sampled values.
 * `--concurrency` messages are in flight at once (1: each its own COMMIT; more: group
 * commit shares one COMMIT among them).
 *
 * It prints the process's CPU per stored message (user and system: on SQLite, system
 * time is the WAL's writes and the checkpoint's copy), for MemoryStorage and for
 * SqliteStorage on a temporary file. Compare it with the reference server's whole CPU
 * per call in `npm run bench`: no server built on this storage can cost less than
 * that sum per call.
 *
 * @example
 *   pnpm --filter @levity/bench storage-floor
 *   pnpm --filter @levity/bench storage-floor --messages 50000 --concurrency 1,20,200,1000
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { NewMeterValue, Storage } from '@levity/core';
import { MemoryStorage } from '@levity/core';
import { SqliteStorage } from '@levity/sqlite';

const { values: flags } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    'charge-points': { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '1,20,200' },
    storage: { type: 'string', default: 'memory,sqlite' },
  },
});

const positive = (name: string, text: string): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} expects an integer ≥ 1, got "${text}"`);
  return value;
};
const messages = positive('messages', flags.messages);
const chargePoints = positive('charge-points', flags['charge-points']);
const concurrencies = flags.concurrency.split(',').map((text) => positive('concurrency', text));
const storages = flags.storage.split(',').map((name) => {
  if (name !== 'memory' && name !== 'sqlite') throw new Error(`--storage: unknown ${name} (memory, sqlite)`);
  return name;
});

const MEASURANDS = [
  'Energy.Active.Import.Register',
  'Power.Active.Import',
  'Current.Import',
  'Voltage',
  'Temperature',
  'SoC',
  'Frequency',
  'Power.Offered',
  'Current.Offered',
] as const;

function sampledValues(chargePointId: string, transactionId: number, sequence: number): NewMeterValue[] {
  const timestamp = new Date(1.7e12 + sequence * 1000).toISOString();
  return MEASURANDS.map((measurand) => ({
    chargePointId,
    connectorId: 1,
    transactionId,
    reportedTransactionId: transactionId,
    timestamp,
    value: String(sequence),
    context: 'Sample.Periodic',
    format: 'Raw',
    measurand,
    phase: null,
    location: 'Outlet',
    unit: 'Wh',
    source: 'MeterValues',
    receivedAt: timestamp,
  }));
}

async function measure(storage: Storage, concurrency: number): Promise<string> {
  const startedAt = new Date().toISOString();
  const transactions: number[] = [];
  for (let i = 0; i < chargePoints; i++) {
    const started = await storage.transactions.start({
      chargePointId: `CP-${i}`,
      connectorId: 1,
      idTag: 'TAG',
      idTagStatus: 'Accepted',
      meterStart: 0,
      startedAt,
      reservationId: null,
      receivedAt: startedAt,
    });
    transactions.push(started.id);
  }
  const store = (sequence: number) => {
    // Spread over the charge points as a fleet's messages are, not one after another.
    const index = (sequence * 7919) % chargePoints;
    const chargePointId = `CP-${index}`;
    const id = transactions[index] as number;
    const work = async (unit: Storage) => {
      const transaction = await unit.transactions.get(id);
      await unit.meterValues.add(sampledValues(chargePointId, transaction?.id ?? id, sequence));
    };
    return storage.transaction ? storage.transaction(work) : work(storage);
  };
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < messages) await store(next++);
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - wallBefore) / 1000;
  const perMessage = (micros: number) => (micros / messages).toFixed(0);
  return `| ${concurrency} | ${perMessage(cpu.user + cpu.system)} | ${perMessage(cpu.user)} | ${perMessage(cpu.system)} | ${Math.round(messages / seconds).toLocaleString('en-US')} |`;
}

const directory = await mkdtemp(join(tmpdir(), 'levity-storage-floor-'));
console.log(
  `Storing ${messages.toLocaleString('en-US')} MeterValues of 9 sampled values from ${chargePoints} charge points; load average ${loadavg()[0]?.toFixed(1)} at the start.\n`,
);
try {
  for (const name of storages) {
    console.log(`${name === 'memory' ? 'MemoryStorage' : 'SqliteStorage (a file, default settings)'}\n`);
    console.log(
      '| in flight | CPU µs/message | user | system | messages/s |\n| --- | --- | --- | --- | --- |',
    );
    for (const concurrency of concurrencies) {
      const storage =
        name === 'memory'
          ? new MemoryStorage()
          : await SqliteStorage.open({ filename: join(directory, `floor-${concurrency}.db`) });
      try {
        console.log(await measure(storage, concurrency));
      } finally {
        await storage.close?.();
      }
    }
    console.log('');
  }
  console.log(`Load average ${loadavg()[0]?.toFixed(1)} at the end.`);
} finally {
  await rm(directory, { recursive: true, force: true });
}
