// Plain records that cross the Storage boundary. Timestamps are ISO 8601 strings in
// UTC with millisecond precision ("2025-01-31T12:00:00.000Z"), so they sort as text
// and mean the same thing in every storage implementation.
import type {
  BootNotificationResponse,
  DataTransferResponse,
  DiagnosticsStatusNotificationRequest,
  FirmwareStatusNotificationRequest,
  LogStatusNotificationRequest,
  SignedFirmwareStatusNotificationRequest,
} from '../ocpp16/messages.generated.js';
import type {
  AuthorizationStatus,
  ChargePointErrorCode,
  ChargePointStatus,
  Location,
  Measurand,
  Phase,
  ReadingContext,
  StopReason,
  UnitOfMeasure,
  ValueFormat,
} from '../ocpp16/payloads.js';
import type { CONNECTION_REFUSAL_REASONS, SECURITY_PROFILES } from '../security/vocabulary.js';

/** An ISO 8601 timestamp in UTC with milliseconds, e.g. `2025-01-31T12:00:00.000Z`. */
export type IsoTimestamp = string;

export type RegistrationStatus = BootNotificationResponse['status'];
export type DiagnosticsStatus = DiagnosticsStatusNotificationRequest['status'];
/** The latest firmware status: from FirmwareStatusNotification or the security extension's SignedFirmwareStatusNotification. */
export type FirmwareStatus =
  | FirmwareStatusNotificationRequest['status']
  | SignedFirmwareStatusNotificationRequest['status'];

/** What a BootNotification tells about a charge point. */
export interface BootInfo {
  vendor: string;
  model: string;
  chargePointSerialNumber: string | null;
  chargeBoxSerialNumber: string | null;
  firmwareVersion: string | null;
  iccid: string | null;
  imsi: string | null;
  meterType: string | null;
  meterSerialNumber: string | null;
}

/**
 * The operator's decision about a charge point, which boot policies read:
 * `Accepted` (registered), `Rejected` (refused), `Pending` (waiting for a decision),
 * or `null` (no decision: the charge point was only seen).
 */
export type Admission = 'Accepted' | 'Pending' | 'Rejected';

/** One row of `cp`: a charge point as Levity knows it. */
export interface ChargePointRecord extends Omit<BootInfo, 'vendor' | 'model'> {
  id: string;
  admission: Admission | null;
  vendor: string | null;
  model: string | null;
  /** The status Levity answered to its last BootNotification. */
  registrationStatus: RegistrationStatus | null;
  bootedAt: IsoTimestamp | null;
  /** Status of connector 0, the charge point as a whole. */
  status: ChargePointStatus | null;
  errorCode: ChargePointErrorCode | null;
  statusInfo: string | null;
  statusVendorId: string | null;
  statusVendorErrorCode: string | null;
  /** The charge point's own timestamp of its last connector-0 status, if it sent one. */
  statusTimestamp: IsoTimestamp | null;
  statusReceivedAt: IsoTimestamp | null;
  diagnosticsStatus: DiagnosticsStatus | null;
  diagnosticsStatusAt: IsoTimestamp | null;
  firmwareStatus: FirmwareStatus | null;
  firmwareStatusAt: IsoTimestamp | null;
  connected: boolean;
  connectedAt: IsoTimestamp | null;
  disconnectedAt: IsoTimestamp | null;
  remoteAddress: string | null;
  /** Last time any message arrived from it. */
  lastSeenAt: IsoTimestamp | null;
  lastHeartbeatAt: IsoTimestamp | null;
  /** The `at` (or `receivedAt`) of the write that created the row. */
  createdAt: IsoTimestamp;
  /** The latest `at` (or `receivedAt`) of the writes that changed the row; never moves backwards. */
  updatedAt: IsoTimestamp;
}

export interface ChargePointFilter {
  /** Only charge points whose id sorts after this one: the cursor of the previous page. */
  after?: string;
  limit?: number;
}

/** A StatusNotification as stored, for connector 0 (the charge point) or a connector. */
export interface StatusUpdate {
  chargePointId: string;
  connectorId: number;
  status: ChargePointStatus;
  errorCode: ChargePointErrorCode;
  info: string | null;
  vendorId: string | null;
  vendorErrorCode: string | null;
  /** The charge point's timestamp, when it sent one. */
  timestamp: IsoTimestamp | null;
  receivedAt: IsoTimestamp;
}

