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
  RetentionRepository,
  SecurityEventRepository,
  StatusReportRepository,
  Storage,
  TransactionRepository,
} from '@levity/core';
import { observeStorageCommit } from '@levity/core';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { redactConnectionString } from './connection-string.js';
import { PostgresStorageError, reasonOf } from './errors.js';
import { migrateToLatest, type PostgresStorageLogger } from './migrations.js';
import { createPostgresPool, type PostgresPoolOptions } from './pool.js';
import { PostgresApiTokens } from './repositories/api-tokens.js';
import { PostgresCertificateRequests } from './repositories/certificate-requests.js';
import { PostgresChargePointSecurity } from './repositories/charge-point-security.js';
import { PostgresChargePoints } from './repositories/charge-points.js';
import { PostgresChargingProfiles } from './repositories/charging-profiles.js';
import { PostgresCommands } from './repositories/commands.js';
import { PostgresConfiguration } from './repositories/configuration.js';
import { PostgresConnectionRefusals } from './repositories/connection-refusals.js';
import { PostgresConnectors } from './repositories/connectors.js';
import { PostgresDataTransfers } from './repositories/data-transfers.js';
import { PostgresErrorEvents } from './repositories/error-events.js';
import { PostgresIdTags } from './repositories/id-tags.js';
import { PostgresJobs } from './repositories/jobs.js';
import { PostgresLocalLists } from './repositories/local-lists.js';
import { PostgresMeterValues } from './repositories/meter-values.js';
import { PostgresReservations } from './repositories/reservations.js';
import { PostgresRetention } from './repositories/retention.js';
import { PostgresSecurityEvents } from './repositories/security-events.js';
import { PostgresStatusReports } from './repositories/status-reports.js';
import { PostgresTransactions } from './repositories/transactions.js';
import type { Database } from './schema.js';
import { Session } from './session.js';

/**
 * Options of {@link PostgresStorage.open}: where to connect (a pool is made and later
 * closed with the storage), or a pool of {@link createPostgresPool}'s (left open by `close`).
 */
export type PostgresStorageOptions = (
  | (PostgresPoolOptions & { readonly pool?: undefined })
  | { readonly pool: pg.Pool; readonly logger?: PostgresStorageLogger }
) & {
  /** Apply pending migrations from `sql/` before returning. Default `true`. */
  readonly migrate?: boolean;
};

/** What one storage object (the whole storage, or a unit of work) runs on. */
interface Parts {
  readonly session: Session;
  readonly pool: pg.Pool;
  /** Whether `close` ends the pool (it made it). */
  readonly ownsPool: boolean;
  readonly logger: PostgresStorageLogger | undefined;
}

/**
 * Levity's storage on a PostgreSQL server (node-postgres through Kysely). Several
 * Levity processes may share one database: ids come from sequences, and units of work
 * lock what two nodes could otherwise both write (see `transaction`).
 *
 * @example
 * const storage = await PostgresStorage.open({ connectionString: 'postgres://levity:secret@db/levity' });
 * const cs = createCentralSystem({ storage });
 */
export class PostgresStorage implements Storage {
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
  readonly retention: RetentionRepository;
  readonly #parts: Parts;
  #closed: Promise<void> | undefined;

  private constructor(parts: Parts) {
    this.#parts = parts;
    const { session } = parts;
    this.chargePoints = new PostgresChargePoints(session);
    this.connectors = new PostgresConnectors(session);
    this.transactions = new PostgresTransactions(session);
    this.meterValues = new PostgresMeterValues(session);
    this.errors = new PostgresErrorEvents(session);
    this.idTags = new PostgresIdTags(session);
    this.dataTransfers = new PostgresDataTransfers(session);
    this.statusReports = new PostgresStatusReports(session);
    this.securityEvents = new PostgresSecurityEvents(session);
    this.certificateRequests = new PostgresCertificateRequests(session);
    this.commands = new PostgresCommands(session);
    this.configuration = new PostgresConfiguration(session);
    this.localLists = new PostgresLocalLists(session);
    this.reservations = new PostgresReservations(session);
    this.chargingProfiles = new PostgresChargingProfiles(session);
    this.jobs = new PostgresJobs(session);
    this.apiTokens = new PostgresApiTokens(session);
    this.chargePointSecurity = new PostgresChargePointSecurity(session);
    this.connectionRefusals = new PostgresConnectionRefusals(session);
    this.retention = new PostgresRetention(session);
  }

