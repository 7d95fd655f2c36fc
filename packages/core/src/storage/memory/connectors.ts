import type { ConnectorRecord, StatusUpdate } from '../records.js';
import type { ConnectorRepository } from '../storage.js';
import type { MemoryChargePoints } from './charge-points.js';
import { copy, isNotOlder } from './shared.js';
import type { UndoLog } from './undo-log.js';

/** `ConnectorRepository` in a map by charge point and connector id. */
export class MemoryConnectors implements ConnectorRepository {
  readonly #rows = new Map<string, ConnectorRecord>();
  readonly #chargePoints: MemoryChargePoints;
  readonly #log: UndoLog;

  constructor(chargePoints: MemoryChargePoints, log: UndoLog) {
    this.#chargePoints = chargePoints;
    this.#log = log;
  }

  async recordStatus(update: StatusUpdate) {
    this.#chargePoints.ensure(update.chargePointId, update.receivedAt);
    const key = `${update.chargePointId}\u0000${update.connectorId}`;
    const row = this.#rows.get(key);
    if (row && !isNotOlder(update, row.statusTimestamp)) return;
    this.#log.entry(this.#rows, key);
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

  /** Drops every connector of a charge point (it was removed). */
  removeAll(chargePointId: string): void {
    for (const [key, row] of [...this.#rows]) {
      if (row.chargePointId !== chargePointId) continue;
      this.#log.entry(this.#rows, key);
      this.#rows.delete(key);
    }
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
