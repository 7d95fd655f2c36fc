import type { ChargePointAction } from '../ocpp16/actions.js';
import { authorize } from './authorize.js';
import { bootNotification } from './boot-notification.js';
import { dataTransfer } from './data-transfer.js';
import type { DefaultHandler } from './handler.js';
import { heartbeat } from './heartbeat.js';
import { meterValues } from './meter-values.js';
import { securityEventNotification, signCertificate } from './security.js';
import { startTransaction } from './start-transaction.js';
import { statusNotification } from './status-notification.js';
import {
  diagnosticsStatusNotification,
  firmwareStatusNotification,
  logStatusNotification,
  signedFirmwareStatusNotification,
} from './status-reports.js';
import { stopTransaction } from './stop-transaction.js';

/** The built-in handler of every action a charge point sends (OCPP 1.6 and its security extension). */
export const defaultHandlers: { readonly [A in ChargePointAction]: DefaultHandler<A> } = {
  Authorize: authorize,
  BootNotification: bootNotification,
  DataTransfer: dataTransfer,
  DiagnosticsStatusNotification: diagnosticsStatusNotification,
  FirmwareStatusNotification: firmwareStatusNotification,
  Heartbeat: heartbeat,
  MeterValues: meterValues,
  StartTransaction: startTransaction,
  StatusNotification: statusNotification,
  StopTransaction: stopTransaction,
  LogStatusNotification: logStatusNotification,
  SecurityEventNotification: securityEventNotification,
  SignCertificate: signCertificate,
  SignedFirmwareStatusNotification: signedFirmwareStatusNotification,
};
