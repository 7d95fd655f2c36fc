import type { Runtime } from '../runtime.js';
import type { AvailabilityType } from '../types.js';
import type { Commands } from './command.js';

/** OCPP 1.6 §5.2: changes now, or Scheduled (after the transaction) on a busy connector. */
function changeAvailability(
  rt: Runtime,
  connectorId: number,
  type: AvailabilityType,
): 'Accepted' | 'Scheduled' {
  const { connectors } = rt.state;
  // Connector 0 is the whole charge point: every connector follows it.
  const targets = connectorId === 0 ? [0, ...connectors.list().map((c) => c.id)] : [connectorId];
  let scheduled = false;
  for (const id of targets) {
    const connector = connectors.get(id);
    if (!connector) continue;
    const busy = id === 0 ? connectors.list().some((c) => c.busy) : connector.busy;
    if (busy && connector.availability !== type) {
      connector.scheduledAvailability = type;
      scheduled = true;
    } else {
      connector.availability = type;
      connector.scheduledAvailability = undefined;
    }
  }
  rt.later('reporting availability', async () => {
    for (const id of targets) await rt.statuses.refresh(id);
  });
  return scheduled ? 'Scheduled' : 'Accepted';
}

/** Core profile commands that are not about transactions. */
export const coreCommands: Commands<
  | 'ChangeAvailability'
  | 'ChangeConfiguration'
  | 'GetConfiguration'
  | 'ClearCache'
  | 'DataTransfer'
  | 'UnlockConnector'
  | 'Reset'
> = {
  ChangeAvailability({ connectorId, type }, rt) {
    if (connectorId > rt.state.connectors.count) return { status: 'Rejected' };
    return { status: changeAvailability(rt, connectorId, type) };
  },

  /** The security keys follow the whitepaper (A01, A05): the charge point then reconnects with them. */
  ChangeConfiguration({ key, value }, rt) {
    const { configuration, credentials } = rt.state;
    const name = key.toLowerCase();
    if (name === 'authorizationkey') {
      const status = credentials.changeAuthorizationKey(value);
      if (status === 'Accepted' && (credentials.securityProfile === 1 || credentials.securityProfile === 2)) {
        rt.later('reconnecting with the new password', () =>
          rt.lifecycle.reconnect('AuthorizationKey changed'),
        );
      }
      return { status };
    }
    if (name === 'securityprofile') {
      const status = credentials.changeSecurityProfile(value);
      if (status === 'Accepted') {
        configuration.set('SecurityProfile', value);
        rt.later('reconnecting with the new security profile', () =>
          rt.lifecycle.reconnect('SecurityProfile changed'),
        );
      }
      return { status };
    }
    return { status: configuration.change(key, value) };
  },

  GetConfiguration({ key }, rt) {
    return rt.state.configuration.read(key);
  },

  ClearCache(_params, rt) {
    rt.state.authorizationCache.clear();
    return { status: 'Accepted' };
  },

  /** §4.3: a vendor the charger knows answers; others are UnknownVendorId. */
  async DataTransfer(params, rt) {
    const vendor = rt.options.dataTransfer[params.vendorId];
    return vendor ? await vendor(params) : { status: 'UnknownVendorId' };
  },

  /** §5.18: a transaction on the connector is stopped (UnlockCommand) before it unlocks. */
  async UnlockConnector({ connectorId }, rt) {
    if (connectorId < 1 || connectorId > rt.state.connectors.count) return { status: 'NotSupported' };
    await rt.sessions.stop(connectorId, 'UnlockCommand');
    return { status: 'Unlocked' };
  },

  /** §5.14: Accepted, then transactions end with SoftReset/HardReset and the charger reboots. */
  Reset({ type }, rt) {
    rt.later('a reset', () => rt.lifecycle.reboot(type, type === 'Hard' ? 'HardReset' : 'SoftReset'));
    return { status: 'Accepted' };
  },
};
