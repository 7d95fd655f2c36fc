import type { IsoTimestamp, JobFilter, JobKind, JobRecord, JobRepository, NewJob } from '@levity/core';
import { type Selectable, sql, type Updateable } from 'kysely';
import type { JobTable } from '../schema.js';
import type { Session } from '../session.js';

type Change = Parameters<JobRepository['update']>[1];

function toJobRecord(row: Selectable<JobTable>): JobRecord {
  return {
    id: row.id,
    chargePointId: row.charge_point_id,
    kind: row.kind,
    commandId: row.command_id,
    requestId: row.request_id,
    status: row.status,
    location: row.location,
    retrieveDate: row.retrieve_date,
    installDate: row.install_date,
    startTime: row.start_time,
    stopTime: row.stop_time,
    retries: row.retries,
    retryInterval: row.retry_interval,
    fileName: row.file_name,
    finished: row.finished,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** `JobRepository` on the `cp_job` table. */
export class PostgresJobs implements JobRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  create(job: NewJob): Promise<JobRecord> {
    return this.#session.guard('create a job', async () => {
      const row = await this.#session.db
        .insertInto('cp_job')
        .values({
          charge_point_id: job.chargePointId,
          kind: job.kind,
          command_id: job.commandId,
          request_id: job.requestId,
          status: job.status,
          location: job.location,
          retrieve_date: job.retrieveDate,
          install_date: job.installDate,
          start_time: job.startTime,
          stop_time: job.stopTime,
          retries: job.retries,
          retry_interval: job.retryInterval,
          finished: false,
          created_at: job.createdAt,
          updated_at: job.createdAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toJobRecord(row);
    });
  }

  get(id: number): Promise<JobRecord | undefined> {
    return this.#session.guard('read a job', async () => {
      const row = await this.#session.db
        .selectFrom('cp_job')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toJobRecord(row);
    });
  }

  update(id: number, change: Change, at: IsoTimestamp): Promise<JobRecord | undefined> {
    return this.#session.guard('update a job', async () => {
      const fields: Updateable<JobTable> = { status: change.status, finished: change.finished };
      // Left out (or undefined), the file name stays as it is; null clears it.
      if (change.fileName !== undefined) fields.file_name = change.fileName;
      const row = await this.#session.db
        .updateTable('cp_job')
        .set({ ...fields, updated_at: sql<IsoTimestamp>`greatest(updated_at, ${at})` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toJobRecord(row);
    });
  }

  findOpen(chargePointId: string, kind: JobKind, requestId?: number): Promise<JobRecord | undefined> {
    return this.#session.guard('find an open job', async () => {
      let query = this.#session.db
        .selectFrom('cp_job')
        .selectAll()
        .where('charge_point_id', '=', chargePointId)
        .where('kind', '=', kind)
        .where('finished', '=', false);
      if (requestId !== undefined) query = query.where('request_id', '=', requestId);
      const row = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row && toJobRecord(row);
    });
  }

  list(filter: JobFilter = {}): Promise<JobRecord[]> {
    return this.#session.guard('list jobs', async () => {
      const { chargePointId, kind, open, limit } = filter;
      let query = this.#session.db.selectFrom('cp_job').selectAll();
      if (chargePointId !== undefined) query = query.where('charge_point_id', '=', chargePointId);
      if (kind !== undefined) query = query.where('kind', '=', kind);
      if (open !== undefined) query = query.where('finished', '=', !open);
      query = query.orderBy('id', 'desc');
      if (limit !== undefined) query = query.limit(limit);
      const rows = await query.execute();
      return rows.map(toJobRecord);
    });
  }
}
