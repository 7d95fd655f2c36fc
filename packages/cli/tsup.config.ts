import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  format: ['esm'],
  target: 'node20',
  // Only the library entry has types; bin.js is an executable.
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  // Workspace packages resolve at run time (and better-sqlite3 is a native addon).
  external: [
    '@levity/core',
    '@levity/dashboard',
    '@levity/http',
    '@levity/postgres',
    '@levity/simulator',
    '@levity/sqlite',
    'better-sqlite3',
    'pg',
  ],
});
