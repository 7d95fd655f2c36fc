// Typed builders for storage records: every field filled with a plausible value, any
// of them replaced through `overrides`. Tests state only what matters to them.
import type { NewApiToken } from '../storage/api-tokens.js';
import type {
  BootInfo,
  ChargePointRecord,
  ChargingProfileRecord,
  CommandOutcome,
  ConfigurationKeyUpdate,
  IsoTimestamp,
  LocalListEntry,
  NewCertificateRequest,
  NewCommand,
  NewConnectionRefusal,
  NewDataTransfer,
  NewErrorEvent,
  NewIdTag,
  NewJob,
  NewMeterValue,
  NewReservation,
  NewSecurityEvent,
  NewStatusReport,
  NewTransaction,
  RegistrationStatus,
  StatusUpdate,
  TransactionAnomaly,
  TransactionStartKey,
  TransactionStop,
} from '../storage/records.js';

const BASE_TIME = Date.parse('2025-01-31T12:00:00.000Z');

/**
 * A storage timestamp `seconds` after 2025-01-31T12:00:00.000Z (fractions give milliseconds).
 *
 * @example
 * isoTime(1.5); // '2025-01-31T12:00:01.500Z'
 */
export function isoTime(seconds = 0): IsoTimestamp {
  return new Date(BASE_TIME + Math.round(seconds * 1000)).toISOString();
}

/** What `chargePoints.recordBoot` takes. */
export type BootRecord = BootInfo & { registrationStatus: RegistrationStatus; at: IsoTimestamp };

/**
 * A BootNotification as `chargePoints.recordBoot` stores it.
 *
 * @example
 * await storage.chargePoints.recordBoot('CP001', bootInfo({ model: 'X', iccid: null }));
 */
export function bootInfo(overrides: Partial<BootRecord> = {}): BootRecord {
  return {
    vendor: 'Levity Labs',
    model: 'LV-22',
    chargePointSerialNumber: 'CPSN-0001',
    chargeBoxSerialNumber: 'CBSN-0001',
    firmwareVersion: '1.2.3',
    iccid: '8931440000000000001',
    imsi: '262010000000001',
    meterType: 'DZG DVH4013',
    meterSerialNumber: 'MSN-0001',
    registrationStatus: 'Accepted',
    at: isoTime(0),
    ...overrides,
  };
}

/**
 * A charge point row as a storage returns it: nothing known yet unless overridden.
 *
 * @example
 * expect(await storage.chargePoints.get('CP001')).toStrictEqual(chargePointRecord({ connected: true }));
 */
export function chargePointRecord(overrides: Partial<ChargePointRecord> = {}): ChargePointRecord {
  return {
    id: 'CP001',
    admission: null,
    vendor: null,
    model: null,
    chargePointSerialNumber: null,
    chargeBoxSerialNumber: null,
    firmwareVersion: null,
    iccid: null,
    imsi: null,
    meterType: null,
    meterSerialNumber: null,
    registrationStatus: null,
    bootedAt: null,
    status: null,
    errorCode: null,
    statusInfo: null,
    statusVendorId: null,
    statusVendorErrorCode: null,
    statusTimestamp: null,
    statusReceivedAt: null,
    diagnosticsStatus: null,
    diagnosticsStatusAt: null,
    firmwareStatus: null,
    firmwareStatusAt: null,
    connected: false,
    connectedAt: null,
    disconnectedAt: null,
    remoteAddress: null,
    lastSeenAt: null,
    lastHeartbeatAt: null,
    createdAt: isoTime(0),
    updatedAt: isoTime(0),
    ...overrides,
  };
}

/**
 * A StatusNotification for connector 1 of CP001.
 *
 * @example
 * await storage.connectors.recordStatus(statusUpdate({ connectorId: 2, status: 'Charging' }));
 */
