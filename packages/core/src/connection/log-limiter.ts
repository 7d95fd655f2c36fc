import type { Logger } from '../logger.js';
import type { WireCounters } from './wire-stats.js';

/** Text from the wire is cut to this many characters in a log line. */
export const LOG_TEXT_LIMIT = 120;

/** `text` cut to `LOG_TEXT_LIMIT` characters, saying how long it was. */
export function clipForLog(text: string): string {
  return text.length > LOG_TEXT_LIMIT ? `${text.slice(0, LOG_TEXT_LIMIT)}… (${text.length} chars)` : text;
}

/** The fields of a log line with every string (one level down too) cut for the log. */
function clipFields(fields: object): object {
  const clipped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') clipped[key] = clipForLog(value);
    else if (
      value !== null &&
      typeof value === 'object' &&
      !(value instanceof Error) &&
      !Array.isArray(value)
    ) {
      clipped[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? clipForLog(v) : v]),
      );
    } else clipped[key] = value;
  }
  return clipped;
}

interface Budget {
  windowStart: number;
  lines: number;
  suppressed: number;
  /** The logger the summary goes to: the charge point's own. */
  log: Logger;
}

export interface LogLimiterOptions {
  /** Lines each charge point may cause per window; the rest are counted, not written. */
  readonly linesPerWindow: number;
  readonly windowMs: number;
  readonly counters: WireCounters;
  /** For tests. */
  readonly now?: () => number;
}

/**
 * Rate-limits the log lines each charge point causes, so that a client sending
 * garbage as fast as it can costs the log a few lines a minute: each charge point
 * gets `linesPerWindow` lines per window (debug lines aside), strings from the wire
 * are cut to `LOG_TEXT_LIMIT` characters, and what is left out is counted and
 * reported in one line per window (`flush`, run on a timer). Keyed by charge point id,
 * so reconnecting does not reset the budget.
 */
export class LogLimiter {
  readonly #budgets = new Map<string, Budget>();
  readonly #options: LogLimiterOptions;
  readonly #now: () => number;

  constructor(options: LogLimiterOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /**
   * A logger for one charge point (or any other key, such as a remote address) whose
   * info, warn and error lines draw on its budget.
   */
  forChargePoint(chargePointId: string, log: Logger): Logger {
    const wrap = (inner: Logger): Logger => {
      const limited = (level: 'info' | 'warn' | 'error') => (fields: object, message?: string) => {
        if (this.#take(chargePointId, log)) inner[level](clipFields(fields), message);
      };
      return {
        debug: (fields, message) => inner.debug(clipFields(fields), message),
        info: limited('info'),
        warn: limited('warn'),
        error: limited('error'),
        child: (bindings) => wrap(inner.child(bindings)),
      };
    };
    return wrap(log);
  }

  #take(chargePointId: string, log: Logger): boolean {
    const now = this.#now();
    let budget = this.#budgets.get(chargePointId);
    if (budget !== undefined && now - budget.windowStart >= this.#options.windowMs) {
      this.#report(chargePointId, budget);
      budget = undefined;
    }
    if (budget === undefined) {
      budget = { windowStart: now, lines: 0, suppressed: 0, log };
      this.#budgets.set(chargePointId, budget);
    }
    if (budget.lines < this.#options.linesPerWindow) {
      budget.lines++;
      return true;
    }
    budget.suppressed++;
    this.#options.counters.add('logLinesSuppressed');
    return false;
  }

  #report(chargePointId: string, budget: Budget): void {
    this.#budgets.delete(chargePointId);
    if (budget.suppressed === 0) return;
    budget.log.warn(
      { suppressed: budget.suppressed, windowSeconds: Math.round(this.#options.windowMs / 1000) },
      'log lines about this charge point suppressed (rate limit)',
    );
  }

  /** Reports and forgets the windows that ended (all of them with `everything`, at close); run it on a timer. */
  flush(everything = false): void {
    const now = this.#now();
    for (const [chargePointId, budget] of [...this.#budgets]) {
      if (everything || now - budget.windowStart >= this.#options.windowMs)
        this.#report(chargePointId, budget);
    }
  }

  /** Charge points with a window open (for tests: the map does not grow without bound). */
  get tracked(): number {
    return this.#budgets.size;
  }
}
