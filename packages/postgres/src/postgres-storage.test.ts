import { describeStorageContract } from '@levity/core/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { pgTestServer } from '../test/support/pg-test-server.js';
import { createTestDatabase, type TestDatabase } from '../test/support/test-database.js';
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
