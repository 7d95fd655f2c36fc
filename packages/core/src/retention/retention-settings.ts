import { InvalidOptionError } from '../errors.js';
import { integerOption as integer } from '../option-integer.js';
import type { RetentionKind } from '../storage/retention.js';
import { RETENTION_KINDS } from '../storage/retention.js';

const DAY_MS = 86_400_000;

/**
 * How long each history is kept, in milliseconds (0: for ever). The defaults keep a
 * year and a month of meter values (a billing year and its disputes), a year of security
 * and error events (an audit trail), and three months of the noisier logs.
 */
export const DEFAULT_RETENTION: Readonly<Record<RetentionKind, number>> = {
  meterValues: 400 * DAY_MS,
  commands: 90 * DAY_MS,
  statusReports: 180 * DAY_MS,
  dataTransfers: 90 * DAY_MS,
  securityEvents: 400 * DAY_MS,
  errors: 400 * DAY_MS,
  connectionRefusals: 90 * DAY_MS,
};

/** Options of the {@link Pruner} (and the `retention` option of `createCentralSystem`). Every field is optional. */
export interface RetentionOptions {
  /** Milliseconds each history is kept (0: for ever); kinds not given keep {@link DEFAULT_RETENTION}. */
  readonly keep?: Partial<Record<RetentionKind, number>>;
  /** Between two passes over every history. Default 1 hour. */
  readonly intervalMs?: number;
  /** From `start()` to the first pass, so that a restart (and the fleet reconnecting) is not slowed by it. Default 1 minute. */
  readonly startDelayMs?: number;
  /** Rows examined per batch (one unit of work). Default 500. */
  readonly batchSize?: number;
  /** Pause between two batches, on top of yielding to the event loop. Default 10 ms. */
  readonly pauseMs?: number;
}

/** {@link RetentionOptions} with every default applied. */
export interface ResolvedRetention {
  readonly keep: Readonly<Record<RetentionKind, number>>;
  readonly intervalMs: number;
  readonly startDelayMs: number;
  readonly batchSize: number;
  readonly pauseMs: number;
}

/** Applies the defaults; throws an `InvalidOptionError` naming the field for a bad value or an unknown kind. */
export function resolveRetention(options: RetentionOptions = {}): ResolvedRetention {
  const keep = { ...DEFAULT_RETENTION };
  for (const [kind, ms] of Object.entries(options.keep ?? {})) {
    if (!(RETENTION_KINDS as readonly string[]).includes(kind)) {
      throw new InvalidOptionError(
        'retention.keep',
        `unknown history ${JSON.stringify(kind)}; expected one of ${RETENTION_KINDS.join(', ')}`,
      );
    }
    keep[kind as RetentionKind] = integer(`retention.keep.${kind}`, ms, 0, 0, 100 * 365 * DAY_MS);
  }
  return {
    keep,
    intervalMs: integer('retention.intervalMs', options.intervalMs, 3_600_000, 1000, 7 * DAY_MS),
    startDelayMs: integer('retention.startDelayMs', options.startDelayMs, 60_000, 0, DAY_MS),
    batchSize: integer('retention.batchSize', options.batchSize, 500, 1, 100_000),
    pauseMs: integer('retention.pauseMs', options.pauseMs, 10, 0, 60_000),
  };
}
