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
  IsoTimestamp,
  JobRepository,
  LocalListRepository,
  MeterValueRepository,
  NewMeterValue,
  ReservationRepository,
  RetentionRepository,
  SecurityEventRepository,
  StatusReportRepository,
  Storage,
  TransactionRepository,
} from '@levity/core';
import { routeRepositories } from '@levity/core';
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { Checkpointer } from './engine/checkpointer.js';
import { SqliteConnection } from './engine/connection.js';
import { driverSafeInThreads, SqliteDriver } from './engine/driver.js';
import { GroupCommit, type GroupCommitLimits } from './engine/group-commit.js';
import {
  listChargePointsInChunks,
  listMeterValuesInChunks,
  nextTurn,
  registerRangesInChunks,
} from './engine/operator-reads.js';
import { guardSync, reasonOf, SqliteStorageError } from './errors.js';
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
import {
  discardStagedMeterValues,
  publishStagedMeterValues,
  SqliteMeterValues,
  stageMeterValues,
} from './repositories/meter-values.js';
import { SqliteReservations } from './repositories/reservations.js';
import { SqliteRetention } from './repositories/retention.js';
import { SqliteSecurityEvents } from './repositories/security-events.js';
import { SqliteStatusReports } from './repositories/status-reports.js';
import { SqliteTransactions } from './repositories/transactions.js';

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
  /**
   * How many units of work one COMMIT may hold (default 128), how long a batch stays
   * open (default 10 ms), and how many turns of the event loop a batch whose queue ran
   * dry waits for more before it commits (default 1). See the README's "SQLite: connections
   * and group commit".
   */
  readonly groupCommit?: Partial<GroupCommitLimits>;
  /**
   * Who copies the WAL into the database file: `thread` (the default), a thread of the
   * storage's own, so that the copy and its fsync never stall the main thread; or
   * `writer`, SQLite's automatic checkpoints in the write connection (on the main
   * thread). The default is `writer` only when better-sqlite3 12 had to be used on
   * Node 24 (13 failed to install), where 12 in a worker thread can abort the process
   * (WiseLibs/better-sqlite3#1515; see `engine/driver.ts`). Irrelevant for `:memory:`.
   */
  readonly checkpoints?: 'thread' | 'writer';
}

/**
 * A MeterValues of more sampled values than this is stored in slices of this many, each
 * a unit of work of its own, between which other charge points' units run; the values
 * reach meter_val together, in one last statement (see `stageMeterValues`).
 */
const STAGE_SLICE = 2048;

/** Signs of life written per unit of work: a flush of 20,000 charge points must not hold the writer for long. */
const SIGHTINGS_PER_UNIT = 1000;

function openError(filename: string, cause: unknown): SqliteStorageError {
  return new SqliteStorageError(`Cannot open SQLite database at "${filename}": ${reasonOf(cause)}`, {
    cause,
  });
}

function repositoriesOn(connection: SqliteConnection) {
  return {
    chargePoints: new SqliteChargePoints(connection),
    connectors: new SqliteConnectors(connection),
    transactions: new SqliteTransactions(connection),
    meterValues: new SqliteMeterValues(connection),
    errors: new SqliteErrorEvents(connection),
    idTags: new SqliteIdTags(connection),
    dataTransfers: new SqliteDataTransfers(connection),
    statusReports: new SqliteStatusReports(connection),
    securityEvents: new SqliteSecurityEvents(connection),
    certificateRequests: new SqliteCertificateRequests(connection),
    commands: new SqliteCommands(connection),
    configuration: new SqliteConfiguration(connection),
    localLists: new SqliteLocalLists(connection),
    reservations: new SqliteReservations(connection),
    chargingProfiles: new SqliteChargingProfiles(connection),
    jobs: new SqliteJobs(connection),
    apiTokens: new SqliteApiTokens(connection),
    chargePointSecurity: new SqliteChargePointSecurity(connection),
    connectionRefusals: new SqliteConnectionRefusals(connection),
    retention: new SqliteRetention(connection),
  };
}

