// A throwaway PostgreSQL cluster for tests: initdb into a temporary directory, then
// pg_ctl start/stop. As root (CI runs as root, and initdb refuses root) the server runs
// as the `postgres` OS user through runuser.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The superuser of a test cluster. It connects over TCP without a password check (a
 * SCRAM handshake costs ~70 ms, too much for a connection per test); any other role
 * must give its password (scram-sha-256), so that wrong credentials can be tested.
 */
export const TEST_USER = 'levity';
export const TEST_PASSWORD = 'levity-test-password';

const HBA = [
  'local all all trust',
  `host all ${TEST_USER} 127.0.0.1/32 trust`,
  'host all all 127.0.0.1/32 scram-sha-256',
  '',
].join('\n');

/**
 * The directory of PostgreSQL's server binaries: `LEVITY_TEST_PG_BIN`, else the newest
 * `/usr/lib/postgresql/<version>/bin` (Debian and Ubuntu), else none.
 */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.LEVITY_TEST_PG_BIN) return env.LEVITY_TEST_PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

export interface PgCluster {
  /** `postgres://levity:…@127.0.0.1:PORT/postgres`: the superuser on the maintenance database. */
  readonly url: string;
  readonly port: number;
  /** Stops the server (fast shutdown: open connections are ended). */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the same data. */
  start(): Promise<void>;
  /** Stops it and deletes its files. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function postgresUid(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Creates and starts a cluster with the binaries in `bin`. */
export async function startPgCluster(bin: string): Promise<PgCluster> {
  const asRoot = process.getuid?.() === 0;
  const directory = mkdtempSync(join(tmpdir(), 'levity-pg-'));
  const data = join(directory, 'data');
  const passwordFile = join(directory, 'password');
  writeFileSync(passwordFile, `${TEST_PASSWORD}\n`);
  if (asRoot) {
    const { uid, gid } = await postgresUid();
    chownSync(directory, uid, gid);
    chownSync(passwordFile, uid, gid);
  }
  const as = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { cwd: directory })
      : run(join(bin, command), args, { cwd: directory });

  await as('initdb', [
    '--pgdata',
    data,
    '--username',
    TEST_USER,
    '--pwfile',
    passwordFile,
    '--auth-local',
    'trust',
    '--auth-host',
    'scram-sha-256',
    '--encoding',
    'UTF8',
    '--no-sync',
  ]);
  const hba = join(directory, 'pg_hba.conf');
  writeFileSync(hba, HBA);
  if (asRoot) {
    const { uid, gid } = await postgresUid();
    chownSync(hba, uid, gid);
  }
  const port = await freePort();
  // Durability is not what these tests are about; speed is.
  const settings = [
    `-p ${port}`,
    `-k ${directory}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=400',
    `-c hba_file=${hba}`,
  ].join(' ');
  const start = async () => {
    await as('pg_ctl', [
      'start',
      '--pgdata',
      data,
      '--wait',
      '--log',
      join(directory, 'server.log'),
      '-o',
      settings,
    ]);
  };
  const stop = async () => {
    await as('pg_ctl', ['stop', '--pgdata', data, '--wait', '--mode', 'fast']);
  };
  await start();
  let destroyed = false;
  return {
    url: `postgres://${TEST_USER}:${TEST_PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await as('pg_ctl', ['stop', '--pgdata', data, '--wait', '--mode', 'immediate']).catch(() => {});
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
