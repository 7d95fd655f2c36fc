import { statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JsonValue, LevityError, type NewIdTag, type NewMeterValue } from '@levity/core';
import {
  bootInfo,
  configurationKey,
  describeStorageContract,
  isoTime,
  localListEntry,
  newCommand,
  newIdTag,
  newMeterValue,
  newReservation,
  newTransaction,
  transactionStop,
  unknownStop,
} from '@levity/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDriver } from './engine/driver.js';
import { SqliteStorageError } from './errors.js';
import { SqliteStorage } from './sqlite-storage.js';

describeStorageContract('SqliteStorage (:memory:)', async () => ({
  storage: await SqliteStorage.open({ filename: ':memory:' }),
}));

describeStorageContract('SqliteStorage (file)', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'levity-sqlite-'));
  return {
    storage: await SqliteStorage.open({ filename: join(directory, 'levity.db') }),
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
});

describe('SqliteStorage', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'levity-sqlite-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('takes a filename as a string, and refuses no filename with a message saying how to call it', async () => {
    const filename = join(directory, 'by-name.db');
    const storage = await SqliteStorage.open(filename);
    await storage.chargePoints.recordBoot('CP001', bootInfo());
    await storage.close();
    const reopened = await SqliteStorage.open({ filename });
    expect(await reopened.chargePoints.get('CP001')).toMatchObject({ vendor: 'Levity Labs' });
    await reopened.close();

    await expect(SqliteStorage.open({} as never)).rejects.toThrow(/needs a filename: open\("levity.db"\)/);
  });

  it('reopens an existing file with its data', async () => {
    const filename = join(directory, 'levity.db');
    const first = await SqliteStorage.open({ filename });
    await first.chargePoints.recordBoot('CP001', bootInfo());
    const started = await first.transactions.start(newTransaction());
    await first.close();

    const second = await SqliteStorage.open({ filename });
    try {
      expect(await second.chargePoints.get('CP001')).toMatchObject({ vendor: 'Levity Labs' });
      expect(await second.transactions.get(started.id)).toStrictEqual(started);
      expect((await second.transactions.start(newTransaction())).id).toBeGreaterThan(started.id);
    } finally {
      await second.close();
    }
  });

  it('puts a file database in WAL mode', async () => {
    const filename = join(directory, 'levity.db');
    const storage = await SqliteStorage.open({ filename });
    const raw = new SqliteDriver(filename, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
      await storage.close();
    }
  });

  it('copies the WAL into the database file from its own thread while open', async () => {
    const filename = join(directory, 'levity.db');
    const storage = await SqliteStorage.open({ filename });
    try {
      const before = statSync(filename).size;
      // Several MB of WAL, in many commits.
      for (let i = 0; i < 40; i++) {
        await storage.meterValues.add(
          Array.from({ length: 1000 }, (_, k) => newMeterValue({ value: `${i}-${k}`, transactionId: k })),
        );
      }
      await expect
        .poll(() => statSync(filename).size, { timeout: 20_000, interval: 50 })
        .toBeGreaterThan(before + 2_000_000);
    } finally {
      await storage.close();
    }
  });

  it('says which path it cannot open, and why', async () => {
    const filename = join(directory, 'missing', 'levity.db');
    const failure = await SqliteStorage.open({ filename }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SqliteStorageError);
    expect(failure).toBeInstanceOf(LevityError);
    expect((failure as SqliteStorageError).code).toBe('LEVITY_ERR_STORAGE');
    expect((failure as Error).message).toMatch(
      new RegExp(`^Cannot open SQLite database at "${escapeRegExp(filename)}": .*directory does not exist`),
    );
    expect((failure as Error).cause).toBeInstanceOf(Error);
  });

  it('refuses a file that is not a database', async () => {
    const filename = join(directory, 'notes.txt');
    await writeFile(filename, 'this is not a database, just text that is long enough to be read as a header');
    await expect(SqliteStorage.open({ filename })).rejects.toThrow(
      `Cannot open SQLite database at "${filename}": file is not a database`,
    );
  });

  it('leaves the schema alone with migrate: false', async () => {
    const storage = await SqliteStorage.open({ filename: ':memory:', migrate: false });
    try {
      await expect(storage.chargePoints.list()).rejects.toThrow(
        'SQLite storage failed to list charge points',
      );
    } finally {
      await storage.close();
    }
  });

  describe('with a database', () => {
    let storage: SqliteStorage;

    beforeEach(async () => {
      storage = await SqliteStorage.open({ filename: ':memory:' });
    });

    afterEach(async () => {
      await storage.close();
    });

    // A value no caller can produce through the types, to make the database refuse a row.
    const invalid = newMeterValue({ source: 'Bogus' as NewMeterValue['source'], value: 'secret-value-42' });

    it('wraps driver failures without SQL or values in the message', async () => {
      const failure = await storage.meterValues.add([invalid]).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SqliteStorageError);
      expect((failure as Error).message).toBe('SQLite storage failed to store meter values');
      expect(((failure as Error).cause as Error).message).toMatch(/CHECK constraint failed/);
    });

    it('stores the meter values of one message all or nothing', async () => {
      await expect(storage.meterValues.add([newMeterValue(), invalid])).rejects.toThrow(SqliteStorageError);
      expect(await storage.meterValues.list()).toStrictEqual([]);
    });

    it('stores nothing of a large message when a value of its last slice is refused', async () => {
      const values = Array.from({ length: 5000 }, (_, i) => newMeterValue({ value: `${i}` }));
      await expect(storage.meterValues.add([...values, invalid])).rejects.toThrow(
        'SQLite storage failed to store meter values',
      );
      expect(await storage.meterValues.list()).toStrictEqual([]);
      // Nothing of it is left staged either: the next large message stores exactly its own values.
      expect(await storage.meterValues.add(values)).toBe(5000);
      expect(await storage.meterValues.list()).toHaveLength(5000);
    });

    it('reads long lists in chunks, nothing lost, nothing repeated, in order', async () => {
      await storage.transaction(async (unit) => {
        for (let i = 0; i < 2500; i++)
          await unit.chargePoints.recordHeartbeat(`CP${String(i).padStart(5, '0')}`, isoTime(i));
      });
      const chargePoints = await storage.chargePoints.list();
      expect(chargePoints.map((chargePoint) => chargePoint.id)).toStrictEqual(
        Array.from({ length: 2500 }, (_, i) => `CP${String(i).padStart(5, '0')}`),
      );
      // Equal timestamps across chunk boundaries: the cursor goes by timestamp, then id.
      const values = Array.from({ length: 4500 }, (_, i) =>
        newMeterValue({ transactionId: 1 + (i % 250), value: `${i}`, timestamp: isoTime(Math.floor(i / 7)) }),
      );
      await storage.meterValues.add(values);
      const listed = await storage.meterValues.list({ limit: 4200 });
      expect(listed.map((value) => value.value)).toStrictEqual(
        [...values.keys()]
          .sort((a, b) => Math.floor(a / 7) - Math.floor(b / 7) || a - b)
          .slice(0, 4200)
          .map(String),
      );
      const ranges = await storage.meterValues.registerRanges(Array.from({ length: 250 }, (_, i) => i + 1));
      expect(ranges).toHaveLength(250);
    });

    it('lets other writes through between the slices of a large message', async () => {
      const order: string[] = [];
      const values = Array.from({ length: 20_000 }, (_, i) => newMeterValue({ value: `${i}` }));
      const large = storage.meterValues.add(values).then(() => order.push('large message'));
      const heartbeat = storage.chargePoints
        .recordHeartbeat('CP-OTHER', isoTime(1))
        .then(() => order.push('heartbeat'));
      await Promise.all([large, heartbeat]);
      expect(order).toStrictEqual(['heartbeat', 'large message']);
      expect(await storage.meterValues.list({ limit: 3 })).toMatchObject([
        { value: '0' },
        { value: '1' },
        { value: '2' },
      ]);
    });

    it('does not stop a transaction whose meter values cannot be stored', async () => {
      const started = await storage.transactions.start(newTransaction());
      await expect(
        storage.transactions.stop(started.id, transactionStop(), [
          newMeterValue({ transactionId: started.id }),
          invalid,
        ]),
      ).rejects.toThrow('SQLite storage failed to stop a transaction');
      expect(await storage.transactions.get(started.id)).toStrictEqual(started);
      expect(await storage.meterValues.list()).toStrictEqual([]);
    });

    it('does not record an unknown stop whose meter values cannot be stored', async () => {
      await expect(
        storage.transactions.recordUnknownStop(unknownStop({ reportedTransactionId: 9 }), [invalid]),
      ).rejects.toThrow(SqliteStorageError);
      expect(await storage.transactions.list()).toStrictEqual([]);
    });

    it('refuses an id tag the schema does not allow instead of reporting it as existing', async () => {
      const tag = newIdTag({ status: 'ConcurrentTx' as NewIdTag['status'] });
      const failure = await storage.idTags.add(tag, isoTime(0)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SqliteStorageError);
      expect((failure as Error).message).toBe('SQLite storage failed to add an id tag');
      expect(((failure as Error).cause as Error).message).toMatch(/CHECK constraint failed/);
      expect(await storage.idTags.list()).toStrictEqual([]);
    });

    it('stores configuration keys all or nothing, across statements', async () => {
      await storage.configuration.upsert('CP001', [configurationKey({ value: '60' })], isoTime(0));
      // More keys than one statement can bind, so that the broken one is in a later statement.
      const many = Array.from({ length: 6000 }, (_, i) => configurationKey({ key: `Key${i}` }));
      const broken = configurationKey({ key: null as unknown as string });
      await expect(
        storage.configuration.upsert(
          'CP001',
          [configurationKey({ value: '900' }), ...many, broken],
          isoTime(1),
        ),
      ).rejects.toThrow('SQLite storage failed to store configuration keys');
      expect(await storage.configuration.list('CP001')).toStrictEqual([
        { ...configurationKey({ value: '60' }), chargePointId: 'CP001', updatedAt: isoTime(0) },
      ]);
    });

    it('replaces a local list all or nothing, across statements', async () => {
      const kept = await storage.localLists.replace('CP001', 1, [localListEntry()], isoTime(0));
      // More entries than one statement can bind, so that the broken one is in a later statement.
      const many = Array.from({ length: 8000 }, (_, i) => localListEntry({ idTag: `TAG-${i}` }));
      const broken = localListEntry({ idTag: null as unknown as string });
      await expect(storage.localLists.replace('CP001', 2, [...many, broken], isoTime(1))).rejects.toThrow(
        'SQLite storage failed to replace a local list',
      );
      expect(await storage.localLists.get('CP001')).toStrictEqual(kept);
    });

    it('refuses a reservation id that exists already, without values in the message', async () => {
      await storage.reservations.create(newReservation({ id: 4242 }));
      const failure = await storage.reservations
        .create(newReservation({ id: 4242 }))
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SqliteStorageError);
      expect((failure as Error).message).toBe('SQLite storage failed to create a reservation');
      expect(((failure as Error).cause as Error).message).toMatch(/UNIQUE constraint failed/);
    });

    it('wraps a command whose params are no JSON', async () => {
      const params = { big: 1n } as unknown as JsonValue;
      await expect(storage.commands.add(newCommand({ params }))).rejects.toThrow(
        'SQLite storage failed to log a command',
      );
      expect(await storage.commands.list()).toStrictEqual([]);
    });

    it('fails clearly once closed', async () => {
      await storage.close();
      await expect(storage.chargePoints.get('CP001')).rejects.toThrow(
        'SQLite storage failed to read a charge point',
      );
    });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
