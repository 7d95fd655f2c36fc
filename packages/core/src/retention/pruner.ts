import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import type { IsoTimestamp } from '../storage/records.js';
import type { RetentionKind } from '../storage/retention.js';
import { RETENTION_KINDS, RETENTION_TABLES } from '../storage/retention.js';
import type { Storage } from '../storage/storage.js';
import type { ResolvedRetention, RetentionOptions } from './retention-settings.js';
import { resolveRetention } from './retention-settings.js';

/** What a pass did (or, dry, would do) to one history. */
export interface PruneReportLine {
  readonly kind: RetentionKind;
  readonly table: string;
  /** Rows stored before this time may go; `null` when the history is kept for ever. */
  readonly before: IsoTimestamp | null;
  /** Rows deleted (or that a prune would delete, dry). */
  readonly rows: number;
}

/** Options of the {@link Pruner} beyond the retention settings. */
export interface PrunerOptions extends RetentionOptions {
  readonly logger?: Logger;
  /** Time source, for tests. */
  readonly clock?: () => Date;
  /**
   * Runs a scheduled pass where only one node of a cluster may run it at a time (see
   * `Cluster.runExclusive`); without it every scheduled pass runs here.
   */
  readonly exclusive?: (work: () => Promise<void>) => Promise<boolean>;
}

/**
 * Deletes history older than the retention settings, in small batches: each batch is one
 * unit of work that examines at most `batchSize` rows, and the pruner yields to the event
 * loop (and pauses `pauseMs`) between batches, so that charge points' messages go on
 * being stored while it runs. Transactions and the energy register readings that make
 * their energy are never deleted (see `RetentionRepository`).
 *
 * `start()` runs a pass after `startDelayMs`, then every `intervalMs`; `stop()` ends a
 * pass in progress at its next batch. `runOnce()` runs a pass now, and `countPrunable()`
 * tells what one would delete, without deleting.
 *
 * @example
 * const pruner = new Pruner(storage, { keep: { meterValues: 400 * 86_400_000 }, logger });
 * pruner.start();
 * // …
 * await pruner.stop();
 */
export class Pruner {
  readonly settings: ResolvedRetention;
  readonly #storage: Storage;
  readonly #logger: Logger;
  readonly #clock: () => Date;
  readonly #exclusive: (work: () => Promise<void>) => Promise<boolean>;
  /** Per history, where the last pass stopped: rows before it were examined already. */
  readonly #cursors = new Map<RetentionKind, number>();
  #timer: NodeJS.Timeout | undefined;
  /** Settles when the pass in progress (if any) has ended. */
  #pass: Promise<unknown> = Promise.resolve();
  #stopping = false;

  constructor(storage: Storage, options: PrunerOptions = {}) {
    this.settings = resolveRetention(options);
    this.#storage = storage;
    this.#logger = options.logger ?? silentLogger;
    this.#clock = options.clock ?? (() => new Date());
    this.#exclusive =
      options.exclusive ??
      (async (work) => {
        await work();
        return true;
      });
  }

  /** Whether `start()` was called and `stop()` not since. */
  get started(): boolean {
    return this.#timer !== undefined;
  }

  /** Schedules the passes (see the class). Calling it twice is harmless. */
  start(): void {
    if (this.#timer) return;
    this.#stopping = false;
    const schedule = (delay: number) => {
      this.#timer = setTimeout(() => {
        this.#exclusive(async () => {
          await this.runOnce();
        })
          .catch((error: unknown) => this.#logger.error({ err: error }, 'retention pass failed'))
          .finally(() => {
            if (this.#timer) schedule(this.settings.intervalMs);
          });
      }, delay);
      this.#timer.unref();
    };
    schedule(this.settings.startDelayMs);
  }

  /** Stops the passes; resolves once a pass in progress has ended (at its next batch). */
  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#stopping = true;
    try {
      await this.#pass;
    } finally {
      this.#stopping = false;
    }
  }

  /** Each history's cutoff now: rows stored before it may go (`null`: kept for ever). */
  cutoffs(): Record<RetentionKind, IsoTimestamp | null> {
    const now = this.#clock().getTime();
    const entries = RETENTION_KINDS.map((kind) => {
      const keepMs = this.settings.keep[kind];
      return [kind, keepMs === 0 ? null : new Date(now - keepMs).toISOString()] as const;
    });
    return Object.fromEntries(entries) as Record<RetentionKind, IsoTimestamp | null>;
  }

  /** How many rows of each history a pass now would delete. */
  async countPrunable(): Promise<PruneReportLine[]> {
    const report: PruneReportLine[] = [];
    for (const [kind, before] of Object.entries(this.cutoffs()) as [RetentionKind, IsoTimestamp | null][]) {
      const rows = before === null ? 0 : await this.#storage.retention.countPrunable(kind, before);
      report.push({ kind, table: RETENTION_TABLES[kind], before, rows });
    }
    return report;
  }

  /** One pass over every history now (after the pass in progress, if any); resolves with what it deleted. */
  runOnce(): Promise<PruneReportLine[]> {
    const pass = this.#pass.then(() => this.#runPass());
    this.#pass = pass.catch(() => {});
    return pass;
  }

  async #runPass(): Promise<PruneReportLine[]> {
    const report: PruneReportLine[] = [];
    const started = Date.now();
    for (const [kind, before] of Object.entries(this.cutoffs()) as [RetentionKind, IsoTimestamp | null][]) {
      const rows = before === null ? 0 : await this.#prune(kind, before);
      report.push({ kind, table: RETENTION_TABLES[kind], before, rows });
    }
    const deleted = report.reduce((sum, line) => sum + line.rows, 0);
    if (deleted > 0) {
      this.#logger.info(
        {
          deleted: Object.fromEntries(report.map((line) => [line.table, line.rows])),
          ms: Date.now() - started,
        },
        'retention: pruned old history',
      );
    }
    return report;
  }

  async #prune(kind: RetentionKind, before: IsoTimestamp): Promise<number> {
    const { batchSize, pauseMs } = this.settings;
    let deleted = 0;
    for (;;) {
      const batch = await this.#storage.retention.prune(kind, {
        before,
        after: this.#cursors.get(kind) ?? 0,
        limit: batchSize,
      });
      deleted += batch.deleted;
      this.#cursors.set(kind, batch.after);
      if (batch.done || this.#stopping) return deleted;
      // Let the messages that arrived meanwhile be handled before the next batch.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (pauseMs > 0) await sleep(pauseMs);
    }
  }
}
