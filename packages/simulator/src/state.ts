import type { Request } from '@levity/core';
import { ConnectorMeter } from './meter.js';
import type { ResolvedOptions } from './options.js';
import { CertificateStore } from './state/certificates.js';
import { ChargingProfiles } from './state/charging-profiles.js';
import { Configuration } from './state/configuration.js';
import { Connectors } from './state/connectors.js';
import { Credentials } from './state/credentials.js';
import { AuthorizationCache, LocalAuthList } from './state/local-list.js';
import type { Reservation } from './state/reservations.js';
import { Reservations } from './state/reservations.js';
import type { RegistrationStatus } from './types.js';

type DiagnosticsStatus = Request<'DiagnosticsStatusNotification'>['status'];
type FirmwareStatus = Request<'FirmwareStatusNotification'>['status'];
type LogStatus = Request<'LogStatusNotification'>['status'];
type SignedFirmwareStatus = Request<'SignedFirmwareStatusNotification'>['status'];

/** Everything a real charge point would remember, and what it is busy with. */
export interface SimulatorState {
  readonly configuration: Configuration;
  readonly localList: LocalAuthList;
  readonly authorizationCache: AuthorizationCache;
  readonly reservations: Reservations;
  readonly chargingProfiles: ChargingProfiles;
  readonly certificates: CertificateStore;
  /** SecurityProfile, AuthorizationKey and client certificate: how it connects. */
  readonly credentials: Credentials;
  readonly connectors: Connectors;
  /** The status of the last BootNotification answer; `null` before the first. */
  registration: RegistrationStatus | null;
  firmwareVersion: string;
  /** What TriggerMessage reports: the latest status sent, or Idle when nothing is going on. */
  diagnostics: { status: DiagnosticsStatus };
  firmware: { status: FirmwareStatus };
  log: { status: LogStatus; requestId?: number };
  signedFirmware: { status: SignedFirmwareStatus; requestId?: number };
  /** Counts log uploads and signed firmware updates started: a newer one cancels the one in progress. */
  readonly jobs: { log: number; signedFirmware: number };
}

export function createState(
  options: ResolvedOptions,
  onReservationExpired: (reservation: Reservation) => void,
): SimulatorState {
  // Each connector's register starts somewhere plausible for a meter that has seen use.
  const meter = () =>
    new ConnectorMeter(options.meter, options.random, Math.floor(options.random() * 5_000_000));
  const configuration = new Configuration(options.connectors, options.configuration);
  configuration.set('SecurityProfile', String(options.securityProfile));
  return {
    configuration,
    localList: new LocalAuthList(),
    authorizationCache: new AuthorizationCache(),
    reservations: new Reservations({ now: options.clock, onExpire: onReservationExpired }),
    chargingProfiles: new ChargingProfiles(),
    certificates: new CertificateStore(),
    credentials: new Credentials({
      url: options.url,
      secureUrl: options.secureUrl,
      password: options.password,
      tls: options.tls,
      securityProfile: options.securityProfile,
    }),
    connectors: new Connectors(options.connectors, meter),
    registration: null,
    firmwareVersion: options.firmwareVersion,
    diagnostics: { status: 'Idle' },
    firmware: { status: 'Idle' },
    log: { status: 'Idle' },
    signedFirmware: { status: 'Idle' },
    jobs: { log: 0, signedFirmware: 0 },
  };
}
