import type { Logger } from '../logger.js';
import type { Storage } from '../storage/storage.js';
import { nowIso } from '../time.js';

/**
 * Marks accepted reservations Expired once their expiryDate has passed (OCPP 1.6 §3.11:
 * the charge point drops them by itself, without telling the central system).
 */
export class ReservationExpiry {
  readonly #timer: NodeJS.Timeout;

  constructor(storage: Storage, logger: Logger, clock: () => Date, intervalMs: number) {
    this.#timer = setInterval(() => {
      storage.reservations.expire(nowIso(clock)).then(
        (expired) => {
          if (expired.length > 0)
            logger.info({ reservationIds: expired.map((r) => r.id) }, 'reservations expired');
        },
        (error: unknown) => logger.error({ err: error }, 'could not expire reservations'),
      );
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
