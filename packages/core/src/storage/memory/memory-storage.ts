import type {
  ChargePointRecord,
  ConnectorRecord,
  ErrorEventRecord,
  MeterValueFilter,
  MeterValueRecord,
  NewMeterValue,
  StatusUpdate,
  TransactionFilter,
  TransactionRecord,
} from '../records.js';
import type {
  ChargePointRepository,
  ConnectorRepository,
  ErrorEventRepository,
  MeterValueRepository,
  Storage,
  TransactionRepository,
} from '../storage.js';

// Records are copied in and out so that callers can never mutate stored state by
// holding on to an object, which is what a real database guarantees too.
const copy = <T>(value: T): T => structuredClone(value);

const later = (a: string | null, b: string): string => (a !== null && a > b ? a : b);

/** Whether a status update may replace the stored one (ordering by the charge point's clock). */
function isNotOlder(update: StatusUpdate, storedTimestamp: string | null): boolean {
  return update.timestamp === null || storedTimestamp === null || update.timestamp >= storedTimestamp;
}

function emptyChargePoint(id: string, at: string): ChargePointRecord {
  return {
    id,
    vendor: null,
    model: null,
    chargePointSerialNumber: null,
    chargeBoxSerialNumber: null,
    firmwareVersion: null,
    iccid: null,
    imsi: null,
    meterType: null,
    meterSerialNumber: null,
    registrationStatus: null,
    bootedAt: null,
    status: null,
    errorCode: null,
    statusInfo: null,
    statusVendorId: null,
    statusVendorErrorCode: null,
    statusTimestamp: null,
    statusReceivedAt: null,
    diagnosticsStatus: null,
    diagnosticsStatusAt: null,
    firmwareStatus: null,
    firmwareStatusAt: null,
    connected: false,
    connectedAt: null,
    disconnectedAt: null,
    remoteAddress: null,
    lastSeenAt: null,
    lastHeartbeatAt: null,
    createdAt: at,
    updatedAt: at,
  };
}

class MemoryChargePoints implements ChargePointRepository {
  readonly #rows = new Map<string, ChargePointRecord>();

  #update(id: string, at: string, patch: Partial<ChargePointRecord>): ChargePointRecord {
    const row = this.#rows.get(id) ?? emptyChargePoint(id, at);
    const next = { ...row, ...patch, updatedAt: later(row.updatedAt, at) };
    this.#rows.set(id, next);
    return next;
  }

  /** Creates the row if it is missing, for writes about the charge point kept elsewhere. */
  ensure(id: string, at: string): void {
    if (!this.#rows.has(id)) this.#rows.set(id, emptyChargePoint(id, at));
  }

  async get(id: string) {
    const row = this.#rows.get(id);
    return row && copy(row);
  }

  async list() {
    return [...this.#rows.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(copy);
  }

  async recordBoot(id: string, boot: Parameters<ChargePointRepository['recordBoot']>[1]) {
    const { at } = boot;
    return copy(
      this.#update(id, at, {
        vendor: boot.vendor,
        model: boot.model,
        chargePointSerialNumber: boot.chargePointSerialNumber,
        chargeBoxSerialNumber: boot.chargeBoxSerialNumber,
        firmwareVersion: boot.firmwareVersion,
        iccid: boot.iccid,
        imsi: boot.imsi,
        meterType: boot.meterType,
        meterSerialNumber: boot.meterSerialNumber,
        registrationStatus: boot.registrationStatus,
        bootedAt: at,
      }),
    );
  }

  async recordConnected(id: string, { at, remoteAddress }: { at: string; remoteAddress: string | null }) {
    const lastSeenAt = later(this.#rows.get(id)?.lastSeenAt ?? null, at);
    this.#update(id, at, { connected: true, connectedAt: at, remoteAddress, lastSeenAt });
  }

  async recordDisconnected(id: string, at: string) {
    this.#update(id, at, { connected: false, disconnectedAt: at });
  }

  async markAllDisconnected(at: string) {
    let changed = 0;
    for (const row of this.#rows.values()) {
      if (row.connected) {
        this.#update(row.id, at, { connected: false, disconnectedAt: at });
        changed++;
      }
    }
    return changed;
  }

  async recordSeen(sightings: readonly { id: string; at: string }[]) {
    for (const { id, at } of sightings) {
      const row = this.#rows.get(id);
      if (row?.lastSeenAt && row.lastSeenAt >= at) continue;
      this.#update(id, at, { lastSeenAt: at });
    }
  }

  async recordHeartbeat(id: string, at: string) {
    this.#update(id, at, { lastHeartbeatAt: at });
  }

  async recordStatus(update: StatusUpdate) {
    const row = this.#rows.get(update.chargePointId);
    if (row && !isNotOlder(update, row.statusTimestamp)) return;
    this.#update(update.chargePointId, update.receivedAt, {
      status: update.status,
      errorCode: update.errorCode,
      statusInfo: update.info,
      statusVendorId: update.vendorId,
      statusVendorErrorCode: update.vendorErrorCode,
      statusTimestamp: update.timestamp,
      statusReceivedAt: update.receivedAt,
    });
  }

  async recordDiagnosticsStatus(id: string, status: ChargePointRecord['diagnosticsStatus'], at: string) {
    this.#update(id, at, { diagnosticsStatus: status, diagnosticsStatusAt: at });
  }

  async recordFirmwareStatus(id: string, status: ChargePointRecord['firmwareStatus'], at: string) {
    this.#update(id, at, { firmwareStatus: status, firmwareStatusAt: at });
  }
}