/** One row of `cp_conn`: the last known state of a connector (id ≥ 1). */
export interface ConnectorRecord {
  chargePointId: string;
  connectorId: number;
  status: ChargePointStatus;
  errorCode: ChargePointErrorCode;
  info: string | null;
  vendorId: string | null;
  vendorErrorCode: string | null;
  statusTimestamp: IsoTimestamp | null;
  receivedAt: IsoTimestamp;
}

/**
 * Why a transaction row was created from a StopTransaction that matched no open session.
 * The row records that stop (and its meter values) so nothing the charger sent is dropped.
 * - `UnknownTransaction`: the transactionId was never issued by Levity (or belongs to another charge point).
 * - `AlreadyStopped`: the transaction was already stopped with different data.
 */
export type TransactionAnomaly = 'UnknownTransaction' | 'AlreadyStopped';

/**
 * Why a real transaction needs an operator's look.
 * - `Superseded`: a newer StartTransaction came for the same connector before any stop;
 *   Levity closed this one at the newer one's start, without a meterStop.
 * - `OpenWhileAvailable`: the connector reported Available while the transaction was
 *   still open (typically after a reconnect); it is left open, no meter value invented.
 * - `MeterValuesAfterStop`: meter values timestamped after the transaction's stop came
 *   for it (typically a charger replaying its buffer after an outage); they are stored,
 *   linked to it, and its energy may include them.
 */
export type TransactionAttention = 'Superseded' | 'OpenWhileAvailable' | 'MeterValuesAfterStop';

export interface NewTransaction {
  chargePointId: string;
  /** The RemoteStartTransaction command the charge point was answering, when it was one. */
  remoteStartCommandId?: number | null;
  connectorId: number;
  idTag: string;
  /** The authorization decision answered in StartTransaction.conf. */
  idTagStatus: AuthorizationStatus;
  meterStart: number;
  startedAt: IsoTimestamp;
  reservationId: number | null;
  receivedAt: IsoTimestamp;
}

export interface TransactionStop {
  /**
   * The RemoteStopTransaction command the charge point was answering, when it was one.
   * Left out, `transactions.stop` keeps the one stored; `null` clears it.
   */
  remoteStopCommandId?: number | null;
  meterStop: number;
  stoppedAt: IsoTimestamp;
  reason: StopReason | null;
  idTag: string | null;
  receivedAt: IsoTimestamp;
}

/** One row of `tx`. */
export interface TransactionRecord {
  /** The `transactionId` Levity answered in StartTransaction.conf. */
  id: number;
  chargePointId: string;
  /** `null` only for anomalies that arrived without one (an unknown StopTransaction). */
  connectorId: number | null;
  idTag: string | null;
  idTagStatus: AuthorizationStatus | null;
  meterStart: number | null;
  startedAt: IsoTimestamp | null;
  reservationId: number | null;
  meterStop: number | null;
  stoppedAt: IsoTimestamp | null;
  stopReason: StopReason | null;
  stopIdTag: string | null;
  anomaly: TransactionAnomaly | null;
  attention: TransactionAttention | null;
  /** The RemoteStartTransaction command that caused it. */
  remoteStartCommandId: number | null;
  /**
   * The RemoteStopTransaction command that ended it; also kept on an anomaly row, since a
   * remote stop of a transaction Levity does not know is still worth knowing.
   */
  remoteStopCommandId: number | null;
  /** When `attention` was set. */
  attentionAt: IsoTimestamp | null;
  /** For anomalies: the transactionId the charge point used. */
  reportedTransactionId: number | null;
  createdAt: IsoTimestamp;
  stopReceivedAt: IsoTimestamp | null;
}

/** The start fields that identify a retried StartTransaction (OCPP 1.6 §4.8: message ids are no dedupe key). */
export interface TransactionStartKey {
  chargePointId: string;
  connectorId: number;
  idTag: string;
  meterStart: number;
  startedAt: IsoTimestamp;
}

export interface TransactionFilter {
  chargePointId?: string;
  connectorId?: number;
  idTag?: string;
  /** `active`: not stopped yet; `completed`: stopped. */
  status?: 'active' | 'completed';
  /** Started at or after (by the charge point's clock). */
  from?: IsoTimestamp;
  /** Started before. */
  to?: IsoTimestamp;
  /** Only transactions with an id below this one: the cursor of the previous page (newest first). */
  before?: number;
  limit?: number;
}

