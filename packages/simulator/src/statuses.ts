import type { ChargePointErrorCode, ChargePointStatus } from '@levity/core';
import type { Runtime } from './runtime.js';

/**
 * Connector statuses (OCPP 1.6 §4.9): what each connector shows, and the
 * StatusNotification that tells the central system about every change.
 */
export class Statuses {
  readonly #rt: Runtime;

  constructor(rt: Runtime) {
    this.#rt = rt;
  }

  /** Sets a connector's status and reports it. */
  async set(connectorId: number, status: ChargePointStatus, errorCode: ChargePointErrorCode = 'NoError') {
    const connector = this.#rt.state.connectors.get(connectorId);
    if (!connector) throw new RangeError(`No connector ${connectorId}`);
    connector.status = status;
    connector.errorCode = errorCode;
    this.#rt.events.emit('statusChanged', { connectorId, status, errorCode });
    await this.report(connectorId);
  }

  /** Sends the connector's current status. */
  async report(connectorId: number): Promise<void> {
    const connector = this.#rt.state.connectors.get(connectorId);
    if (!connector) return;
    await this.#rt.send('StatusNotification', {
      connectorId,
      status: connector.status,
      errorCode: connector.errorCode,
      timestamp: this.#rt.now().toISOString(),
    });
  }

  /** After a boot: every connector's status, the charge point's (connector 0) first. */
  async reportAll(): Promise<void> {
    for (let id = 0; id <= this.#rt.state.connectors.count; id++) {
      this.#settle(id);
      await this.report(id);
    }
  }

  /** The status of a connector with nothing going on: Unavailable, Reserved or Available. */
  idle(connectorId: number): ChargePointStatus {
    const { connectors, reservations } = this.#rt.state;
    const connector = connectors.get(connectorId);
    if (connector?.status === 'Faulted') return 'Faulted';
    if (connector?.availability === 'Inoperative') return 'Unavailable';
    if (connectorId > 0 && reservations.forConnector(connectorId)) return 'Reserved';
    return 'Available';
  }

  /** Moves a connector that is not busy to its idle status, reporting it when that changed. */
  async refresh(connectorId: number): Promise<void> {
    const connector = this.#rt.state.connectors.get(connectorId);
    if (!connector || connector.busy) return;
    const status = this.idle(connectorId);
    if (status !== connector.status) await this.set(connectorId, status);
  }

  /** Without reporting: the status a connector that is not busy is in (before a boot reports it). */
  #settle(connectorId: number): void {
    const connector = this.#rt.state.connectors.get(connectorId);
    if (connector && !connector.busy && connector.status !== 'Faulted')
      connector.status = this.idle(connectorId);
  }

  /**
   * ChangeAvailability answered Scheduled waits for the transaction to end (§5.2); when
   * it has, the change applies: the connector's, and connector 0's once no connector is busy.
   */
  async applyScheduled(connectorId: number): Promise<void> {
    const { connectors } = this.#rt.state;
    const connector = connectors.get(connectorId);
    if (connector?.scheduledAvailability && !connector.busy) {
      connector.availability = connector.scheduledAvailability;
      connector.scheduledAvailability = undefined;
    }
    const whole = connectors.get(0);
    if (whole?.scheduledAvailability && connectors.list().every((c) => !c.busy)) {
      whole.availability = whole.scheduledAvailability;
      whole.scheduledAvailability = undefined;
      await this.refresh(0);
    }
  }
}
