import type { ConnectorRecord, ConnectorRepository, StatusUpdate } from '@levity/core';
import type { Kysely, Selectable } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard, guardSync } from '../errors.js';
import type { ConnectorTable, Database } from '../schema.js';

function toConnectorRecord(row: Selectable<ConnectorTable>): ConnectorRecord {
  return {
    chargePointId: row.charge_point_id,
    connectorId: row.connector_id,
    status: row.status,
    errorCode: row.error_code,
    info: row.info,
    vendorId: row.vendor_id,
    vendorErrorCode: row.vendor_error_code,
    statusTimestamp: row.status_timestamp,
    receivedAt: row.received_at,
  };
}

/** What every StatusNotification of a connector runs, prepared once per connection. */
export const CONNECTOR_SQL = {
  ensureChargePoint:
    'INSERT INTO cp (id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
  // Not applied when older than the stored status, by the charge point's own clock.
  recordStatus: `INSERT INTO cp_conn (charge_point_id, connector_id, status, error_code, info, vendor_id,
      vendor_error_code, status_timestamp, received_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (charge_point_id, connector_id) DO UPDATE SET status = excluded.status,
      error_code = excluded.error_code, info = excluded.info, vendor_id = excluded.vendor_id,
      vendor_error_code = excluded.vendor_error_code, status_timestamp = excluded.status_timestamp,
      received_at = excluded.received_at
    WHERE excluded.status_timestamp IS NULL OR cp_conn.status_timestamp IS NULL
      OR excluded.status_timestamp >= cp_conn.status_timestamp`,
} as const;

/** `ConnectorRepository` on the `cp_conn` table; its writes run inside a unit of work. */
export class SqliteConnectors implements ConnectorRepository {
  readonly #connection: SqliteConnection;
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#connection = connection;
    this.#db = connection.db;
  }

  recordStatus(update: StatusUpdate): Promise<void> {
    return guardSync("record a connector's status", () => {
      this.#connection.atomically(() => {
        // cp_conn references cp: the charge point's row first, if it is missing.
        this.#connection
          .statement(CONNECTOR_SQL.ensureChargePoint)
          .run(update.chargePointId, update.receivedAt, update.receivedAt);
        this.#connection
          .statement(CONNECTOR_SQL.recordStatus)
          .run(
            update.chargePointId,
            update.connectorId,
            update.status,
            update.errorCode,
            update.info,
            update.vendorId,
            update.vendorErrorCode,
            update.timestamp,
            update.receivedAt,
          );
      });
    });
  }

  get(chargePointId: string, connectorId: number): Promise<ConnectorRecord | undefined> {
    return guard('read a connector', async () => {
      const row = await this.#db
        .selectFrom('cp_conn')
        .selectAll()
        .where('charge_point_id', '=', chargePointId)
        .where('connector_id', '=', connectorId)
        .executeTakeFirst();
      return row && toConnectorRecord(row);
    });
  }

  list(chargePointId: string): Promise<ConnectorRecord[]> {
    return guard('list connectors', async () => {
      const rows = await this.#db
        .selectFrom('cp_conn')
        .selectAll()
        .where('charge_point_id', '=', chargePointId)
        .orderBy('connector_id')
        .execute();
      return rows.map(toConnectorRecord);
    });
  }
}
