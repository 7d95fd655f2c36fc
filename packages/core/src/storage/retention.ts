import type { IsoTimestamp } from './records.js';

/**
 * The histories a retention setting can shorten, by repository name, with the table
 * each lives in. Everything else (charge points, transactions, id tags, configuration,
 * reservations, jobs, tokens) is state, not history, and is never pruned.
 */
export const RETENTION_KINDS = [
  'meterValues',
  'commands',
  'statusReports',
  'dataTransfers',
  'securityEvents',
  'errors',
  'connectionRefusals',
] as const;

/** One of {@link RETENTION_KINDS}. */
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** The table of each kind (the names in `sql/`), for reports. */
export const RETENTION_TABLES: Readonly<Record<RetentionKind, string>> = {
  meterValues: 'meter_val',
  commands: 'command',
  statusReports: 'status_report',
  dataTransfers: 'data_transfer',
  securityEvents: 'security_event',
  errors: 'cp_err',
  connectionRefusals: 'connection_refusal',
};

/**
 * The measurand whose readings make a transaction's energy (see `registerRanges`):
 * meter values of this measurand linked to a transaction are billing data and are never
 * pruned, whatever their age.
 */
export const BILLING_MEASURAND = 'Energy.Active.Import.Register';

/**
 * For SQL storages: per kind, the column that says when a row was stored, and the SQL
 * condition of the rows kept for ever (the same in `sql/` and `sql/postgres/`).
 */
export const RETENTION_HISTORIES: Readonly<Record<RetentionKind, { storedAt: string; keep?: string }>> = {
  meterValues: {
    storedAt: 'received_at',
    keep: `transaction_id IS NOT NULL AND measurand = '${BILLING_MEASURAND}'`,
  },
  commands: { storedAt: 'requested_at' },
  statusReports: { storedAt: 'received_at' },
  dataTransfers: { storedAt: 'received_at' },
  securityEvents: { storedAt: 'received_at' },
  errors: { storedAt: 'received_at' },
  connectionRefusals: { storedAt: 'received_at' },
};

/** One batch of a prune (see {@link RetentionRepository.prune}). */
export interface PruneBatch {
  /** Rows stored (`receivedAt`; `requestedAt` for commands) before this time may go. */
  readonly before: IsoTimestamp;
  /** Start after this row id (the `after` a previous batch returned); 0 to start at the first row. */
  readonly after: number;
  /** Rows examined at most (deleted or kept): what bounds the batch's time. */
  readonly limit: number;
}

/** What one batch did. */
export interface PruneBatchResult {
  /** Rows deleted. */
  readonly deleted: number;
  /** Where the next batch starts (pass it as `after`): every row up to it was examined. */
  readonly after: number;
  /** Whether the batch reached a row stored at or after `before`, or the end of the table: nothing more to do now. */
  readonly done: boolean;
}

/**
 * Deletes old history in small batches (`retention`). A row may go when it was stored
 * before the cutoff, except meter values linked to a transaction whose measurand is
 * {@link BILLING_MEASURAND}: those make the transaction's energy and stay for ever, like
 * the transactions themselves.
 *
 * @example
 * let after = 0;
 * for (;;) {
 *   const batch = await storage.retention.prune('commands', { before: '2026-01-01T00:00:00.000Z', after, limit: 500 });
 *   after = batch.after;
 *   if (batch.done) break;
 * }
 */
export interface RetentionRepository {
  /** How many rows of `kind` stored before `before` may go (see the interface): what a prune would delete. */
  countPrunable(kind: RetentionKind, before: IsoTimestamp): Promise<number>;
  /**
   * Examines at most `batch.limit` rows of `kind` in id order after `batch.after`,
   * stopping at the first one stored at or after `batch.before` (ids grow with time, so
   * the rest are newer), and deletes those that may go, all in one unit of work.
   */
  prune(kind: RetentionKind, batch: PruneBatch): Promise<PruneBatchResult>;
}
