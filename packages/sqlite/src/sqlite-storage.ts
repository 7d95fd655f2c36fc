import type {
  ApiTokenRepository,
  CertificateRequestRepository,
  ChargePointRepository,
  ChargePointSecurityRepository,
  ChargingProfileRepository,
  CommandRepository,
  ConfigurationRepository,
  ConnectionRefusalRepository,
  ConnectorRepository,
  DataTransferRepository,
  ErrorEventRepository,
  IdTagRepository,
  JobRepository,
  LocalListRepository,
  MeterValueRepository,
  ReservationRepository,
  SecurityEventRepository,
  StatusReportRepository,
  Storage,
  TransactionRepository,
} from '@levity/core';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { LevitySqliteDialect } from './dialect.js';
import { reasonOf, SqliteStorageError } from './errors.js';
import { migrateToLatest, type SqliteStorageLogger } from './migrations.js';
import { SqliteApiTokens } from './repositories/api-tokens.js';
import { SqliteCertificateRequests } from './repositories/certificate-requests.js';
import { SqliteChargePointSecurity } from './repositories/charge-point-security.js';
import { SqliteChargePoints } from './repositories/charge-points.js';
import { SqliteChargingProfiles } from './repositories/charging-profiles.js';
import { SqliteCommands } from './repositories/commands.js';
import { SqliteConfiguration } from './repositories/configuration.js';
import { SqliteConnectionRefusals } from './repositories/connection-refusals.js';
import { SqliteConnectors } from './repositories/connectors.js';
import { SqliteDataTransfers } from './repositories/data-transfers.js';
import { SqliteErrorEvents } from './repositories/error-events.js';
import { SqliteIdTags } from './repositories/id-tags.js';
import { SqliteJobs } from './repositories/jobs.js';
import { SqliteLocalLists } from './repositories/local-lists.js';
import { SqliteMeterValues } from './repositories/meter-values.js';
import { SqliteReservations } from './repositories/reservations.js';
import { SqliteSecurityEvents } from './repositories/security-events.js';
import { SqliteStatusReports } from './repositories/status-reports.js';
import { SqliteTransactions } from './repositories/transactions.js';
import type { Database } from './schema.js';

/** Options of {@link SqliteStorage.open}. */
export interface SqliteStorageOptions {
  /** Path of the database file (created when missing), or `':memory:'`. */
  readonly filename: string;
  /** Apply pending migrations from the `sql/` directory before returning. Default `true`. */
  readonly migrate?: boolean;
  /** How long a write waits for another process's lock before failing. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** A pino-compatible logger; without one nothing is logged. */
  readonly logger?: SqliteStorageLogger;
}

function openError(filename: string, cause: unknown): SqliteStorageError {
  return new SqliteStorageError(`Cannot open SQLite database at "${filename}": ${reasonOf(cause)}`, {
    cause,
  });
}

/**
 * Levity's storage in one SQLite file (better-sqlite3 through Kysely), in WAL mode so
 * that readers never block the writer.
 *
 * @example
 * const storage = await SqliteStorage.open({ filename: 'levity.db' });
 * const cs = createCentralSystem({ storage });
 */
export class SqliteStorage implements Storage {
  readonly chargePoints: ChargePointRepository;
  readonly connectors: ConnectorRepository;
  readonly transactions: TransactionRepository;
  readonly meterValues: MeterValueRepository;
  readonly errors: ErrorEventRepository;
  readonly idTags: IdTagRepository;
  readonly dataTransfers: DataTransferRepository;
  readonly statusReports: StatusReportRepository;
  readonly securityEvents: SecurityEventRepository;
  readonly certificateRequests: CertificateRequestRepository;
  readonly commands: CommandRepository;
  readonly configuration: ConfigurationRepository;
  readonly localLists: LocalListRepository;
  readonly reservations: ReservationRepository;
  readonly chargingProfiles: ChargingProfileRepository;
  readonly jobs: JobRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly chargePointSecurity: ChargePointSecurityRepository;
  readonly connectionRefusals: ConnectionRefusalRepository;
  readonly #db: Kysely<Database>;
  readonly #logger: SqliteStorageLogger | undefined;
  #closed = false;

  private constructor(db: Kysely<Database>, logger: SqliteStorageLogger | undefined) {
    this.#db = db;
    this.#logger = logger;
    this.chargePoints = new SqliteChargePoints(db);
    this.connectors = new SqliteConnectors(db);
    this.transactions = new SqliteTransactions(db);
    this.meterValues = new SqliteMeterValues(db);
    this.errors = new SqliteErrorEvents(db);
    this.idTags = new SqliteIdTags(db);
    this.dataTransfers = new SqliteDataTransfers(db);
    this.statusReports = new SqliteStatusReports(db);
    this.securityEvents = new SqliteSecurityEvents(db);
    this.certificateRequests = new SqliteCertificateRequests(db);
    this.commands = new SqliteCommands(db);
    this.configuration = new SqliteConfiguration(db);
    this.localLists = new SqliteLocalLists(db);
    this.reservations = new SqliteReservations(db);
    this.chargingProfiles = new SqliteChargingProfiles(db);
    this.jobs = new SqliteJobs(db);
    this.apiTokens = new SqliteApiTokens(db);
    this.chargePointSecurity = new SqliteChargePointSecurity(db);
    this.connectionRefusals = new SqliteConnectionRefusals(db);
  }

  /**
   * Opens (creating if needed) the database and, unless `migrate: false`, brings its
   * schema up to date. Throws a {@link SqliteStorageError} when the file cannot be
   * opened or a migration fails.
   */
  static async open(options: SqliteStorageOptions): Promise<SqliteStorage> {
    const { filename, migrate = true, busyTimeoutMs = 5000, logger } = options;
    let database: BetterSqlite3.Database;
    try {
      database = new BetterSqlite3(filename, { timeout: busyTimeoutMs });
    } catch (cause) {
      throw openError(filename, cause);
    }
    try {
      // The first statement reads the file: this is where "file is not a database" shows.
      const journalMode = database.pragma('journal_mode = WAL', { simple: true });
      database.pragma('synchronous = NORMAL');
      database.pragma('foreign_keys = ON');
      if (journalMode !== 'wal' && filename !== ':memory:') {
        logger?.warn(
          { filename, journalMode },
          'SQLite database is not in WAL mode; readers may block writes',
        );
      }
    } catch (cause) {
      database.close();
      throw openError(filename, cause);
    }

    const db = new Kysely<Database>({ dialect: new LevitySqliteDialect(database) });
    if (migrate) {
      try {
        await migrateToLatest(db, logger ? { logger } : {});
      } catch (error) {
        await db.destroy();
        throw error;
      }
    }
    logger?.debug({ filename }, 'Opened SQLite storage');
    return new SqliteStorage(db, logger);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      // Keeps the query planner's statistics fresh, as SQLite recommends before closing.
      await sql`pragma optimize`.execute(this.#db);
    } catch (error) {
      this.#logger?.warn({ err: error }, 'SQLite "pragma optimize" failed while closing');
    }
    await this.#db.destroy();
  }
}
