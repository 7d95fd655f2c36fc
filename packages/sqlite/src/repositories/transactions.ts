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
import type { Selectable } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard, guardSync } from '../errors.js';
import type { TransactionTable } from '../schema.js';
import { insertMeterValues } from './meter-values.js';

/** Every column of `tx`, named as the fields of `TransactionRecord`: rows come out as records. */
const RECORD = `id, charge_point_id AS chargePointId, connector_id AS connectorId, id_tag AS idTag,
  id_tag_status AS idTagStatus, meter_start AS meterStart, started_at AS startedAt,
  reservation_id AS reservationId, meter_stop AS meterStop, stopped_at AS stoppedAt,
  stop_reason AS stopReason, stop_id_tag AS stopIdTag, anomaly, attention,
  remote_start_command_id AS remoteStartCommandId, remote_stop_command_id AS remoteStopCommandId,
  attention_at AS attentionAt, reported_transaction_id AS reportedTransactionId,
  created_at AS createdAt, stop_received_at AS stopReceivedAt`;

/** The statements every StartTransaction, MeterValues and StopTransaction runs, prepared once per connection. */
export const TRANSACTION_SQL = {
  get: `SELECT ${RECORD} FROM tx WHERE id = ?`,
  start: `INSERT INTO tx (charge_point_id, connector_id, id_tag, id_tag_status, meter_start, started_at,
      reservation_id, remote_start_command_id, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${RECORD}`,
  findByStart: `SELECT ${RECORD} FROM tx
    WHERE charge_point_id = ? AND connector_id = ? AND started_at = ? AND meter_start = ? AND id_tag = ?
    ORDER BY id LIMIT 1`,
  // Exactly the predicate of the partial index tx_active_idx, so SQLite uses it.
  listActive: `SELECT ${RECORD} FROM tx
    WHERE charge_point_id = ? AND stopped_at IS NULL AND anomaly IS NULL ORDER BY id`,
  listActiveOnConnector: `SELECT ${RECORD} FROM tx
    WHERE charge_point_id = ? AND connector_id = ? AND stopped_at IS NULL AND anomaly IS NULL ORDER BY id`,
  // Left out (null in the second parameter), the stored remote_stop_command_id stays.
  stop: `UPDATE tx SET meter_stop = ?, stopped_at = ?, stop_reason = ?, stop_id_tag = ?, stop_received_at = ?,
      remote_stop_command_id = CASE WHEN ? THEN ? ELSE remote_stop_command_id END
    WHERE id = ? RETURNING ${RECORD}`,
  recordUnknownStop: `INSERT INTO tx (charge_point_id, meter_stop, stopped_at, stop_reason, stop_id_tag,
      stop_received_at, remote_stop_command_id, anomaly, reported_transaction_id, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${RECORD}`,
  findAnomaly: `SELECT ${RECORD} FROM tx
    WHERE charge_point_id = ? AND reported_transaction_id = ? AND anomaly = ? ORDER BY id LIMIT 1`,
  // Closes the transaction only when it is still open (coalesce keeps an earlier stop).
  flag: `UPDATE tx SET attention = ?, attention_at = ?, stopped_at = coalesce(stopped_at, ?)
    WHERE id = ? RETURNING ${RECORD}`,
  // The predicate and collation of the partial index tx_active_id_tag_idx.
  listActiveByIdTag: `SELECT ${RECORD} FROM tx
    WHERE id_tag = ? COLLATE NOCASE AND stopped_at IS NULL AND anomaly IS NULL ORDER BY id`,
} as const;

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

const all = (statement: { all(...params: unknown[]): unknown[] }, ...params: unknown[]) =>
  statement.all(...params) as TransactionRecord[];
const one = (statement: { get(...params: unknown[]): unknown }, ...params: unknown[]) =>
  statement.get(...params) as TransactionRecord | undefined;

/**
 * `TransactionRepository` on the `tx` table; ids come from its AUTOINCREMENT key. Its
 * writes run inside a unit of work (see `SqliteStorage`), which makes a stop and its
 * meter values all or nothing.
 */
