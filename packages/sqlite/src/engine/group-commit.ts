import type { Storage } from '@levity/core';
import { publishStorageCommit } from '@levity/core';
import type BetterSqlite3 from 'better-sqlite3';
import { SqliteStorageError } from '../errors.js';
import type { SqliteStorageLogger } from '../migrations.js';

/** How big a batch may grow before it is committed. */
export interface GroupCommitLimits {
  /** Most units of work one COMMIT holds. */
  readonly maxUnits: number;
  /** Longest a batch stays open, in ms from its BEGIN, before no further unit joins it. */
  readonly maxOpenMs: number;
  /**
   * How many times a batch whose queue ran dry waits one turn of the event loop for
   * more units (the messages read from the sockets in that turn) before it commits.
   */
  readonly waits: number;
  /**
   * Under load (the previous COMMIT held more than one unit), a batch whose queue ran
   * dry stays open until this many ms after its BEGIN for more units, so that one
   * COMMIT serves more messages. 0: never linger.
   */
  readonly lingerMs: number;
}

export const DEFAULT_GROUP_COMMIT: GroupCommitLimits = {
  maxUnits: 128,
  maxOpenMs: 10,
  waits: 1,
  lingerMs: 2,
};

interface Queued<U> {
  readonly work: (unit: U) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Done<U> =
  | { readonly queued: Queued<U>; readonly ok: true; readonly value: unknown }
  | { readonly queued: Queued<U>; readonly ok: false; readonly error: unknown };

/** A unit running longer than this is reported: it most likely awaits the outer storage (see `run`). */
const SLOW_UNIT_MS = 10_000;

const rolledBack = () => new SqliteStorageError('SQLite rolled back the transaction of a unit of work');

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Group commit on one SQLite write connection. Units of work run one at a time, each
 * inside a SAVEPOINT of a transaction shared with the units queued around it (a
 * batch): a unit that throws is rolled back alone and only its caller gets the error.
 * The batch is committed once the queue is empty (after waiting `waits` turns of the
 * event loop for more) or a limit is reached, and only then does each unit's promise
 * settle: whoever awaits a unit knows its writes are in the database.
 *
 * When COMMIT itself fails, or SQLite rolls the batch back on its own (an I/O error,
 * a full disk), each unit of the batch that had succeeded runs again, alone in a
 * transaction of its own, so that one unit's trouble cannot fail the others. A unit's
 * `work` may therefore run twice: it must do nothing but storage work.
 *
 * better-sqlite3 is synchronous, so all of this runs on the main thread: SQL runs
 * between the awaits of the units, and COMMIT appends the batch to the WAL (one
 * write, no fsync with synchronous=NORMAL).
 *
 * Each COMMIT is published on `levity:storage:commit` while anyone listens: the batch's
 * units and the time from its BEGIN (a lost batch as not committed, then each unit run
 * again as a commit of its own).
 *
 * @example
 * const writer = new GroupCommit(database, unitStorage);
 * const row = await writer.run((unit) => unit.transactions.start(transaction)); // committed now
 */
export class GroupCommit<U> {
  readonly #native: BetterSqlite3.Database;
  readonly #unit: U;
  readonly #limits: GroupCommitLimits;
  readonly #logger: SqliteStorageLogger | undefined;
  #queue: Queued<U>[] = [];
  #head = 0;
  #draining: Promise<void> | undefined;
  #closed = false;
  /** Units of the last COMMIT: more than one means units arrive while others run. */
  #lastBatchUnits = 0;
  /** The unit in progress: when it started, and whether it was reported as slow. */
  #current: { startedAt: number; reported: boolean } | undefined;
  readonly #watchdog: NodeJS.Timeout;
  readonly #slowUnitMs: number;
  /** The storage whose commits these are, for `levity:storage:commit`. */
  readonly #source: Storage | undefined;
  #statements:
    | {
        begin: BetterSqlite3.Statement;
        commit: BetterSqlite3.Statement;
        rollback: BetterSqlite3.Statement;
        savepoint: BetterSqlite3.Statement;
        release: BetterSqlite3.Statement;
        rollbackTo: BetterSqlite3.Statement;
      }
    | undefined;

