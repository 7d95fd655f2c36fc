import type { ApiTokenRepository } from '../api-tokens.js';
import type {
  NewConnectionRefusal,
  NewDataTransfer,
  NewErrorEvent,
  NewSecurityEvent,
  NewStatusReport,
  StatusReportFilter,
} from '../records.js';
import type {
  CertificateRequestRepository,
  ChargePointRepository,
  ChargePointSecurityRepository,
  ChargingProfileRepository,
  CommandRepository,
  ConfigurationRepository,
  ConnectionRefusalRepository,
  ConnectorRepository,
  DataTransferRepository,
  ErrorEventRepository,
  IdTagRepository,
  JobRepository,
  LocalListRepository,
  MeterValueRepository,
  ReservationRepository,
  SecurityEventRepository,
  StatusReportRepository,
  Storage,
  TransactionRepository,
} from '../storage.js';
import { MemoryApiTokens } from './api-tokens.js';
import { MemoryCertificateRequests } from './certificate-requests.js';
import { MemoryChargePointSecurity } from './charge-point-security.js';
import { MemoryChargePoints } from './charge-points.js';
import { MemoryChargingProfiles } from './charging-profiles.js';
import { MemoryCommands } from './commands.js';
import { MemoryConfiguration } from './configuration.js';
import { MemoryConnectors } from './connectors.js';
import { MemoryEventLog } from './event-log.js';
import { MemoryIdTags } from './id-tags.js';
import { MemoryJobs } from './jobs.js';
import { MemoryLocalLists } from './local-lists.js';
import { MemoryMeterValues } from './meter-values.js';
import { MemoryReservations } from './reservations.js';
import { MemoryTransactions } from './transactions.js';

/**
 * Keeps everything in process memory: for tests, demos and embedding where
 * persistence is not wanted. Lost on exit.
 *
 * @example
 * const cs = createCentralSystem({ storage: new MemoryStorage() });
 */
export class MemoryStorage implements Storage {
  readonly chargePoints: ChargePointRepository;
  readonly connectors: ConnectorRepository;
  readonly meterValues: MeterValueRepository;
  readonly transactions: TransactionRepository;
  readonly errors: ErrorEventRepository = new MemoryEventLog<NewErrorEvent>();
  readonly idTags: IdTagRepository = new MemoryIdTags();
  readonly dataTransfers: DataTransferRepository = new MemoryEventLog<NewDataTransfer>();
  readonly statusReports: StatusReportRepository = new MemoryEventLog<NewStatusReport, StatusReportFilter>(
    (row, filter) => filter.kind === undefined || row.kind === filter.kind,
  );
  readonly securityEvents: SecurityEventRepository = new MemoryEventLog<NewSecurityEvent>();
  readonly certificateRequests: CertificateRequestRepository = new MemoryCertificateRequests();
  readonly commands: CommandRepository = new MemoryCommands();
  readonly configuration: ConfigurationRepository = new MemoryConfiguration();
  readonly localLists: LocalListRepository = new MemoryLocalLists();
  readonly reservations: ReservationRepository = new MemoryReservations();
  readonly chargingProfiles: ChargingProfileRepository = new MemoryChargingProfiles();
  readonly jobs: JobRepository = new MemoryJobs();
  readonly apiTokens: ApiTokenRepository = new MemoryApiTokens();
  readonly chargePointSecurity: ChargePointSecurityRepository = new MemoryChargePointSecurity();
  readonly connectionRefusals: ConnectionRefusalRepository = new MemoryEventLog<NewConnectionRefusal>();

  constructor() {
    const chargePoints = new MemoryChargePoints();
    this.chargePoints = chargePoints;
    const connectors = new MemoryConnectors(chargePoints);
    chargePoints.onRemove((id) => connectors.removeAll(id));
    this.connectors = connectors;
    const meterValues = new MemoryMeterValues();
    this.meterValues = meterValues;
    this.transactions = new MemoryTransactions(meterValues);
  }

  async close() {}
}