export class SqliteTransactions implements TransactionRepository {
  readonly #connection: SqliteConnection;

  constructor(connection: SqliteConnection) {
    this.#connection = connection;
  }

  #sql(name: keyof typeof TRANSACTION_SQL) {
    return this.#connection.statement(TRANSACTION_SQL[name]);
  }

  start(transaction: NewTransaction): Promise<TransactionRecord> {
    return guardSync('start a transaction', () => {
      const row = one(
        this.#sql('start'),
        transaction.chargePointId,
        transaction.connectorId,
        transaction.idTag,
        transaction.idTagStatus,
        transaction.meterStart,
        transaction.startedAt,
        transaction.reservationId,
        transaction.remoteStartCommandId ?? null,
        transaction.receivedAt,
      );
      if (!row) throw new Error('INSERT … RETURNING returned no row');
      return row;
    });
  }

  findByStart(key: TransactionStartKey): Promise<TransactionRecord | undefined> {
    return guardSync('find a transaction by its start', () =>
      one(
        this.#sql('findByStart'),
        key.chargePointId,
        key.connectorId,
        key.startedAt,
        key.meterStart,
        key.idTag,
      ),
    );
  }

  get(id: number): Promise<TransactionRecord | undefined> {
    return guardSync('read a transaction', () => one(this.#sql('get'), id));
  }

  listActive(chargePointId: string, connectorId?: number): Promise<TransactionRecord[]> {
    return guardSync('list active transactions', () =>
      connectorId === undefined
        ? all(this.#sql('listActive'), chargePointId)
        : all(this.#sql('listActiveOnConnector'), chargePointId, connectorId),
    );
  }

  listActiveByIdTag(idTag: string): Promise<TransactionRecord[]> {
    return guardSync('list the active transactions of an id tag', () =>
      all(this.#sql('listActiveByIdTag'), idTag),
    );
  }

  list(filter: TransactionFilter = {}): Promise<TransactionRecord[]> {
    return guard('list transactions', async () => {
      const { chargePointId, connectorId, idTag, status, from, to, before, limit } = filter;
      let query = this.#connection.db.selectFrom('tx').selectAll();
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
    return guardSync('stop a transaction', () =>
      this.#connection.atomically(() => {
        const keepsCommand = stop.remoteStopCommandId === undefined;
        const row = one(
          this.#sql('stop'),
          stop.meterStop,
          stop.stoppedAt,
          stop.reason,
          stop.idTag,
          stop.receivedAt,
          keepsCommand ? 0 : 1,
          stop.remoteStopCommandId ?? null,
          id,
        );
        if (!row) return undefined;
        insertMeterValues(this.#connection, meterValues);
        return row;
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
    return guardSync('record a stop for an unknown transaction', () =>
      this.#connection.atomically(() => {
        const row = one(
          this.#sql('recordUnknownStop'),
          stop.chargePointId,
          stop.meterStop,
          stop.stoppedAt,
          stop.reason,
          stop.idTag,
          stop.receivedAt,
          stop.remoteStopCommandId ?? null,
          stop.anomaly,
          stop.reportedTransactionId,
          stop.receivedAt,
        );
        if (!row) throw new Error('INSERT … RETURNING returned no row');
        insertMeterValues(
          this.#connection,
          meterValues.map((value) => ({ ...value, transactionId: row.id })),
        );
        return row;
      }),
    );
  }

  findAnomaly(
    chargePointId: string,
    reportedTransactionId: number,
    anomaly: TransactionAnomaly,
  ): Promise<TransactionRecord | undefined> {
    return guardSync('find a stop recorded as an anomaly', () =>
      one(this.#sql('findAnomaly'), chargePointId, reportedTransactionId, anomaly),
    );
  }

  flag(
    id: number,
    flag: { attention: TransactionAttention; at: IsoTimestamp; stoppedAt?: IsoTimestamp },
  ): Promise<TransactionRecord | undefined> {
    return guardSync('flag a transaction', () =>
      one(this.#sql('flag'), flag.attention, flag.at, flag.stoppedAt ?? null, id),
    );
  }
}
