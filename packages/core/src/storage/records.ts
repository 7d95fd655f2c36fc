// Plain records that cross the Storage boundary. Timestamps are ISO 8601 strings in
// UTC with millisecond precision ("2025-01-31T12:00:00.000Z"), so they sort as text
// and mean the same thing in every storage implementation.
import type {
  BootNotificationResponse,
  DiagnosticsStatusNotificationRequest,
  FirmwareStatusNotificationRequest,
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

/** An ISO 8601 timestamp in UTC with milliseconds, e.g. `2025-01-31T12:00:00.000Z`. */
export type IsoTimestamp = string;

export type RegistrationStatus = BootNotificationResponse['status'];
export type DiagnosticsStatus = DiagnosticsStatusNotificationRequest['status'];
export type FirmwareStatus = FirmwareStatusNotificationRequest['status'];

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

/** One row of `cp`: a charge point as Levity knows it. */
export interface ChargePointRecord extends Omit<BootInfo, 'vendor' | 'model'> {
  id: string;
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
 * Why a transaction row needs an operator's attention.
 * - `UnknownTransaction`: a StopTransaction named a transactionId Levity never issued;
 *   the row records that stop (and its meter values) so nothing is dropped.
 */
export type TransactionAnomaly = 'UnknownTransaction';

export interface NewTransaction {
  chargePointId: string;
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
