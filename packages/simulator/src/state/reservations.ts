/** A reservation made with ReserveNow (OCPP 1.6 §5.13). */
export interface Reservation {
  readonly reservationId: number;
  readonly connectorId: number;
  readonly idTag: string;
  readonly parentIdTag?: string;
  readonly expiryDate: Date;
}

/**
 * Reservations per connector. Each one expires on its own at `expiryDate`: it is removed
 * and `onExpire` told, so that the connector can become Available again.
 */
export class Reservations {
  readonly #byConnector = new Map<number, Reservation>();
  readonly #timers = new Map<number, NodeJS.Timeout>();
  readonly #onExpire: (reservation: Reservation) => void;
  readonly #now: () => Date;

  constructor(options: { now: () => Date; onExpire: (reservation: Reservation) => void }) {
    this.#now = options.now;
    this.#onExpire = options.onExpire;
  }

  forConnector(connectorId: number): Reservation | undefined {
    return this.#byConnector.get(connectorId);
  }

  find(reservationId: number): Reservation | undefined {
    for (const reservation of this.#byConnector.values()) {
      if (reservation.reservationId === reservationId) return reservation;
    }
    return undefined;
  }

  all(): Reservation[] {
    return [...this.#byConnector.values()];
  }

  add(reservation: Reservation): void {
    this.remove(reservation.reservationId);
    this.#byConnector.set(reservation.connectorId, reservation);
    // setTimeout takes at most 2^31-1 ms; a later expiry is re-armed when that fires.
    const arm = () => {
      const wait = Math.min(reservation.expiryDate.getTime() - this.#now().getTime(), 2_147_483_647);
      const timer = setTimeout(
        () => {
          if (this.#now() < reservation.expiryDate) return arm();
          if (this.remove(reservation.reservationId)) this.#onExpire(reservation);
        },
        Math.max(0, wait),
      );
      timer.unref();
      this.#timers.set(reservation.reservationId, timer);
    };
    arm();
  }

  /** Removes the reservation; returns it, or `undefined` when there is none with that id. */
  remove(reservationId: number): Reservation | undefined {
    const reservation = this.find(reservationId);
    if (!reservation) return undefined;
    this.#byConnector.delete(reservation.connectorId);
    clearTimeout(this.#timers.get(reservationId));
    this.#timers.delete(reservationId);
    return reservation;
  }

  /**
   * Whether `idTag` may use the reservation: the reserved tag itself, or, when the
   * reservation names a parent, any tag with that parent (§5.13), compared case-insensitively.
   */
  admits(reservation: Reservation, idTag: string, parentIdTag?: string): boolean {
    if (reservation.idTag.toLowerCase() === idTag.toLowerCase()) return true;
    return (
      reservation.parentIdTag !== undefined &&
      parentIdTag !== undefined &&
      reservation.parentIdTag.toLowerCase() === parentIdTag.toLowerCase()
    );
  }

  /** Stops every expiry timer (when the simulator closes). */
  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
