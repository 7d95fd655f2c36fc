import type { Request } from '../../ocpp16/actions.js';
import type { JobDetails, JobKind, StatusReportKind } from '../../storage/records.js';
import type { Storage } from '../../storage/storage.js';
import { toUtcIso } from '../../time.js';
import type { CommandEffect, EffectContext } from '../effect.js';

/** Statuses after which a job is over, per kind (OCPP 1.6 §7.24, §7.25; security extension). */
const FINAL_STATUSES: Readonly<Record<JobKind, ReadonlySet<string>>> = {
  Firmware: new Set(['Installed', 'InstallationFailed', 'DownloadFailed']),
  Diagnostics: new Set(['Uploaded', 'UploadFailed']),
  Log: new Set(['Uploaded', 'UploadFailure', 'BadMessage', 'NotSupportedOperation', 'PermissionDenied']),
  SignedFirmware: new Set([
    'Installed',
    'InstallationFailed',
    'DownloadFailed',
    'InvalidSignature',
    'InstallVerificationFailed',
  ]),
};

export function isFinalJobStatus(kind: JobKind, status: string): boolean {
  return FINAL_STATUSES[kind].has(status);
}

type JobAction = 'UpdateFirmware' | 'GetDiagnostics' | 'GetLog' | 'SignedUpdateFirmware';

function requestIdOf(params: Request<JobAction>): number | null {
  return 'requestId' in params ? params.requestId : null;
}

const utcOrNull = (timestamp: string | undefined) => (timestamp === undefined ? null : toUtcIso(timestamp));

/**
 * What the request asked for, in the job's fields: each of the four requests names the
 * same things differently (OCPP 1.6 §6.20, §6.44; security extension GetLog, SignedUpdateFirmware).
 */
export function jobDetailsOf(params: Request<JobAction>): JobDetails {
  const retries = { retries: params.retries ?? null, retryInterval: params.retryInterval ?? null };
  const none = { retrieveDate: null, installDate: null, startTime: null, stopTime: null };
  if ('firmware' in params) {
    return {
      ...none,
      location: params.firmware.location,
      retrieveDate: toUtcIso(params.firmware.retrieveDateTime),
      installDate: utcOrNull(params.firmware.installDateTime),
      ...retries,
    };
  }
  if ('log' in params) {
    return {
      ...none,
      location: params.log.remoteLocation,
      startTime: utcOrNull(params.log.oldestTimestamp),
      stopTime: utcOrNull(params.log.latestTimestamp),
      ...retries,
    };
  }
  if ('retrieveDate' in params) {
    return { ...none, location: params.location, retrieveDate: toUtcIso(params.retrieveDate), ...retries };
  }
  return {
    ...none,
    location: params.location,
    startTime: utcOrNull(params.startTime),
    stopTime: utcOrNull(params.stopTime),
    ...retries,
  };
}

async function jobOf(storage: Storage, chargePointId: string, commandId: number) {
  const jobs = await storage.jobs.list({ chargePointId, open: true });
  return jobs.find((job) => job.commandId === commandId);
}

async function openJob<A extends JobAction>(
  kind: JobKind,
  { chargePointId, commandId, params, storage, now }: EffectContext<A>,
) {
  await storage.jobs.create({
    chargePointId,
    kind,
    commandId,
    requestId: requestIdOf(params as Request<JobAction>),
    status: 'Requested',
    ...jobDetailsOf(params as Request<JobAction>),
    createdAt: now(),
  });
}

async function settleJob<A extends JobAction>(
  { chargePointId, commandId, storage, now }: EffectContext<A>,
  change: { status: string; finished: boolean; fileName?: string | null },
) {
  const job = await jobOf(storage, chargePointId, commandId);
  if (job) await storage.jobs.update(job.id, change, now());
}

const failedJob = async <A extends JobAction>(context: EffectContext<A>) =>
  settleJob(context, { status: 'Failed', finished: true });

/** UpdateFirmware (OCPP 1.6 §6.44): the answer is empty; FirmwareStatusNotifications tell the rest. */
export const updateFirmware: CommandEffect<'UpdateFirmware'> = {
  before: (context) => openJob('Firmware', context),
  answered: (context) => settleJob(context, { status: 'Accepted', finished: false }),
  failed: failedJob,
};

/** GetDiagnostics (OCPP 1.6 §6.20): no fileName in the answer means there is nothing to upload. */
export const getDiagnostics: CommandEffect<'GetDiagnostics'> = {
  before: (context) => openJob('Diagnostics', context),
  answered: (context, { fileName }) =>
    settleJob(
      context,
      fileName === undefined
        ? { status: 'NoDiagnostics', finished: true }
        : { status: 'Accepted', finished: false, fileName },
    ),
  failed: failedJob,
};

/** GetLog (security extension): Rejected ends the job; LogStatusNotifications with its requestId tell the rest. */
export const getLog: CommandEffect<'GetLog'> = {
  before: (context) => openJob('Log', context),
  answered: (context, { status, filename }) =>
    settleJob(context, { status, finished: status === 'Rejected', fileName: filename ?? null }),
  failed: failedJob,
};

/** SignedUpdateFirmware (security extension): anything but Accepted ends the job. */
export const signedUpdateFirmware: CommandEffect<'SignedUpdateFirmware'> = {
  before: (context) => openJob('SignedFirmware', context),
  answered: (context, { status }) =>
    settleJob(context, { status, finished: status !== 'Accepted' && status !== 'AcceptedCanceled' }),
  failed: failedJob,
};

/** The job kind a status notification reports on. */
export const JOB_KIND_OF_REPORT: Readonly<Record<StatusReportKind, JobKind>> = {
  Diagnostics: 'Diagnostics',
  Firmware: 'Firmware',
  Log: 'Log',
  SignedFirmware: 'SignedFirmware',
};
