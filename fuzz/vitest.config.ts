import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'fuzz',
    include: ['*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
