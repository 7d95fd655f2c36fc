import type {
  CertificateRequestRecord,
  CertificateRequestRepository,
  EventFilter,
  IsoTimestamp,
  NewCertificateRequest,
} from '@levity/core';
import { type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard } from '../errors.js';
import type { CertificateRequestTable, Database } from '../schema.js';

type Change = Parameters<CertificateRequestRepository['update']>[1];

function toCertificateRequestRecord(row: Selectable<CertificateRequestTable>): CertificateRequestRecord {
  return {
    id: row.id,
    chargePointId: row.charge_point_id,
    csr: row.csr,
    status: row.status,
    certificateChain: row.certificate_chain,
    failureReason: row.failure_reason,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
  };
}

/** `CertificateRequestRepository` on the `certificate_request` table. */
export class SqliteCertificateRequests implements CertificateRequestRepository {
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#db = connection.db;
  }

  add(request: NewCertificateRequest): Promise<CertificateRequestRecord> {
    return guard('store a certificate request', async () => {
      const row = await this.#db
        .insertInto('certificate_request')
        .values({
          charge_point_id: request.chargePointId,
          csr: request.csr,
          status: request.status,
          received_at: request.receivedAt,
          updated_at: request.receivedAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toCertificateRequestRecord(row);
    });
  }

  get(id: number): Promise<CertificateRequestRecord | undefined> {
    return guard('read a certificate request', async () => {
      const row = await this.#db
        .selectFrom('certificate_request')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toCertificateRequestRecord(row);
    });
  }

  list(filter: EventFilter = {}): Promise<CertificateRequestRecord[]> {
    return guard('list certificate requests', async () => {
      let query = this.#db.selectFrom('certificate_request').selectAll();
      if (filter.chargePointId !== undefined)
        query = query.where('charge_point_id', '=', filter.chargePointId);
      query = query.orderBy('id', 'desc');
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map(toCertificateRequestRecord);
    });
  }

  update(id: number, change: Change, at: IsoTimestamp): Promise<CertificateRequestRecord | undefined> {
    return guard('update a certificate request', async () => {
      const fields: Updateable<CertificateRequestTable> = { status: change.status };
      // A field left out (or undefined) stays as it is; null clears it.
      if (change.certificateChain !== undefined) fields.certificate_chain = change.certificateChain;
      if (change.failureReason !== undefined) fields.failure_reason = change.failureReason;
      const row = await this.#db
        .updateTable('certificate_request')
        .set({ ...fields, updated_at: sql<IsoTimestamp>`max(updated_at, ${at})` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toCertificateRequestRecord(row);
    });
  }
}
