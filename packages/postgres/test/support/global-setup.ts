// vitest global setup of every project with PostgreSQL tests (postgres, http-postgres,
// cli-postgres): one PostgreSQL server for the whole run, shared by the projects through
// globalThis (their global setups run in the same process), with each test file making
// its own database on it (see test-database.ts).
//
// Where the server comes from, in order: LEVITY_TEST_PG_URL (an existing server, whose
// user may create databases); else a throwaway cluster from the PostgreSQL binaries
// installed here; else none, and the PostgreSQL tests are skipped with one line saying
// why, unless LEVITY_TEST_PG_REQUIRED=1 (set by `npm test` where PostgreSQL is installed),
// which makes that a failure.
import type { TestProject } from 'vitest/node';
import { findPostgresBin, type PgCluster, startPgCluster } from './pg-cluster.js';
import type { PgTestServer } from './pg-test-server.js';

interface Shared {
  server: Promise<{ info: PgTestServer; cluster?: PgCluster }>;
  users: number;
}

const KEY = Symbol.for('levity.test.postgres');
const registry = globalThis as typeof globalThis & { [KEY]?: Shared };

async function provision(): Promise<{ info: PgTestServer; cluster?: PgCluster }> {
  const external = process.env.LEVITY_TEST_PG_URL;
  if (external) return { info: { url: external, bin: null, skipReason: null } };
  const bin = findPostgresBin();
  if (bin === undefined) {
    const skipReason =
      'no PostgreSQL here (set LEVITY_TEST_PG_URL, or install PostgreSQL so that /usr/lib/postgresql/*/bin exists)';
    if (process.env.LEVITY_TEST_PG_REQUIRED === '1') {
      throw new Error(
        `PostgreSQL tests are required (LEVITY_TEST_PG_REQUIRED=1) but cannot run: ${skipReason}`,
      );
    }
    console.warn(`PostgreSQL tests skipped: ${skipReason}`);
    return { info: { url: null, bin: null, skipReason } };
  }
  const cluster = await startPgCluster(bin);
  return { info: { url: cluster.url, bin, skipReason: null }, cluster };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  registry[KEY] ??= { server: provision(), users: 0 };
  const shared = registry[KEY];
  shared.users += 1;
  const { info } = await shared.server;
  project.provide('levityPg', info);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    registry[KEY] = undefined;
    await (await shared.server).cluster?.destroy();
  };
}
