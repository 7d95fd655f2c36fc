import type { MeterValue, ReadingContext } from '@levity/core';
import { LevityError } from '@levity/core';
import type { Runtime } from './runtime.js';
import type { Connector } from './state/connectors.js';

/** Readings kept for StopTransaction's transactionData, at most. */
const MAX_TRANSACTION_DATA = 100;

type MeasurandsKey =
  | 'MeterValuesSampledData'
  | 'StopTxnSampledData'
  | 'MeterValuesAlignedData'
  | 'StopTxnAlignedData';

/**
 * Meter values (OCPP 1.6 §4.7, §3.16): periodic samples while a transaction runs, every
 * MeterValueSampleInterval seconds, with the measurands the configuration asks for.
 */
export class Sampling {
  readonly #rt: Runtime;
  readonly #timers = new Map<number, NodeJS.Timeout>();
  #aligned: NodeJS.Timeout | undefined;

  constructor(rt: Runtime) {
    this.#rt = rt;
    rt.state.configuration.onChange((key) => {
      if (key === 'MeterValueSampleInterval') {
        for (const transaction of rt.state.connectors.transactions()) this.start(transaction.connectorId);
      }
      if (key === 'ClockAlignedDataInterval' && rt.state.registration === 'Accepted') this.startAligned();
    });
  }

  /** Starts (or restarts) the periodic samples of the connector's transaction. */
  start(connectorId: number): void {
    this.stop(connectorId);
    const seconds = this.#rt.state.configuration.integer('MeterValueSampleInterval');
    if (seconds <= 0) return;
    const timer = setInterval(() => {
      const connector = this.connector(connectorId);
      const transaction = connector.transaction;
      if (!transaction) return;
      this.#rt.later('periodic meter values', () => this.send(connectorId, 'Sample.Periodic'));
      if (transaction.transactionData.length < MAX_TRANSACTION_DATA) {
        transaction.transactionData.push(this.reading(connector, 'Sample.Periodic', 'StopTxnSampledData'));
      }
    }, seconds * 1000);
    this.#timers.set(connectorId, timer);
  }

  stop(connectorId: number): void {
    clearInterval(this.#timers.get(connectorId));
    this.#timers.delete(connectorId);
  }

  /**
   * ClockAlignedDataInterval (§9.1.6): Sample.Clock readings of MeterValuesAlignedData on
   * every connector at whole multiples of the interval since midnight UTC, and of
   * StopTxnAlignedData for running transactions.
   */
  startAligned(): void {
    clearTimeout(this.#aligned);
    const interval = this.#rt.state.configuration.integer('ClockAlignedDataInterval') * 1000;
    if (interval <= 0) return;
    const wait = interval - (this.#rt.now().getTime() % interval);
    this.#aligned = setTimeout(() => {
      const stopTxnAligned = this.#rt.state.configuration.list('StopTxnAlignedData').length > 0;
      for (const connector of this.#rt.state.connectors.list()) {
        this.#rt.later('clock-aligned meter values', () =>
          this.send(connector.id, 'Sample.Clock', 'MeterValuesAlignedData'),
        );
        const data = connector.transaction?.transactionData;
        if (stopTxnAligned && data && data.length < MAX_TRANSACTION_DATA) {
          data.push(this.reading(connector, 'Sample.Clock', 'StopTxnAlignedData'));
        }
      }
      this.startAligned();
    }, wait);
  }

  stopAll(): void {
    for (const timer of this.#timers.values()) clearInterval(timer);
    this.#timers.clear();
    clearTimeout(this.#aligned);
  }

  /** MeterValues for a connector (naming its transaction, if one runs) in the given context. */
  async send(
    connectorId: number,
    context: ReadingContext = 'Trigger',
    measurands: MeasurandsKey = 'MeterValuesSampledData',
  ): Promise<void> {
    const connector = this.connector(connectorId);
    const now = this.#rt.now();
    connector.meter.advance(now, this.#rt.limitW(connectorId, now));
    await this.#rt.send('MeterValues', {
      connectorId,
      ...(connector.transaction ? { transactionId: connector.transaction.transactionId } : {}),
      meterValue: [this.reading(connector, context, measurands)],
    });
  }

  /** Charging profiles changed: running sessions follow the new limits from now on. */
  limitsChanged(): void {
    const now = this.#rt.now();
    for (const { connectorId } of this.#rt.state.connectors.transactions()) {
      this.connector(connectorId).meter.advance(now, this.#rt.limitW(connectorId, now));
    }
  }

  /** One reading of the measurands a configuration key lists (the energy register when it lists none). */
  reading(connector: Connector, context: ReadingContext, key: MeasurandsKey): MeterValue {
    const measurands = this.#rt.state.configuration.list(key);
    return connector.meter.sample(
      this.#rt.now(),
      context,
      measurands.length > 0 ? measurands : ['Energy.Active.Import.Register'],
    );
  }

  connector(connectorId: number): Connector {
    const connector = this.#rt.state.connectors.get(connectorId);
    if (!connector) {
      throw new LevityError('LEVITY_ERR_INVALID_ARGUMENT', `${this.#rt.id} has no connector ${connectorId}`);
    }
    return connector;
  }
}
