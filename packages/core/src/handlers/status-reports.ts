import type { StatusReportKind } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import type { DefaultHandler } from './handler.js';

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
    await latest?.(storage, chargePointId, status as never, receivedAt);
    await storage.statusReports.add({ chargePointId, kind, status, requestId, jobId: null, receivedAt });
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