  /**
   * Connects (checking that the server answers and accepts the credentials) and, unless
   * `migrate: false`, brings the schema up to date. Throws a {@link PostgresStorageError}
   * whose message names the server without its password and says why, e.g.
   * `Cannot connect to PostgreSQL at postgres://levity@db:5432/levity: connection refused`.
   */
  static async open(options: PostgresStorageOptions): Promise<PostgresStorage> {
    const { migrate = true, logger } = options;
    const ownsPool = options.pool === undefined;
    const pool = options.pool ?? createPostgresPool(options);
    const server = redactConnectionString(
      options.pool === undefined ? options.connectionString : describePool(options.pool),
    );
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const release = () => (ownsPool ? db.destroy().catch(() => {}) : Promise.resolve());
    try {
      const { rows } = await sql<{ DateStyle: string }>`show DateStyle`.execute(db);
      // timestamptz values are read as ISO text (see type-parsers.ts).
      if (!rows[0]?.DateStyle.startsWith('ISO')) {
        throw new Error(`the server's DateStyle is "${rows[0]?.DateStyle}"; Levity needs ISO (the default)`);
      }
    } catch (cause) {
      await release();
      throw new PostgresStorageError(`Cannot connect to PostgreSQL at ${server}: ${reasonOf(cause)}`, {
        cause,
      });
    }
    if (migrate) {
      try {
        await migrateToLatest(db, logger ? { logger } : {});
      } catch (error) {
        await release();
        throw error;
      }
    }
    logger?.debug({ server }, 'Opened PostgreSQL storage');
    return new PostgresStorage({ session: new Session(db), pool, ownsPool, logger });
  }

  /**
   * The pg pool behind this storage, for what needs a connection of its own on the same
   * database (e.g. LISTEN, or session-level advisory locks). Return what you take.
   */
  get pool(): pg.Pool {
    return this.#parts.pool;
  }

  /**
   * Runs `work` as one unit of work: in one PostgreSQL transaction (READ COMMITTED) on one
   * pooled connection, committed when `work` resolves, rolled back when it throws.
   * Inside it, `transactions.findByStart` takes an advisory lock on the charge point's
   * starts and `transactions.get` locks the row (`FOR UPDATE`), both until the unit
   * ends, so that two nodes handling the same StartTransaction or StopTransaction apply
   * it once. A unit inside a unit joins it.
   */
  async transaction<T>(work: (storage: Storage) => Promise<T>): Promise<T> {
    const { session } = this.#parts;
    if (session.inUnit) return work(this);
    // One PostgreSQL transaction is one commit: timed for `levity:storage:commit` while anyone listens.
    return observeStorageCommit({ storage: 'postgres', source: this, units: 1 }, () =>
      this.#unitOfWork(work),
    );
  }

  async #unitOfWork<T>(work: (storage: Storage) => Promise<T>): Promise<T> {
    const { session, pool, logger } = this.#parts;
    let unit: Session | undefined;
    let failed: { error: unknown } | undefined;
    try {
      return await session.db
        .transaction()
        // Explicit, so that a server whose default is REPEATABLE READ or SERIALIZABLE does
        // not fail units with serialization errors that the locks above already prevent.
        .setIsolationLevel('read committed')
        .execute(async (trx) => {
          unit = new Session(trx);
          try {
            return await work(new PostgresStorage({ session: unit, pool, ownsPool: false, logger }));
          } catch (error) {
            failed = { error };
            throw error;
          }
        });
    } catch (error) {
      // What work threw, as it is (also when the rollback failed after it).
      if (failed) throw failed.error;
      if (unit === undefined) {
        throw new PostgresStorageError('PostgreSQL storage failed to begin a unit of work', { cause: error });
      }
      // PostgreSQL answers COMMIT with a rollback when a statement of the transaction
      // failed, even if work caught that failure and went on: nothing of the unit is stored.
      throw new PostgresStorageError('PostgreSQL storage failed to commit a unit of work', {
        cause: unit.failure ?? error,
      });
    }
  }

  /** Resolves when the server answers a query; throws a {@link PostgresStorageError} when not. */
  ping(): Promise<void> {
    return this.#parts.session.guard('reach the database', async () => {
      await sql`select 1`.execute(this.#parts.session.db);
    });
  }

  /**
   * Ends every pooled connection once the queries in flight are done (unless the pool was
   * given to `open`, which stays open). Calling it twice is harmless; on a unit of work it
   * does nothing.
   */
  close(): Promise<void> {
    const { session, ownsPool } = this.#parts;
    if (session.inUnit) return Promise.resolve();
    this.#closed ??= ownsPool ? session.db.destroy() : Promise.resolve();
    return this.#closed;
  }
}

/** Where a pool connects, from its options (pg keeps them as `options`). */
function describePool(pool: pg.Pool): string {
  const { connectionString, host, port, database, user } = (pool as unknown as { options: pg.PoolConfig })
    .options;
  if (connectionString) return connectionString;
  return `postgres://${user ?? ''}${user ? '@' : ''}${host ?? 'localhost'}:${port ?? 5432}/${database ?? ''}`;
}
