import { defineProject } from 'vitest/config';

// The end-to-end tests that involve the database again, on PostgreSQL (see
// test/support/storage.ts), and the PostgreSQL-only ones: start-up errors and outages.
export default defineProject({
  test: {
    name: 'cli-postgres',
    include: ['test/e2e.test.ts', 'test/http-e2e.test.ts', 'test/postgres-*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { LEVITY_TEST_STORAGE: 'postgres' },
    globalSetup: ['../postgres/test/support/global-setup.ts'],
    setupFiles: ['../postgres/test/support/setup-test-database.ts'],
  },
});
