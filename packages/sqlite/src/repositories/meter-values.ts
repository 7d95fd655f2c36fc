import type {
  MeterValueFilter,
  MeterValueRecord,
  MeterValueRepository,
  NewMeterValue,
  RegisterRange,
} from '@levity/core';
import type { Selectable } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard, guardSync } from '../errors.js';
import type { MeterValueTable } from '../schema.js';

const COLUMNS = `charge_point_id, connector_id, transaction_id, reported_transaction_id, timestamp, value,
  context, format, measurand, phase, location, unit, source, received_at`;
const COLUMNS_PER_ROW = 14;

/** Rows per INSERT: one statement for a message of up to this many values, chunks of it beyond. */
const ROWS_PER_STATEMENT = 32;

/** `INSERT INTO meter_val` of `rows` rows, one statement text per size (each prepared once). */
export const insertSql = (rows: number): string =>
  `INSERT INTO meter_val (${COLUMNS}) VALUES ${Array.from({ length: rows }, () => `(${'?,'.repeat(COLUMNS_PER_ROW - 1)}?)`).join(',')}`;

function parametersOf(values: readonly NewMeterValue[], start: number, end: number): unknown[] {
  const parameters = new Array<unknown>((end - start) * COLUMNS_PER_ROW);
  let p = 0;
  for (let i = start; i < end; i++) {
    const value = values[i] as NewMeterValue;
    parameters[p++] = value.chargePointId;
    parameters[p++] = value.connectorId;
    parameters[p++] = value.transactionId;
    parameters[p++] = value.reportedTransactionId;
    parameters[p++] = value.timestamp;
    parameters[p++] = value.value;
    parameters[p++] = value.context;
    parameters[p++] = value.format;
    parameters[p++] = value.measurand;
    parameters[p++] = value.phase;
    parameters[p++] = value.location;
    parameters[p++] = value.unit;
    parameters[p++] = value.source;
    parameters[p++] = value.receivedAt;
  }
  return parameters;
}

/**
 * Inserts `values[start, end)` into `meter_val` with as few statements as pays: multi-row
 * INSERTs prepared once per size. Run it inside a transaction (or `atomically`) when the
 * values must be stored all or nothing.
 */
export function insertMeterValues(
  connection: SqliteConnection,
  values: readonly NewMeterValue[],
  start = 0,
  end = values.length,
  sqlFor: (rows: number) => string = insertSql,
): void {
  for (let from = start; from < end; from += ROWS_PER_STATEMENT) {
    const to = Math.min(end, from + ROWS_PER_STATEMENT);
    connection.statement(sqlFor(to - from)).run(parametersOf(values, from, to));
  }
}

function toMeterValueRecord(row: Selectable<MeterValueTable>): MeterValueRecord {
  return {
    id: row.id,
    chargePointId: row.charge_point_id,
    connectorId: row.connector_id,
    transactionId: row.transaction_id,
    reportedTransactionId: row.reported_transaction_id,
    timestamp: row.timestamp,
    value: row.value,
    context: row.context,
    format: row.format,
    measurand: row.measurand,
    phase: row.phase,
    location: row.location,
    unit: row.unit,
    source: row.source,
    receivedAt: row.received_at,
  };
}

/**
 * The register range of each transaction: SQLite picks the rows through
 * meter_val_transaction_idx and aggregates them; the value is read by `levity_number`,
 * JavaScript's `Number()` (registered on the connection), so that ranges are exactly
 * those `registerRangesOf` computes in core.
 */
export const REGISTER_RANGES_SQL = `SELECT transaction_id AS transactionId, min(wh) AS lowestWh, max(wh) AS highestWh
  FROM (SELECT transaction_id,
          CASE unit WHEN 'kWh' THEN levity_number(value) * 1000 ELSE levity_number(value) END AS wh
        FROM meter_val
        WHERE transaction_id IN (SELECT value FROM json_each(?))
          AND measurand = 'Energy.Active.Import.Register' AND format = 'Raw' AND unit IN ('Wh', 'kWh'))
  WHERE wh IS NOT NULL
  GROUP BY transaction_id`;

/** `MeterValueRepository` on the `meter_val` table. */
export class SqliteMeterValues implements MeterValueRepository {
  readonly #connection: SqliteConnection;

  constructor(connection: SqliteConnection) {
    this.#connection = connection;
  }

  add(values: readonly NewMeterValue[]): Promise<number> {
    return guardSync('store meter values', () => {
      if (values.length === 0) return 0;
      if (values.length <= ROWS_PER_STATEMENT) insertMeterValues(this.#connection, values);
      else this.#connection.atomically(() => insertMeterValues(this.#connection, values));
      return values.length;
    });
  }

  list(filter: MeterValueFilter = {}): Promise<MeterValueRecord[]> {
    return guard('list meter values', async () => {
      const { chargePointId, connectorId, transactionId, measurand, from, to, limit } = filter;
      let query = this.#connection.db.selectFrom('meter_val').selectAll();
      if (chargePointId !== undefined) query = query.where('charge_point_id', '=', chargePointId);
      if (connectorId !== undefined) query = query.where('connector_id', '=', connectorId);
      if (transactionId !== undefined) query = query.where('transaction_id', '=', transactionId);
      if (measurand !== undefined) query = query.where('measurand', '=', measurand);
      if (from !== undefined) query = query.where('timestamp', '>=', from);
      if (to !== undefined) query = query.where('timestamp', '<', to);
      query = query.orderBy('timestamp').orderBy('id');
      if (limit !== undefined) query = query.limit(limit);
      const rows = await query.execute();
      return rows.map(toMeterValueRecord);
    });
  }

  registerRanges(transactionIds: readonly number[]): Promise<RegisterRange[]> {
    return guardSync('read the energy registers of transactions', () => {
      if (transactionIds.length === 0) return [];
      return this.#connection
        .statement(REGISTER_RANGES_SQL)
        .all(JSON.stringify(transactionIds)) as RegisterRange[];
    });
  }
}
