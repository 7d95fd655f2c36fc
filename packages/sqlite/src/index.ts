export { SqliteStorageError } from './errors.js';
export type { SqliteStorageLogger } from './migrations.js';
export { findSqlDirectory, migrateToLatest, SqlFileMigrationProvider } from './migrations.js';
export type {
  ChargePointTable,
  ConnectorTable,
  Database,
  ErrorEventTable,
  MeterValueTable,
  SqliteBoolean,
  TransactionTable,
} from './schema.js';
export { splitSqlStatements } from './split-sql.js';
export type { SqliteStorageOptions } from './sqlite-storage.js';
export { SqliteStorage } from './sqlite-storage.js';
