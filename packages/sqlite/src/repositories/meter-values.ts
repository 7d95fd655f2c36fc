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

/** `rows` groups of `width` placeholders. */
const placeholders = (rows: number, width: number) =>
  Array.from({ length: rows }, () => `(${'?,'.repeat(width - 1)}?)`).join(',');

/** Built once per size and kept: looking a statement up must not build its text again. */
const insertTexts: string[] = [];

/** `INSERT INTO meter_val` of `rows` rows, one statement text per size (each prepared once). */
export function insertSql(rows: number): string {
  insertTexts[rows] ??= `INSERT INTO meter_val (${COLUMNS}) VALUES ${placeholders(rows, COLUMNS_PER_ROW)}`;
  return insertTexts[rows];
}

const stageTexts: string[] = [];

/** The parameters of `values[start, end)`, each row led by `lead` when given (a staging table's key). */
function parametersOf(
  values: readonly NewMeterValue[],
  start: number,
  end: number,
  lead?: number,
): unknown[] {
  const width = lead === undefined ? COLUMNS_PER_ROW : COLUMNS_PER_ROW + 1;
  const parameters = new Array<unknown>((end - start) * width);
  let p = 0;
  for (let i = start; i < end; i++) {
    const value = values[i] as NewMeterValue;
    if (lead !== undefined) parameters[p++] = lead;
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
export function insertMeterValues(connection: SqliteConnection, values: readonly NewMeterValue[]): void {
  for (let from = 0; from < values.length; from += ROWS_PER_STATEMENT) {
    const to = Math.min(values.length, from + ROWS_PER_STATEMENT);
    connection.statement(insertSql(to - from)).run(parametersOf(values, from, to));
  }
}

/**
 * A large message's values on their way to `meter_val`: staged in slices, then copied
 * in one statement (see `stageMeterValues`). A TEMP table: private to the write
 * connection, and gone with it, so a crash leaves nothing half stored.
 */
export const STAGE_SQL = {
  create: `CREATE TEMP TABLE IF NOT EXISTS meter_val_stage (stage INTEGER NOT NULL, ${COLUMNS})`,
  insert: (rows: number): string => {
    stageTexts[rows] ??=
      `INSERT INTO temp.meter_val_stage (stage, ${COLUMNS}) VALUES ${placeholders(rows, COLUMNS_PER_ROW + 1)}`;
    return stageTexts[rows];
  },
  // In staging order (the rowid), so ids increase in the order of the values.
  publish: `INSERT INTO meter_val (${COLUMNS}) SELECT ${COLUMNS} FROM temp.meter_val_stage WHERE stage = ? ORDER BY rowid`,
  discard: 'DELETE FROM temp.meter_val_stage WHERE stage = ?',
} as const;

/** Stages `values[start, end)` under `stage` (see {@link STAGE_SQL}). */
export function stageMeterValues(
  connection: SqliteConnection,
  stage: number,
  values: readonly NewMeterValue[],
  start: number,
  end: number,
): void {
  connection.statement(STAGE_SQL.create).run();
  for (let from = start; from < end; from += ROWS_PER_STATEMENT) {
    const to = Math.min(end, from + ROWS_PER_STATEMENT);
    connection.statement(STAGE_SQL.insert(to - from)).run(parametersOf(values, from, to, stage));
  }
}

/** Moves everything staged under `stage` to `meter_val`, in one statement; returns how many rows. */
export function publishStagedMeterValues(connection: SqliteConnection, stage: number): number {
  const { changes } = connection.statement(STAGE_SQL.publish).run(stage);
  connection.statement(STAGE_SQL.discard).run(stage);
  return changes;
}

/** Forgets what is staged under `stage`. */
export function discardStagedMeterValues(connection: SqliteConnection, stage: number): void {
  connection.statement(STAGE_SQL.create).run();
  connection.statement(STAGE_SQL.discard).run(stage);
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
    return this.listAfter(filter, undefined);
  }

  /**
   * `list`, continued after `after` (the timestamp and id of the last value of the
   * previous chunk), for reads that are cut into chunks.
   */
  listAfter(
    filter: MeterValueFilter,
    after: Pick<MeterValueRecord, 'timestamp' | 'id'> | undefined,
  ): Promise<MeterValueRecord[]> {
    return guard('list meter values', async () => {
      const { chargePointId, connectorId, transactionId, measurand, from, to, limit } = filter;
      let query = this.#connection.db.selectFrom('meter_val').selectAll();
      if (chargePointId !== undefined) query = query.where('charge_point_id', '=', chargePointId);
      if (connectorId !== undefined) query = query.where('connector_id', '=', connectorId);
      if (transactionId !== undefined) query = query.where('transaction_id', '=', transactionId);
      if (measurand !== undefined) query = query.where('measurand', '=', measurand);
      if (from !== undefined) query = query.where('timestamp', '>=', from);
      if (to !== undefined) query = query.where('timestamp', '<', to);
      if (after !== undefined) {
        query = query.where((eb) =>
          eb(eb.refTuple('timestamp', 'id'), '>', eb.tuple(after.timestamp, after.id)),
        );
      }
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