  constructor(
    native: BetterSqlite3.Database,
    unit: U,
    options: {
      limits?: Partial<GroupCommitLimits>;
      logger?: SqliteStorageLogger;
      slowUnitMs?: number;
      /** The storage these commits are of, as `levity:storage:commit` names it. */
      source?: Storage;
    } = {},
  ) {
    this.#native = native;
    this.#unit = unit;
    this.#limits = { ...DEFAULT_GROUP_COMMIT, ...options.limits };
    this.#logger = options.logger;
    this.#slowUnitMs = options.slowUnitMs ?? SLOW_UNIT_MS;
    this.#source = options.source;
    this.#watchdog = setInterval(() => this.#reportSlowUnit(), this.#slowUnitMs / 2).unref();
  }

  /**
   * Queues `work` as one unit of work; settles once it is committed (or failed). Inside
   * `work`, use only the unit it is given: a write through the outer storage queues
   * behind `work` itself and never runs (reported after 10 s, as it holds every writer).
   */
  run<T>(work: (unit: U) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new SqliteStorageError('SQLite storage is closed'));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      // Started in a microtask, so that units queued in the same tick share the first batch.
      if (this.#draining === undefined) {
        this.#draining = Promise.resolve().then(() => this.#drain());
      }
    });
  }

  /** Runs what is queued, then refuses further units. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#draining;
    clearInterval(this.#watchdog);
  }

  get #sql() {
    this.#statements ??= {
      // IMMEDIATE takes the write lock at once, so that another process's lock shows at
      // BEGIN (after the busy timeout) rather than in the middle of a unit.
      begin: this.#native.prepare('BEGIN IMMEDIATE'),
      commit: this.#native.prepare('COMMIT'),
      rollback: this.#native.prepare('ROLLBACK'),
      savepoint: this.#native.prepare('SAVEPOINT levity_unit'),
      release: this.#native.prepare('RELEASE levity_unit'),
      rollbackTo: this.#native.prepare('ROLLBACK TO levity_unit'),
    };
    return this.#statements;
  }

  /**
   * One COMMIT (or its failure) on `levity:storage:commit`, from before its BEGIN;
   * nothing happens while nobody listens.
   */
  #published(startedAt: number, units: number, ok: boolean): void {
    publishStorageCommit({
      storage: 'sqlite',
      ...(this.#source ? { source: this.#source } : {}),
      durationMs: performance.now() - startedAt,
      units,
      ok,
    });
  }

  #next(): Queued<U> | undefined {
    if (this.#head >= this.#queue.length) return undefined;
    const queued = this.#queue[this.#head];
    this.#queue[this.#head++] = undefined as unknown as Queued<U>;
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    }
    return queued;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#head < this.#queue.length) await this.#batch();
    } finally {
      this.#draining = undefined;
    }
  }

  #reportSlowUnit(): void {
    const current = this.#current;
    if (!current || current.reported || performance.now() - current.startedAt < this.#slowUnitMs) return;
    current.reported = true;
    this.#logger?.warn(
      {
        runningMs: Math.round(performance.now() - current.startedAt),
        queued: this.#queue.length - this.#head,
      },
      'A unit of work has been running for long and holds every write back: inside work, use only the storage it is given',
    );
  }

  async #batch(): Promise<void> {
    const startedAt = performance.now();
    try {
      this.#sql.begin.run();
    } catch (cause) {
      // Another process holds the write lock past the busy timeout: everything queued would wait the same.
      const error = new SqliteStorageError('SQLite storage failed to begin a transaction', { cause });
      for (let queued = this.#next(); queued; queued = this.#next()) queued.reject(error);
      return;
    }
    const done: Done<U>[] = [];
    const openedAt = performance.now();
    let waits = 0;
    while (done.length < this.#limits.maxUnits && performance.now() - openedAt < this.#limits.maxOpenMs) {
      let queued = this.#next();
      while (queued === undefined && waits < this.#limits.waits) {
        waits++;
        await nextTurn();
        queued = this.#next();
      }
      if (queued === undefined && this.#lastBatchUnits > 1) {
        const left = this.#limits.lingerMs - (performance.now() - openedAt);
        if (left >= 1) {
          await pause(left);
          queued = this.#next();
        }
      }
      if (queued === undefined) break;
      const outcome = await this.#inSavepoint(queued);
      if (!this.#native.inTransaction) {
        // SQLite rolled the whole batch back (an I/O error, a full disk): what it held is
        // gone, and a unit that went on after that wrote outside any transaction.
        done.push(outcome.ok ? { queued, ok: false, error: rolledBack() } : outcome);
        this.#published(startedAt, done.length, false);
        return this.#redoAlone(done, outcome.ok ? undefined : outcome.error);
      }
      done.push(outcome);
    }
    try {
      this.#sql.commit.run();
    } catch (cause) {
      this.#published(startedAt, done.length, false);
      return this.#redoAlone(done, cause);
    }
    // The batch size counts every unit that ran in it, those rolled back to their savepoint too.
    this.#published(startedAt, done.length, true);
    this.#lastBatchUnits = done.length;
    for (const outcome of done) {
      if (outcome.ok) outcome.queued.resolve(outcome.value);
      else outcome.queued.reject(outcome.error);
    }
  }

  async #inSavepoint(queued: Queued<U>): Promise<Done<U>> {
    const sql = this.#sql;
    sql.savepoint.run();
    this.#current = { startedAt: performance.now(), reported: false };
    try {
      const value = await queued.work(this.#unit);
      sql.release.run();
      return { queued, ok: true, value };
    } catch (error) {
      if (this.#native.inTransaction) {
        sql.rollbackTo.run();
        sql.release.run();
      }
      return { queued, ok: false, error };
    } finally {
      this.#current = undefined;
    }
  }

  /**
   * The batch is lost (`cause`: a failed COMMIT, or the error that made SQLite roll it
   * back): its successful units run again, each alone, so that innocent ones still
   * succeed; the failed ones get their own errors.
   */
  async #redoAlone(done: readonly Done<U>[], cause: unknown): Promise<void> {
    if (this.#native.inTransaction) this.#sql.rollback.run();
    this.#logger?.warn(
      { err: cause, units: done.length },
      'SQLite group commit failed; running its units again one by one',
    );
    for (const outcome of done) {
      if (outcome.ok) await this.#alone(outcome.queued);
      else outcome.queued.reject(outcome.error);
    }
  }

  async #alone(queued: Queued<U>): Promise<void> {
    const sql = this.#sql;
    const startedAt = performance.now();
    try {
      sql.begin.run();
    } catch (cause) {
      queued.reject(new SqliteStorageError('SQLite storage failed to begin a transaction', { cause }));
      return;
    }
    let value: unknown;
    try {
      value = await queued.work(this.#unit);
    } catch (error) {
      if (this.#native.inTransaction) sql.rollback.run();
      queued.reject(error);
      return;
    }
    try {
      if (!this.#native.inTransaction) throw rolledBack();
      sql.commit.run();
    } catch (cause) {
      this.#published(startedAt, 1, false);
      if (this.#native.inTransaction) sql.rollback.run();
      queued.reject(
        cause instanceof SqliteStorageError
          ? cause
          : new SqliteStorageError('SQLite storage failed to commit a unit of work', { cause }),
      );
      return;
    }
    this.#published(startedAt, 1, true);
    queued.resolve(value);
  }
}