export function statusUpdate(overrides: Partial<StatusUpdate> = {}): StatusUpdate {
  return {
    chargePointId: 'CP001',
    connectorId: 1,
    status: 'Available',
    errorCode: 'NoError',
    info: null,
    vendorId: null,
    vendorErrorCode: null,
    timestamp: isoTime(0),
    receivedAt: isoTime(1),
    ...overrides,
  };
}

/**
 * A StartTransaction on connector 1 of CP001.
 *
 * @example
 * const tx = await storage.transactions.start(newTransaction({ idTag: 'RFID-2' }));
 */
export function newTransaction(overrides: Partial<NewTransaction> = {}): NewTransaction {
  return {
    chargePointId: 'CP001',
    connectorId: 1,
    idTag: 'RFID-0001',
    idTagStatus: 'Accepted',
    meterStart: 1000,
    startedAt: isoTime(0),
    reservationId: null,
    receivedAt: isoTime(1),
    ...overrides,
  };
}

/** The fields of a stored transaction that `transactions.findByStart` matches. */
export function startKeyOf(transaction: NewTransaction): TransactionStartKey {
  const { chargePointId, connectorId, idTag, meterStart, startedAt } = transaction;
  return { chargePointId, connectorId, idTag, meterStart, startedAt };
}

/**
 * A StopTransaction an hour after {@link newTransaction}'s start.
 *
 * @example
 * await storage.transactions.stop(tx.id, transactionStop({ reason: 'Local' }), []);
 */
export function transactionStop(overrides: Partial<TransactionStop> = {}): TransactionStop {
  return {
    meterStop: 12_500,
    stoppedAt: isoTime(3600),
    reason: 'EVDisconnected',
    idTag: 'RFID-0001',
    receivedAt: isoTime(3601),
    ...overrides,
  };
}

/** What `transactions.recordUnknownStop` takes. */
export type UnknownStop = TransactionStop & {
  chargePointId: string;
  reportedTransactionId: number;
  anomaly: TransactionAnomaly;
};

/**
 * A StopTransaction from CP001 for a transactionId Levity never issued.
 *
 * @example
 * await storage.transactions.recordUnknownStop(unknownStop({ anomaly: 'AlreadyStopped' }), []);
 */
export function unknownStop(overrides: Partial<UnknownStop> = {}): UnknownStop {
  return {
    ...transactionStop(),
    chargePointId: 'CP001',
    reportedTransactionId: 9999,
    anomaly: 'UnknownTransaction',
    ...overrides,
  };
}

/**
 * One sampled value of a MeterValues message from connector 1 of CP001.
 *
 * @example
 * await storage.meterValues.add([newMeterValue({ measurand: 'Power.Active.Import', unit: 'W' })]);
 */
export function newMeterValue(overrides: Partial<NewMeterValue> = {}): NewMeterValue {
  return {
    chargePointId: 'CP001',
    connectorId: 1,
    transactionId: null,
    reportedTransactionId: null,
    timestamp: isoTime(60),
    value: '1234.5',
    context: 'Sample.Periodic',
    format: 'Raw',
    measurand: 'Energy.Active.Import.Register',
    phase: null,
    location: 'Outlet',
    unit: 'Wh',
    source: 'MeterValues',
    receivedAt: isoTime(61),
    ...overrides,
  };
}

/**
 * A StatusNotification with an error, as `errors.add` stores it.
 *
 * @example
 * await storage.errors.add(newErrorEvent({ errorCode: 'GroundFailure' }));
 */
export function newErrorEvent(overrides: Partial<NewErrorEvent> = {}): NewErrorEvent {
  return {
    chargePointId: 'CP001',
    connectorId: 1,
    errorCode: 'HighTemperature',
    status: 'Faulted',
    info: 'Cable too hot',
    vendorId: 'com.example',
    vendorErrorCode: 'E42',
    timestamp: isoTime(0),
    receivedAt: isoTime(1),
    ...overrides,
  };
}

/**
 * An id tag for the id-tag store, valid for a year, in a parent group.
 *
 * @example
 * await storage.idTags.add(newIdTag({ idTag: 'RFID-0002', status: 'Blocked' }), isoTime(0));
 */
