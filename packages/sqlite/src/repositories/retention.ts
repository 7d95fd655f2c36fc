import type {
  IsoTimestamp,
  PruneBatch,
  PruneBatchResult,
  RetentionKind,
  RetentionRepository,
} from '@levity/core';
import { RETENTION_HISTORIES as HISTORIES, RETENTION_TABLES } from '@levity/core';
import type { SqliteConnection } from '../engine/connection.js';
import { guardSync } from '../errors.js';

function statements(kind: RetentionKind) {
  const table = RETENTION_TABLES[kind];
  const { storedAt, keep } = HISTORIES[kind];
  const prunable = keep ? `NOT (${keep})` : '1';
  return {
    count: `SELECT count(*) AS n FROM ${table} WHERE ${storedAt} < ? AND ${prunable}`,
    // A range of the rowid: each batch reads at most `limit` rows, never the whole table.
    window: `SELECT id, ${storedAt} < ? AS old FROM ${table} WHERE id > ? ORDER BY id LIMIT ?`,
    remove: `DELETE FROM ${table} WHERE id > ? AND id <= ? AND ${prunable}`,
  };
}

const STATEMENTS = Object.fromEntries(
  Object.keys(HISTORIES).map((kind) => [kind, statements(kind as RetentionKind)]),
) as Record<RetentionKind, ReturnType<typeof statements>>;

/** `RetentionRepository` on the history tables (`meter_val`, `command`, …). */
export class SqliteRetention implements RetentionRepository {
  readonly #connection: SqliteConnection;

  constructor(connection: SqliteConnection) {
    this.#connection = connection;
  }

  countPrunable(kind: RetentionKind, before: IsoTimestamp): Promise<number> {
    return guardSync(`count the prunable rows of ${RETENTION_TABLES[kind]}`, () => {
      const row = this.#connection.statement(STATEMENTS[kind].count).get(before) as { n: number };
      return row.n;
    });
  }

  prune(kind: RetentionKind, batch: PruneBatch): Promise<PruneBatchResult> {
    return guardSync(`prune ${RETENTION_TABLES[kind]}`, () => {
      const sql = STATEMENTS[kind];
      const window = this.#connection.statement(sql.window).all(batch.before, batch.after, batch.limit) as {
        id: number;
        old: number;
      }[];
      const young = window.findIndex((row) => row.old !== 1);
      const examined = young === -1 ? window.length : young;
      const last = examined === 0 ? batch.after : (window[examined - 1] as { id: number }).id;
      const deleted =
        examined === 0 ? 0 : this.#connection.statement(sql.remove).run(batch.after, last).changes;
      return { deleted, after: last, done: young !== -1 || window.length < batch.limit };
    });
  }
}
