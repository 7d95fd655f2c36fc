export type {
  Behaviour,
  BehaviourKind,
  Behaviours,
  CallErrorBehaviour,
  CustomBehaviour,
} from './behaviour.js';
export type { SimulatorEventName, SimulatorEvents, SimulatorListener } from './events.js';
export type { FleetErrorKind, FleetOptions, FleetPhase, FleetSummary } from './fleet.js';
export { formatSummary, runFleet } from './fleet.js';
export type { MeterModel } from './meter.js';
export { DEFAULT_METER_MODEL } from './meter.js';
export type {
  SimulatedChargePointOptions,
  SimulatorLogEntry,
  SimulatorTiming,
  VendorDataTransfer,
} from './options.js';
export type { StartResult } from './sessions.js';
export type { ConnectorView, SimulatedChargePoint } from './simulated-charge-point.js';
export { createSimulatedChargePoint } from './simulated-charge-point.js';
export type { CertificateStore } from './state/certificates.js';
export { certificateHashData } from './state/certificates.js';
export type { ChargingProfiles, InstalledProfile } from './state/charging-profiles.js';
export type { CompositeInput } from './state/composite-schedule.js';
export { compositeSchedule } from './state/composite-schedule.js';
export type { Configuration } from './state/configuration.js';
export type { Connector, Connectors, RunningTransaction } from './state/connectors.js';
export type { ConnectionSettings, Credentials, SimulatorTls } from './state/credentials.js';
export type { AuthorizationCache, LocalAuthList } from './state/local-list.js';
export type { Reservation, Reservations } from './state/reservations.js';
export type { SimulatorState } from './state.js';
export type * from './types.js';
