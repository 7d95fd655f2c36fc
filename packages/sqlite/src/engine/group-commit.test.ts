import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageCommitMessage } from '@levity/core';
import { subscribeLevityChannel } from '@levity/core';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStorageError } from '../errors.js';
import { SqliteDriver } from './driver.js';
import { GroupCommit } from './group-commit.js';

// The writer's unit here is the connection itself: units run SQL on it directly.
type Unit = BetterSqlite3.Database;

let directory: string;
let filename: string;
let database: Unit;
let commits: number;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'levity-group-commit-'));
  filename = join(directory, 'test.db');
  database = new SqliteDriver(filename, { timeout: 50 });
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.exec(`
    CREATE TABLE parent (id INTEGER PRIMARY KEY);
    CREATE TABLE item (name TEXT NOT NULL UNIQUE,
      parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);`);
  // Counts the COMMITs the writer runs.
  commits = 0;
  const prepare = database.prepare.bind(database);
  database.prepare = ((sql: string) => {
    const statement = prepare(sql);
    if (sql !== 'COMMIT') return statement;
    const run = statement.run.bind(statement);
    return Object.assign(statement, {
      run: () => {
        commits++;
        return run();
      },
    });
  }) as Unit['prepare'];
});

afterEach(async () => {
  database.close();
  await rm(directory, { recursive: true, force: true });
});

const insert =
  (name: string, parentId: number | null = null) =>
  async (unit: Unit) => {
    unit.prepare('INSERT INTO item (name, parent_id) VALUES (?, ?)').run(name, parentId);
    return name;
  };

/** What another connection sees: committed rows only. */
function committedNames(): string[] {
  const reader = new SqliteDriver(filename, { readonly: true });
  try {
    return (reader.prepare('SELECT name FROM item ORDER BY name').all() as { name: string }[]).map(
      (row) => row.name,
    );
  } finally {
    reader.close();
  }
}

