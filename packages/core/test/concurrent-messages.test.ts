import { MemoryStorage } from '../src/index.js';
import { describeConcurrentMessages } from '../src/testing/concurrent-messages.js';

// The scenarios are exported from @levity/core/testing, so that every storage runs them
// (see packages/sqlite/test/concurrent-messages-on-sqlite.test.ts).
describeConcurrentMessages('MemoryStorage', async () => ({ storage: new MemoryStorage() }));
