import type { ChargePointErrorCode, ChargePointStatus, MeterValue } from '@levity/core';
import type { ConnectorMeter } from '../meter.js';
import type { AvailabilityType } from '../types.js';

/** A transaction the charge point is running. */
export interface RunningTransaction {
  readonly transactionId: number;
  readonly connectorId: number;
  readonly idTag: string;
  readonly meterStart: number;
  readonly startedAt: Date;
  readonly reservationId?: number;
  /** Readings for StopTransaction's transactionData (Transaction.Begin, StopTxnSampledData samples). */
  readonly transactionData: MeterValue[];
}

/** Connector 0 stands for the charge point as a whole (availability, status). */
export interface Connector {
  readonly id: number;
  status: ChargePointStatus;
  errorCode: ChargePointErrorCode;
  /** Persistent across reboots (OCPP 1.6 §5.2). */
  availability: AvailabilityType;
  /** A ChangeAvailability answered Scheduled, applied when the transaction ends. */
  scheduledAvailability?: AvailabilityType;
  /** From the moment a start is decided until the transaction has ended. */
  busy: boolean;
  transaction?: RunningTransaction;
  readonly meter: ConnectorMeter;
}

export class Connectors {
  readonly #connectors: Connector[];

  constructor(count: number, meter: (connectorId: number) => ConnectorMeter) {
    this.#connectors = Array.from({ length: count + 1 }, (_, id) => ({
      id,
      status: 'Available',
      errorCode: 'NoError',
      availability: 'Operative',
      busy: false,
      meter: meter(id),
    }));
  }

  /** Connectors 1…n (connector 0 excluded). */
  get count(): number {
    return this.#connectors.length - 1;
  }

  /** Connector 0 (the charge point) or 1…n; `undefined` beyond. */
  get(id: number): Connector | undefined {
    return this.#connectors[id];
  }

  /** Connectors 1…n. */
  list(): Connector[] {
    return this.#connectors.slice(1);
  }

  withTransaction(transactionId: number): Connector | undefined {
    return this.list().find((connector) => connector.transaction?.transactionId === transactionId);
  }

  transactions(): RunningTransaction[] {
    return this.list().flatMap((connector) => (connector.transaction ? [connector.transaction] : []));
  }
}
