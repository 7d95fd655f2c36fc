import type { Admission, ChargePointFilter, ChargePointRecord, StatusUpdate } from '../records.js';
import type { ChargePointRepository } from '../storage.js';
import { compareText, copy, isNotOlder, later } from './shared.js';
import type { UndoLog } from './undo-log.js';

function emptyChargePoint(id: string, at: string): ChargePointRecord {
  return {
    id,
    admission: null,
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

/** `ChargePointRepository` in a map by id. */
export class MemoryChargePoints implements ChargePointRepository {
  readonly #rows = new Map<string, ChargePointRecord>();
  readonly #log: UndoLog;
  readonly #removalListeners: ((id: string) => void)[] = [];

  constructor(log: UndoLog) {
    this.#log = log;
  }

  /** Tells `listener` of every charge point removed (its connectors live elsewhere). */
  onRemove(listener: (id: string) => void): void {
    this.#removalListeners.push(listener);
  }

  #update(id: string, at: string, patch: Partial<ChargePointRecord>): ChargePointRecord {
    const row = this.#rows.get(id) ?? emptyChargePoint(id, at);
    const next = { ...row, ...patch, updatedAt: later(row.updatedAt, at) };
    this.#log.entry(this.#rows, id);
    this.#rows.set(id, next);
    return next;
  }

  /** Creates the row if it is missing, for writes about the charge point kept elsewhere. */
  ensure(id: string, at: string): void {
    if (this.#rows.has(id)) return;
    this.#log.entry(this.#rows, id);
    this.#rows.set(id, emptyChargePoint(id, at));
  }

  async get(id: string) {
    const row = this.#rows.get(id);
    return row && copy(row);
  }

  async list(filter: ChargePointFilter = {}) {
    const { after } = filter;
    const rows = [...this.#rows.values()]
      .filter((row) => after === undefined || compareText(row.id, after) > 0)
      .sort((a, b) => compareText(a.id, b.id));
    return rows.slice(0, filter.limit ?? rows.length).map(copy);
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

  async setAdmission(id: string, admission: Admission | null, at: string) {
    return copy(this.#update(id, at, { admission }));
  }

  async removeNeverBooted(updatedBefore: string) {
    let removed = 0;
    for (const row of [...this.#rows.values()]) {
      if (row.registrationStatus !== null || row.admission !== null || row.connected) continue;
      if (row.updatedAt >= updatedBefore) continue;
      this.#log.entry(this.#rows, row.id);
      this.#rows.delete(row.id);
      for (const listener of this.#removalListeners) listener(row.id);
      removed++;
    }
    return removed;
  }
}