export type MeterValueSource = 'MeterValues' | 'StopTransaction';

/** One sampled value, with the spec's defaults made explicit (OCPP 1.6 §7.40, §7.45). */
export interface NewMeterValue {
  chargePointId: string;
  connectorId: number | null;
  /** Levity's transaction the value belongs to, when known. */
  transactionId: number | null;
  /** The transactionId as the charge point sent it, even when Levity does not know it. */
  reportedTransactionId: number | null;
  timestamp: IsoTimestamp;
  value: string;
  context: ReadingContext;
  format: ValueFormat;
  measurand: Measurand;
  phase: Phase | null;
  location: Location;
  unit: UnitOfMeasure;
  source: MeterValueSource;
  receivedAt: IsoTimestamp;
}

/** One row of `meter_val`. */
export interface MeterValueRecord extends NewMeterValue {
  id: number;
}

/**
 * The lowest and highest energy register reading of one transaction, in Wh: of its
 * meter values with measurand `Energy.Active.Import.Register`, format `Raw`, unit `Wh`
 * or `kWh` (times 1000) and a value JavaScript's `Number()` reads as a finite number.
 * What a transaction's energy is computed from (see `transactionEnergy`).
 */
export interface RegisterRange {
  transactionId: number;
  lowestWh: number;
  highestWh: number;
}

export interface MeterValueFilter {
  chargePointId?: string;
  connectorId?: number;
  transactionId?: number;
  measurand?: Measurand;
  /** Sampled at or after (by the charge point's clock). */
  from?: IsoTimestamp;
  /** Sampled before. */
  to?: IsoTimestamp;
  limit?: number;
}

export interface NewErrorEvent {
  chargePointId: string;
  connectorId: number;
  errorCode: ChargePointErrorCode;
  status: ChargePointStatus;
  info: string | null;
  vendorId: string | null;
  vendorErrorCode: string | null;
  timestamp: IsoTimestamp | null;
  receivedAt: IsoTimestamp;
}

/** One row of `cp_err`: a StatusNotification whose errorCode was not NoError. */
export interface ErrorEventRecord extends NewErrorEvent {
  id: number;
}

export interface ErrorEventFilter {
  chargePointId?: string;
  limit?: number;
}

/** Statuses an id tag can have in the id-tag store (OCPP 1.6 §7.1 AuthorizationStatus, less ConcurrentTx). */
export type IdTagStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid';

export interface NewIdTag {
  /**
   * CiString20: compared case-insensitively, stored as given. Only ASCII letters fold
   * (`'abc'` is `'ABC'`, `'ä'` is not `'Ä'`), which every storage can do (SQLite's NOCASE).
   */
  idTag: string;
  status: IdTagStatus;
  expiryDate: IsoTimestamp | null;
  /** Also a CiString20, compared like `idTag`. */
  parentIdTag: string | null;
  note: string | null;
}

/** One row of `id_tag`. */
export interface IdTagRecord extends NewIdTag {
  /** The `at` of the `add`. */
  createdAt: IsoTimestamp;
  /** The latest `at` of the `add` and every `update`; never moves backwards. */
  updatedAt: IsoTimestamp;
}

/** The fields to change; a field left out or `undefined` stays as it is, `null` clears it. */
export type IdTagPatch = Partial<Omit<NewIdTag, 'idTag'>>;

export interface IdTagFilter {
  status?: IdTagStatus;
  /** Compared case-insensitively. */
  parentIdTag?: string;
  /** Only tags sorting after this one (case-insensitively): the cursor of the previous page. */
  after?: string;
  limit?: number;
}

/** One DataTransfer a charge point sent, with what Levity answered. */
export interface NewDataTransfer {
  chargePointId: string;
  vendorId: string;
  messageId: string | null;
  data: string | null;
  status: DataTransferResponse['status'];
  responseData: string | null;
  receivedAt: IsoTimestamp;
}

export interface DataTransferRecord extends NewDataTransfer {
  id: number;
}

/** Which status notification a report came from. */
export type StatusReportKind = 'Diagnostics' | 'Firmware' | 'Log' | 'SignedFirmware';

