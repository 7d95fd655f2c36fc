import type { Request, Response } from './ocpp16/actions.js';
import type { MeterValue } from './ocpp16/payloads.js';
import type { NewConnectionRefusal, SecurityProfile } from './storage/records.js';

/**
 * Events a central system emits, by name. Each is derived from what was received
 * and answered, so they fire whether the built-in or a custom handler answered.
 * A listener that throws is logged and does not affect the charge point.
 */
export interface CentralSystemEvents {
  /** A charge point opened a WebSocket connection (or replaced its previous one). */
  connected: {
    chargePointId: string;
    remoteAddress: string | null;
    protocol: string;
    /** The security profile the connection met (0: no authentication). */
    securityProfile: SecurityProfile;
  };
  /** An upgrade was refused for a security reason (it is also stored in `storage.connectionRefusals`). */
  connectionRefused: NewConnectionRefusal;
  /** A charge point's connection closed. Not emitted for a connection a newer one replaced. */
  disconnected: { chargePointId: string; code: number; reason: string };
  /** A BootNotification was answered. */
  booted: {
    chargePointId: string;
    request: Request<'BootNotification'>;
    response: Response<'BootNotification'>;
  };
  /** A StatusNotification was answered. */
  statusChanged: { chargePointId: string } & Request<'StatusNotification'>;
  /** A StartTransaction was answered. */
  transactionStarted: {
    chargePointId: string;
    transactionId: number;
    request: Request<'StartTransaction'>;
    response: Response<'StartTransaction'>;
  };
  /** A StopTransaction was answered. */
  transactionStopped: {
    chargePointId: string;
    transactionId: number;
    request: Request<'StopTransaction'>;
    response: Response<'StopTransaction'>;
  };
  /** A MeterValues message was answered. */
  meterValues: {
    chargePointId: string;
    connectorId: number;
    transactionId: number | null;
    meterValue: MeterValue[];
  };
  /** Any message from a charge point was answered with a CALLRESULT. */
  message: { chargePointId: string; action: string; request: unknown; response: unknown };
}

export type CentralSystemEventName = keyof CentralSystemEvents;
export type CentralSystemListener<E extends CentralSystemEventName> = (event: CentralSystemEvents[E]) => void;
