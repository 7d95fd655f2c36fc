export { MemoryStorage } from './memory/memory-storage.js';
export type * from './records.js';
export type * from './storage.js';
export { runUnitOfWork } from './unit-of-work.js';
