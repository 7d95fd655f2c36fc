// The PostgreSQL side of the levity-pg servers: a database of its own per run, and the
// server's processes, whose CPU the load generator reads (on one machine PostgreSQL
// shares the cores with the nodes).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { parentOf } from './proc.js';

/** A database made for one run, dropped after it. */
export interface BenchDatabase {
  readonly name: string;
  /** The server URL with this database in it. */
  readonly url: string;
  /**
   * The PostgreSQL server's postmaster, when it runs on this machine (its backends are its
   * children): its process tree's CPU is PostgreSQL's. `null` when it runs elsewhere.
   */
  readonly postmasterPid: number | null;
  /** Drops the database, ending any connection left to it. */
  drop(): Promise<void>;
}

/**
 * The URL of another database on the same server (same role, host and parameters).
 *
 * @example withDatabase('postgres://u:p@h:5432/postgres?sslmode=require', 'db1')
 *   // 'postgres://u:p@h:5432/db1?sslmode=require'
 */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'levity-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The postmaster of the server at `url`: the parent of the backend that serves a
 * connection, if that backend is a `postgres` process of this machine (a server in a
 * container or on another host gives a pid that is not, or not its).
 */
async function findPostmaster(url: string): Promise<number | null> {
  // Read while the connection is open: its backend exits once it closes.
  const found = await withClient(url, async (client) => {
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    return rows[0] === undefined ? undefined : parentOf(rows[0].pid);
  });
  const isPostgres = (command: string) => command === 'postgres' || command === 'postmaster';
  return found && isPostgres(found.command) && isPostgres(found.parentCommand) ? found.parentPid : null;
}

/**
 * Creates an empty database `levity_bench_<label>_<random>` on the server of `serverUrl`
 * (whose role must be allowed to create databases). A fresh database per run, rather than
 * emptying one: every run starts from the same state (no bloat, no dead tuples, no
 * sequences advanced by the run before), and the database the URL names is never touched.
 *
 * @example
 *   const database = await createBenchDatabase(process.env.LEVITY_BENCH_PG_URL, 'meter');
 *   // levity --db database.url …
 *   await database.drop();
 */
export async function createBenchDatabase(serverUrl: string, label: string): Promise<BenchDatabase> {
  const name = `levity_bench_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(serverUrl, name);
  let postmasterPid: number | null;
  try {
    postmasterPid = await findPostmaster(url);
  } catch (error) {
    await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    throw error;
  }
  return {
    name,
    url,
    postmasterPid,
    drop: () =>
      withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => {},
      ),
  };
}
