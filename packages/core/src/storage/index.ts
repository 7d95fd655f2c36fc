export type {
  ApiTokenRecord,
  ApiTokenRepository,
  ApiTokenRole,
  NewApiToken,
  StoredApiToken,
} from './api-tokens.js';
export { API_TOKEN_ROLES } from './api-tokens.js';
export { MemoryStorage } from './memory/memory-storage.js';
export type * from './records.js';
export type { Repositories, RepositoryAccess, RepositoryName } from './repository-access.js';
export { REPOSITORY_ACCESS, routeRepositories } from './repository-access.js';
export type * from './storage.js';
export { runUnitOfWork } from './unit-of-work.js';