export type StatusReportStatus =
  | DiagnosticsStatus
  | FirmwareStatus
  | LogStatusNotificationRequest['status']
  | SignedFirmwareStatusNotificationRequest['status'];

/** One Diagnostics/Firmware/Log/SignedFirmware status notification. */
export interface NewStatusReport {
  chargePointId: string;
  kind: StatusReportKind;
  status: StatusReportStatus;
  /** The requestId the charge point sent (LogStatusNotification, SignedFirmwareStatusNotification). */
  requestId: number | null;
  /** The command job that caused it, when Levity knows it. */
  jobId: number | null;
  receivedAt: IsoTimestamp;
}

export interface StatusReportRecord extends NewStatusReport {
  id: number;
}

export interface StatusReportFilter {
  chargePointId?: string;
  kind?: StatusReportKind;
  limit?: number;
}

/** One SecurityEventNotification. */
export interface NewSecurityEvent {
  chargePointId: string;
  type: string;
  /** The charge point's timestamp. */
  timestamp: IsoTimestamp;
  techInfo: string | null;
  receivedAt: IsoTimestamp;
}

export interface SecurityEventRecord extends NewSecurityEvent {
  id: number;
}

/**
 * Where a SignCertificate CSR stands: answered `Accepted` or `Rejected`; after an
 * accepted one, `Signed` once the signer produced a chain (sent with CertificateSigned),
 * or `Failed`.
 */
export type CertificateRequestStatus = 'Accepted' | 'Rejected' | 'Signed' | 'Failed';

export interface NewCertificateRequest {
  chargePointId: string;
  csr: string;
  status: CertificateRequestStatus;
  receivedAt: IsoTimestamp;
}

export interface CertificateRequestRecord extends NewCertificateRequest {
  id: number;
  certificateChain: string | null;
  /** Why signing or delivery failed. */
  failureReason: string | null;
  /** `receivedAt`, then the latest `at` of the updates; never moves backwards. */
  updatedAt: IsoTimestamp;
}

export interface EventFilter {
  chargePointId?: string;
  limit?: number;
}

/**
 * What became of a call Levity sent to a charge point: `Pending` while in flight,
 * `Answered` (a CALLRESULT, whatever its status field says), `CallError` (a CALLERROR),
 * `TimedOut`, `Failed` (the connection closed, or the answer broke the schema), or
 * `Refused` (not sent: not connected, invalid params, or forbidden in its registration state).
 */
export type CommandStatus = 'Pending' | 'Answered' | 'CallError' | 'TimedOut' | 'Failed' | 'Refused';

/**
 * A JSON value: what params, responses and charging profiles are stored as, through their
 * JSON text, so what `JSON.stringify` drops (an `undefined` property) is not kept. Key order
 * is not part of the value.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface NewCommand {
  chargePointId: string;
  /** A central-system-initiated OCPP action, e.g. `Reset`. */
  action: string;
  params: JsonValue;
  requestedAt: IsoTimestamp;
  /**
   * Who sent it, for the audit: the HTTP API writes `token:<name>` for a named token and
   * `api-token` for its configured token; `null` or left out: the library. Never a secret.
   */
  actor?: string | null;
  /**
   * The node (central-system process) that sent it, when several share one database
   * (`Cluster.nodeId`); `null` or left out: not recorded.
   */
  nodeId?: string | null;
}

/** What `commands.complete` stores; a field left out is stored as `null`. */
export interface CommandOutcome {
  status: Exclude<CommandStatus, 'Pending'>;
  /** The CALLRESULT payload, for `Answered`. A JSON `null` payload reads back as no response (`null`). */
  response?: JsonValue | null;
  /** The CALLERROR code, or a Levity error code for `Refused`/`Failed`/`TimedOut`. */
  errorCode?: string | null;
  errorDescription?: string | null;
  at: IsoTimestamp;
}

/** One row of `command`: the log of everything Levity sent to charge points. */
export interface CommandRecord extends NewCommand {
  id: number;
  actor: string | null;
  nodeId: string | null;
  status: CommandStatus;
  response: JsonValue | null;
  errorCode: string | null;
  errorDescription: string | null;
  completedAt: IsoTimestamp | null;
}

export interface CommandFilter {
  chargePointId?: string;
  action?: string;
  /** Only commands this actor sent (exactly as stored, e.g. `token:grafana`). */
  actor?: string;
  status?: CommandStatus;
  /** Requested at or after. */
  from?: IsoTimestamp;
  /** Only commands with an id below this one: the cursor of the previous (newest-first) page. */
  before?: number;
  limit?: number;
}