class MemoryConnectors implements ConnectorRepository {
  readonly #rows = new Map<string, ConnectorRecord>();
  readonly #chargePoints: MemoryChargePoints;

  constructor(chargePoints: MemoryChargePoints) {
    this.#chargePoints = chargePoints;
  }

  async recordStatus(update: StatusUpdate) {
    this.#chargePoints.ensure(update.chargePointId, update.receivedAt);
    const key = `${update.chargePointId}\u0000${update.connectorId}`;
    const row = this.#rows.get(key);
    if (row && !isNotOlder(update, row.statusTimestamp)) return;
    this.#rows.set(key, {
      chargePointId: update.chargePointId,
      connectorId: update.connectorId,
      status: update.status,
      errorCode: update.errorCode,
      info: update.info,
      vendorId: update.vendorId,
      vendorErrorCode: update.vendorErrorCode,
      statusTimestamp: update.timestamp,
      receivedAt: update.receivedAt,
    });
  }

  async get(chargePointId: string, connectorId: number) {
    const row = this.#rows.get(`${chargePointId}\u0000${connectorId}`);
    return row && copy(row);
  }

  async list(chargePointId: string) {
    return [...this.#rows.values()]
      .filter((row) => row.chargePointId === chargePointId)
      .sort((a, b) => a.connectorId - b.connectorId)
      .map(copy);
  }
}

class MemoryMeterValues implements MeterValueRepository {
  readonly #rows: MeterValueRecord[] = [];
  #nextId = 1;

  async add(values: readonly NewMeterValue[]) {
    // Copy everything before storing anything: all or nothing.
    const copies = values.map(copy);
    for (const value of copies) this.#rows.push({ ...value, id: this.#nextId++ });
    return copies.length;
  }

  async list(filter: MeterValueFilter = {}) {
    const rows = this.#rows.filter(
      (row) =>
        (filter.chargePointId === undefined || row.chargePointId === filter.chargePointId) &&
        (filter.connectorId === undefined || row.connectorId === filter.connectorId) &&
        (filter.transactionId === undefined || row.transactionId === filter.transactionId) &&
        (filter.measurand === undefined || row.measurand === filter.measurand) &&
        (filter.from === undefined || row.timestamp >= filter.from) &&
        (filter.to === undefined || row.timestamp < filter.to),
    );
    rows.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.id - b.id));
    return rows.slice(0, filter.limit ?? rows.length).map(copy);
  }
}

class MemoryTransactions implements TransactionRepository {
  readonly #rows = new Map<number, TransactionRecord>();
  #nextId = 1;

  readonly #meterValues: MemoryMeterValues;

  constructor(meterValues: MemoryMeterValues) {
    this.#meterValues = meterValues;
  }

