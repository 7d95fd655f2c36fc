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
export {
  NEXT_RESERVATION_ID_SQL,
  nextReservationId,
  RESERVATION_ID_MAX,
  ReservationIdsExhaustedError,
} from './reservation-ids.js';
export type {
  PruneBatch,
  PruneBatchResult,
  RetentionKind,
  RetentionRepository,
} from './retention.js';
export { BILLING_MEASURAND, RETENTION_HISTORIES, RETENTION_KINDS, RETENTION_TABLES } from './retention.js';
export type * from './storage.js';
export { runUnitOfWork } from './unit-of-work.js';
