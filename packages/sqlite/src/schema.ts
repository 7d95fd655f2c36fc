// The tables of the migrations in sql/ (as of 005_api_tokens) as Kysely sees them. Columns are typed by what
// the repositories write, so a wrong enum or a boolean where 0/1 belongs fails to compile.
import type {
  ApiTokenRole,
  CertificateRequestRecord,
  ChargePointRecord,
  ChargingProfileRecord,
  CommandStatus,
  ConnectionRefusalReason,
  ConnectorRecord,
  DataTransferRecord,
  ErrorEventRecord,
  IdTagRecord,
  IsoTimestamp,
  JobKind,
  LocalListEntry,
  MeterValueRecord,
  ReservationStatus,
  SecurityProfile,
  StatusReportRecord,
  TransactionRecord,
} from '@levity/core';
import type { Generated } from 'kysely';

/** SQLite has no boolean type: 0 or 1. */
export type SqliteBoolean = 0 | 1;

/** `cp`: one row per charge point. */
export interface ChargePointTable {
  id: string;
  admission: ChargePointRecord['admission'];
  vendor: string | null;
  model: string | null;
  charge_point_serial_number: string | null;
  charge_box_serial_number: string | null;
  firmware_version: string | null;
  iccid: string | null;
  imsi: string | null;
  meter_type: string | null;
  meter_serial_number: string | null;
  registration_status: ChargePointRecord['registrationStatus'];
  booted_at: IsoTimestamp | null;
  status: ChargePointRecord['status'];
  error_code: ChargePointRecord['errorCode'];
  status_info: string | null;
  status_vendor_id: string | null;
  status_vendor_error_code: string | null;
  status_timestamp: IsoTimestamp | null;
  status_received_at: IsoTimestamp | null;
  diagnostics_status: ChargePointRecord['diagnosticsStatus'];
  diagnostics_status_at: IsoTimestamp | null;
  firmware_status: ChargePointRecord['firmwareStatus'];
  firmware_status_at: IsoTimestamp | null;
  connected: Generated<SqliteBoolean>;
  connected_at: IsoTimestamp | null;
  disconnected_at: IsoTimestamp | null;
  remote_address: string | null;
  last_seen_at: IsoTimestamp | null;
  last_heartbeat_at: IsoTimestamp | null;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
}

/** `cp_conn`: the last known state of each connector ≥ 1. */
export interface ConnectorTable {
  charge_point_id: string;
  connector_id: number;
  status: ConnectorRecord['status'];
  error_code: ConnectorRecord['errorCode'];
  info: string | null;
  vendor_id: string | null;
  vendor_error_code: string | null;
  status_timestamp: IsoTimestamp | null;
  received_at: IsoTimestamp;
}

/** `tx`: charging sessions, and anomalies such as unknown StopTransactions. */
export interface TransactionTable {
  id: Generated<number>;
  charge_point_id: string;
  connector_id: number | null;
  id_tag: string | null;
  id_tag_status: TransactionRecord['idTagStatus'];
  meter_start: number | null;
  started_at: IsoTimestamp | null;
  reservation_id: number | null;
  meter_stop: number | null;
  stopped_at: IsoTimestamp | null;
  stop_reason: TransactionRecord['stopReason'];
  stop_id_tag: string | null;
  anomaly: TransactionRecord['anomaly'];
  attention: TransactionRecord['attention'];
  attention_at: IsoTimestamp | null;
  remote_start_command_id: number | null;
  remote_stop_command_id: number | null;
  reported_transaction_id: number | null;
  created_at: IsoTimestamp;
  stop_received_at: IsoTimestamp | null;
}

/** `meter_val`: one sampled value per row. */
export interface MeterValueTable {
  id: Generated<number>;
  charge_point_id: string;
  connector_id: number | null;
  transaction_id: number | null;
  reported_transaction_id: number | null;
  timestamp: IsoTimestamp;
  value: string;
  context: MeterValueRecord['context'];
  format: MeterValueRecord['format'];
  measurand: MeterValueRecord['measurand'];
  phase: MeterValueRecord['phase'];
  location: MeterValueRecord['location'];
  unit: MeterValueRecord['unit'];
  source: MeterValueRecord['source'];
  received_at: IsoTimestamp;
}

/** `cp_err`: StatusNotifications whose errorCode was not NoError. */
export interface ErrorEventTable {
  id: Generated<number>;
  charge_point_id: string;
  connector_id: number;
  error_code: ErrorEventRecord['errorCode'];
  status: ErrorEventRecord['status'];
  info: string | null;
  vendor_id: string | null;
  vendor_error_code: string | null;
  timestamp: IsoTimestamp | null;
  received_at: IsoTimestamp;
}

/** `id_tag`: the id-tag store; `id_tag` and `parent_id_tag` compare case-insensitively (NOCASE). */
export interface IdTagTable {
  id_tag: string;
  status: IdTagRecord['status'];
  expiry_date: IsoTimestamp | null;
  parent_id_tag: string | null;
  note: string | null;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
}

/** `data_transfer`: every DataTransfer a charge point sent, with Levity's answer. */
export interface DataTransferTable {
  id: Generated<number>;
  charge_point_id: string;
  vendor_id: string;
  message_id: string | null;
  data: string | null;
  status: DataTransferRecord['status'];
  response_data: string | null;
  received_at: IsoTimestamp;
}

