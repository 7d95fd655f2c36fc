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
import { type Selectable, sql, type Updateable } from 'kysely';
import type { TransactionTable } from '../schema.js';
import type { Session } from '../session.js';
import { insertMeterValues } from './meter-values.js';
import { nocase } from './nocase.js';

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

/**
 * Takes the transaction-scoped advisory lock on a charge point's starts (released when
 * the unit of work commits or rolls back). Keyed by two int4: Levity's starts, and the
 * hash of the charge point id (a collision only makes two charge points wait for each other).
 */
async function lockStarts(session: Session, chargePointId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('levity.transactions.start'), hashtext(${chargePointId}))`.execute(
    session.db,
  );
}

/**
 * `TransactionRepository` on the `tx` table; ids come from its identity column, so
 * they are unique across every node that shares the database.
 */
export class PostgresTransactions implements TransactionRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  start(transaction: NewTransaction): Promise<TransactionRecord> {
    return this.#session.guard('start a transaction', async () => {
      const row = await this.#session.db
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
    return this.#session.guard('find a transaction by its start', async () => {
      // Inside a unit of work this is the check before a `start`: lock the charge
      // point's starts until the unit ends, so that the same StartTransaction retried
      // meanwhile (on another connection or another node) waits, then finds this one's
      // row instead of starting a second transaction. A READ COMMITTED statement sees
      // what committed before it began, so the SELECT after the lock sees that row.
      if (this.#session.inUnit) await lockStarts(this.#session, key.chargePointId);
      const row = await this.#session.db
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
    return this.#session.guard('read a transaction', async () => {
      const query = this.#session.db.selectFrom('tx').selectAll().where('id', '=', id);
      // Inside a unit of work, what is read is about to be written (a stop): the row
      // stays locked until the unit ends, so that the same StopTransaction handled twice
      // at once (two connections, two nodes) is applied once, then seen as stored.
      const row = await (this.#session.inUnit ? query.forUpdate() : query).executeTakeFirst();
      return row && toTransactionRecord(row);
    });
  }

  listActive(chargePointId: string, connectorId?: number): Promise<TransactionRecord[]> {
    return this.#session.guard('list active transactions', async () => {
      // Exactly the predicate of the partial index tx_active_idx, so the planner uses it.
      let query = this.#session.db
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
    return this.#session.guard('list the active transactions of an id tag', async () => {
      // The predicate and expression of the partial index tx_active_id_tag_idx.
      const rows = await this.#session.db
        .selectFrom('tx')
        .selectAll()
        .where(nocase(sql.ref('id_tag')), '=', nocase(idTag))
        .where('stopped_at', 'is', null)
        .where('anomaly', 'is', null)
        .orderBy('id')
        .execute();
      return rows.map(toTransactionRecord);
    });
  }

  list(filter: TransactionFilter = {}): Promise<TransactionRecord[]> {
    return this.#session.guard('list transactions', async () => {
      const { chargePointId, connectorId, idTag, status, from, to, before, limit } = filter;
      let query = this.#session.db.selectFrom('tx').selectAll();
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
    return this.#session.guard('stop a transaction', () =>
      this.#session.atomic(async (trx) => {
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
    return this.#session.guard('record a stop for an unknown transaction', () =>
      this.#session.atomic(async (trx) => {
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
    return this.#session.guard('find a stop recorded as an anomaly', async () => {
      const row = await this.#session.db
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
    return this.#session.guard('flag a transaction', async () => {
      const row = await this.#session.db
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
