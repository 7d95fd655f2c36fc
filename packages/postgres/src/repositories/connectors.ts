import type { ConnectorRecord, ConnectorRepository, StatusUpdate } from '@levity/core';
import type { Selectable } from 'kysely';
import type { ConnectorTable } from '../schema.js';
import type { Session } from '../session.js';

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

/** `ConnectorRepository` on the `cp_conn` table. */
export class PostgresConnectors implements ConnectorRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  recordStatus(update: StatusUpdate): Promise<void> {
    return this.#session.guard("record a connector's status", async () => {
      const fields = {
        status: update.status,
        error_code: update.errorCode,
        info: update.info,
        vendor_id: update.vendorId,
        vendor_error_code: update.vendorErrorCode,
        status_timestamp: update.timestamp,
        received_at: update.receivedAt,
      };
      await this.#session.atomic(async (trx) => {
        // cp_conn references cp: the charge point's row first, if it is missing.
        await trx
          .insertInto('cp')
          .values({ id: update.chargePointId, created_at: update.receivedAt, updated_at: update.receivedAt })
          .onConflict((conflict) => conflict.column('id').doNothing())
          .execute();
        await trx
          .insertInto('cp_conn')
          .values({ ...fields, charge_point_id: update.chargePointId, connector_id: update.connectorId })
          .onConflict((conflict) =>
            conflict
              .columns(['charge_point_id', 'connector_id'])
              .doUpdateSet(fields)
              // Not older than the stored status, by the charge point's own clock.
              .where((eb) =>
                eb.or([
                  eb('excluded.status_timestamp', 'is', null),
                  eb('cp_conn.status_timestamp', 'is', null),
                  eb('excluded.status_timestamp', '>=', eb.ref('cp_conn.status_timestamp')),
                ]),
              ),
          )
          .execute();
      });
    });
  }

  get(chargePointId: string, connectorId: number): Promise<ConnectorRecord | undefined> {
    return this.#session.guard('read a connector', async () => {
      const row = await this.#session.db
        .selectFrom('cp_conn')
        .selectAll()
        .where('charge_point_id', '=', chargePointId)
        .where('connector_id', '=', connectorId)
        .executeTakeFirst();
      return row && toConnectorRecord(row);
    });
  }

  list(chargePointId: string): Promise<ConnectorRecord[]> {
    return this.#session.guard('list connectors', async () => {
      const rows = await this.#session.db
        .selectFrom('cp_conn')
        .selectAll()
        .where('charge_point_id', '=', chargePointId)
        .orderBy('connector_id')
        .execute();
      return rows.map(toConnectorRecord);
    });
  }
}
