import type {
  IsoTimestamp,
  NewMeterValue,
  NewTransaction,
  TransactionAnomaly,
  TransactionAttention,
  TransactionFilter,
  TransactionRecord,
  TransactionRepository,
  TransactionStartKey,
  TransactionStop,
} from '@levity/core';
import { type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import { guard } from '../errors.js';
import type { Database, TransactionTable } from '../schema.js';
import { insertMeterValues } from './meter-values.js';

function toTransactionRecord(row: Selectable<TransactionTable>): TransactionRecord {
  return {
    id: row.id,
    chargePointId: row.charge_point_id,
    connectorId: row.connector_id,
    idTag: row.id_tag,
    idTagStatus: row.id_tag_status,
    meterStart: row.meter_start,
    startedAt: row.started_at,
    reservationId: row.reservation_id,
    meterStop: row.meter_stop,
    stoppedAt: row.stopped_at,
    stopReason: row.stop_reason,
    stopIdTag: row.stop_id_tag,
    anomaly: row.anomaly,
    attention: row.attention,
    remoteStartCommandId: row.remote_start_command_id,
    remoteStopCommandId: row.remote_stop_command_id,
    attentionAt: row.attention_at,
    reportedTransactionId: row.reported_transaction_id,
    createdAt: row.created_at,
    stopReceivedAt: row.stop_received_at,
  };
}

function stopFields(stop: TransactionStop): Updateable<TransactionTable> {
  return {
    meter_stop: stop.meterStop,
    stopped_at: stop.stoppedAt,
    stop_reason: stop.reason,
    stop_id_tag: stop.idTag,
    stop_received_at: stop.receivedAt,
    // Left out (or undefined), the stored command stays; null clears it.
    ...(stop.remoteStopCommandId === undefined ? {} : { remote_stop_command_id: stop.remoteStopCommandId }),
  };
}

/** `TransactionRepository` on the `tx` table; ids come from its AUTOINCREMENT key. */
export class SqliteTransactions implements TransactionRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  start(transaction: NewTransaction): Promise<TransactionRecord> {
    return guard('start a transaction', async () => {
      const row = await this.#db
        .insertInto('tx')
        .values({
          charge_point_id: transaction.chargePointId,
          connector_id: transaction.connectorId,
          id_tag: transaction.idTag,
          id_tag_status: transaction.idTagStatus,
          meter_start: transaction.meterStart,
          started_at: transaction.startedAt,
          reservation_id: transaction.reservationId,
          remote_start_command_id: transaction.remoteStartCommandId ?? null,
          created_at: transaction.receivedAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toTransactionRecord(row);
    });
  }

  findByStart(key: TransactionStartKey): Promise<TransactionRecord | undefined> {
    return guard('find a transaction by its start', async () => {
      const row = await this.#db
        .selectFrom('tx')
        .selectAll()
        .where('charge_point_id', '=', key.chargePointId)
        .where('connector_id', '=', key.connectorId)
        .where('started_at', '=', key.startedAt)
        .where('meter_start', '=', key.meterStart)
        .where('id_tag', '=', key.idTag)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      return row && toTransactionRecord(row);
    });
  }

  get(id: number): Promise<TransactionRecord | undefined> {
    return guard('read a transaction', async () => {
      const row = await this.#db.selectFrom('tx').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toTransactionRecord(row);
    });
  }

  listActive(chargePointId: string, connectorId?: number): Promise<TransactionRecord[]> {
    return guard('list active transactions', async () => {
      // Exactly the predicate of the partial index tx_active_idx, so SQLite uses it.
      let query = this.#db
        .selectFrom('tx')
        .selectAll()
        .where('charge_point_id', '=', chargePointId)
        .where('stopped_at', 'is', null)
        .where('anomaly', 'is', null);
      if (connectorId !== undefined) query = query.where('connector_id', '=', connectorId);
      const rows = await query.orderBy('id').execute();
      return rows.map(toTransactionRecord);
    });
  }

  listActiveByIdTag(idTag: string): Promise<TransactionRecord[]> {
    return guard('list the active transactions of an id tag', async () => {
      // The predicate and collation of the partial index tx_active_id_tag_idx.
      const rows = await this.#db
        .selectFrom('tx')
        .selectAll()
        .where(sql<boolean>`id_tag = ${idTag} collate nocase`)
        .where('stopped_at', 'is', null)
        .where('anomaly', 'is', null)
        .orderBy('id')
        .execute();
      return rows.map(toTransactionRecord);
    });
  }

  list(filter: TransactionFilter = {}): Promise<TransactionRecord[]> {
    return guard('list transactions', async () => {
      const { chargePointId, connectorId, idTag, status, from, to, before, limit } = filter;
      let query = this.#db.selectFrom('tx').selectAll();
      if (chargePointId !== undefined) query = query.where('charge_point_id', '=', chargePointId);
      if (connectorId !== undefined) query = query.where('connector_id', '=', connectorId);
      if (idTag !== undefined) query = query.where('id_tag', '=', idTag);
      if (status === 'active') query = query.where('stopped_at', 'is', null);
      if (status === 'completed') query = query.where('stopped_at', 'is not', null);
      if (from !== undefined) query = query.where('started_at', '>=', from);
      if (to !== undefined) query = query.where('started_at', '<', to);
      if (before !== undefined) query = query.where('id', '<', before);
      query = query.orderBy('id', 'desc');
      if (limit !== undefined) query = query.limit(limit);
      const rows = await query.execute();
      return rows.map(toTransactionRecord);
    });
  }

  stop(
    id: number,
    stop: TransactionStop,
    meterValues: readonly NewMeterValue[],
  ): Promise<TransactionRecord | undefined> {
    return guard('stop a transaction', () =>
      this.#db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('tx')
          .set(stopFields(stop))
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (!row) return undefined;
        await insertMeterValues(trx, meterValues);
        return toTransactionRecord(row);
      }),
    );
  }

  recordUnknownStop(
    stop: TransactionStop & {
      chargePointId: string;
      reportedTransactionId: number;
      anomaly: TransactionAnomaly;
    },
    meterValues: readonly NewMeterValue[],
  ): Promise<TransactionRecord> {
    return guard('record a stop for an unknown transaction', () =>
      this.#db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('tx')
          .values({
            ...stopFields(stop),
            charge_point_id: stop.chargePointId,
            anomaly: stop.anomaly,
            reported_transaction_id: stop.reportedTransactionId,
            created_at: stop.receivedAt,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await insertMeterValues(
          trx,
          meterValues.map((value) => ({ ...value, transactionId: row.id })),
        );
        return toTransactionRecord(row);
      }),
    );
  }

  findAnomaly(
    chargePointId: string,
    reportedTransactionId: number,
    anomaly: TransactionAnomaly,
  ): Promise<TransactionRecord | undefined> {
    return guard('find a stop recorded as an anomaly', async () => {
      const row = await this.#db
        .selectFrom('tx')
        .selectAll()
        .where('charge_point_id', '=', chargePointId)
        .where('reported_transaction_id', '=', reportedTransactionId)
        .where('anomaly', '=', anomaly)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      return row && toTransactionRecord(row);
    });
  }

  flag(
    id: number,
    flag: { attention: TransactionAttention; at: IsoTimestamp; stoppedAt?: IsoTimestamp },
  ): Promise<TransactionRecord | undefined> {
    return guard('flag a transaction', async () => {
      const row = await this.#db
        .updateTable('tx')
        .set({
          attention: flag.attention,
          attention_at: flag.at,
          // Closes the transaction only when it is still open.
          ...(flag.stoppedAt === undefined
            ? {}
            : { stopped_at: sql<IsoTimestamp>`coalesce(stopped_at, ${flag.stoppedAt})` }),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toTransactionRecord(row);
    });
  }
}
