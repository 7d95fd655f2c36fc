import type { IsoTimestamp, JobFilter, JobKind, JobRecord, JobRepository, NewJob } from '@levity/core';
import { type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard } from '../errors.js';
import type { Database, JobTable } from '../schema.js';

type Change = Parameters<JobRepository['update']>[1];

function toJobRecord(row: Selectable<JobTable>): JobRecord {
  return {
    id: row.id,
    chargePointId: row.charge_point_id,
    kind: row.kind,
    commandId: row.command_id,
    requestId: row.request_id,
    status: row.status,
    fileName: row.file_name,
    finished: row.finished === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** `JobRepository` on the `cp_job` table. */
export class SqliteJobs implements JobRepository {
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#db = connection.db;
  }

  create(job: NewJob): Promise<JobRecord> {
    return guard('create a job', async () => {
      const row = await this.#db
        .insertInto('cp_job')
        .values({
          charge_point_id: job.chargePointId,
          kind: job.kind,
          command_id: job.commandId,
          request_id: job.requestId,
          status: job.status,
          finished: 0,
          created_at: job.createdAt,
          updated_at: job.createdAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toJobRecord(row);
    });
  }

  get(id: number): Promise<JobRecord | undefined> {
    return guard('read a job', async () => {
      const row = await this.#db.selectFrom('cp_job').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toJobRecord(row);
    });
  }

  update(id: number, change: Change, at: IsoTimestamp): Promise<JobRecord | undefined> {
    return guard('update a job', async () => {
      const fields: Updateable<JobTable> = { status: change.status, finished: change.finished ? 1 : 0 };
      // Left out (or undefined), the file name stays as it is; null clears it.
      if (change.fileName !== undefined) fields.file_name = change.fileName;
      const row = await this.#db
        .updateTable('cp_job')
        .set({ ...fields, updated_at: sql<IsoTimestamp>`max(updated_at, ${at})` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toJobRecord(row);
    });
  }

  findOpen(chargePointId: string, kind: JobKind, requestId?: number): Promise<JobRecord | undefined> {
    return guard('find an open job', async () => {
      let query = this.#db
        .selectFrom('cp_job')
        .selectAll()
        .where('charge_point_id', '=', chargePointId)
        .where('kind', '=', kind)
        .where('finished', '=', 0);
      if (requestId !== undefined) query = query.where('request_id', '=', requestId);
      const row = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row && toJobRecord(row);
    });
  }

  list(filter: JobFilter = {}): Promise<JobRecord[]> {
    return guard('list jobs', async () => {
      const { chargePointId, kind, open, limit } = filter;
      let query = this.#db.selectFrom('cp_job').selectAll();
      if (chargePointId !== undefined) query = query.where('charge_point_id', '=', chargePointId);
      if (kind !== undefined) query = query.where('kind', '=', kind);
      if (open !== undefined) query = query.where('finished', '=', open ? 0 : 1);
      query = query.orderBy('id', 'desc');
      if (limit !== undefined) query = query.limit(limit);
      const rows = await query.execute();
      return rows.map(toJobRecord);
    });
  }
}
