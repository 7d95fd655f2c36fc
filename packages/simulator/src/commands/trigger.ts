import type { Request, Response } from '@levity/core';
import type { Runtime } from '../runtime.js';
import { createSigningRequest } from '../state/csr.js';
import type { Commands } from './command.js';

type Requested =
  | Request<'TriggerMessage'>['requestedMessage']
  | Request<'ExtendedTriggerMessage'>['requestedMessage'];
type TriggerStatus = Response<'TriggerMessage'>['status'];

/** Sends the message a trigger asked for; `extended` is ExtendedTriggerMessage (security extension). */
async function sendRequested(
  rt: Runtime,
  requested: Requested,
  connectorId: number | undefined,
  extended: boolean,
) {
  const connectors = connectorId === undefined ? rt.state.connectors.list().map((c) => c.id) : [connectorId];
  switch (requested) {
    case 'BootNotification':
      await rt.lifecycle.boot();
      return;
    case 'Heartbeat':
      await rt.lifecycle.heartbeat();
      return;
    case 'StatusNotification':
      // Without a connector: the charge point's status (connector 0) and every connector's.
      for (const id of connectorId === undefined ? [0, ...connectors] : connectors)
        await rt.statuses.report(id);
      return;
    case 'MeterValues':
      for (const id of connectors) await rt.sampling.send(id, 'Trigger');
      return;
    case 'DiagnosticsStatusNotification':
      await rt.send('DiagnosticsStatusNotification', { status: rt.state.diagnostics.status });
      return;
    case 'FirmwareStatusNotification':
      if (extended) {
        const { status, requestId } = rt.state.signedFirmware;
        await rt.send('SignedFirmwareStatusNotification', {
          status,
          ...(requestId === undefined ? {} : { requestId }),
        });
      } else {
        await rt.send('FirmwareStatusNotification', { status: rt.state.firmware.status });
      }
      return;
    case 'LogStatusNotification': {
      const { status, requestId } = rt.state.log;
      await rt.send('LogStatusNotification', { status, ...(requestId === undefined ? {} : { requestId }) });
      return;
    }
    case 'SignChargePointCertificate': {
      const organization = rt.state.configuration.get('CpoName') || rt.options.vendor;
      const { csr, privateKey } = createSigningRequest({ commonName: rt.options.serialNumber, organization });
      rt.state.credentials.rememberKey(privateKey);
      await rt.send('SignCertificate', { csr });
      return;
    }
  }
}

const BASIC: ReadonlySet<string> = new Set<Requested>([
  'BootNotification',
  'DiagnosticsStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'MeterValues',
  'StatusNotification',
]);
const EXTENDED: ReadonlySet<string> = new Set<Requested>([
  'BootNotification',
  'LogStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'MeterValues',
  'SignChargePointCertificate',
  'StatusNotification',
]);

/** Accepted, then the message goes out after the answer (§5.17); a connector that does not exist is Rejected. */
function trigger(
  rt: Runtime,
  requested: Requested,
  connectorId: number | undefined,
  extended: boolean,
): TriggerStatus {
  if (!(extended ? EXTENDED : BASIC).has(requested)) return 'NotImplemented';
  if (connectorId !== undefined && (connectorId < 0 || connectorId > rt.state.connectors.count))
    return 'Rejected';
  rt.later(`a triggered ${requested}`, () => sendRequested(rt, requested, connectorId, extended));
  return 'Accepted';
}

/** The Remote Trigger profile and the security extension's ExtendedTriggerMessage. */
export const triggerCommands: Commands<'TriggerMessage' | 'ExtendedTriggerMessage'> = {
  TriggerMessage({ requestedMessage, connectorId }, rt) {
    return { status: trigger(rt, requestedMessage, connectorId, false) };
  },
  ExtendedTriggerMessage({ requestedMessage, connectorId }, rt) {
    return { status: trigger(rt, requestedMessage, connectorId, true) };
  },
};
