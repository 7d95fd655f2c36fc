import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'dashboard',
    include: ['app/src/**/*.test.ts', 'build/**/*.test.ts', 'src/**/*.test.ts', 'test/**/*.test.ts'],
    // Installs Debian's Chromium once per run when it is missing (the browser tests drive it).
    globalSetup: ['./test/support/install-chromium.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
