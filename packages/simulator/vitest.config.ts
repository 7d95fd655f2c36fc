import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'simulator',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Real sockets on a shared machine: generous, and waits poll rather than sleep.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
