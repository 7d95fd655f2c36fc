import { configDefaults, defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'cli',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // PostgreSQL only: run by cli-postgres (vitest.postgres.config.ts).
    exclude: [...configDefaults.exclude, 'test/postgres-*.test.ts'],
    // The end-to-end tests start the built binary and wait for its shutdown.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
