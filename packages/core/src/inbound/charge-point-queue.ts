/**
 * Runs each charge point's inbound messages one at a time, in arrival order.
 *
 * OCPP-J §4.1.1 says a charge point sends one CALL at a time, but real ones do not
 * always wait for the answer: a StopTransaction resent before the first is answered,
 * two identical StartTransactions in the same tick. Applied concurrently, both would
 * read the state before either wrote it, and a duplicate would not look like one.
 * Ordering per charge point (not per transaction) also covers messages that carry no
 * transaction id yet, and costs nothing across charge points, which still run side by
 * side. It is keyed by id, not connection, so a reconnect's messages queue behind
 * what the old socket already sent.
 */
export class ChargePointQueue {
  /** The last queued task of each busy charge point; idle ones have no entry. */
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(chargePointId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(chargePointId);
    const result = previous === undefined ? task() : previous.then(task);
    const tail = result.then(settled, settled);
    this.#tails.set(chargePointId, tail);
    void tail.then(() => {
      if (this.#tails.get(chargePointId) === tail) this.#tails.delete(chargePointId);
    });
    return result;
  }

  /** Charge points with a message being handled or waiting. */
  get busy(): number {
    return this.#tails.size;
  }
}

function settled(): void {}