describe('GroupCommit', () => {
  it('commits the units queued together in one transaction', async () => {
    // No time limit: on a loaded machine 50 inserts may outlast the default 10 ms.
    const writer = new GroupCommit(database, database, { limits: { maxOpenMs: 60_000 } });
    const names = Array.from({ length: 50 }, (_, i) => `item-${String(i).padStart(2, '0')}`);
    expect(await Promise.all(names.map((name) => writer.run(insert(name))))).toStrictEqual(names);
    expect(commits).toBe(1);
    expect(committedNames()).toStrictEqual(names);
  });

  it('settles each unit only once the COMMIT holding its writes is done', async () => {
    const writer = new GroupCommit(database, database);
    const seen = await Promise.all(
      ['a', 'b', 'c'].map((name) => writer.run(insert(name)).then(() => committedNames().includes(name))),
    );
    expect(seen).toStrictEqual([true, true, true]);
  });

  it('lets the units read in the next turn of the event loop join the batch', async () => {
    const writer = new GroupCommit(database, database, { limits: { waits: 1 } });
    const first = writer.run(insert('now'));
    const later = new Promise<string>((resolve, reject) =>
      setImmediate(() => writer.run(insert('next turn')).then(resolve, reject)),
    );
    await Promise.all([first, later]);
    expect(commits).toBe(1);
  });

  it('under load, keeps a batch open for lingerMs so that a unit arriving a little later joins it', async () => {
    const writer = new GroupCommit(database, database, {
      limits: { waits: 0, lingerMs: 1000, maxOpenMs: 60_000 },
    });
    // Two units at once: the writer now knows units arrive while others run.
    await Promise.all([writer.run(insert('a')), writer.run(insert('b'))]);
    expect(commits).toBe(1);
    const first = writer.run(insert('c'));
    const later = new Promise<string>((resolve, reject) =>
      setTimeout(() => writer.run(insert('d')).then(resolve, reject), 20),
    );
    await Promise.all([first, later]);
    expect(commits).toBe(2);
    expect(committedNames()).toStrictEqual(['a', 'b', 'c', 'd']);
  });

  it('does not linger when units come one at a time', async () => {
    const writer = new GroupCommit(database, database, { limits: { waits: 0, lingerMs: 60_000 } });
    await writer.run(insert('a'));
    await writer.run(insert('b'));
    expect(commits).toBe(2);
  });

  it('commits at most maxUnits units together', async () => {
    const writer = new GroupCommit(database, database, { limits: { maxUnits: 4 } });
    await Promise.all(Array.from({ length: 10 }, (_, i) => writer.run(insert(`item-${i}`))));
    expect(commits).toBe(3);
    expect(committedNames()).toHaveLength(10);
  });

  it('rolls a failing unit back alone: the others of its batch are committed', async () => {
    const writer = new GroupCommit(database, database);
    const failure = new Error('the handler failed');
    const outcomes = await Promise.allSettled([
      writer.run(insert('before')),
      writer.run(async (unit) => {
        await insert('half done')(unit);
        throw failure;
      }),
      writer.run(insert('after')),
    ]);
    expect(outcomes).toStrictEqual([
      { status: 'fulfilled', value: 'before' },
      { status: 'rejected', reason: failure },
      { status: 'fulfilled', value: 'after' },
    ]);
    expect(commits).toBe(1);
    expect(committedNames()).toStrictEqual(['after', 'before']);
  });

  it('runs the units of a batch whose COMMIT fails again one by one, so that only the culprit fails', async () => {
    const writer = new GroupCommit(database, database);
    // A deferred foreign key is checked at COMMIT: the batch's COMMIT fails, not the unit.
    const outcomes = await Promise.allSettled([
      writer.run(insert('innocent 1')),
      writer.run(insert('orphan', 404)),
      writer.run(insert('innocent 2')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toStrictEqual(['fulfilled', 'rejected', 'fulfilled']);
    const { reason } = outcomes[1] as PromiseRejectedResult;
    expect(reason).toBeInstanceOf(SqliteStorageError);
    expect((reason as Error).message).toBe('SQLite storage failed to commit a unit of work');
    expect(((reason as Error).cause as Error).message).toMatch(/FOREIGN KEY constraint failed/);
    expect(committedNames()).toStrictEqual(['innocent 1', 'innocent 2']);
    expect(database.inTransaction).toBe(false);
  });

  it('publishes each COMMIT with its units, a lost batch as not committed, then each unit run again', async () => {
    const published: StorageCommitMessage[] = [];
    const stop = subscribeLevityChannel('storageCommit', (message) => published.push(message));
    try {
      const writer = new GroupCommit(database, database, { limits: { maxOpenMs: 60_000 } });
      await Promise.all([writer.run(insert('a')), writer.run(insert('b'))]);
      await Promise.allSettled([
        writer.run(insert('innocent 1')),
        writer.run(insert('orphan', 404)),
        writer.run(insert('innocent 2')),
      ]);
    } finally {
      stop();
    }
    expect(published.map(({ storage, units, ok }) => ({ storage, units, ok }))).toStrictEqual([
      { storage: 'sqlite', units: 2, ok: true },
      { storage: 'sqlite', units: 3, ok: false },
      { storage: 'sqlite', units: 1, ok: true },
      { storage: 'sqlite', units: 1, ok: false },
      { storage: 'sqlite', units: 1, ok: true },
    ]);
    expect(published.every(({ durationMs }) => durationMs >= 0)).toBe(true);
  });

  it('runs the other units again when the batch is rolled back under them', async () => {
    const writer = new GroupCommit(database, database);
    const outcomes = await Promise.allSettled([
      writer.run(insert('innocent 1')),
      // What SQLite does on an I/O error or a full disk: the whole transaction is gone.
      writer.run(async (unit) => {
        unit.exec('ROLLBACK');
        unit.prepare('INSERT INTO item (name) VALUES (?)').run('written outside the batch');
        throw new Error('disk I/O error');
      }),
      writer.run(insert('innocent 2')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toStrictEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committedNames()).toStrictEqual(['innocent 1', 'innocent 2', 'written outside the batch']);
  });

  it('fails the queued units clearly when another process holds the write lock', async () => {
    const other = new SqliteDriver(filename);
    other.exec('BEGIN IMMEDIATE');
    try {
      const writer = new GroupCommit(database, database);
      const outcomes = await Promise.allSettled([writer.run(insert('a')), writer.run(insert('b'))]);
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({
          message: 'SQLite storage failed to begin a transaction',
          code: 'LEVITY_ERR_STORAGE',
        });
      }
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const writer = new GroupCommit(database, database);
    await writer.run(insert('c'));
    expect(committedNames()).toStrictEqual(['c']);
  });

  it('reports a unit that holds the writer for long, which is most likely waiting for itself', async () => {
    const warnings: unknown[] = [];
    const logger = { debug() {}, info() {}, warn: (obj: object, msg?: string) => warnings.push([obj, msg]) };
    const writer = new GroupCommit(database, database, { logger, slowUnitMs: 40 });
    await writer.run(async (unit) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return insert('slow')(unit);
    });
    expect(warnings).toStrictEqual([
      [
        expect.objectContaining({ queued: 0 }),
        'A unit of work has been running for long and holds every write back: inside work, use only the storage it is given',
      ],
    ]);
    await writer.close();
  });

  it('runs what was queued before closing, and refuses units after', async () => {
    const writer = new GroupCommit(database, database);
    const queued = writer.run(insert('queued'));
    await writer.close();
    await expect(queued).resolves.toBe('queued');
    await expect(writer.run(insert('late'))).rejects.toThrow('SQLite storage is closed');
    expect(committedNames()).toStrictEqual(['queued']);
  });
});
