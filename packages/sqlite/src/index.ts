export { SqliteDriver } from './engine/driver.js';
export type { GroupCommitLimits } from './engine/group-commit.js';
export { SqliteStorageError } from './errors.js';
export type { SqliteStorageLogger } from './migrations.js';
export { findSqlDirectory, migrateToLatest, SqlFileMigrationProvider } from './migrations.js';
export type {
  CertificateRequestTable,
  ChargePointTable,
  ChargingProfileTable,
  CommandTable,
  ConfigurationKeyTable,
  ConnectorTable,
  Database,
  DataTransferTable,
  ErrorEventTable,
  IdTagTable,
  JobTable,
  JsonText,
  LocalListEntryTable,
  LocalListTable,
  MeterValueTable,
  ReservationTable,
  SecurityEventTable,
  SqliteBoolean,
  StatusReportTable,
  TransactionTable,
} from './schema.js';
export { splitSqlStatements } from './split-sql.js';
export type { SqliteStorageOptions } from './sqlite-storage.js';
export { SqliteStorage } from './sqlite-storage.js';