export function newIdTag(overrides: Partial<NewIdTag> = {}): NewIdTag {
  return {
    idTag: 'RFID-0001',
    status: 'Accepted',
    expiryDate: isoTime(365 * 24 * 3600),
    parentIdTag: 'FLEET-01',
    note: 'Company car',
    ...overrides,
  };
}

/**
 * A DataTransfer from CP001 and what Levity answered.
 *
 * @example
 * await storage.dataTransfers.add(newDataTransfer({ status: 'UnknownVendorId', responseData: null }));
 */
export function newDataTransfer(overrides: Partial<NewDataTransfer> = {}): NewDataTransfer {
  return {
    chargePointId: 'CP001',
    vendorId: 'com.example',
    messageId: 'Temperature',
    data: '{"celsius":21.5}',
    status: 'Accepted',
    responseData: '{"stored":true}',
    receivedAt: isoTime(1),
    ...overrides,
  };
}

/**
 * A LogStatusNotification from CP001, as `statusReports.add` stores it.
 *
 * @example
 * await storage.statusReports.add(newStatusReport({ kind: 'Firmware', status: 'Installed', requestId: null }));
 */
export function newStatusReport(overrides: Partial<NewStatusReport> = {}): NewStatusReport {
  return {
    chargePointId: 'CP001',
    kind: 'Log',
    status: 'Uploading',
    requestId: 7,
    jobId: 3,
    receivedAt: isoTime(1),
    ...overrides,
  };
}

/**
 * A SecurityEventNotification from CP001.
 *
 * @example
 * await storage.securityEvents.add(newSecurityEvent({ type: 'TamperDetectionActivated', techInfo: null }));
 */
export function newSecurityEvent(overrides: Partial<NewSecurityEvent> = {}): NewSecurityEvent {
  return {
    chargePointId: 'CP001',
    type: 'FirmwareUpdated',
    timestamp: isoTime(0),
    techInfo: 'firmware 1.2.3 -> 1.2.4',
    receivedAt: isoTime(1),
    ...overrides,
  };
}

/**
 * A SignCertificate CSR from CP001, answered Accepted.
 *
 * @example
 * const request = await storage.certificateRequests.add(newCertificateRequest({ status: 'Rejected' }));
 */
export function newCertificateRequest(overrides: Partial<NewCertificateRequest> = {}): NewCertificateRequest {
  return {
    chargePointId: 'CP001',
    csr: '-----BEGIN CERTIFICATE REQUEST-----\nMIIBCzCBsgIBADBQMQswCQYDVQQGEwJERTEQ\n-----END CERTIFICATE REQUEST-----\n',
    status: 'Accepted',
    receivedAt: isoTime(1),
    ...overrides,
  };
}

/**
 * A Reset CALL to CP001, as `commands.add` logs it.
 *
 * @example
 * const command = await storage.commands.add(newCommand({ action: 'GetConfiguration', params: {} }));
 */
export function newCommand(overrides: Partial<NewCommand> = {}): NewCommand {
  return {
    chargePointId: 'CP001',
    action: 'Reset',
    params: { type: 'Soft' },
    requestedAt: isoTime(0),
    ...overrides,
  };
}

/**
 * The CALLRESULT of {@link newCommand}, a second later.
 *
 * @example
 * await storage.commands.complete(command.id, commandOutcome({ status: 'TimedOut', response: null }));
 */
export function commandOutcome(overrides: Partial<CommandOutcome> = {}): CommandOutcome {
  return {
    status: 'Answered',
    response: { status: 'Accepted' },
    errorCode: null,
    errorDescription: null,
    at: isoTime(1),
    ...overrides,
  };
}

/**
 * A configuration key as GetConfiguration.conf reports it.
 *
 * @example
 * await storage.configuration.upsert('CP001', [configurationKey({ key: 'MeterValueSampleInterval' })], isoTime(0));
 */
