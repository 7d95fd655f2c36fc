import type { Logger } from '../logger.js';
import type { Storage } from '../storage/storage.js';

/**
 * Remembers when each charge point was last heard from and writes the times to
 * storage in batches. Any message is a sign of life (OCPP 1.6 §4.6), so writing one
 * row per message would double the database load for nothing.
 */
export class LivenessTracker {
  readonly #storage: Storage;
  readonly #logger: Logger;
  readonly #pending = new Map<string, string>();
  readonly #timer: NodeJS.Timeout;
  #flushing: Promise<void> = Promise.resolve();

  constructor(storage: Storage, logger: Logger, flushMs: number) {
    this.#storage = storage;
    this.#logger = logger;
    this.#timer = setInterval(() => void this.flush(), flushMs);
    this.#timer.unref();
  }

  seen(chargePointId: string, at: string): void {
    this.#pending.set(chargePointId, at);
  }

  /** Writes what is pending; concurrent calls queue behind each other. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      if (this.#pending.size === 0) return;
      const sightings = [...this.#pending].map(([id, at]) => ({ id, at }));
      this.#pending.clear();
      try {
        await this.#storage.chargePoints.recordSeen(sightings);
      } catch (error) {
        this.#logger.error({ err: error, count: sightings.length }, 'could not store last-seen times');
      }
    });
    return this.#flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
