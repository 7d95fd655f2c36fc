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
import { type Insertable, type Selectable, sql } from 'kysely';
import type { ChargePointTable } from '../schema.js';
import type { Session } from '../session.js';
import { chunksOf } from './chunks.js';

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
    connected: row.connected,
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
// greatest() skips NULLs.
const laterUpdatedAt = sql<IsoTimestamp>`greatest(cp.updated_at, excluded.updated_at)`;
const laterLastSeenAt = sql<IsoTimestamp>`greatest(cp.last_seen_at, excluded.last_seen_at)`;

/** `ChargePointRepository` on the `cp` table: every write is one upsert. */
export class PostgresChargePoints implements ChargePointRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  /** Inserts the charge point with `fields`, or sets `fields` on the stored row. */
  #upsert(id: string, at: IsoTimestamp, fields: Fields) {
    return this.#session.db
      .insertInto('cp')
      .values({ ...fields, id, created_at: at, updated_at: at })
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ ...fields, updated_at: laterUpdatedAt }));
  }

  get(id: string): Promise<ChargePointRecord | undefined> {
    return this.#session.guard('read a charge point', async () => {
      const row = await this.#session.db.selectFrom('cp').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toChargePointRecord(row);
    });
  }

  list(filter: ChargePointFilter = {}): Promise<ChargePointRecord[]> {
    return this.#session.guard('list charge points', async () => {
      const { after, limit } = filter;
      // id is COLLATE "C": compared and ordered as UTF-8 bytes, whatever the database's collation.
      let query = this.#session.db.selectFrom('cp').selectAll();
      if (after !== undefined) query = query.where('id', '>', after);
      query = query.orderBy('id');
      if (limit !== undefined) query = query.limit(limit);
      const rows = await query.execute();
      return rows.map(toChargePointRecord);
    });
  }

  recordBoot(id: string, boot: BootWithStatus): Promise<ChargePointRecord> {
    return this.#session.guard('record a boot', async () => {
      const row = await this.#upsert(id, boot.at, {
        vendor: boot.vendor,
        model: boot.model,
        charge_point_serial_number: boot.chargePointSerialNumber,
        charge_box_serial_number: boot.chargeBoxSerialNumber,
        firmware_version: boot.firmwareVersion,
        iccid: boot.iccid,
        imsi: boot.imsi,
        meter_type: boot.meterType,
        meter_serial_number: boot.meterSerialNumber,
        registration_status: boot.registrationStatus,
        booted_at: boot.at,
      })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toChargePointRecord(row);
    });
  }

  recordConnected(
    id: string,
    { at, remoteAddress }: { at: IsoTimestamp; remoteAddress: string | null },
  ): Promise<void> {
    return this.#session.guard('record a connection', async () => {
      await this.#session.db
        .insertInto('cp')
        .values({
          id,
          connected: true,
          connected_at: at,
          remote_address: remoteAddress,
          last_seen_at: at,
          created_at: at,
          updated_at: at,
        })
        .onConflict((conflict) =>
          conflict.column('id').doUpdateSet({
            connected: true,
            connected_at: at,
            remote_address: remoteAddress,
            last_seen_at: laterLastSeenAt,
            updated_at: laterUpdatedAt,
          }),
        )
        .execute();
    });
  }

  recordDisconnected(id: string, at: IsoTimestamp): Promise<void> {
    return this.#session.guard('record a disconnection', async () => {
      await this.#upsert(id, at, { connected: false, disconnected_at: at }).execute();
    });
  }

  markAllDisconnected(at: IsoTimestamp): Promise<number> {
    return this.#session.guard('mark charge points disconnected', async () => {
      const result = await this.#session.db
        .updateTable('cp')
        .set({
          connected: false,
          disconnected_at: at,
          updated_at: sql<IsoTimestamp>`greatest(updated_at, ${at})`,
        })
        .where('connected', '=', true)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    });
  }

  recordSeen(sightings: readonly { id: string; at: IsoTimestamp }[]): Promise<void> {
    return this.#session.guard('record signs of life', async () => {
      // One row per charge point, its latest sighting: a multi-row upsert must not
      // touch the same row twice. In id order, so that two nodes' batches lock rows in
      // the same order and cannot deadlock.
      const latest = new Map<string, IsoTimestamp>();
      for (const { id, at } of sightings) {
        const known = latest.get(id);
        if (known === undefined || at > known) latest.set(id, at);
      }
      if (latest.size === 0) return;
      const rows = [...latest]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([id, at]) => ({ id, last_seen_at: at, created_at: at, updated_at: at }));
      await this.#session.atomic(async (trx) => {
        for (const chunk of chunksOf(rows, 4)) {
          await trx
            .insertInto('cp')
            .values(chunk)
            .onConflict((conflict) =>
              conflict
                .column('id')
                .doUpdateSet({
                  last_seen_at: (eb) => eb.ref('excluded.last_seen_at'),
                  updated_at: laterUpdatedAt,
                })
                .where((eb) =>
                  eb.or([
                    eb('cp.last_seen_at', 'is', null),
                    eb('cp.last_seen_at', '<', eb.ref('excluded.last_seen_at')),
                  ]),
                ),
            )
            .execute();
        }
      });
    });
  }

  recordHeartbeat(id: string, at: IsoTimestamp): Promise<void> {
    return this.#session.guard('record a heartbeat', async () => {
      await this.#upsert(id, at, { last_heartbeat_at: at }).execute();
    });
  }

  recordStatus(update: StatusUpdate): Promise<void> {
    return this.#session.guard("record a charge point's status", async () => {
      const fields: Fields = {
        status: update.status,
        error_code: update.errorCode,
        status_info: update.info,
        status_vendor_id: update.vendorId,
        status_vendor_error_code: update.vendorErrorCode,
        status_timestamp: update.timestamp,
        status_received_at: update.receivedAt,
      };
      await this.#session.db
        .insertInto('cp')
        .values({
          ...fields,
          id: update.chargePointId,
          created_at: update.receivedAt,
          updated_at: update.receivedAt,
        })
        .onConflict((conflict) =>
          conflict
            .column('id')
            .doUpdateSet({ ...fields, updated_at: laterUpdatedAt })
            // Not older than the stored status, by the charge point's own clock.
            .where((eb) =>
              eb.or([
                eb('excluded.status_timestamp', 'is', null),
                eb('cp.status_timestamp', 'is', null),
                eb('excluded.status_timestamp', '>=', eb.ref('cp.status_timestamp')),
              ]),
            ),
        )
        .execute();
    });
  }

  recordDiagnosticsStatus(id: string, status: DiagnosticsStatus, at: IsoTimestamp): Promise<void> {
    return this.#session.guard('record a diagnostics status', async () => {
      await this.#upsert(id, at, { diagnostics_status: status, diagnostics_status_at: at }).execute();
    });
  }

  recordFirmwareStatus(id: string, status: FirmwareStatus, at: IsoTimestamp): Promise<void> {
    return this.#session.guard('record a firmware status', async () => {
      await this.#upsert(id, at, { firmware_status: status, firmware_status_at: at }).execute();
    });
  }

  setAdmission(id: string, admission: Admission | null, at: IsoTimestamp): Promise<ChargePointRecord> {
    return this.#session.guard('set the admission of a charge point', async () => {
      const row = await this.#upsert(id, at, { admission }).returningAll().executeTakeFirstOrThrow();
      return toChargePointRecord(row);
    });
  }

  removeNeverBooted(updatedBefore: IsoTimestamp): Promise<number> {
    return this.#session.guard('remove charge points that never booted', async () => {
      // cp_conn rows follow through ON DELETE CASCADE. One statement: a row that a node
      // connects or boots meanwhile no longer matches and stays.
      const result = await this.#session.db
        .deleteFrom('cp')
        .where('registration_status', 'is', null)
        .where('admission', 'is', null)
        .where('connected', '=', false)
        .where('updated_at', '<', updatedBefore)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
}
