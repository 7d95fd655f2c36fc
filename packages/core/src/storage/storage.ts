import type { ApiTokenRepository } from './api-tokens.js';
import type {
  Admission,
  BootInfo,
  CertificateRequestRecord,
  CertificateRequestStatus,
  ChargePointFilter,
  ChargePointRecord,
  ChargePointSecurityPatch,
  ChargePointSecurityRecord,
  ChargingProfileRecord,
  CommandFilter,
  CommandOutcome,
  CommandRecord,
  ConfigurationKeyRecord,
  ConfigurationKeyUpdate,
  ConnectionRefusalRecord,
  ConnectorRecord,
  DataTransferRecord,
  DiagnosticsStatus,
  ErrorEventFilter,
  ErrorEventRecord,
  EventFilter,
  FirmwareStatus,
  IdTagFilter,
  IdTagPatch,
  IdTagRecord,
  IsoTimestamp,
  JobFilter,
  JobKind,
  JobRecord,
  LocalListEntry,
  LocalListRecord,
  MeterValueFilter,
  MeterValueRecord,
  NewCertificateRequest,
  NewCommand,
  NewConnectionRefusal,
  NewDataTransfer,
  NewErrorEvent,
  NewIdTag,
  NewJob,
  NewMeterValue,
  NewReservation,
  NewSecurityEvent,
  NewStatusReport,
  NewTransaction,
  RegisterRange,
  RegistrationStatus,
  ReservationFilter,
  ReservationRecord,
  ReservationStatus,
  SecurityEventRecord,
  StatusReportFilter,
  StatusReportRecord,
  StatusUpdate,
  TransactionAnomaly,
  TransactionAttention,
  TransactionFilter,
  TransactionRecord,
  TransactionStartKey,
  TransactionStop,
} from './records.js';

/**
 * The charge points Levity has seen (`cp`). Every write creates the row when it is
 * missing, because a charge point may send anything first after a reconnect.
 */
export interface ChargePointRepository {
  get(id: string): Promise<ChargePointRecord | undefined>;
  /**
   * Charge points ordered by id (as UTF-8 bytes compare), those after `filter.after`,
   * at most `filter.limit`; all of them without a filter.
   */
  list(filter?: ChargePointFilter): Promise<ChargePointRecord[]>;
  recordBoot(
    id: string,
    boot: BootInfo & { registrationStatus: RegistrationStatus; at: IsoTimestamp },
  ): Promise<ChargePointRecord>;
  recordConnected(id: string, connection: { at: IsoTimestamp; remoteAddress: string | null }): Promise<void>;
  recordDisconnected(id: string, at: IsoTimestamp): Promise<void>;
  /** At start-up nothing is connected yet, whatever the last run left behind. Returns how many changed. */
  markAllDisconnected(at: IsoTimestamp): Promise<number>;
  /** Batched signs of life; a time never moves `lastSeenAt` backwards. */
  recordSeen(sightings: readonly { id: string; at: IsoTimestamp }[]): Promise<void>;
  recordHeartbeat(id: string, at: IsoTimestamp): Promise<void>;
  /** Connector 0's status. Not applied when older (by the charge point's timestamp) than what is stored. */
  recordStatus(update: StatusUpdate): Promise<void>;
  recordDiagnosticsStatus(id: string, status: DiagnosticsStatus, at: IsoTimestamp): Promise<void>;
  recordFirmwareStatus(id: string, status: FirmwareStatus, at: IsoTimestamp): Promise<void>;
  /** Sets the operator's decision (creating the row when missing); `null` clears it. */
  setAdmission(id: string, admission: Admission | null, at: IsoTimestamp): Promise<ChargePointRecord>;
  /**
   * Forgets charge points that never booted: no BootNotification answered
   * (`registrationStatus` null), no operator decision (`admission` null), not connected
   * and not updated since before `updatedBefore`. Their connectors go with them; what
   * they reported elsewhere (transactions, meter values, events) stays. Returns how many.
   */
  removeNeverBooted(updatedBefore: IsoTimestamp): Promise<number>;
}

/** The last known state of each connector ≥ 1 (`cp_conn`). */
export interface ConnectorRepository {
  /**
   * Upserts the connector, and the charge point's row when that is missing. Not applied
   * when older (by the charge point's timestamp) than what is stored.
   */
  recordStatus(update: StatusUpdate): Promise<void>;
  get(chargePointId: string, connectorId: number): Promise<ConnectorRecord | undefined>;
  /** The charge point's connectors, ordered by connector id. */
  list(chargePointId: string): Promise<ConnectorRecord[]>;
}

