import type { ApiTokenRepository } from '../api-tokens.js';
import type {
  NewConnectionRefusal,
  NewDataTransfer,
  NewErrorEvent,
  NewSecurityEvent,
  NewStatusReport,
  StatusReportFilter,
} from '../records.js';
import { type Repositories, routeRepositories } from '../repository-access.js';
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
import { UndoLog } from './undo-log.js';

function memoryRepositories(log: UndoLog): Repositories {
  const chargePoints = new MemoryChargePoints(log);
  const connectors = new MemoryConnectors(chargePoints, log);
  chargePoints.onRemove((id) => connectors.removeAll(id));
  const meterValues = new MemoryMeterValues(log);
  return {
    chargePoints,
    connectors,
    transactions: new MemoryTransactions(meterValues, log),
    meterValues,
    errors: new MemoryEventLog<NewErrorEvent>(log),
    idTags: new MemoryIdTags(log),
    dataTransfers: new MemoryEventLog<NewDataTransfer>(log),
    statusReports: new MemoryEventLog<NewStatusReport, StatusReportFilter>(
      log,
      (row, filter) => filter.kind === undefined || row.kind === filter.kind,
    ),
    securityEvents: new MemoryEventLog<NewSecurityEvent>(log),
    certificateRequests: new MemoryCertificateRequests(log),
    commands: new MemoryCommands(log),
    configuration: new MemoryConfiguration(log),
    localLists: new MemoryLocalLists(log),
    reservations: new MemoryReservations(log),
    chargingProfiles: new MemoryChargingProfiles(log),
    jobs: new MemoryJobs(log),
    apiTokens: new MemoryApiTokens(log),
    chargePointSecurity: new MemoryChargePointSecurity(log),
    connectionRefusals: new MemoryEventLog<NewConnectionRefusal>(log),
  };
}

/**
 * Keeps everything in process memory: for tests, demos and embedding where
 * persistence is not wanted. Lost on exit.
 *
 * Units of work (`transaction`) run one at a time; one that throws is rolled back
 * completely, assigned ids included, so the next unit gets the same ids again (as
 * SQLite does). A write made outside a unit is a unit of its own, so it waits for the
 * unit in progress. Reads outside a unit do not wait: they may see the writes of a
 * unit in progress.
 *
 * @example
 * const cs = createCentralSystem({ storage: new MemoryStorage() });
 */
export class MemoryStorage implements Storage {
  readonly chargePoints: ChargePointRepository;
  readonly connectors: ConnectorRepository;
  readonly transactions: TransactionRepository;
  readonly meterValues: MeterValueRepository;
  readonly errors: ErrorEventRepository;
  readonly idTags: IdTagRepository;
  readonly dataTransfers: DataTransferRepository;
  readonly statusReports: StatusReportRepository;
  readonly securityEvents: SecurityEventRepository;
  readonly certificateRequests: CertificateRequestRepository;
  readonly commands: CommandRepository;
  readonly configuration: ConfigurationRepository;
  readonly localLists: LocalListRepository;
  readonly reservations: ReservationRepository;
  readonly chargingProfiles: ChargingProfileRepository;
  readonly jobs: JobRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly chargePointSecurity: ChargePointSecurityRepository;
  readonly connectionRefusals: ConnectionRefusalRepository;
  readonly #log = new UndoLog();
  /** What a unit of work is given: the repositories themselves, and `transaction` inline. */
  readonly #unit: Storage;
  /** Settles when the last unit queued so far has finished. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor() {
    const repositories = memoryRepositories(this.#log);
    const unit: Storage = {
      ...repositories,
      transaction: (work) => work(unit),
      close: async () => {},
    };
    this.#unit = unit;
    const routed = routeRepositories(repositories, (work) => this.transaction(work));
    this.chargePoints = routed.chargePoints;
    this.connectors = routed.connectors;
    this.transactions = routed.transactions;
    this.meterValues = routed.meterValues;
    this.errors = routed.errors;
    this.idTags = routed.idTags;
    this.dataTransfers = routed.dataTransfers;
    this.statusReports = routed.statusReports;
    this.securityEvents = routed.securityEvents;
    this.certificateRequests = routed.certificateRequests;
    this.commands = routed.commands;
    this.configuration = routed.configuration;
    this.localLists = routed.localLists;
    this.reservations = routed.reservations;
    this.chargingProfiles = routed.chargingProfiles;
    this.jobs = routed.jobs;
    this.apiTokens = routed.apiTokens;
    this.chargePointSecurity = routed.chargePointSecurity;
    this.connectionRefusals = routed.connectionRefusals;
  }

  /**
   * Runs `work` alone, rolling back everything it wrote when it throws. Inside `work`,
   * use the storage it is given: the outer storage's writes wait for this unit, so
   * awaiting one there never finishes. `transaction` on the given storage runs inline,
   * as part of this unit.
   */
  transaction<T>(work: (storage: Storage) => Promise<T>): Promise<T> {
    const run = this.#tail.then(async () => {
      this.#log.begin();
      try {
        const result = await work(this.#unit);
        this.#log.commit();
        return result;
      } catch (error) {
        this.#log.rollback();
        throw error;
      }
    });
    this.#tail = run.catch(() => {});
    return run;
  }

  async close() {}
}
