import type {
  BootInfo,
  ChargePointRecord,
  ConnectorRecord,
  DiagnosticsStatus,
  ErrorEventFilter,
  ErrorEventRecord,
  FirmwareStatus,
  IsoTimestamp,
  MeterValueFilter,
  MeterValueRecord,
  NewErrorEvent,
  NewMeterValue,
  NewTransaction,
  RegistrationStatus,
  StatusUpdate,
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
  /** All charge points, ordered by id. */
  list(): Promise<ChargePointRecord[]>;
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
  /** The transaction a retried StartTransaction already created, if any. */
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
   * nothing. Returns `undefined` when no transaction has that id.
   */
  stop(
    id: number,
    stop: TransactionStop,
    meterValues: readonly NewMeterValue[],
  ): Promise<TransactionRecord | undefined>;
  /**
   * Records a StopTransaction for a transactionId Levity never issued as a new row with
   * `anomaly: 'UnknownTransaction'`, together with its meter values (their
   * `transactionId` is set to the new row's id), all or nothing.
   */
  recordUnknownStop(
    stop: TransactionStop & { chargePointId: string; reportedTransactionId: number },
    meterValues: readonly NewMeterValue[],
  ): Promise<TransactionRecord>;
}

/** Sampled values (`meter_val`). */
export interface MeterValueRepository {
  /** Stores every value of one message, all or nothing. Returns how many were stored. */
  add(values: readonly NewMeterValue[]): Promise<number>;
  /** Ordered by timestamp, then by id. */
  list(filter?: MeterValueFilter): Promise<MeterValueRecord[]>;
}

/** Error events (`cp_err`). */
export interface ErrorEventRepository {
  add(event: NewErrorEvent): Promise<ErrorEventRecord>;
  /** Newest first (by id). */
  list(filter?: ErrorEventFilter): Promise<ErrorEventRecord[]>;
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
  /** Releases the storage's resources. Calling it twice is harmless. */
  close(): Promise<void>;
}
