import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'bench',
    include: ['src/**/*.test.ts'],
    // The bench-postgres project's (vitest.postgres.config.ts).
    exclude: ['src/**/*.postgres.test.ts'],
    testTimeout: 60_000,
  },
});
