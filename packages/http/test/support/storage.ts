import type { Storage } from '@levity/core';
import { MemoryStorage } from '@levity/core';

/** @levity/postgres's test support (typed here: the module sits outside this package's sources). */
interface PostgresTestSupport {
  openTestStorage(): Promise<Storage>;
}

const POSTGRES_SUPPORT = new URL('../../../postgres/test/support/test-storage.ts', import.meta.url).pathname;

/**
 * The storage a test's central system runs on: MemoryStorage, or PostgreSQL when
 * LEVITY_TEST_STORAGE=postgres (the `http-postgres` project), so that the same tests
 * prove the API on both.
 */
export async function openTestStorage(): Promise<Storage> {
  if (process.env.LEVITY_TEST_STORAGE !== 'postgres') return new MemoryStorage();
  // Loaded only here, so that the memory project never loads pg.
  const postgres = (await import(POSTGRES_SUPPORT)) as PostgresTestSupport;
  return postgres.openTestStorage();
}
