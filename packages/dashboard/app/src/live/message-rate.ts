/**
 * Counts events per whole second over the last `seconds` seconds: the rate the
 * Overview shows and charts. Time comes from the caller, so tests need no clock.
 *
 * @example
 * const rate = new MessageRate(60);
 * rate.add(Date.now());
 * rate.series(Date.now()); // [[second, count], …] oldest first, the current second last
 */
export class MessageRate {
  readonly #seconds: number;
  readonly #counts = new Map<number, number>();

  constructor(seconds: number) {
    this.#seconds = seconds;
  }

  add(nowMs: number, count = 1): void {
    const second = Math.floor(nowMs / 1000);
    this.#counts.set(second, (this.#counts.get(second) ?? 0) + count);
    for (const key of this.#counts.keys()) if (key <= second - this.#seconds) this.#counts.delete(key);
  }

  /** Counts per second for the window ending at `nowMs`, zeros included. */
  series(nowMs: number): [second: number, count: number][] {
    const last = Math.floor(nowMs / 1000);
    const out: [number, number][] = [];
    for (let second = last - this.#seconds + 1; second <= last; second += 1) {
      out.push([second, this.#counts.get(second) ?? 0]);
    }
    return out;
  }

  /** Messages per second over the last complete `window` seconds (the current one is still filling). */
  perSecond(nowMs: number, window = 5): number {
    const last = Math.floor(nowMs / 1000) - 1;
    let total = 0;
    for (let second = last - window + 1; second <= last; second += 1) total += this.#counts.get(second) ?? 0;
    return total / window;
  }
}
