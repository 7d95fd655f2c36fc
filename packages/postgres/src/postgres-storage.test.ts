import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import type { NewMeterValue } from '@levity/core';
import {
  describeStorageContract,
  isoTime,
  localListEntry,
  newCommand,
  newMeterValue,
  newTransaction,
  transactionStop,
} from '@levity/core/testing';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pgTestServer } from '../test/support/pg-test-server.js';
import { createTestDatabase, type TestDatabase } from '../test/support/test-database.js';
import { PostgresStorageError } from './errors.js';
import { createPostgresPool } from './pool.js';
import { PostgresStorage } from './postgres-storage.js';

const server = pgTestServer();

describe.skipIf(server.url === null)('on PostgreSQL', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await createTestDatabase('contract');
    // One pool for the file (a connection costs tens of ms on a busy machine); each test
    // opens its storage on it, from empty tables.
    pool = createPostgresPool({ connectionString: database.url, poolSize: 4 });
    await (await PostgresStorage.open({ pool })).close();
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  describeStorageContract('PostgresStorage', async () => {
    await database.empty();
    return { storage: await PostgresStorage.open({ pool, migrate: false }) };
  });
});

describe.skipIf(server.url === null)('PostgresStorage', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('storage');
    await (await PostgresStorage.open({ connectionString: database.url })).close();
  });

  afterAll(async () => {
    await database?.drop();
  });

  /** A URL of the test database with something changed. */
  const urlWith = (change: (url: URL) => void) => {
    const url = new URL(database.url);
    change(url);
    return url.toString();
  };

  it('says which server it cannot reach, and why, without the password', async () => {
    const port = await closedPort();
    const url = urlWith((u) => {
      u.port = String(port);
      u.password = 'hunter2';
    });
    const failure = await PostgresStorage.open({ connectionString: url }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PostgresStorageError);
    expect((failure as PostgresStorageError).code).toBe('LEVITY_ERR_STORAGE');
    expect((failure as Error).message).toBe(
      `Cannot connect to PostgreSQL at postgres://levity@127.0.0.1:${port}/${database.name}: connection refused`,
    );
    expect((failure as Error).cause).toBeInstanceOf(Error);
  });

  it('says when the credentials are wrong, without the password', async () => {
    const role = `levity_login_${process.pid}`;
    await database.query(`CREATE ROLE ${role} LOGIN PASSWORD 'right-password'`);
    try {
      const url = urlWith((u) => {
        u.username = role;
        u.password = 'wrong-password';
      });
      const failure = await PostgresStorage.open({ connectionString: url }).catch((error: unknown) => error);
      expect((failure as Error).message).toBe(
        `Cannot connect to PostgreSQL at ${urlWith((u) => {
          u.username = role;
          u.password = '';
        })}: password authentication failed for user "${role}"`,
      );
      expect((failure as Error).message).not.toContain('wrong-password');
    } finally {
      await database.query(`DROP ROLE ${role}`);
    }
  });

  it('says when the database does not exist', async () => {
    const url = urlWith((u) => {
      u.pathname = '/levity_no_such_database';
    });
    await expect(PostgresStorage.open({ connectionString: url })).rejects.toThrow(
      /: database "levity_no_such_database" does not exist$/,
    );
  });

  it('refuses a pool size that is not a positive integer', async () => {
    await expect(PostgresStorage.open({ connectionString: database.url, poolSize: 0 })).rejects.toThrow(
      'PostgreSQL pool size must be a positive integer, not 0',
    );
  });

  it('leaves the schema alone with migrate: false', async () => {
    const empty = await createTestDatabase('unmigrated');
    try {
      const storage = await PostgresStorage.open({ connectionString: empty.url, migrate: false });
      try {
        await expect(storage.chargePoints.list()).rejects.toThrow(
          'PostgreSQL storage failed to list charge points',
        );
      } finally {
        await storage.close();
      }
    } finally {
      await empty.drop();
    }
  });

  describe('with a database', () => {
    let storage: PostgresStorage;

    beforeEach(async () => {
      await database.empty();
      storage = await PostgresStorage.open({ connectionString: database.url, migrate: false, poolSize: 2 });
    });

    afterEach(async () => {
      await storage.close();
    });

    // A value no caller can produce through the types, to make the database refuse a row.
    const invalid = newMeterValue({ source: 'Bogus' as NewMeterValue['source'], value: 'secret-value-42' });

    it('wraps driver failures without SQL or values in the message', async () => {
      const failure = await storage.meterValues.add([invalid]).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PostgresStorageError);
      expect((failure as Error).message).toBe('PostgreSQL storage failed to store meter values');
      expect(((failure as Error).cause as Error).message).toMatch(/violates check constraint/);
    });

    it('stores the meter values of one message all or nothing', async () => {
      await expect(storage.meterValues.add([newMeterValue(), invalid])).rejects.toThrow(PostgresStorageError);
      expect(await storage.meterValues.list()).toStrictEqual([]);
    });

    it('does not stop a transaction whose meter values cannot be stored', async () => {
      const started = await storage.transactions.start(newTransaction());
      await expect(
        storage.transactions.stop(started.id, transactionStop(), [newMeterValue(), invalid]),
      ).rejects.toThrow('PostgreSQL storage failed to stop a transaction');
      expect(await storage.transactions.get(started.id)).toStrictEqual(started);
    });

    it('replaces a local list all or nothing', async () => {
      const kept = await storage.localLists.replace('CP001', 1, [localListEntry()], isoTime(0));
      const broken = localListEntry({
        idTagInfo: { status: null as unknown as 'Accepted', expiryDate: null, parentIdTag: null },
      });
      await expect(
        storage.localLists.replace('CP001', 2, [localListEntry({ idTag: 'OTHER' }), broken], isoTime(1)),
      ).rejects.toThrow('PostgreSQL storage failed to replace a local list');
      expect(await storage.localLists.get('CP001')).toStrictEqual(kept);
    });

    it('keeps JSON that jsonb would refuse', async () => {
      const params = { text: 'nul \u0000 inside', nested: [1.5, { deep: true }] };
      const command = await storage.commands.add(newCommand({ params }));
      expect((await storage.commands.get(command.id))?.params).toStrictEqual(params);
    });

    it.each([
      // Local mean time before 1892 (+00:19:32), and year 10000 for the latest time.
      ['Europe/Amsterdam'],
      // Local mean time (-04:56:02), and 1 BC for the earliest time.
      ['America/New_York'],
    ])("reads times back as given in the server's time zone %s, from year 0001 to 9999", async (zone) => {
      await database.query(`alter database ${database.name} set timezone = '${zone}'`);
      const zoned = await PostgresStorage.open({
        connectionString: database.url,
        migrate: false,
        poolSize: 1,
      });
      try {
        const times = ['0001-01-01T00:00:00.000Z', '1850-06-30T23:59:59.999Z', '9999-12-31T23:59:59.999Z'];
        for (const startedAt of times) {
          const started = await zoned.transactions.start(newTransaction({ startedAt }));
          expect((await zoned.transactions.get(started.id))?.startedAt).toBe(startedAt);
        }
      } finally {
        await zoned.close();
        await database.query(`alter database ${database.name} reset timezone`);
      }
    });

    it('answers a ping while the server answers, and fails clearly once closed', async () => {
      await expect(storage.ping()).resolves.toBeUndefined();
      await storage.close();
      await expect(storage.ping()).rejects.toThrow('PostgreSQL storage failed to reach the database');
      await expect(storage.chargePoints.get('CP001')).rejects.toThrow(
        'PostgreSQL storage failed to read a charge point',
      );
    });

    it('replaces a pooled connection the server ended, instead of crashing', async () => {
      await storage.chargePoints.recordHeartbeat('CP001', isoTime(0));
      // Ends the storage's connections (idle in its pool), as a server restart would.
      await database.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = 'levity'",
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      await storage.chargePoints.recordHeartbeat('CP001', isoTime(1));
      expect(await storage.chargePoints.get('CP001')).toMatchObject({ lastHeartbeatAt: isoTime(1) });
    });

    it('fails a unit whose connection the server ended, instead of crashing', async () => {
      const failure = await storage
        .transaction(async (unit) => {
          await unit.transactions.start(newTransaction());
          await database.query(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = 'levity'",
          );
          await new Promise((resolve) => setTimeout(resolve, 100));
          await unit.transactions.start(newTransaction());
        })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PostgresStorageError);
      expect(await storage.transactions.list()).toStrictEqual([]);
    });

    it('leaves a pool it was given open when closed', async () => {
      const pool = createPostgresPool({ connectionString: database.url, poolSize: 1 });
      try {
        const borrowed = await PostgresStorage.open({ pool, migrate: false });
        expect(borrowed.pool).toBe(pool);
        await borrowed.close();
        expect((await pool.query('select 1 as one')).rows).toStrictEqual([{ one: 1 }]);
      } finally {
        await pool.end();
      }
    });
  });
});

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
