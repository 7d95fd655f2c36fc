import type {
  NewStatusReport,
  StatusReportFilter,
  StatusReportRecord,
  StatusReportRepository,
} from '@levity/core';
import type { Kysely, Selectable } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard } from '../errors.js';
import type { Database, StatusReportTable } from '../schema.js';

function toStatusReportRecord(row: Selectable<StatusReportTable>): StatusReportRecord {
  return {
    id: row.id,
    chargePointId: row.charge_point_id,
    kind: row.kind,
    status: row.status,
    requestId: row.request_id,
    jobId: row.job_id,
    receivedAt: row.received_at,
  };
}

/** `StatusReportRepository` on the `status_report` table. */
export class SqliteStatusReports implements StatusReportRepository {
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#db = connection.db;
  }

  add(report: NewStatusReport): Promise<StatusReportRecord> {
    return guard('store a status report', async () => {
      const row = await this.#db
        .insertInto('status_report')
        .values({
          charge_point_id: report.chargePointId,
          kind: report.kind,
          status: report.status,
          request_id: report.requestId,
          job_id: report.jobId,
          received_at: report.receivedAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toStatusReportRecord(row);
    });
  }

  list(filter: StatusReportFilter = {}): Promise<StatusReportRecord[]> {
    return guard('list status reports', async () => {
      let query = this.#db.selectFrom('status_report').selectAll();
      if (filter.chargePointId !== undefined)
        query = query.where('charge_point_id', '=', filter.chargePointId);
      if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
      query = query.orderBy('id', 'desc');
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map(toStatusReportRecord);
    });
  }
}
