import type { Logger } from '../logger.js';
import type { IsoTimestamp } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import { runUnitOfWork } from '../storage/unit-of-work.js';

type PresenceChange =
  | {
      readonly kind: 'connected';
      readonly id: string;
      readonly at: IsoTimestamp;
      readonly remoteAddress: string | null;
    }
  | { readonly kind: 'disconnected'; readonly id: string; readonly at: IsoTimestamp };

const apply = (storage: Storage, change: PresenceChange): Promise<void> =>
  change.kind === 'connected'
    ? storage.chargePoints.recordConnected(change.id, { at: change.at, remoteAddress: change.remoteAddress })
    : storage.chargePoints.recordDisconnected(change.id, change.at);

/**
 * Stores connections and disconnections, everything that happened in one turn of the
 * event loop in one unit of work. When a site's charge points all reconnect at once
 * (a thousand a second), a write and a commit each would queue in front of their
 * BootNotifications; batched, they cost one commit per turn. Changes are applied in
 * the order they happened, batch after batch.
 */
export class PresenceRecorder {
  readonly #storage: Storage;
  readonly #logger: Logger;
  #pending: PresenceChange[] = [];
  #scheduled = false;
  #flushing: Promise<void> = Promise.resolve();

  constructor(storage: Storage, logger: Logger) {
    this.#storage = storage;
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
      await runUnitOfWork(this.#storage, async (unit) => {
        for (const change of batch) await apply(unit, change);
      });
    } catch (error) {
      // One bad change must not lose the others: apply them one by one, in order.
      this.#logger.warn(
        { err: error, count: batch.length },
        'storing connections as a batch failed; one by one',
      );
      for (const change of batch) {
        try {
          await apply(this.#storage, change);
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
