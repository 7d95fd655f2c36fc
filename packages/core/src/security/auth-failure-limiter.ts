/** How repeated failed authentications are slowed down. */
export interface AuthFailureLimits {
  /** Failures (per address, and per charge point id) within `windowMs` before a back-off; 0 turns the limiter off. */
  readonly maxFailures: number;
  readonly windowMs: number;
  /** The first back-off; each further one (before a quiet window) doubles it, up to `maxBackoffMs`. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
}

interface Tally {
  /** Times of the failures within the window, oldest first. */
  failures: number[];
  /** Until when attempts are answered 429 (0: not backing off). */
  blockedUntil: number;
  /** How many back-offs in a row; doubles the next one. Cleared by a success or a quiet window. */
  strikes: number;
}

/** Entries kept per kind before the oldest are forgotten: a flood of ids cannot grow memory without bound. */
const MAX_ENTRIES = 10_000;

/**
 * Counts failed authentications per remote address and per charge point id, and tells
 * when an upgrade must wait (HTTP 429 with Retry-After). A back-off always ends (at most
 * `maxBackoffMs`), and a charge point that recently authenticated from an address is not
 * held back there at all: someone guessing its password elsewhere, or another charge
 * point failing behind the same NAT, cannot lock it out.
 */
export class AuthFailureLimiter {
  readonly #limits: AuthFailureLimits;
  readonly #now: () => number;
  readonly #byAddress = new Map<string, Tally>();
  readonly #byId = new Map<string, Tally>();
  /** `${id}\n${address}` → when that address last authenticated as that id. */
  readonly #trusted = new Map<string, number>();

  constructor(limits: AuthFailureLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
  }

  /**
   * Milliseconds the attempt must wait, or 0 when it may go ahead. A charge point that
   * recently authenticated from this address goes ahead whatever others did: failures
   * for its id from elsewhere, or from other charge points behind the same NAT.
   */
  retryAfterMs(chargePointId: string, address: string | null): number {
    if (this.#limits.maxFailures === 0) return 0;
    const now = this.#now();
    if (address !== null && this.#isTrusted(chargePointId, address, now)) return 0;
    const byAddress = address === null ? 0 : this.#wait(this.#byAddress.get(address), now);
    return Math.max(byAddress, this.#wait(this.#byId.get(chargePointId), now));
  }

  failed(chargePointId: string, address: string | null): void {
    if (this.#limits.maxFailures === 0) return;
    const now = this.#now();
    if (address !== null) this.#count(this.#byAddress, address, now);
    this.#count(this.#byId, chargePointId, now);
  }

  succeeded(chargePointId: string, address: string | null): void {
    if (this.#limits.maxFailures === 0) return;
    this.#byId.delete(chargePointId);
    if (address === null) return;
    this.#byAddress.delete(address);
    const key = `${chargePointId}\n${address}`;
    this.#trusted.delete(key);
    this.#trusted.set(key, this.#now());
    this.#bound(this.#trusted);
  }

  #isTrusted(chargePointId: string, address: string, now: number): boolean {
    const at = this.#trusted.get(`${chargePointId}\n${address}`);
    // Trust lasts as long as the longest back-off, times a day's worth of margin.
    return at !== undefined && now - at < Math.max(this.#limits.maxBackoffMs, 24 * 3600 * 1000);
  }

  #wait(tally: Tally | undefined, now: number): number {
    return tally && tally.blockedUntil > now ? tally.blockedUntil - now : 0;
  }

  #count(tallies: Map<string, Tally>, key: string, now: number): void {
    const { maxFailures, windowMs, backoffMs, maxBackoffMs } = this.#limits;
    const tally = tallies.get(key) ?? { failures: [], blockedUntil: 0, strikes: 0 };
    tallies.delete(key);
    tallies.set(key, tally);
    const recent = tally.failures.filter((at) => now - at < windowMs);
    // A quiet window since the last back-off forgives the strikes.
    if (recent.length === 0 && now - tally.blockedUntil > windowMs) tally.strikes = 0;
    recent.push(now);
    tally.failures = recent;
    if (recent.length >= maxFailures) {
      tally.blockedUntil = now + Math.min(backoffMs * 2 ** tally.strikes, maxBackoffMs);
      tally.strikes++;
      tally.failures = [];
    }
    this.#bound(tallies);
  }

  #bound(map: Map<string, unknown>): void {
    while (map.size > MAX_ENTRIES) {
      const oldest = map.keys().next().value as string;
      map.delete(oldest);
    }
  }
}
