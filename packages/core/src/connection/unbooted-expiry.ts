import type { Cluster } from '../cluster/cluster.js';
import type { Logger } from '../logger.js';
import type { Storage } from '../storage/storage.js';

/**
 * Forgets charge points that connected (or sent something) but never booted, once
 * they have been quiet for the retention time. Under an accept-all boot policy any id
 * may connect, so without this a client inventing ids would leave a row behind for
 * each of them for ever.
 */
export class UnbootedExpiry {
  readonly #timer: NodeJS.Timeout | undefined;

  /** `retentionMs` 0 keeps them for ever (no timer runs). */
  /** With several nodes, one of them at a time does it (`Cluster.runExclusive`). */
  constructor(
    storage: Storage,
    logger: Logger,
    clock: () => Date,
    retentionMs: number,
    cluster: Pick<Cluster, 'runExclusive'>,
  ) {
    if (retentionMs === 0) return;
    // Often enough that rows live at most about 10% beyond the retention time.
    const intervalMs = Math.min(Math.max(Math.round(retentionMs / 10), 1000), 60_000);
    const forget = async () => {
      const before = new Date(clock().getTime() - retentionMs).toISOString();
      const removed = await storage.chargePoints.removeNeverBooted(before);
      if (removed > 0) logger.info({ removed }, 'forgot charge points that never booted');
    };
    this.#timer = setInterval(() => {
      cluster
        .runExclusive('unbooted-expiry', forget)
        .catch((error: unknown) =>
          logger.error({ err: error }, 'could not forget charge points that never booted'),
        );
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
