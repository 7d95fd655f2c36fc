import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// The HTTP API's integration tests again, on PostgreSQL (test/support/api-server.ts opens
// the storage LEVITY_TEST_STORAGE names). The unit tests in src/ run once, in `http`.
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineProject({
  resolve: {
    alias: [
      { find: /^@levity\/core\/testing$/, replacement: here('../core/src/testing/index.ts') },
      { find: /^@levity\/core$/, replacement: here('../core/src/index.ts') },
    ],
  },
  test: {
    name: 'http-postgres',
    include: ['test/**/*.test.ts'],
    exclude: ['test/openapi.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: { LEVITY_TEST_STORAGE: 'postgres' },
    globalSetup: ['../postgres/scripts/copy-sql.mjs', '../postgres/test/support/global-setup.ts'],
    setupFiles: ['../postgres/test/support/setup-test-database.ts'],
  },
});
