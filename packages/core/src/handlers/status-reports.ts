import { isFinalJobStatus, JOB_KIND_OF_REPORT } from '../commands/effects/jobs.js';
import type { StatusReportKind } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import { runUnitOfWork } from '../storage/unit-of-work.js';
import type { DefaultHandler } from './handler.js';

/**
 * Ties a status notification to the job that caused it (the open one of its kind, by
 * requestId where the message has one) and moves the job on. `Idle` answers a
 * TriggerMessage and says nothing about a job.
 */
async function followJob(
  storage: Storage,
  chargePointId: string,
  kind: StatusReportKind,
  status: string,
  requestId: number | null,
  at: string,
): Promise<number | null> {
  if (status === 'Idle') return null;
  const jobKind = JOB_KIND_OF_REPORT[kind];
  const job = await storage.jobs.findOpen(chargePointId, jobKind, requestId ?? undefined);
  if (!job) return null;
  await storage.jobs.update(job.id, { status, finished: isFinalJobStatus(jobKind, status) }, at);
  return job.id;
}

type ReportAction =
  | 'DiagnosticsStatusNotification'
  | 'FirmwareStatusNotification'
  | 'LogStatusNotification'
  | 'SignedFirmwareStatusNotification';

/**
 * A status notification kept in the charge point's history (`status_report`) and,
 * where the charge point has a "latest" field for it, there too.
 */
function statusReport<A extends ReportAction>(
  kind: StatusReportKind,
  latest?: (storage: Storage, chargePointId: string, status: never, at: string) => Promise<void>,
): DefaultHandler<A> {
  return async ({ chargePointId, params, storage, receivedAt }) => {
    const { status } = params;
    const requestId = 'requestId' in params ? (params.requestId ?? null) : null;
    await runUnitOfWork(storage, async (unit) => {
      await latest?.(unit, chargePointId, status as never, receivedAt);
      const jobId = await followJob(unit, chargePointId, kind, status, requestId, receivedAt);
      await unit.statusReports.add({ chargePointId, kind, status, requestId, jobId, receivedAt });
    });
    return {};
  };
}

/** OCPP 1.6 §6.16: the diagnostics upload status. */
export const diagnosticsStatusNotification = statusReport<'DiagnosticsStatusNotification'>(
  'Diagnostics',
  (storage, id, status, at) => storage.chargePoints.recordDiagnosticsStatus(id, status, at),
);

/** OCPP 1.6 §6.17: the firmware update status. */
export const firmwareStatusNotification = statusReport<'FirmwareStatusNotification'>(
  'Firmware',
  (storage, id, status, at) => storage.chargePoints.recordFirmwareStatus(id, status, at),
);

/** Security extension: the status of a log upload started by GetLog. */
export const logStatusNotification = statusReport<'LogStatusNotification'>('Log');

/** Security extension: the status of a firmware update started by SignedUpdateFirmware. */
export const signedFirmwareStatusNotification = statusReport<'SignedFirmwareStatusNotification'>(
  'SignedFirmware',
  (storage, id, status, at) => storage.chargePoints.recordFirmwareStatus(id, status, at),
);
