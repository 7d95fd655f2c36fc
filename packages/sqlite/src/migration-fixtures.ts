// What the migration tests share: moving a database to a migration, snapshots of its
// schema and rows, and rows for each migration's tables with every column that may be
// null filled where it can be, so that a migration that loses a value shows.
import { type Kysely, Migrator, type NO_MIGRATIONS, sql } from 'kysely';
import { expect } from 'vitest';
import { SqlFileMigrationProvider } from './migrations.js';

export type Row = Record<string, unknown>;

/** Every table of 001_initial with the columns that identify and order its rows. */
export const TABLES_001: Readonly<Record<string, string>> = {
  cp: 'id',
  cp_conn: 'charge_point_id, connector_id',
  tx: 'id',
  meter_val: 'id',
  cp_err: 'id',
};

/** Every table up to 002_operations, the same way. */
export const TABLES_002: Readonly<Record<string, string>> = {
  ...TABLES_001,
  id_tag: 'id_tag',
  data_transfer: 'id',
  status_report: 'id',
  security_event: 'id',
  certificate_request: 'id',
};

/** Runs the migrations up or down to `name`, failing the test unless every one succeeds. */
export async function migrateTo(db: Kysely<unknown>, name: string | typeof NO_MIGRATIONS): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: new SqlFileMigrationProvider() }).migrateTo(
    name,
  );
  expect(error).toBeUndefined();
  expect(results?.every((result) => result.status === 'Success')).toBe(true);
}

/** Every row of each of `tables` (name → ordering columns), in key order. */
export async function rowsOf(
  db: Kysely<unknown>,
  tables: Readonly<Record<string, string>>,
): Promise<Record<string, Row[]>> {
  const rows: Record<string, Row[]> = {};
  for (const [table, key] of Object.entries(tables)) {
    rows[table] = (
      await sql<Row>`select * from ${sql.table(table)} order by ${sql.raw(key)}`.execute(db)
    ).rows;
  }
  return rows;
}

/** The schema as SQLite keeps it: every table's and index's CREATE statement. */
export async function schemaOf(
  db: Kysely<unknown>,
): Promise<{ type: string; name: string; sql: string | null }[]> {
  const { rows } = await sql<{ type: string; name: string; sql: string | null }>`
    select type, name, sql from sqlite_master
    where name not like 'kysely_%' order by type, name`.execute(db);
  return rows;
}

/** Rows in every 001 table. */
export async function seed001(db: Kysely<unknown>): Promise<void> {
  await sql`insert into cp (id, vendor, model, charge_point_serial_number, charge_box_serial_number,
      firmware_version, iccid, imsi, meter_type, meter_serial_number, registration_status, booted_at,
      status, error_code, status_info, status_vendor_id, status_vendor_error_code, status_timestamp,
      status_received_at, diagnostics_status, diagnostics_status_at, firmware_status, firmware_status_at,
      connected, connected_at, disconnected_at, remote_address, last_seen_at, last_heartbeat_at,
      created_at, updated_at)
    values ('CP001', 'V', 'M', 'CPSN', 'CBSN', '1.0', 'ICCID', 'IMSI', 'MT', 'MSN', 'Accepted', 't1',
      'Available', 'NoError', 'info', 'vid', 'verr', 't2', 't3', 'Uploaded', 't4', 'Installed', 't5',
      1, 't6', 't7', '192.0.2.1', 't8', 't9', 't0', 't9')`.execute(db);
  await sql`insert into cp (id, created_at, updated_at) values ('CP002', 't0', 't0')`.execute(db);
  await sql`insert into cp_conn (charge_point_id, connector_id, status, error_code, info, vendor_id,
      vendor_error_code, status_timestamp, received_at)
    values ('CP001', 1, 'Charging', 'NoError', 'i', 'v', 'e', 't1', 't2'),
           ('CP001', 2, 'Faulted', 'GroundFailure', null, null, null, null, 't3')`.execute(db);
  await sql`insert into tx (charge_point_id, connector_id, id_tag, id_tag_status, meter_start, started_at,
      reservation_id, meter_stop, stopped_at, stop_reason, stop_id_tag, anomaly, reported_transaction_id,
      created_at, stop_received_at)
    values ('CP001', 1, 'TAG', 'Accepted', 10, 't1', 7, null, null, null, null, null, null, 't1', null),
           ('CP001', 2, 'tag', 'Accepted', 20, 't2', null, 30, 't3', 'Local', 'TAG', null, null, 't2', 't3'),
           ('CP002', null, null, null, null, null, null, 40, 't4', null, null, 'UnknownTransaction', 99,
            't4', 't4')`.execute(db);
  await sql`insert into meter_val (charge_point_id, connector_id, transaction_id, reported_transaction_id,
      timestamp, value, context, format, measurand, phase, location, unit, source, received_at)
    values ('CP001', 1, 1, 1, 't1', '1.5', 'Sample.Periodic', 'Raw', 'Energy.Active.Import.Register',
            'L1', 'Outlet', 'Wh', 'MeterValues', 't2'),
           ('CP002', null, 3, 99, 't4', '2', 'Transaction.End', 'Raw', 'Energy.Active.Import.Register',
            null, 'Outlet', 'Wh', 'StopTransaction', 't4')`.execute(db);
  await sql`insert into cp_err (charge_point_id, connector_id, error_code, status, info, vendor_id,
      vendor_error_code, timestamp, received_at)
    values ('CP001', 2, 'GroundFailure', 'Faulted', 'i', 'v', 'e', 't1', 't2')`.execute(db);
}

/** Rows in every 002 table and column, on top of {@link seed001}'s. */
export async function seed002(db: Kysely<unknown>): Promise<void> {
  await sql`update cp set admission = 'Accepted' where id = 'CP001'`.execute(db);
  await sql`update tx set attention = 'OpenWhileAvailable', attention_at = 't5' where id = 1`.execute(db);
  await sql`insert into id_tag (id_tag, status, expiry_date, parent_id_tag, note, created_at, updated_at)
    values ('ABC', 'Accepted', 't9', 'FLEET', 'n', 't0', 't1'),
           ('DEF', 'Blocked', null, null, null, 't0', 't0')`.execute(db);
  await sql`insert into data_transfer (charge_point_id, vendor_id, message_id, data, status, response_data,
      received_at)
    values ('CP001', 'v', 'm', 'd', 'Accepted', 'r', 't1'),
           ('CP002', 'v', null, null, 'UnknownVendorId', null, 't2')`.execute(db);
  await sql`insert into status_report (charge_point_id, kind, status, request_id, job_id, received_at)
    values ('CP001', 'Log', 'Uploading', 7, 3, 't1'),
           ('CP001', 'Firmware', 'Installed', null, null, 't2')`.execute(db);
  await sql`insert into security_event (charge_point_id, type, timestamp, tech_info, received_at)
    values ('CP001', 'FirmwareUpdated', 't1', 'info', 't2'),
           ('CP001', 'ResetOrReboot', 't3', null, 't4')`.execute(db);
  await sql`insert into certificate_request (charge_point_id, csr, status, certificate_chain, failure_reason,
      received_at, updated_at)
    values ('CP001', 'csr', 'Signed', 'chain', null, 't1', 't2'),
           ('CP001', 'csr', 'Failed', null, 'why', 't3', 't4')`.execute(db);
}
