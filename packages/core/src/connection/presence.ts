import type { Cluster, PresenceChange } from '../cluster/cluster.js';
import type { Logger } from '../logger.js';
import type { IsoTimestamp } from '../storage/records.js';

/**
 * Stores connections and disconnections, everything that happened in one turn of the
 * event loop in one unit of work. When a site's charge points all reconnect at once
 * (a thousand a second), a write and a commit each would queue in front of their
 * BootNotifications; batched, they cost one commit per turn. Changes are applied in
 * the order they happened, batch after batch.
 */
export class PresenceRecorder {
  readonly #cluster: Pick<Cluster, 'recordPresence'>;
  readonly #logger: Logger;
  #pending: PresenceChange[] = [];
  #scheduled = false;
  #flushing: Promise<void> = Promise.resolve();

  /** `cluster` stores the changes (in the storage's `cp` rows for a single node). */
  constructor(cluster: Pick<Cluster, 'recordPresence'>, logger: Logger) {
    this.#cluster = cluster;
    this.#logger = logger;
  }

  connected(id: string, at: IsoTimestamp, remoteAddress: string | null): void {
    this.#add({ kind: 'connected', id, at, remoteAddress });
  }

  disconnected(id: string, at: IsoTimestamp): void {
    this.#add({ kind: 'disconnected', id, at });
  }

  /** Writes what is pending; resolves once everything recorded so far is stored (or logged as failed). */
  flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length > 0) this.#flushing = this.#flushing.then(() => this.#write(batch));
    return this.#flushing;
  }

  #add(change: PresenceChange): void {
    this.#pending.push(change);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.flush();
    });
  }

  async #write(batch: PresenceChange[]): Promise<void> {
    try {
      await this.#cluster.recordPresence(batch);
    } catch (error) {
      // One bad change must not lose the others: apply them one by one, in order.
      this.#logger.warn(
        { err: error, count: batch.length },
        'storing connections as a batch failed; one by one',
      );
      for (const change of batch) {
        try {
          await this.#cluster.recordPresence([change]);
        } catch (cause) {
          this.#logger.error(
            { err: cause, chargePointId: change.id },
            `could not store a ${change.kind === 'connected' ? 'connection' : 'disconnection'}`,
          );
        }
      }
    }
  }
}
