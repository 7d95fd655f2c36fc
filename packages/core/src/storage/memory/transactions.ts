import type { NewMeterValue, TransactionAnomaly, TransactionFilter, TransactionRecord } from '../records.js';
import type { TransactionRepository } from '../storage.js';
import type { MemoryMeterValues } from './meter-values.js';
import { copy, foldCase } from './shared.js';
import type { UndoLog } from './undo-log.js';

type NewTransaction = Parameters<TransactionRepository['start']>[0];
type StartKey = Parameters<TransactionRepository['findByStart']>[0];
type Stop = Parameters<TransactionRepository['stop']>[1];
type UnknownStop = Parameters<TransactionRepository['recordUnknownStop']>[0];
type Flag = Parameters<TransactionRepository['flag']>[1];

/** `TransactionRepository` in a map by id; stop meter values go to `meterValues`. */
export class MemoryTransactions implements TransactionRepository {
  readonly #rows = new Map<number, TransactionRecord>();
  #nextId = 1;

  readonly #meterValues: MemoryMeterValues;
  readonly #log: UndoLog;

  constructor(meterValues: MemoryMeterValues, log: UndoLog) {
    this.#meterValues = meterValues;
    this.#log = log;
  }

  #insert(row: Omit<TransactionRecord, 'id'>): TransactionRecord {
    const nextId = this.#nextId;
    this.#log.onRollback(() => {
      this.#nextId = nextId;
    });
    const record = { ...row, id: this.#nextId++ };
    this.#log.entry(this.#rows, record.id);
    this.#rows.set(record.id, record);
    return record;
  }

  async start(transaction: NewTransaction) {
    return copy(
      this.#insert({
        chargePointId: transaction.chargePointId,
        connectorId: transaction.connectorId,
        idTag: transaction.idTag,
        idTagStatus: transaction.idTagStatus,
        meterStart: transaction.meterStart,
        startedAt: transaction.startedAt,
        reservationId: transaction.reservationId,
        meterStop: null,
        stoppedAt: null,
        stopReason: null,
        stopIdTag: null,
        anomaly: null,
        attention: null,
        remoteStartCommandId: transaction.remoteStartCommandId ?? null,
        remoteStopCommandId: null,
        attentionAt: null,
        reportedTransactionId: null,
        createdAt: transaction.receivedAt,
        stopReceivedAt: null,
      }),
    );
  }

  async findByStart(key: StartKey) {
    // Map iteration follows insertion, so the oldest match comes first.
    for (const row of this.#rows.values()) {
      if (
        row.chargePointId === key.chargePointId &&
        row.connectorId === key.connectorId &&
        row.idTag === key.idTag &&
        row.meterStart === key.meterStart &&
        row.startedAt === key.startedAt
      ) {
        return copy(row);
      }
    }
    return undefined;
  }

  async get(id: number) {
    const row = this.#rows.get(id);
    return row && copy(row);
  }

  #active(matches: (row: TransactionRecord) => boolean): TransactionRecord[] {
    return [...this.#rows.values()]
      .filter((row) => row.stoppedAt === null && row.anomaly === null && matches(row))
      .sort((a, b) => a.id - b.id)
      .map(copy);
  }

  async listActive(chargePointId: string, connectorId?: number) {
    return this.#active(
      (row) =>
        row.chargePointId === chargePointId && (connectorId === undefined || row.connectorId === connectorId),
    );
  }

  async listActiveByIdTag(idTag: string) {
    const folded = foldCase(idTag);
    return this.#active((row) => row.idTag !== null && foldCase(row.idTag) === folded);
  }

  async list(filter: TransactionFilter = {}) {
    const rows = [...this.#rows.values()].filter(
      (row) =>
        (filter.chargePointId === undefined || row.chargePointId === filter.chargePointId) &&
        (filter.connectorId === undefined || row.connectorId === filter.connectorId) &&
        (filter.idTag === undefined || row.idTag === filter.idTag) &&
        (filter.status === undefined || (filter.status === 'active') === (row.stoppedAt === null)) &&
        (filter.from === undefined || (row.startedAt !== null && row.startedAt >= filter.from)) &&
        (filter.to === undefined || (row.startedAt !== null && row.startedAt < filter.to)) &&
        (filter.before === undefined || row.id < filter.before),
    );
    rows.sort((a, b) => b.id - a.id);
    return rows.slice(0, filter.limit ?? rows.length).map(copy);
  }

  async stop(id: number, stop: Stop, values: readonly NewMeterValue[]) {
    const row = this.#rows.get(id);
    if (!row) return undefined;
    await this.#meterValues.add(values);
    this.#log.entry(this.#rows, id);
    Object.assign(row, {
      meterStop: stop.meterStop,
      stoppedAt: stop.stoppedAt,
      stopReason: stop.reason,
      stopIdTag: stop.idTag,
      stopReceivedAt: stop.receivedAt,
    });
    if (stop.remoteStopCommandId !== undefined) row.remoteStopCommandId = stop.remoteStopCommandId;
    return copy(row);
  }

  async findAnomaly(chargePointId: string, reportedTransactionId: number, anomaly: TransactionAnomaly) {
    for (const row of this.#rows.values()) {
      if (
        row.chargePointId === chargePointId &&
        row.reportedTransactionId === reportedTransactionId &&
        row.anomaly === anomaly
      ) {
        return copy(row);
      }
    }
    return undefined;
  }

  async recordUnknownStop(stop: UnknownStop, values: readonly NewMeterValue[]) {
    const row = this.#insert({
      chargePointId: stop.chargePointId,
      connectorId: null,
      idTag: null,
      idTagStatus: null,
      meterStart: null,
      startedAt: null,
      reservationId: null,
      meterStop: stop.meterStop,
      stoppedAt: stop.stoppedAt,
      stopReason: stop.reason,
      stopIdTag: stop.idTag,
      anomaly: stop.anomaly,
      attention: null,
      remoteStartCommandId: null,
      remoteStopCommandId: stop.remoteStopCommandId ?? null,
      attentionAt: null,
      reportedTransactionId: stop.reportedTransactionId,
      createdAt: stop.receivedAt,
      stopReceivedAt: stop.receivedAt,
    });
    try {
      await this.#meterValues.add(values.map((value) => ({ ...value, transactionId: row.id })));
    } catch (error) {
      this.#rows.delete(row.id); // all or nothing
      throw error;
    }
    return copy(row);
  }

  async flag(id: number, { attention, at, stoppedAt }: Flag) {
    const row = this.#rows.get(id);
    if (!row) return undefined;
    this.#log.entry(this.#rows, id);
    row.attention = attention;
    row.attentionAt = at;
    if (stoppedAt !== undefined && row.stoppedAt === null) row.stoppedAt = stoppedAt;
    return copy(row);
  }
}
