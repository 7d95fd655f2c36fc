export { MemoryStorage } from './memory/memory-storage.js';
export type * from './records.js';
export type * from './storage.js';