/** See {@link SqliteStorage#backup}. */
async function backupTo(source: BetterSqlite3.Database, file: string): Promise<{ pages: number }> {
  try {
    const done = await source.backup(file, {
      // One step for everything left (the first step only counts the pages): a step holds
      // a read transaction, so the copy is of one moment and writes cannot restart it.
      progress: () => 0x7fffffff,
    });
    return { pages: done.totalPages };
  } catch (cause) {
    throw new SqliteStorageError(`Cannot back up the SQLite database to "${file}": ${reasonOf(cause)}`, {
      cause,
    });
  }
}

/** See `SqliteStorageOptions.checkpoints`. */
const DEFAULT_CHECKPOINTS: 'thread' | 'writer' = driverSafeInThreads ? 'thread' : 'writer';

const inMemory = (filename: string) => filename === ':memory:' || filename === '';

/**
 * Levity's storage in one SQLite file (better-sqlite3, Kysely for the less frequent
 * queries), in WAL mode.
 *
 * Connections: one write connection, on which every write runs as a unit of work with
 * group commit (see {@link GroupCommit}): a write made outside `transaction` is a unit
 * of its own, and each unit's promise settles once the COMMIT holding it is done. Reads
 * made outside a unit go to a second, read-only connection and see committed data
 * only. An in-memory database (`':memory:'`) cannot be shared between connections, so
 * it has one: reads outside units may then see the writes of the batch in progress.
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
  readonly retention: RetentionRepository;
  readonly #writer: SqliteConnection;
  readonly #reader: SqliteConnection;
  readonly #groupCommit: GroupCommit<Storage>;
  readonly #checkpointer: Checkpointer | undefined;
  readonly #logger: SqliteStorageLogger | undefined;
  #closed: Promise<void> | undefined;
  /** Numbers the large messages being staged. */
  #stages = 0;

  private constructor(
    writer: SqliteConnection,
    reader: SqliteConnection,
    options: {
      logger?: SqliteStorageLogger;
      limits?: Partial<GroupCommitLimits>;
      checkpointer?: Checkpointer;
    },
  ) {
    this.#checkpointer = options.checkpointer;
    this.#writer = writer;
    this.#reader = reader;
    this.#logger = options.logger;
    const written = repositoriesOn(writer);
    const unit: Storage = { ...written, transaction: (work) => work(unit), close: async () => {} };
    this.#groupCommit = new GroupCommit<Storage>(writer.native, unit, {
      source: this,
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    const reads = reader === writer ? written : repositoriesOn(reader);
    const routed = routeRepositories(reads, (work) => this.#groupCommit.run(work));
    // Operator reads (the API's lists) in chunks, OCPP answers in between (see operator-reads.ts).
    this.chargePoints = {
      ...routed.chargePoints,
      list: (filter) => listChargePointsInChunks(reads.chargePoints, filter),
      recordSeen: (sightings) => this.#recordSeen(sightings),
    };
    this.connectors = routed.connectors;
    this.transactions = {
      ...routed.transactions,
      list: async (filter) => {
        await nextTurn();
        return reads.transactions.list(filter);
      },
    };
    this.meterValues = {
      ...routed.meterValues,
      add: (values) =>
        values.length > STAGE_SLICE ? this.#addStaged(values) : routed.meterValues.add(values),
      list: (filter) => listMeterValuesInChunks(reads.meterValues, filter),
      registerRanges: (transactionIds) => registerRangesInChunks(reads.meterValues, transactionIds),
    };
    this.errors = routed.errors;
    this.idTags = routed.idTags;
    this.dataTransfers = routed.dataTransfers;
    this.statusReports = routed.statusReports;
    this.securityEvents = routed.securityEvents;
    this.certificateRequests = routed.certificateRequests;
    this.commands = routed.commands;
    this.configuration = routed.configuration;
    this.localLists = routed.localLists;
    this.reservations = routed.reservations;
    this.chargingProfiles = routed.chargingProfiles;
    this.jobs = routed.jobs;
    this.apiTokens = routed.apiTokens;
    this.chargePointSecurity = routed.chargePointSecurity;
    this.connectionRefusals = routed.connectionRefusals;
    this.retention = routed.retention;
  }

  /**
   * Opens (creating if needed) the database and, unless `migrate: false`, brings its
   * schema up to date. Throws a {@link SqliteStorageError} when the file cannot be
   * opened or a migration fails. A string is taken as the filename.
   *
   * @example
   * const storage = await SqliteStorage.open('levity.db');
   * const inMemory = await SqliteStorage.open({ filename: ':memory:', migrate: true });
   */
  static async open(input: SqliteStorageOptions | string): Promise<SqliteStorage> {
    const options: Partial<SqliteStorageOptions> =
      typeof input === 'string' ? { filename: input } : (input ?? {});
    const { filename, migrate = true, busyTimeoutMs = 5000, logger } = options;
    if (typeof filename !== 'string') {
      // Without this, better-sqlite3 opens an anonymous temporary database and the
      // error comes later, from the read connection, about something else.
      throw new SqliteStorageError(
        'SqliteStorage.open needs a filename: open("levity.db") or open({ filename: "levity.db" })',
      );
    }
    let native: BetterSqlite3.Database;
    try {
      native = new SqliteDriver(filename, { timeout: busyTimeoutMs });
    } catch (cause) {
      throw openError(filename, cause);
    }
    try {
      // The first statement reads the file: this is where "file is not a database" shows.
      const journalMode = native.pragma('journal_mode = WAL', { simple: true });
      // In WAL mode, NORMAL syncs at checkpoints, not at each COMMIT: a committed
      // transaction survives the process being killed (it is in the OS's hands once
      // COMMIT returns), and only an OS crash or power cut may lose the last ones.
      native.pragma('synchronous = NORMAL');
      native.pragma('foreign_keys = ON');
      // The staging table of large messages (see #addStaged) lives in memory.
      native.pragma('temp_store = MEMORY');
      if (journalMode !== 'wal' && !inMemory(filename)) {
        logger?.warn(
          { filename, journalMode },
          'SQLite database is not in WAL mode; readers may block writes',
        );
      }
    } catch (cause) {
      native.close();
      throw openError(filename, cause);
    }

    const writer = new SqliteConnection(native);
    let reader = writer;
    let checkpointer: Checkpointer | undefined;
    try {
      if (migrate) await migrateToLatest(writer.db, logger ? { logger } : {});
      if (!inMemory(filename)) {
        reader = new SqliteConnection(new SqliteDriver(filename, { readonly: true, timeout: busyTimeoutMs }));
        if ((options.checkpoints ?? DEFAULT_CHECKPOINTS) === 'thread') {
          native.pragma('wal_autocheckpoint = 0');
          checkpointer = new Checkpointer({
            filename,
            busyTimeoutMs,
            logger,
            onFailure: () => {
              if (native.open) native.pragma('wal_autocheckpoint = 1000');
            },
          });
        }
      }
    } catch (error) {
      await writer.close();
      throw error instanceof SqliteStorageError ? error : openError(filename, error);
    }
    logger?.debug({ filename }, 'Opened SQLite storage');
    return new SqliteStorage(writer, reader, {
      ...(logger ? { logger } : {}),
      ...(options.groupCommit ? { limits: options.groupCommit } : {}),
      ...(checkpointer ? { checkpointer } : {}),
    });
  }

  /**
   * Runs `work` as one unit of work on the write connection, all or nothing; its
   * promise settles once the COMMIT holding it is done. Inside `work`, use the storage
   * it is given: its reads see the unit's own writes, `transaction` runs inline (as
   * part of this unit), and the outer storage's writes would wait for this unit, so
   * awaiting one there never finishes. `work` may run twice: when a shared COMMIT
   * fails, each unit of that batch is run again alone.
   */
  transaction<T>(work: (storage: Storage) => Promise<T>): Promise<T> {
    return this.#groupCommit.run(work) as Promise<T>;
  }

  /**
   * One large message, all or nothing, without holding the writer for all of it: the
   * slices go to a staging table in units of their own, other units running between
   * them, and one last unit moves them to meter_val.
   */
  async #addStaged(values: readonly NewMeterValue[]): Promise<number> {
    const stage = ++this.#stages;
    const writer = this.#writer;
    try {
      for (let start = 0; start < values.length; start += STAGE_SLICE) {
        const end = Math.min(values.length, start + STAGE_SLICE);
        await this.#groupCommit.run(() =>
          guardSync('store meter values', () => stageMeterValues(writer, stage, values, start, end)),
        );
      }
      return await this.#groupCommit.run(() =>
        guardSync('store meter values', () => publishStagedMeterValues(writer, stage)),
      );
    } catch (error) {
      await this.#groupCommit
        .run(() => guardSync('discard staged meter values', () => discardStagedMeterValues(writer, stage)))
        .catch((cause: unknown) =>
          this.#logger?.warn({ err: cause }, 'could not discard staged meter values'),
        );
      throw error;
    }
  }

  async #recordSeen(sightings: readonly { id: string; at: IsoTimestamp }[]): Promise<void> {
    for (let start = 0; start < sightings.length; start += SIGHTINGS_PER_UNIT) {
      const slice = sightings.slice(start, start + SIGHTINGS_PER_UNIT);
      await this.#groupCommit.run((unit) => unit.chargePoints.recordSeen(slice));
    }
  }

  /**
   * Writes a consistent copy of the database to `file` while the storage goes on being
   * used (SQLite's online backup API): the copy is the database as of one moment,
   * committed units only. The pages are copied in one step, under a read transaction,
   * so that writes meanwhile cannot make the copy start over; in WAL mode they are not
   * held back by it, but this process's event loop is busy for the copy (about a second
   * per GB). Restore by stopping Levity and putting the copy in place of the database
   * file (removing any `-wal` and `-shm` files beside it). Resolves with the pages copied.
   *
   * @example
   * await storage.backup('/backups/levity-2026-12-04.db');
   */
  backup(file: string): Promise<{ pages: number }> {
    return backupTo(this.#reader.native, file);
  }

  /**
   * {@link SqliteStorage#backup} of a database file that another process (a running
   * `levity`) may be using, through a read-only connection of its own: what `levity
   * backup` does. Throws a {@link SqliteStorageError} when `from` is not an SQLite database.
   *
   * @example
   * await SqliteStorage.backupFile({ from: 'levity.db', to: '/backups/levity.db' });
   */
  static async backupFile({ from, to }: { from: string; to: string }): Promise<{ pages: number }> {
    let native: BetterSqlite3.Database;
    try {
      native = new SqliteDriver(from, { readonly: true, fileMustExist: true, timeout: 5000 });
    } catch (cause) {
      throw openError(from, cause);
    }
    try {
      return await backupTo(native, to);
    } finally {
      native.close();
    }
  }

  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    await this.#groupCommit.close();
    try {
      // Keeps the query planner's statistics fresh, as SQLite recommends before closing.
      await sql`pragma optimize`.execute(this.#writer.db);
    } catch (error) {
      this.#logger?.warn({ err: error }, 'SQLite "pragma optimize" failed while closing');
    }
    await this.#checkpointer?.stop();
    if (this.#reader !== this.#writer) await this.#reader.close();
    // The last connection to close checkpoints what is left and removes the WAL.
    await this.#writer.close();
  }
}
