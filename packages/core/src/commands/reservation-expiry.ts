import type { Cluster } from '../cluster/cluster.js';
import type { Logger } from '../logger.js';
import type { Storage } from '../storage/storage.js';
import { nowIso } from '../time.js';

/**
 * Marks accepted reservations Expired once their expiryDate has passed (OCPP 1.6 §3.11:
 * the charge point drops them by itself, without telling the central system).
 * With several nodes, one of them at a time does it (`Cluster.runExclusive`).
 */
export class ReservationExpiry {
  readonly #timer: NodeJS.Timeout;

  constructor(
    storage: Storage,
    logger: Logger,
    clock: () => Date,
    intervalMs: number,
    cluster: Pick<Cluster, 'runExclusive'>,
  ) {
    const expire = async () => {
      const expired = await storage.reservations.expire(nowIso(clock));
      if (expired.length > 0)
        logger.info({ reservationIds: expired.map((r) => r.id) }, 'reservations expired');
    };
    this.#timer = setInterval(() => {
      cluster
        .runExclusive('reservation-expiry', expire)
        .catch((error: unknown) => logger.error({ err: error }, 'could not expire reservations'));
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
