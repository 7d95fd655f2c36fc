import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const core = (path: string) => fileURLToPath(new URL(`../core/src/${path}`, import.meta.url));

export default defineProject({
  // Tests run against core's source, so they need no build of @levity/core first.
  resolve: {
    alias: [
      { find: /^@levity\/core\/testing$/, replacement: core('testing/index.ts') },
      { find: /^@levity\/core$/, replacement: core('index.ts') },
      {
        find: /^@levity\/sqlite$/,
        replacement: fileURLToPath(new URL('../sqlite/src/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    name: 'postgres',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Every test talks to a server; on a busy machine a few need more than vitest's 5 s.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The migrations are copied fresh; the PostgreSQL server starts once for the run.
    globalSetup: ['./scripts/copy-sql.mjs', './test/support/global-setup.ts'],
  },
});