/** `status_report`: Diagnostics/Firmware/Log/SignedFirmware status notifications. */
export interface StatusReportTable {
  id: Generated<number>;
  charge_point_id: string;
  kind: StatusReportRecord['kind'];
  status: StatusReportRecord['status'];
  request_id: number | null;
  job_id: number | null;
  received_at: IsoTimestamp;
}

/** `security_event`: SecurityEventNotifications. */
export interface SecurityEventTable {
  id: Generated<number>;
  charge_point_id: string;
  type: string;
  timestamp: IsoTimestamp;
  tech_info: string | null;
  received_at: IsoTimestamp;
}

/** `certificate_request`: SignCertificate CSRs and what became of them. */
export interface CertificateRequestTable {
  id: Generated<number>;
  charge_point_id: string;
  csr: string;
  status: CertificateRequestRecord['status'];
  certificate_chain: string | null;
  failure_reason: string | null;
  received_at: IsoTimestamp;
  updated_at: IsoTimestamp;
}

/** `cp_security`: how each charge point must authenticate. */
export interface ChargePointSecurityTable {
  charge_point_id: string;
  security_profile: SecurityProfile;
  password_hash: string | null;
  updated_at: IsoTimestamp;
}

/** `connection_refusal`: upgrades refused for a security reason. */
export interface ConnectionRefusalTable {
  id: Generated<number>;
  charge_point_id: string;
  reason: ConnectionRefusalReason;
  required_profile: SecurityProfile;
  remote_address: string | null;
  detail: string | null;
  received_at: IsoTimestamp;
}

/** JSON text (`JSON.stringify` of a `JsonValue`); the column CHECKs `json_valid`. */
export type JsonText = string;

/** `command`: the log of every call Levity sent to a charge point. */
export interface CommandTable {
  id: Generated<number>;
  charge_point_id: string;
  action: string;
  params: JsonText;
  requested_at: IsoTimestamp;
  status: CommandStatus;
  response: JsonText | null;
  error_code: string | null;
  error_description: string | null;
  completed_at: IsoTimestamp | null;
  /** Added by 005_api_tokens. */
  actor: string | null;
  node_id: string | null;
}

/** `cp_config`: configuration keys; `key` compares case-insensitively (NOCASE). */
export interface ConfigurationKeyTable {
  charge_point_id: string;
  key: string;
  value: string | null;
  readonly: SqliteBoolean | null;
  unknown: SqliteBoolean;
  reboot_required: SqliteBoolean;
  updated_at: IsoTimestamp;
}

/** `local_list`: the version of each charge point's Local Authorization List. */
export interface LocalListTable {
  charge_point_id: string;
  version: number;
  updated_at: IsoTimestamp;
}

/** `local_list_entry`: its entries; `id_tag` and `parent_id_tag` compare case-insensitively (NOCASE). */
export interface LocalListEntryTable {
  charge_point_id: string;
  id_tag: string;
  status: LocalListEntry['idTagInfo']['status'];
  expiry_date: IsoTimestamp | null;
  parent_id_tag: string | null;
}

/** `reservation`: reservations; `id` is the reservationId. */
export interface ReservationTable {
  id: Generated<number>;
  charge_point_id: string;
  connector_id: number;
  id_tag: string;
  parent_id_tag: string | null;
  expiry_date: IsoTimestamp;
  status: ReservationStatus;
  transaction_id: number | null;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
}

/** `charging_profile`: the charging profiles installed on charge points. */
export interface ChargingProfileTable {
  charge_point_id: string;
  charging_profile_id: number;
  connector_id: number;
  stack_level: number;
  purpose: ChargingProfileRecord['purpose'];
  transaction_id: number | null;
  profile: JsonText;
  installed_at: IsoTimestamp;
}

/** `cp_job`: firmware, diagnostics and log jobs. */
export interface JobTable {
  id: Generated<number>;
  charge_point_id: string;
  kind: JobKind;
  command_id: number;
  request_id: number | null;
  status: string;
  /** 007_job_details: what the request asked for; null in jobs created before it. */
  location: string | null;
  retrieve_date: IsoTimestamp | null;
  install_date: IsoTimestamp | null;
  start_time: IsoTimestamp | null;
  stop_time: IsoTimestamp | null;
  retries: number | null;
  retry_interval: number | null;
  file_name: string | null;
  finished: SqliteBoolean;
  created_at: IsoTimestamp;
  updated_at: IsoTimestamp;
}

/** `api_token` (005): named API tokens; `name` compares case-insensitively (NOCASE). */
export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  role: ApiTokenRole;
  secret_hash: string;
  created_at: IsoTimestamp;
  last_used_at: IsoTimestamp | null;
  revoked_at: IsoTimestamp | null;
}

/** Levity's SQLite database, for `Kysely<Database>`. */
export interface Database {
  cp: ChargePointTable;
  cp_conn: ConnectorTable;
  tx: TransactionTable;
  meter_val: MeterValueTable;
  cp_err: ErrorEventTable;
  id_tag: IdTagTable;
  data_transfer: DataTransferTable;
  status_report: StatusReportTable;
  security_event: SecurityEventTable;
  certificate_request: CertificateRequestTable;
  command: CommandTable;
  cp_config: ConfigurationKeyTable;
  local_list: LocalListTable;
  local_list_entry: LocalListEntryTable;
  reservation: ReservationTable;
  charging_profile: ChargingProfileTable;
  cp_job: JobTable;
  api_token: ApiTokenTable;
  cp_security: ChargePointSecurityTable;
  connection_refusal: ConnectionRefusalTable;
}
