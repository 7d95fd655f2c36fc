// One database per test file on the run's server, so that files run in parallel.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pgTestServer } from './pg-test-server.js';

export interface TestDatabase {
  /** The database's URL (the server's superuser). */
  readonly url: string;
  readonly name: string;
  /** Deletes every row of every Levity table, keeping the schema (ids go on where they were). */
  empty(): Promise<void>;
  /** Runs one query on the database. */
  query<R extends pg.QueryResultRow = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<R[]>;
  /** Drops the database (ending its connections). */
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'levity-test' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database `levity_test_<prefix>_<random>` on the run's server. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const server = pgTestServer().url;
  if (server === null) throw new Error('no PostgreSQL server in this test run');
  const name = `levity_test_${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await onServer(server, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(server, name);
  let admin: Promise<pg.Client> | undefined;
  let emptyAll: Promise<string> | undefined;
  return {
    url,
    name,
    async empty() {
      // DELETE, not TRUNCATE, which makes new files for every table and index: for the few
      // rows a test leaves, deleting is several times faster. One round trip, one client.
      admin ??= (async () => {
        const client = new pg.Client({ connectionString: url, application_name: 'levity-test' });
        // Tests end connections on purpose; a broken admin client is replaced next time.
        client.on('error', () => {
          admin = undefined;
        });
        await client.connect();
        return client;
      })();
      const client = await admin;
      emptyAll ??= (async () => {
        const { rows } = await client.query<{ name: string }>(
          `select quote_ident(tablename) as name from pg_tables
           where schemaname = current_schema() and tablename not like 'kysely\\_%'
           order by tablename = 'local_list', tablename = 'cp'`,
        );
        return rows.map((row) => `DELETE FROM ${row.name};`).join('\n');
      })();
      await client.query(await emptyAll);
    },
    query: (text, values) => onServer(url, async (client) => (await client.query(text, values)).rows),
    async drop() {
      await (await admin)?.end();
      await onServer(server, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
