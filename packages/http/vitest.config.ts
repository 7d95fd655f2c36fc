import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const core = (path: string) => fileURLToPath(new URL(`../core/src/${path}`, import.meta.url));

export default defineProject({
  // Tests run against core's source, so they need no build of @levity/core first.
  resolve: {
    alias: [
      { find: /^@levity\/core\/testing$/, replacement: core('testing/index.ts') },
      { find: /^@levity\/core$/, replacement: core('index.ts') },
    ],
  },
  test: {
    name: 'http',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    typecheck: {
      enabled: true,
      include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