export function configurationKey(overrides: Partial<ConfigurationKeyUpdate> = {}): ConfigurationKeyUpdate {
  return {
    key: 'HeartbeatInterval',
    value: '60',
    readonly: false,
    unknown: false,
    rebootRequired: false,
    ...overrides,
  };
}

/**
 * An accepted entry of a Local Authorization List, valid for a year, in a parent group.
 *
 * @example
 * await storage.localLists.replace('CP001', 1, [localListEntry({ idTag: 'RFID-0002' })], isoTime(0));
 */
export function localListEntry(overrides: Partial<LocalListEntry> = {}): LocalListEntry {
  return {
    idTag: 'RFID-0001',
    idTagInfo: { status: 'Accepted', expiryDate: isoTime(365 * 24 * 3600), parentIdTag: 'FLEET-01' },
    ...overrides,
  };
}

/**
 * A ReserveNow for connector 1 of CP001, for half an hour.
 *
 * @example
 * const reservation = await storage.reservations.create(newReservation({ connectorId: 0 }));
 */
export function newReservation(overrides: Partial<NewReservation> = {}): NewReservation {
  return {
    chargePointId: 'CP001',
    connectorId: 1,
    idTag: 'RFID-0001',
    parentIdTag: 'FLEET-01',
    expiryDate: isoTime(1800),
    createdAt: isoTime(0),
    ...overrides,
  };
}

/**
 * A 16 A TxDefaultProfile on connector 1 of CP001, as SetChargingProfile installed it.
 *
 * @example
 * await storage.chargingProfiles.put(chargingProfileRecord({ chargingProfileId: 2, stackLevel: 1 }));
 */
export function chargingProfileRecord(overrides: Partial<ChargingProfileRecord> = {}): ChargingProfileRecord {
  return {
    chargePointId: 'CP001',
    connectorId: 1,
    chargingProfileId: 1,
    stackLevel: 0,
    purpose: 'TxDefaultProfile',
    transactionId: null,
    profile: {
      chargingProfileId: 1,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: {
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 16 },
          { startPeriod: 3600, limit: 10.5, numberPhases: 1 },
        ],
      },
    },
    installedAt: isoTime(0),
    ...overrides,
  };
}

/**
 * A GetDiagnostics job of CP001, just requested.
 *
 * @example
 * const job = await storage.jobs.create(newJob({ kind: 'Log', requestId: 7 }));
 */
export function newJob(overrides: Partial<NewJob> = {}): NewJob {
  return {
    chargePointId: 'CP001',
    kind: 'Diagnostics',
    commandId: 1,
    requestId: null,
    status: 'Requested',
    location: 'ftp://diagnostics.example.com/uploads/',
    retrieveDate: null,
    installDate: null,
    startTime: isoTime(-3600),
    stopTime: isoTime(-60),
    retries: 3,
    retryInterval: 60,
    createdAt: isoTime(0),
    ...overrides,
  };
}

/**
 * A read token named `grafana` as `apiTokens.create` stores it (the hash of an all-`a` secret).
 *
 * @example
 * const token = await storage.apiTokens.create(newApiToken({ name: 'ops', role: 'operate' }));
 */
export function newApiToken(overrides: Partial<NewApiToken> = {}): NewApiToken {
  return {
    name: 'grafana',
    role: 'read',
    secretHash: 'a'.repeat(64),
    createdAt: isoTime(0),
    ...overrides,
  };
}

/**
 * A refused upgrade of CP001: a wrong password under profile 1.
 *
 * @example
 * await storage.connectionRefusals.add(newConnectionRefusal({ reason: 'TlsRequired', requiredProfile: 2 }));
 */
export function newConnectionRefusal(overrides: Partial<NewConnectionRefusal> = {}): NewConnectionRefusal {
  return {
    chargePointId: 'CP001',
    reason: 'InvalidCredentials',
    requiredProfile: 1,
    remoteAddress: '192.0.2.10',
    detail: 'the password does not match',
    receivedAt: isoTime(1),
    ...overrides,
  };
}