/** Charging sessions (`tx`) and their meter values. */
export interface TransactionRepository {
  /** Creates the transaction and assigns its integer id (the `transactionId` answered to the charge point). */
  start(transaction: NewTransaction): Promise<TransactionRecord>;
  /**
   * The transaction a retried StartTransaction already created (stopped or not, flagged or
   * not; the oldest if several match), if any.
   */
  findByStart(key: TransactionStartKey): Promise<TransactionRecord | undefined>;
  get(id: number): Promise<TransactionRecord | undefined>;
  /**
   * The charge point's transactions (on that connector, when given) that are not stopped,
   * anomalies excluded, oldest (lowest id) first.
   */
  listActive(chargePointId: string, connectorId?: number): Promise<TransactionRecord[]>;
  /** Newest first (by id). */
  list(filter?: TransactionFilter): Promise<TransactionRecord[]>;
  /**
   * Closes the transaction and stores the meter values of its `transactionData`, all or
   * nothing; stop fields already set are overwritten (a transaction closed as
   * `Superseded` gets its real stop this way). Returns `undefined` when no transaction has that id.
   */
  stop(
    id: number,
    stop: TransactionStop,
    meterValues: readonly NewMeterValue[],
  ): Promise<TransactionRecord | undefined>;
  /**
   * Records a StopTransaction that matched no open session as a new row with the given
   * `anomaly`, together with its meter values (their `transactionId` is set to the new
   * row's id), all or nothing. The row keeps the stop's `remoteStopCommandId`.
   */
  recordUnknownStop(
    stop: TransactionStop & {
      chargePointId: string;
      reportedTransactionId: number;
      anomaly: TransactionAnomaly;
    },
    meterValues: readonly NewMeterValue[],
  ): Promise<TransactionRecord>;
  /**
   * The anomaly row (see `recordUnknownStop`) recorded for this charge point's stop of
   * `reportedTransactionId` with that `anomaly`, if any; the oldest if several.
   */
  findAnomaly(
    chargePointId: string,
    reportedTransactionId: number,
    anomaly: TransactionAnomaly,
  ): Promise<TransactionRecord | undefined>;
  /**
   * Flags a transaction for an operator (`attention`, `attentionAt`), replacing an earlier
   * flag; with `stoppedAt` also closes it (only if it is still open; meterStop, stopReason,
   * stopIdTag and stopReceivedAt stay null). Returns `undefined` when no transaction has that id.
   */
  flag(
    id: number,
    flag: { attention: TransactionAttention; at: IsoTimestamp; stoppedAt?: IsoTimestamp },
  ): Promise<TransactionRecord | undefined>;
  /**
   * Transactions on any charge point whose id tag, compared case-insensitively (as
   * `NewIdTag.idTag`), is `idTag` and that are not stopped, anomalies excluded, oldest
   * (lowest id) first.
   */
  listActiveByIdTag(idTag: string): Promise<TransactionRecord[]>;
}

/** Sampled values (`meter_val`). */
export interface MeterValueRepository {
  /** Stores every value of one message, all or nothing. Returns how many were stored. */
  add(values: readonly NewMeterValue[]): Promise<number>;
  /** Ordered by timestamp, then by id. */
  list(filter?: MeterValueFilter): Promise<MeterValueRecord[]>;
  /**
   * The register range (see `RegisterRange`) of each of these transactions that has
   * register readings, in any order: the energy of a page of transactions in one read.
   * Callers pass at most a page (500) of ids.
   */
  registerRanges(transactionIds: readonly number[]): Promise<RegisterRange[]>;
}

/** Error events (`cp_err`). */
export interface ErrorEventRepository {
  add(event: NewErrorEvent): Promise<ErrorEventRecord>;
  /** Newest first (by id). */
  list(filter?: ErrorEventFilter): Promise<ErrorEventRecord[]>;
}

/** The id-tag store (`id_tag`), which the `id-tags` authorization policy reads. Tags compare case-insensitively. */
export interface IdTagRepository {
  get(idTag: string): Promise<IdTagRecord | undefined>;
  /** Ordered by id tag (case-insensitively). */
  list(filter?: IdTagFilter): Promise<IdTagRecord[]>;
  /** Adds the tag; returns `undefined` (and changes nothing) when it exists already. */
  add(tag: NewIdTag, at: IsoTimestamp): Promise<IdTagRecord | undefined>;
  /** Changes the given fields (see `IdTagPatch`); returns `undefined` when the tag does not exist. */
  update(idTag: string, patch: IdTagPatch, at: IsoTimestamp): Promise<IdTagRecord | undefined>;
  /** Returns whether a tag was removed. */
  remove(idTag: string): Promise<boolean>;
}

