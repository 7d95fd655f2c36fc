import type {
  Admission,
  ChargePointFilter,
  ChargePointRecord,
  ChargePointRepository,
  DiagnosticsStatus,
  FirmwareStatus,
  IsoTimestamp,
  StatusUpdate,
} from '@levity/core';
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard, guardSync } from '../errors.js';
import type { ChargePointTable, Database } from '../schema.js';

type Row = Selectable<ChargePointTable>;
type Fields = Omit<Insertable<ChargePointTable>, 'id' | 'created_at' | 'updated_at'>;
type BootWithStatus = Parameters<ChargePointRepository['recordBoot']>[1];

export function toChargePointRecord(row: Row): ChargePointRecord {
  return {
    id: row.id,
    admission: row.admission,
    vendor: row.vendor,
    model: row.model,
    chargePointSerialNumber: row.charge_point_serial_number,
    chargeBoxSerialNumber: row.charge_box_serial_number,
    firmwareVersion: row.firmware_version,
    iccid: row.iccid,
    imsi: row.imsi,
    meterType: row.meter_type,
    meterSerialNumber: row.meter_serial_number,
    registrationStatus: row.registration_status,
    bootedAt: row.booted_at,
    status: row.status,
    errorCode: row.error_code,
    statusInfo: row.status_info,
    statusVendorId: row.status_vendor_id,
    statusVendorErrorCode: row.status_vendor_error_code,
    statusTimestamp: row.status_timestamp,
    statusReceivedAt: row.status_received_at,
    diagnosticsStatus: row.diagnostics_status,
    diagnosticsStatusAt: row.diagnostics_status_at,
    firmwareStatus: row.firmware_status,
    firmwareStatusAt: row.firmware_status_at,
    connected: row.connected === 1,
    connectedAt: row.connected_at,
    disconnectedAt: row.disconnected_at,
    remoteAddress: row.remote_address,
    lastSeenAt: row.last_seen_at,
    lastHeartbeatAt: row.last_heartbeat_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// In ON CONFLICT DO UPDATE, `cp.x` is the stored value and `excluded.x` the one the
// insert tried; updated_at and last_seen_at only ever move forward.
const laterUpdatedAt = sql<IsoTimestamp>`max(cp.updated_at, excluded.updated_at)`;

// An upsert that creates the row when missing; `updated_at` only moves forward.
const upsert = (columns: string) => {
  const names = columns.split(', ');
  return `INSERT INTO cp (id, ${columns}, created_at, updated_at) VALUES (?, ${names.map(() => '?').join(', ')}, ?, ?)
    ON CONFLICT (id) DO UPDATE SET ${names.map((name) => `${name} = excluded.${name}`).join(', ')},
      updated_at = max(cp.updated_at, excluded.updated_at)`;
};

/** The statements of connections, heartbeats and status notifications, prepared once per connection. */
export const CHARGE_POINT_SQL = {
  get: 'SELECT * FROM cp WHERE id = ?',
  recordHeartbeat: upsert('last_heartbeat_at'),
  recordDisconnected: upsert('connected, disconnected_at'),
  recordConnected: `INSERT INTO cp (id, connected, connected_at, remote_address, last_seen_at, created_at, updated_at)
    VALUES (?, 1, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET connected = 1, connected_at = excluded.connected_at,
      remote_address = excluded.remote_address,
      last_seen_at = max(coalesce(cp.last_seen_at, excluded.last_seen_at), excluded.last_seen_at),
      updated_at = max(cp.updated_at, excluded.updated_at)`,
  recordSeen: `INSERT INTO cp (id, last_seen_at, created_at, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at,
      updated_at = max(cp.updated_at, excluded.updated_at)
    WHERE cp.last_seen_at IS NULL OR cp.last_seen_at < excluded.last_seen_at`,
  // Not applied when older than the stored status, by the charge point's own clock.
  recordStatus: `${upsert(
    'status, error_code, status_info, status_vendor_id, status_vendor_error_code, status_timestamp, status_received_at',
  )}
    WHERE excluded.status_timestamp IS NULL OR cp.status_timestamp IS NULL
      OR excluded.status_timestamp >= cp.status_timestamp`,
  recordBoot: `${upsert(
    'vendor, model, charge_point_serial_number, charge_box_serial_number, firmware_version, iccid, imsi, meter_type, meter_serial_number, registration_status, booted_at',
  )} RETURNING *`,
} as const;

/**
 * `ChargePointRepository` on the `cp` table: every write is one upsert. Writes run
 * inside a unit of work (see `SqliteStorage`).
 */
export class SqliteChargePoints implements ChargePointRepository {
  readonly #connection: SqliteConnection;
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#connection = connection;
    this.#db = connection.db;
  }

  #sql(name: keyof typeof CHARGE_POINT_SQL) {
    return this.#connection.statement(CHARGE_POINT_SQL[name]);
  }

  /** Inserts the charge point with `fields`, or sets `fields` on the stored row. */
  #upsert(id: string, at: IsoTimestamp, fields: Fields) {
    return this.#db
      .insertInto('cp')
      .values({ ...fields, id, created_at: at, updated_at: at })
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ ...fields, updated_at: laterUpdatedAt }));
  }

  get(id: string): Promise<ChargePointRecord | undefined> {
    return guardSync('read a charge point', () => {
      const row = this.#sql('get').get(id) as Row | undefined;
      return row && toChargePointRecord(row);
    });
  }

  list(filter: ChargePointFilter = {}): Promise<ChargePointRecord[]> {
    return this.listAfter(filter.after, filter.limit);
  }

  /** `list`, continued after the charge point `after`, at most `limit` of them: for reads cut into chunks. */
  listAfter(after: string | undefined, limit?: number): Promise<ChargePointRecord[]> {
    return guard('list charge points', async () => {
      let query = this.#db.selectFrom('cp').selectAll();
      if (after !== undefined) query = query.where('id', '>', after);
      query = query.orderBy('id');
      if (limit !== undefined) query = query.limit(limit);
      const rows = await query.execute();
      return rows.map(toChargePointRecord);
    });
  }

  recordBoot(id: string, boot: BootWithStatus): Promise<ChargePointRecord> {
    return guardSync('record a boot', () => {
      const row = this.#sql('recordBoot').get(
        id,
        boot.vendor,
        boot.model,
        boot.chargePointSerialNumber,
        boot.chargeBoxSerialNumber,
        boot.firmwareVersion,
        boot.iccid,
        boot.imsi,
        boot.meterType,
        boot.meterSerialNumber,
        boot.registrationStatus,
        boot.at,
        boot.at,
        boot.at,
      ) as Row;
      return toChargePointRecord(row);
    });
  }

  recordConnected(
    id: string,
    { at, remoteAddress }: { at: IsoTimestamp; remoteAddress: string | null },
  ): Promise<void> {
    return guardSync('record a connection', () => {
      this.#sql('recordConnected').run(id, at, remoteAddress, at, at, at);
    });
  }

  recordDisconnected(id: string, at: IsoTimestamp): Promise<void> {
    return guardSync('record a disconnection', () => {
      this.#sql('recordDisconnected').run(id, 0, at, at, at);
    });
  }

  markAllDisconnected(at: IsoTimestamp): Promise<number> {
    return guard('mark charge points disconnected', async () => {
      const result = await this.#db
        .updateTable('cp')
        .set({ connected: 0, disconnected_at: at, updated_at: sql<IsoTimestamp>`max(updated_at, ${at})` })
        .where('connected', '=', 1)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    });
  }

  recordSeen(sightings: readonly { id: string; at: IsoTimestamp }[]): Promise<void> {
    return guardSync('record signs of life', () => {
      const statement = this.#sql('recordSeen');
      this.#connection.atomically(() => {
        for (const { id, at } of sightings) statement.run(id, at, at, at);
      });
    });
  }

  recordHeartbeat(id: string, at: IsoTimestamp): Promise<void> {
    return guardSync('record a heartbeat', () => {
      this.#sql('recordHeartbeat').run(id, at, at, at);
    });
  }

  recordStatus(update: StatusUpdate): Promise<void> {
    return guardSync("record a charge point's status", () => {
      this.#sql('recordStatus').run(
        update.chargePointId,
        update.status,
        update.errorCode,
        update.info,
        update.vendorId,
        update.vendorErrorCode,
        update.timestamp,
        update.receivedAt,
        update.receivedAt,
        update.receivedAt,
      );
    });
  }

  recordDiagnosticsStatus(id: string, status: DiagnosticsStatus, at: IsoTimestamp): Promise<void> {
    return guard('record a diagnostics status', async () => {
      await this.#upsert(id, at, { diagnostics_status: status, diagnostics_status_at: at }).execute();
    });
  }

  recordFirmwareStatus(id: string, status: FirmwareStatus, at: IsoTimestamp): Promise<void> {
    return guard('record a firmware status', async () => {
      await this.#upsert(id, at, { firmware_status: status, firmware_status_at: at }).execute();
    });
  }

  setAdmission(id: string, admission: Admission | null, at: IsoTimestamp): Promise<ChargePointRecord> {
    return guard('set the admission of a charge point', async () => {
      const row = await this.#upsert(id, at, { admission }).returningAll().executeTakeFirstOrThrow();
      return toChargePointRecord(row);
    });
  }

  removeNeverBooted(updatedBefore: IsoTimestamp): Promise<number> {
    return guard('remove charge points that never booted', async () => {
      // cp_conn rows follow through ON DELETE CASCADE.
      const result = await this.#db
        .deleteFrom('cp')
        .where('registration_status', 'is', null)
        .where('admission', 'is', null)
        .where('connected', '=', 0)
        .where('updated_at', '<', updatedBefore)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
}
