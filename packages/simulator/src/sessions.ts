import type { StopReason } from '@levity/core';
import { LevityError } from '@levity/core';
import type { Runtime } from './runtime.js';
import type { Connector, RunningTransaction } from './state/connectors.js';
import type { ChargingProfile, IdTagInfo } from './types.js';

export interface StartOptions {
  readonly connectorId: number;
  readonly idTag: string;
  /** Ask the central system with Authorize first (unless the tag is known locally). Default true. */
  readonly authorize?: boolean;
  /** A TxProfile for the transaction (RemoteStartTransaction). */
  readonly chargingProfile?: ChargingProfile;
}

export interface StartResult {
  /** The id the central system gave; absent when the start went no further than Authorize. */
  readonly transactionId?: number;
  readonly idTagInfo: IdTagInfo;
}

/** Charging sessions: authorization, StartTransaction, meter values, StopTransaction (OCPP 1.6 §4.8, §4.10). */
export class Sessions {
  readonly #rt: Runtime;

  constructor(rt: Runtime) {
    this.#rt = rt;
  }

  /** §3.4, §3.5: a tag known Accepted locally starts at once with LocalPreAuthorize; others are asked about. */
  async authorize(idTag: string): Promise<IdTagInfo> {
    const { configuration, localList, authorizationCache } = this.#rt.state;
    if (configuration.boolean('LocalPreAuthorize')) {
      const local =
        (configuration.boolean('LocalAuthListEnabled') ? localList.get(idTag) : undefined) ??
        (configuration.boolean('AuthorizationCacheEnabled') ? authorizationCache.get(idTag) : undefined);
      if (local?.status === 'Accepted') return local;
    }
    const { idTagInfo } = await this.#rt.send('Authorize', { idTag });
    this.#remember(idTag, idTagInfo);
    return idTagInfo;
  }

  /** Whether `idTag` could start charging on the connector now (free, operative, not reserved for another tag). */
  canStart(connectorId: number, idTag: string): boolean {
    const { connectors, reservations } = this.#rt.state;
    const connector = connectors.get(connectorId);
    if (!connector || connectorId === 0 || connector.busy) return false;
    if (this.#rt.statuses.idle(connectorId) === 'Unavailable' || connector.status === 'Faulted') return false;
    const reservation = reservations.forConnector(connectorId);
    const parent = this.#rt.state.authorizationCache.get(idTag)?.parentIdTag;
    return !reservation || reservations.admits(reservation, idTag, parent);
  }

  /** The first connector `idTag` could start on (a RemoteStartTransaction without connectorId). */
  freeConnector(idTag: string): number | undefined {
    return this.#rt.state.connectors.list().find((c) => this.canStart(c.id, idTag))?.id;
  }

  /**
   * Claims the connector at once (so that a second start is refused), then runs the
   * session's start: Preparing, Authorize when asked, StartTransaction (with the
   * reservation it uses), Charging and periodic meter values. A transaction the
   * central system refuses is stopped as DeAuthorized (StopTransactionOnInvalidId).
   *
   * @throws LevityError `LEVITY_ERR_INVALID_ARGUMENT` when the connector cannot start now
   */
  claim(options: StartOptions): () => Promise<StartResult> {
    const { connectorId, idTag } = options;
    if (!this.canStart(connectorId, idTag)) {
      throw new LevityError(
        'LEVITY_ERR_INVALID_ARGUMENT',
        `Connector ${connectorId} of ${this.#rt.id} cannot start a transaction for "${idTag}" now (busy, unavailable, reserved or unknown)`,
      );
    }
    const connector = this.#rt.sampling.connector(connectorId);
    connector.busy = true;
    return async () => {
      try {
        return await this.#start(connector, options);
      } catch (error) {
        if (!connector.transaction) await this.#release(connector);
        throw error;
      }
    };
  }

  async #start(connector: Connector, options: StartOptions): Promise<StartResult> {
    const rt = this.#rt;
    const { idTag } = options;
    await rt.statuses.set(connector.id, 'Preparing');
    if (options.authorize ?? true) {
      const idTagInfo = await this.authorize(idTag);
      if (idTagInfo.status !== 'Accepted') {
        await this.#release(connector);
        return { idTagInfo };
      }
    }
    const reservation = rt.state.reservations.forConnector(connector.id);
    const startedAt = rt.now();
    const meterStart = connector.meter.energyWh;
    const { transactionId, idTagInfo } = await rt.send('StartTransaction', {
      connectorId: connector.id,
      idTag,
      meterStart,
      timestamp: startedAt.toISOString(),
      ...(reservation ? { reservationId: reservation.reservationId } : {}),
    });
    if (reservation) rt.state.reservations.remove(reservation.reservationId);
    this.#remember(idTag, idTagInfo);
    const transaction: RunningTransaction = {
      transactionId,
      connectorId: connector.id,
      idTag,
      meterStart,
      startedAt,
      ...(reservation ? { reservationId: reservation.reservationId } : {}),
      transactionData: [],
    };
    connector.transaction = transaction;
    if (options.chargingProfile) {
      rt.state.chargingProfiles.set(
        connector.id,
        { ...options.chargingProfile, transactionId },
        rt.profileLimits(),
        (id) => rt.state.connectors.get(id)?.transaction?.transactionId,
        startedAt,
      );
    }
    connector.meter.begin(startedAt, rt.limitW(connector.id, startedAt));
    transaction.transactionData.push(
      rt.sampling.reading(connector, 'Transaction.Begin', 'StopTxnSampledData'),
    );
    rt.events.emit('transactionStarted', {
      connectorId: connector.id,
      transactionId,
      idTag,
      meterStart,
      ...(reservation ? { reservationId: reservation.reservationId } : {}),
    });
    if (idTagInfo.status !== 'Accepted' && rt.state.configuration.boolean('StopTransactionOnInvalidId')) {
      await this.stop(connector.id, 'DeAuthorized');
      return { transactionId, idTagInfo };
    }
    await rt.statuses.set(connector.id, idTagInfo.status === 'Accepted' ? 'Charging' : 'SuspendedEVSE');
    // A RemoteStopTransaction may have ended it while the status was being reported.
    if (connector.transaction === transaction) rt.sampling.start(connector.id);
    return { transactionId, idTagInfo };
  }