/** Every DataTransfer a charge point sent (`data_transfer`). */
export interface DataTransferRepository {
  add(transfer: NewDataTransfer): Promise<DataTransferRecord>;
  /** Newest first (by id). */
  list(filter?: EventFilter): Promise<DataTransferRecord[]>;
}

/** History of Diagnostics/Firmware/Log/SignedFirmware status notifications (`status_report`). */
export interface StatusReportRepository {
  add(report: NewStatusReport): Promise<StatusReportRecord>;
  /** Newest first (by id). */
  list(filter?: StatusReportFilter): Promise<StatusReportRecord[]>;
}

/** SecurityEventNotifications (`security_event`). */
export interface SecurityEventRepository {
  add(event: NewSecurityEvent): Promise<SecurityEventRecord>;
  /** Newest first (by id). */
  list(filter?: EventFilter): Promise<SecurityEventRecord[]>;
}

/** SignCertificate CSRs and what became of them (`certificate_request`). */
export interface CertificateRequestRepository {
  add(request: NewCertificateRequest): Promise<CertificateRequestRecord>;
  get(id: number): Promise<CertificateRequestRecord | undefined>;
  /** Newest first (by id). */
  list(filter?: EventFilter): Promise<CertificateRequestRecord[]>;
  /**
   * Records signing or delivery: sets `status`, and `certificateChain` / `failureReason`
   * when given (`null` clears them). Returns `undefined` when no request has that id.
   */
  update(
    id: number,
    change: {
      status: CertificateRequestStatus;
      certificateChain?: string | null;
      failureReason?: string | null;
    },
    at: IsoTimestamp,
  ): Promise<CertificateRequestRecord | undefined>;
}

/**
 * How each charge point must authenticate (`cp_security`): its stored security profile
 * and its password's hash. Rows exist for any id, known to `chargePoints` or not, since
 * credentials are provisioned before a charge point first connects.
 */
export interface ChargePointSecurityRepository {
  get(chargePointId: string): Promise<ChargePointSecurityRecord | undefined>;
  /**
   * Changes the given fields, creating the row when missing (profile 0, no password).
   * `updatedAt` never moves backwards.
   */
  update(
    chargePointId: string,
    patch: ChargePointSecurityPatch,
    at: IsoTimestamp,
  ): Promise<ChargePointSecurityRecord>;
}

/** Upgrades Levity refused for a security reason (`connection_refusal`). */
export interface ConnectionRefusalRepository {
  add(refusal: NewConnectionRefusal): Promise<ConnectionRefusalRecord>;
  /** Newest first (by id). */
  list(filter?: EventFilter): Promise<ConnectionRefusalRecord[]>;
}

/** The log of calls Levity sent to charge points (`command`). */
export interface CommandRepository {
  /** Logs a call about to be sent, as `Pending`. */
  add(command: NewCommand): Promise<CommandRecord>;
  /** Records the outcome, replacing an earlier one; returns `undefined` when no command has that id. */
  complete(id: number, outcome: CommandOutcome): Promise<CommandRecord | undefined>;
  get(id: number): Promise<CommandRecord | undefined>;
  /** Newest first (by id). */
  list(filter?: CommandFilter): Promise<CommandRecord[]>;
}

/** The configuration keys Levity knows of each charge point (`cp_config`). */
export interface ConfigurationRepository {
  /**
   * Creates or replaces these keys (matched case-insensitively, the new spelling kept), all
   * or nothing; of a key given twice the last one stays. `updatedAt` never moves backwards.
   */
  upsert(chargePointId: string, keys: readonly ConfigurationKeyUpdate[], at: IsoTimestamp): Promise<void>;
  /** Removes every key of the charge point not in `keep` (case-insensitively), all or nothing. Returns how many. */
  retainOnly(chargePointId: string, keep: readonly string[]): Promise<number>;
  get(chargePointId: string, key: string): Promise<ConfigurationKeyRecord | undefined>;
  /** Ordered by key (case-insensitively). */
  list(chargePointId: string): Promise<ConfigurationKeyRecord[]>;
}

