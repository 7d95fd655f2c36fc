// The shapes the management API answers, from the records @levity/core stores (the
// API's response schemas are checked against the same types). Type-only: nothing of
// core ends up in the bundle.
import type {
  CentralSystemAction,
  CentralSystemEvents,
  ChargePointRecord,
  ChargingProfileRecord,
  CommandRecord,
  ConfigurationKeyRecord,
  ConnectorRecord,
  ErrorEventRecord,
  IdTagRecord,
  JobRecord,
  ReservationRecord,
  SecurityEventRecord,
  StatusReportRecord,
  TransactionView,
} from '@levity/core';

export type {
  CentralSystemAction,
  CentralSystemEvents,
  ChargingProfileRecord,
  CommandRecord,
  ConfigurationKeyRecord,
  ConnectorRecord,
  ErrorEventRecord,
  IdTagRecord,
  JobRecord,
  ReservationRecord,
  SecurityEventRecord,
  StatusReportRecord,
};

/** `GET /api/charge-points` items: the stored record and whether it is connected now. */
export type ChargePoint = ChargePointRecord & { connected: boolean };
/** `GET /api/charge-points/{id}`. */
export type ChargePointDetail = ChargePoint & { connectors: ConnectorRecord[] };
/** A transaction with its status and energy. */
export type Transaction = TransactionView;
export type ConnectorStatus = ConnectorRecord['status'];

export interface List<T> {
  items: T[];
}
export interface Page<T> extends List<T> {
  nextCursor: string | null;
}

/** One measurand, phase and location of one connector, oldest first. */
export interface MeterValueSeries {
  connectorId: number | null;
  measurand: string;
  phase: string | null;
  location: string;
  unit: string;
  points: { timestamp: string; value: number | null; raw: string; transactionId: number | null }[];
}
export interface MeterValues {
  series: MeterValueSeries[];
  truncated: boolean;
}

/** `{"statusCode","error","code","message"}` and `field` for a 400. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  code?: string;
  message: string;
  field?: string;
  errorCode?: string;
  errorDescription?: string;
}

export type LiveEventName = keyof CentralSystemEvents;
