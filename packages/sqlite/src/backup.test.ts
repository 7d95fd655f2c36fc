import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newMeterValue } from '@levity/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDriver } from './engine/driver.js';
import { SqliteStorageError } from './errors.js';
import { SqliteStorage } from './sqlite-storage.js';

describe('SqliteStorage#backup', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'levity-backup-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('copies a consistent database while units of work go on being written', async () => {
    const storage = await SqliteStorage.open({ filename: join(directory, 'levity.db') });
    try {
      // Enough pages that the copy is not trivial, written as messages are: units of 10 values.
      for (let i = 0; i < 200; i++) {
        await storage.meterValues.add(Array.from({ length: 10 }, () => newMeterValue({ value: String(i) })));
      }
      let writing = true;
      const writes = (async () => {
        let n = 0;
        while (writing) {
          await storage.meterValues.add(Array.from({ length: 10 }, () => newMeterValue({ value: 'during' })));
          n++;
        }
        return n;
      })();
      const copy = join(directory, 'copy.db');
      const { pages } = await storage.backup(copy);
      writing = false;
      expect(await writes).toBeGreaterThan(0);
      expect(pages).toBeGreaterThan(1);

      const opened = new SqliteDriver(copy, { readonly: true });
      try {
        expect(opened.pragma('integrity_check', { simple: true })).toBe('ok');
        const rows = (opened.prepare('SELECT count(*) AS n FROM meter_val').get() as { n: number }).n;
        // Whole units only: a copy of one moment never holds part of a message.
        expect(rows % 10).toBe(0);
        expect(rows).toBeGreaterThanOrEqual(2000);
        const migrations = opened.prepare('SELECT count(*) AS n FROM kysely_migration').get() as {
          n: number;
        };
        expect(migrations.n).toBeGreaterThan(0);
      } finally {
        opened.close();
      }
    } finally {
      await storage.close();
    }
  });

  it('fails with a storage error naming the file when the directory does not exist', async () => {
    const storage = await SqliteStorage.open({ filename: ':memory:' });
    try {
      const target = join(directory, 'missing', 'copy.db');
      await expect(storage.backup(target)).rejects.toThrow(SqliteStorageError);
      await expect(storage.backup(target)).rejects.toThrow(target);
    } finally {
      await storage.close();
    }
  });
});
