export type { PostgresClusterOptions } from './cluster/postgres-cluster.js';
export { PostgresCluster } from './cluster/postgres-cluster.js';
export { redactConnectionString } from './connection-string.js';
export { PostgresStorageError } from './errors.js';
export type { PostgresStorageLogger } from './migrations.js';
export { findPostgresSqlDirectory, migrateToLatest, PostgresMigrationProvider } from './migrations.js';
export type { PostgresPoolOptions } from './pool.js';
export { createPostgresPool, DEFAULT_POOL_SIZE } from './pool.js';
export type { PostgresStorageOptions } from './postgres-storage.js';
export { PostgresStorage } from './postgres-storage.js';
export type {
  ApiTokenTable,
  CertificateRequestTable,
  ChargePointSecurityTable,
  ChargePointTable,
  ChargingProfileTable,
  CommandTable,
  ConfigurationKeyTable,
  ConnectionRefusalTable,
  ConnectorTable,
  Database,
  DataTransferTable,
  ErrorEventTable,
  IdTagTable,
  JobTable,
  JsonColumn,
  LocalListEntryTable,
  LocalListTable,
  MeterValueTable,
  ReservationTable,
  SecurityEventTable,
  StatusReportTable,
  TransactionTable,
} from './schema.js';