  /**
   * Ends the connector's transaction: StopTransaction with the final register and the
   * transactionData, then Finishing and the idle status. Resolves with the transaction,
   * or `undefined` when none was running.
   */
  async stop(
    connectorId: number,
    reason: StopReason = 'Local',
    idTag?: string,
  ): Promise<RunningTransaction | undefined> {
    const rt = this.#rt;
    const connector = rt.state.connectors.get(connectorId);
    const transaction = connector?.transaction;
    if (!connector || !transaction) return undefined;
    rt.sampling.stop(connectorId);
    const at = rt.now();
    connector.meter.end(at);
    const end = rt.sampling.reading(connector, 'Transaction.End', 'StopTxnSampledData');
    connector.transaction = undefined;
    rt.state.chargingProfiles.transactionEnded(transaction.transactionId);
    const meterStop = connector.meter.energyWh;
    try {
      await rt.send('StopTransaction', {
        transactionId: transaction.transactionId,
        meterStop,
        timestamp: at.toISOString(),
        reason,
        ...(idTag === undefined ? {} : { idTag }),
        transactionData: [...transaction.transactionData, end],
      });
    } finally {
      rt.events.emit('transactionStopped', {
        connectorId,
        transactionId: transaction.transactionId,
        meterStop,
        reason,
      });
      await rt.statuses.set(connectorId, 'Finishing').catch(() => {});
      await this.#release(connector);
    }
    return transaction;
  }

  /** Stops every running transaction (reboot, shutdown); failures are logged. */
  async stopAll(reason: StopReason): Promise<void> {
    const running = this.#rt.state.connectors.transactions();
    const results = await Promise.allSettled(running.map((t) => this.stop(t.connectorId, reason)));
    for (const result of results) {
      if (result.status === 'rejected')
        this.#rt.log('warn', 'could not stop a transaction', { err: result.reason });
    }
  }

  /** The connector is free again; its status follows (a failed report is only logged: the charger may be offline). */
  async #release(connector: Connector): Promise<void> {
    connector.busy = false;
    try {
      await this.#rt.statuses.applyScheduled(connector.id);
      await this.#rt.statuses.refresh(connector.id);
    } catch (error) {
      this.#rt.log('debug', 'could not report a status', { err: error });
    }
  }

  #remember(idTag: string, info: IdTagInfo): void {
    if (this.#rt.state.configuration.boolean('AuthorizationCacheEnabled')) {
      this.#rt.state.authorizationCache.remember(idTag, info);
    }
  }
}