  #insert(row: Omit<TransactionRecord, 'id'>): TransactionRecord {
    const record = { ...row, id: this.#nextId++ };
    this.#rows.set(record.id, record);
    return record;
  }

  async start(transaction: Parameters<TransactionRepository['start']>[0]) {
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
        reportedTransactionId: null,
        createdAt: transaction.receivedAt,
        stopReceivedAt: null,
      }),
    );
  }

  async findByStart(key: Parameters<TransactionRepository['findByStart']>[0]) {
    for (const row of this.#rows.values()) {
      if (
        row.chargePointId === key.chargePointId &&
        row.connectorId === key.connectorId &&
        row.idTag === key.idTag &&
        row.meterStart === key.meterStart &&
        row.startedAt === key.startedAt &&
        row.anomaly === null
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

  async listActive(chargePointId: string, connectorId?: number) {
    return [...this.#rows.values()]
      .filter(
        (row) =>
          row.chargePointId === chargePointId &&
          row.stoppedAt === null &&
          row.anomaly === null &&
          (connectorId === undefined || row.connectorId === connectorId),
      )
      .sort((a, b) => a.id - b.id)
      .map(copy);
  }

  async list(filter: TransactionFilter = {}) {
    const rows = [...this.#rows.values()].filter(
      (row) =>
        (filter.chargePointId === undefined || row.chargePointId === filter.chargePointId) &&
        (filter.connectorId === undefined || row.connectorId === filter.connectorId) &&
        (filter.idTag === undefined || row.idTag === filter.idTag) &&
        (filter.status === undefined || (filter.status === 'active') === (row.stoppedAt === null)) &&
        (filter.from === undefined || (row.startedAt !== null && row.startedAt >= filter.from)) &&
        (filter.to === undefined || (row.startedAt !== null && row.startedAt < filter.to)),
    );
    rows.sort((a, b) => b.id - a.id);
    return rows.slice(0, filter.limit ?? rows.length).map(copy);
  }

  async stop(
    id: number,
    stop: Parameters<TransactionRepository['stop']>[1],
    values: readonly NewMeterValue[],
  ) {
    const row = this.#rows.get(id);
    if (!row) return undefined;
    await this.#meterValues.add(values);
    Object.assign(row, {
      meterStop: stop.meterStop,
      stoppedAt: stop.stoppedAt,
      stopReason: stop.reason,
      stopIdTag: stop.idTag,
      stopReceivedAt: stop.receivedAt,
    });
    return copy(row);
  }

  async recordUnknownStop(
    stop: Parameters<TransactionRepository['recordUnknownStop']>[0],
    values: readonly NewMeterValue[],
  ) {
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
      anomaly: 'UnknownTransaction',
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
}

class MemoryErrorEvents implements ErrorEventRepository {
  readonly #rows: ErrorEventRecord[] = [];
  #nextId = 1;

  async add(event: Parameters<ErrorEventRepository['add']>[0]) {
    const row = { ...copy(event), id: this.#nextId++ };
    this.#rows.push(row);
    return copy(row);
  }

  async list(filter: { chargePointId?: string; limit?: number } = {}) {
    const rows = this.#rows
      .filter((row) => filter.chargePointId === undefined || row.chargePointId === filter.chargePointId)
      .sort((a, b) => b.id - a.id);
    return rows.slice(0, filter.limit ?? rows.length).map(copy);
  }
}

/**
 * Keeps everything in process memory: for tests, demos and embedding where
 * persistence is not wanted. Lost on exit.
 *
 * @example
 * const cs = createCentralSystem({ storage: new MemoryStorage() });
 */
export class MemoryStorage implements Storage {
  readonly chargePoints: ChargePointRepository;
  readonly connectors: ConnectorRepository;
  readonly meterValues: MeterValueRepository;
  readonly transactions: TransactionRepository;
  readonly errors: ErrorEventRepository = new MemoryErrorEvents();

  constructor() {
    const chargePoints = new MemoryChargePoints();
    this.chargePoints = chargePoints;
    this.connectors = new MemoryConnectors(chargePoints);
    const meterValues = new MemoryMeterValues();
    this.meterValues = meterValues;
    this.transactions = new MemoryTransactions(meterValues);
  }

  async close() {}
}
