import type {
  IsoTimestamp,
  PruneBatch,
  PruneBatchResult,
  RetentionKind,
  RetentionRepository,
} from '@levity/core';
import { RETENTION_HISTORIES as HISTORIES, RETENTION_TABLES } from '@levity/core';
import { sql } from 'kysely';
import type { Session } from '../session.js';

/** `RetentionRepository` on the history tables (`meter_val`, `command`, …). */
export class PostgresRetention implements RetentionRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  countPrunable(kind: RetentionKind, before: IsoTimestamp): Promise<number> {
    const table = sql.table(RETENTION_TABLES[kind]);
    const { storedAt, keep } = HISTORIES[kind];
    return this.#session.guard(`count the prunable rows of ${RETENTION_TABLES[kind]}`, async () => {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${table}
        WHERE ${sql.ref(storedAt)} < ${before}::timestamptz AND NOT (${sql.raw(keep ?? 'false')})`.execute(
        this.#session.db,
      );
      return rows[0]?.n ?? 0;
    });
  }

  prune(kind: RetentionKind, batch: PruneBatch): Promise<PruneBatchResult> {
    const table = sql.table(RETENTION_TABLES[kind]);
    const { storedAt, keep } = HISTORIES[kind];
    return this.#session.guard(`prune ${RETENTION_TABLES[kind]}`, () =>
      this.#session.atomic(async (db) => {
        // A range of the primary key: each batch reads at most `limit` rows, never the whole table.
        const { rows: window } = await sql<{ id: number; old: boolean }>`
          SELECT id, ${sql.ref(storedAt)} < ${batch.before}::timestamptz AS old FROM ${table}
          WHERE id > ${batch.after} ORDER BY id LIMIT ${batch.limit}`.execute(db);
        const young = window.findIndex((row) => !row.old);
        const examined = young === -1 ? window.length : young;
        const last = examined === 0 ? batch.after : Number((window[examined - 1] as { id: number }).id);
        let deleted = 0;
        if (examined > 0) {
          const result = await sql`DELETE FROM ${table} WHERE id > ${batch.after} AND id <= ${last}
            AND NOT (${sql.raw(keep ?? 'false')})`.execute(db);
          deleted = Number(result.numAffectedRows ?? 0);
        }
        return { deleted, after: last, done: young !== -1 || window.length < batch.limit };
      }),
    );
  }
}
