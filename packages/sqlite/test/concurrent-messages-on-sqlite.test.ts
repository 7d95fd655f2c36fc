import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeConcurrentMessages } from '@levity/core/testing';
import { SqliteStorage } from '../src/index.js';

describeConcurrentMessages('SqliteStorage (file)', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'levity-sqlite-concurrent-'));
  return {
    storage: await SqliteStorage.open({ filename: join(directory, 'levity.db') }),
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
});

describeConcurrentMessages('SqliteStorage (:memory:)', async () => ({
  storage: await SqliteStorage.open({ filename: ':memory:' }),
}));