/** The Local Authorization List each charge point holds, as far as Levity knows (`local_list`). */
export interface LocalListRepository {
  get(chargePointId: string): Promise<LocalListRecord | undefined>;
  /**
   * Replaces the version and all entries, all or nothing; of an id tag given twice (in any
   * case) the last entry stays. `updatedAt` never moves backwards.
   */
  replace(
    chargePointId: string,
    version: number,
    entries: readonly LocalListEntry[],
    at: IsoTimestamp,
  ): Promise<LocalListRecord>;
}

/** Reservations (`reservation`). */
export interface ReservationRepository {
  /**
   * Creates the reservation as `Requested` with the given `id`, or assigns the next
   * integer id (the reservationId to send), always above every id used before. Throws
   * when a reservation with the given `id` exists already.
   */
  create(reservation: NewReservation): Promise<ReservationRecord>;
  get(id: number): Promise<ReservationRecord | undefined>;
  update(
    id: number,
    change: { status: ReservationStatus; transactionId?: number | null },
    at: IsoTimestamp,
  ): Promise<ReservationRecord | undefined>;
  /** Newest first (by id). */
  list(filter?: ReservationFilter): Promise<ReservationRecord[]>;
  /**
   * Marks `Accepted` reservations whose expiryDate is at or before `now` as `Expired`
   * (`updatedAt` never moving backwards); returns them, oldest (lowest id) first.
   */
  expire(now: IsoTimestamp): Promise<ReservationRecord[]>;
}

/** Charging profiles installed on charge points, as far as Levity knows (`charging_profile`). */
export interface ChargingProfileRepository {
  /** Ordered by connector, then stack level, then chargingProfileId. */
  list(chargePointId: string): Promise<ChargingProfileRecord[]>;
  /** Creates or replaces the profile with that (chargePointId, chargingProfileId). */
  put(profile: ChargingProfileRecord): Promise<void>;
  /** Removes these profiles of the charge point; returns how many existed (an id given twice counts once). */
  remove(chargePointId: string, chargingProfileIds: readonly number[]): Promise<number>;
}

/** Firmware, diagnostics and log jobs (`cp_job`). */
export interface JobRepository {
  create(job: NewJob): Promise<JobRecord>;
  get(id: number): Promise<JobRecord | undefined>;
  update(
    id: number,
    change: { status: string; finished: boolean; fileName?: string | null },
    at: IsoTimestamp,
  ): Promise<JobRecord | undefined>;
  /** The newest unfinished job of that kind (and requestId, when given; otherwise any) of the charge point. */
  findOpen(chargePointId: string, kind: JobKind, requestId?: number): Promise<JobRecord | undefined>;
  /** Newest first (by id). */
  list(filter?: JobFilter): Promise<JobRecord[]>;
}

/**
 * Where Levity keeps what charge points tell it. Every method is async so that any
 * database can implement it; implementations prove themselves by running the
 * contract suite from `@levity/core/testing`.
 */
export interface Storage {
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
  /**
   * Runs `work` as one unit of work: everything it writes through the storage it is
   * given is stored all or nothing, its reads see its own writes, and no other unit
   * sees its writes half done. The returned promise settles once the unit is durable
   * (or rolled back, rethrowing what `work` threw). Inside `work`, use only the storage
   * passed in, and do nothing slow that is not storage: an implementation may hold
   * other units back meanwhile, and a write through the outer storage may wait for
   * this very unit. `transaction` on the storage passed in runs inline, as part of the
   * unit. `work` may run more than once (a storage may retry it alone when a commit it
   * shared failed), so it must have no other effects. A write made outside any unit is
   * a unit of its own: it never interleaves with one.
   *
   * Optional: without it, Levity runs the same writes one after another, which is not
   * atomic (see `runUnitOfWork`). Implementations prove theirs with the contract suite.
   *
   * @example
   * await storage.transaction?.(async (unit) => {
   *   const started = await unit.transactions.start(transaction);
   *   await unit.reservations.update(reservationId, { status: 'Used', transactionId: started.id }, at);
   * });
   */
  transaction?<T>(work: (storage: Storage) => Promise<T>): Promise<T>;
  /**
   * Resolves when the storage can serve requests now (e.g. its database server answers a
   * query), rejects when it cannot. Readiness probes (`GET /readyz`) use it.
   *
   * Optional: without it, a probe reads a charge point instead.
   *
   * @example
   * const ready = await storage.ping?.().then(() => true, () => false);
   */
  ping?(): Promise<void>;
  /** Releases the storage's resources. Calling it twice is harmless. */
  close(): Promise<void>;
}