/** One configuration key of a charge point as Levity last learned it (`cp_config`). */
export interface ConfigurationKeyRecord {
  chargePointId: string;
  /** CiString50, as the charge point spells it. */
  key: string;
  /** `null` when the charge point reported no value (or the key is unknown to it). */
  value: string | null;
  /** `null` when not known (a value set by ChangeConfiguration before any GetConfiguration). */
  readonly: boolean | null;
  /** The charge point listed the key among `unknownKey` in GetConfiguration.conf. */
  unknown: boolean;
  /** Set by ChangeConfiguration answered RebootRequired; cleared when GetConfiguration reports the key again. */
  rebootRequired: boolean;
  updatedAt: IsoTimestamp;
}

export type ConfigurationKeyUpdate = Omit<ConfigurationKeyRecord, 'chargePointId' | 'updatedAt'>;

/** An entry of a charge point's Local Authorization List (OCPP 1.6 §3.5.3). */
export interface LocalListEntry {
  idTag: string;
  idTagInfo: {
    status: IdTagStatus | 'ConcurrentTx';
    expiryDate: IsoTimestamp | null;
    parentIdTag: string | null;
  };
}

/** The Local Authorization List Levity believes a charge point holds (`local_list`, `local_list_entry`). */
export interface LocalListRecord {
  chargePointId: string;
  version: number;
  /** Ordered by id tag (case-insensitively). */
  entries: LocalListEntry[];
  updatedAt: IsoTimestamp;
}

/**
 * A reservation's life: `Requested` (ReserveNow sent), then the charge point's answer
 * (`Accepted`, `Faulted`, `Occupied`, `Rejected`, `Unavailable`) or `Failed` (no answer);
 * an accepted one ends `Used` (a StartTransaction carried its id), `Cancelled` or `Expired`.
 */
export type ReservationStatus =
  | 'Requested'
  | 'Accepted'
  | 'Faulted'
  | 'Occupied'
  | 'Rejected'
  | 'Unavailable'
  | 'Failed'
  | 'Used'
  | 'Cancelled'
  | 'Expired';

export interface NewReservation {
  /** The reservationId, when the caller chose it (a raw ReserveNow); otherwise the storage assigns the next one. */
  id?: number;
  chargePointId: string;
  connectorId: number;
  idTag: string;
  parentIdTag: string | null;
  expiryDate: IsoTimestamp;
  createdAt: IsoTimestamp;
}

/** What a ReserveNow re-sent with an existing reservationId replaces (OCPP 1.6 §5.13). */
export type ReservationReplacement = Pick<
  NewReservation,
  'connectorId' | 'idTag' | 'parentIdTag' | 'expiryDate'
>;

/** One row of `reservation`; `id` is the reservationId sent in ReserveNow. */
export interface ReservationRecord extends NewReservation {
  id: number;
  status: ReservationStatus;
  /** The transaction that used it. */
  transactionId: number | null;
  updatedAt: IsoTimestamp;
}

export interface ReservationFilter {
  chargePointId?: string;
  status?: ReservationStatus;
  limit?: number;
}

/** A charging profile Levity believes is installed on a charge point (`charging_profile`). */
export interface ChargingProfileRecord {
  chargePointId: string;
  /** 0 for the whole charge point. */
  connectorId: number;
  chargingProfileId: number;
  stackLevel: number;
  purpose: 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
  transactionId: number | null;
  /** The whole `csChargingProfiles` object as sent. */
  profile: JsonValue;
  installedAt: IsoTimestamp;
}

/** Which firmware, diagnostics or log operation a job tracks. */
export type JobKind = 'Firmware' | 'Diagnostics' | 'Log' | 'SignedFirmware';

