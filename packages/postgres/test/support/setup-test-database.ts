// vitest setup file of the projects that run a suite on PostgreSQL: each test file gets
// a database of its own (see test-storage.ts), skipped when the run has no server.
import { pgTestServer } from './pg-test-server.js';
import { useTestDatabase } from './test-storage.js';

if (pgTestServer().url !== null) useTestDatabase();
