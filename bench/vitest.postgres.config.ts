import { defineProject } from 'vitest/config';

// The bench's PostgreSQL servers (levity-pg, levity-pg2) in a tiny run, on the test run's
// PostgreSQL server (see packages/postgres/test/support/global-setup.ts: skipped without one).
export default defineProject({
  test: {
    name: 'bench-postgres',
    include: ['src/**/*.postgres.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    globalSetup: ['../packages/postgres/test/support/global-setup.ts'],
  },
});