export interface NewJob {
  chargePointId: string;
  kind: JobKind;
  /** The command (UpdateFirmware, GetDiagnostics, GetLog, SignedUpdateFirmware) that started it. */
  commandId: number;
  /** The requestId of GetLog / SignedUpdateFirmware. */
  requestId: number | null;
  /** `Requested`, then the command's answer, then each status notification's status. */
  status: string;
  /**
   * What was asked: the firmware URL (UpdateFirmware `location`, SignedUpdateFirmware
   * `firmware.location`) or the upload location (GetDiagnostics `location`, GetLog
   * `log.remoteLocation`). `null` for jobs stored before Levity kept it.
   */
  location: string | null;
  /** When to download the firmware (`retrieveDate`, `firmware.retrieveDateTime`). */
  retrieveDate: IsoTimestamp | null;
  /** When to install it (SignedUpdateFirmware `firmware.installDateTime`). */
  installDate: IsoTimestamp | null;
  /** The oldest log or diagnostics entry asked for (`startTime`, `log.oldestTimestamp`). */
  startTime: IsoTimestamp | null;
  /** The newest one (`stopTime`, `log.latestTimestamp`). */
  stopTime: IsoTimestamp | null;
  /** How often the charge point should retry the download or upload (`retries`). */
  retries: number | null;
  /** Seconds between those tries (`retryInterval`). */
  retryInterval: number | null;
  createdAt: IsoTimestamp;
}

/** The details of a job's request, as `NewJob` keeps them (each `null` when not asked). */
export type JobDetails = Pick<
  NewJob,
  'location' | 'retrieveDate' | 'installDate' | 'startTime' | 'stopTime' | 'retries' | 'retryInterval'
>;

/** One row of `cp_job`. */
export interface JobRecord extends NewJob {
  id: number;
  /** The file name a GetDiagnostics or GetLog answer announced. */
  fileName: string | null;
  /** Whether the job reached a final status (done, failed or refused). */
  finished: boolean;
  updatedAt: IsoTimestamp;
}

export interface JobFilter {
  chargePointId?: string;
  kind?: JobKind;
  /** `true`: only unfinished jobs; `false`: only finished ones. */
  open?: boolean;
  limit?: number;
}

/**
 * The security profiles of the OCPP 1.6 security whitepaper (edition 3, §2.1): 1 = HTTP
 * Basic auth, 2 = TLS with Basic auth, 3 = TLS with client certificates. 0 is plain
 * OCPP-J 1.6: no authentication at all.
 */
export type SecurityProfile = (typeof SECURITY_PROFILES)[number];

/**
 * One row of `cp_security`: how a charge point must prove who it is. Kept apart from
 * `cp` so that no listing of charge points ever carries a password hash.
 */
export interface ChargePointSecurityRecord {
  chargePointId: string;
  /** The lowest profile it may connect with (the server's minimum may be higher). */
  securityProfile: SecurityProfile;
  /**
   * The hash of its Basic auth password with the parameters that made it (see
   * `hashPassword`), or `null` when none is set. Never the password itself.
   */
  passwordHash: string | null;
  /** The latest `at` of the writes; never moves backwards. */
  updatedAt: IsoTimestamp;
}

/** The fields to change; a field left out stays as it is. */
export interface ChargePointSecurityPatch {
  securityProfile?: SecurityProfile;
  passwordHash?: string | null;
}

/**
 * Why Levity refused a charge point's WebSocket upgrade (whitepaper A00.FR.323 and
 * A00.FR.408 recommend logging such a security event in the central system):
 * - `MissingCredentials`: no Basic auth (or none for this id) where a password is required.
 * - `InvalidCredentials`: a wrong password.
 * - `UnknownChargePoint`: no password is set for this id.
 * - `TlsRequired`: its profile needs TLS and it connected over plain `ws://`.
 * - `ClientCertificateRequired`: profile 3 and no client certificate.
 * - `InvalidClientCertificate`: a client certificate that does not chain to the CA, is
 *   outside its validity period, or whose subject CN is not the charge point id.
 */
export type ConnectionRefusalReason = (typeof CONNECTION_REFUSAL_REASONS)[number];

/** One refused upgrade, as the central system saw it (not reported by a charge point). */
export interface NewConnectionRefusal {
  /** The id the client connected as; it may be no charge point Levity knows. */
  chargePointId: string;
  reason: ConnectionRefusalReason;
  /** The profile the connection had to meet: the higher of the server's and the charge point's. */
  requiredProfile: SecurityProfile;
  remoteAddress: string | null;
  /** More about the reason (e.g. the certificate error); never a password. */
  detail: string | null;
  receivedAt: IsoTimestamp;
}

/** One row of `connection_refusal`. */
export interface ConnectionRefusalRecord extends NewConnectionRefusal {
  id: number;
}
