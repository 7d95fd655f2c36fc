import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Some suites run a second time on PostgreSQL, as projects of their own (`*-postgres`).
    projects: [
      'packages/*',
      'packages/*/vitest.postgres.config.ts',
      'examples',
      'bench',
      'bench/vitest.postgres.config.ts',
      'fuzz',
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
