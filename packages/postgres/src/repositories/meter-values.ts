import type {
  MeterValueFilter,
  MeterValueRecord,
  MeterValueRepository,
  NewMeterValue,
  RegisterRange,
} from '@levity/core';
import { registerWh } from '@levity/core';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, MeterValueTable } from '../schema.js';
import type { Session } from '../session.js';
import { chunksOf } from './chunks.js';

const COLUMNS_PER_ROW = 15;

function toRow(value: NewMeterValue): Insertable<MeterValueTable> {
  return {
    charge_point_id: value.chargePointId,
    connector_id: value.connectorId,
    transaction_id: value.transactionId,
    reported_transaction_id: value.reportedTransactionId,
    timestamp: value.timestamp,
    value: value.value,
    context: value.context,
    format: value.format,
    measurand: value.measurand,
    phase: value.phase,
    location: value.location,
    unit: value.unit,
    source: value.source,
    received_at: value.receivedAt,
  };
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
 * Inserts the values with as few statements as PostgreSQL allows. Run it inside a
 * transaction when the values must be stored all or nothing.
 */
export async function insertMeterValues(
  db: Kysely<Database>,
  values: readonly NewMeterValue[],
): Promise<number> {
  for (const chunk of chunksOf(values, COLUMNS_PER_ROW)) {
    await db.insertInto('meter_val').values(chunk.map(toRow)).execute();
  }
  return values.length;
}

/** `MeterValueRepository` on the `meter_val` table. */
export class PostgresMeterValues implements MeterValueRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  add(values: readonly NewMeterValue[]): Promise<number> {
    return this.#session.guard('store meter values', async () => {
      if (values.length === 0) return 0;
      return this.#session.atomic((trx) => insertMeterValues(trx, values));
    });
  }

  list(filter: MeterValueFilter = {}): Promise<MeterValueRecord[]> {
    return this.#session.guard('list meter values', async () => {
      const { chargePointId, connectorId, transactionId, measurand, from, to, limit } = filter;
      let query = this.#session.db.selectFrom('meter_val').selectAll();
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

  /**
   * The register readings are read and folded here with core's `registerWh`, not cast
   * in SQL: a register's value is the charge point's text, and the ranges must agree
   * with core's figures to the last odd value (`' 12'`, `'1e3'`, `'0x10'`).
   */
  registerRanges(transactionIds: readonly number[]): Promise<RegisterRange[]> {
    return this.#session.guard('read energy registers', async () => {
      if (transactionIds.length === 0) return [];
      const rows = await this.#session.db
        .selectFrom('meter_val')
        .select(['transaction_id', 'unit', 'value'])
        .where('transaction_id', 'in', [...transactionIds])
        .where('measurand', '=', 'Energy.Active.Import.Register')
        .where('format', '=', 'Raw')
        .where('unit', 'in', ['Wh', 'kWh'])
        .execute();
      const ranges = new Map<number, RegisterRange>();
      for (const row of rows) {
        if (row.transaction_id === null) continue;
        const transactionId = Number(row.transaction_id);
        const wh = registerWh({
          format: 'Raw',
          measurand: 'Energy.Active.Import.Register',
          unit: row.unit as 'Wh' | 'kWh',
          value: row.value,
        });
        if (wh === undefined) continue;
        const range = ranges.get(transactionId);
        if (range === undefined) ranges.set(transactionId, { transactionId, lowestWh: wh, highestWh: wh });
        else {
          if (wh < range.lowestWh) range.lowestWh = wh;
          if (wh > range.highestWh) range.highestWh = wh;
        }
      }
      return [...ranges.values()];
    });
  }
}
