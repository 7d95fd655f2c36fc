import type { ChargePointAction } from '../ocpp16/actions.js';
import { authorize } from './authorize.js';
import { bootNotification } from './boot-notification.js';
import { dataTransfer } from './data-transfer.js';
import type { DefaultHandler } from './handler.js';
import { heartbeat } from './heartbeat.js';
import { meterValues } from './meter-values.js';
import { startTransaction } from './start-transaction.js';
import { statusNotification } from './status-notification.js';
import { diagnosticsStatusNotification, firmwareStatusNotification } from './status-reports.js';
import { stopTransaction } from './stop-transaction.js';

/** The built-in handler of each action that has one; the others answer NotImplemented. */
export const defaultHandlers: { readonly [A in ChargePointAction]?: DefaultHandler<A> } = {
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
};
