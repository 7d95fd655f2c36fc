import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'cli',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The end-to-end tests start the built binary and wait for its shutdown.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
