import type {
  Admission,
  AuthorizationStatus,
  ChargePointErrorCode,
  ChargePointStatus,
  ChargingProfileRecord,
  CommandStatus,
  ConnectionRefusalReason,
  DataTransferResponse,
  DiagnosticsStatus,
  FirmwareStatus,
  IdTagStatus,
  JobKind,
  JsonValue,
  LocalListEntry,
  Location,
  Measurand,
  MeterValueSource,
  Phase,
  ReadingContext,
  RegistrationStatus,
  ReservationStatus,
  SecurityProfile,
  SecurityProfileChange,
  StatusReportKind,
  StatusReportStatus,
  StopReason,
  TransactionAnomaly,
  TransactionAttention,
  UnitOfMeasure,
  ValueFormat,
} from '@levity/core';
import { API_TOKEN_ROLES, CONNECTION_REFUSAL_REASONS, SECURITY_PROFILES } from '@levity/core';
import type { TLiteral } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { Nullable, StringEnum, Timestamp } from './common.js';
import { ocppEnum } from './ocpp.js';

// Response schemas of the records core stores. They document the API and are the
// serializers' field lists: a field core adds shows up here only when added on purpose
// (records.test-d.ts fails until then, so nothing is dropped silently).

const sampled = <T extends string>(name: string) =>
  ocppEnum<T>('urn:MeterValues.req', ['meterValue', 'sampledValue', name]);

export const CHARGE_POINT_STATUSES = ocppEnum<ChargePointStatus>('urn:StatusNotification.req', ['status']);
export const CHARGE_POINT_ERROR_CODES = ocppEnum<ChargePointErrorCode>('urn:StatusNotification.req', [
  'errorCode',
]);
export const MEASURANDS = sampled<Measurand>('measurand');
export const ID_TAG_STATUSES: readonly IdTagStatus[] = ['Accepted', 'Blocked', 'Expired', 'Invalid'];
export const ADMISSIONS: readonly Admission[] = ['Accepted', 'Pending', 'Rejected'];
export const STATUS_REPORT_KINDS: readonly StatusReportKind[] = [
  'Diagnostics',
  'Firmware',
  'Log',
  'SignedFirmware',
];
const FIRMWARE_STATUSES = [
  ...new Set([
    ...ocppEnum<FirmwareStatus>('urn:FirmwareStatusNotification.req', ['status']),
    ...ocppEnum<FirmwareStatus>('urn:SignedFirmwareStatusNotification.req', ['status']),
  ]),
];
const DIAGNOSTICS_STATUSES = ocppEnum<DiagnosticsStatus>('urn:DiagnosticsStatusNotification.req', ['status']);
const STATUS_REPORT_STATUSES: StatusReportStatus[] = [
  ...new Set<StatusReportStatus>([
    ...DIAGNOSTICS_STATUSES,
    ...FIRMWARE_STATUSES,
    ...ocppEnum<StatusReportStatus>('urn:LogStatusNotification.req', ['status']),
  ]),
];

const Status = StringEnum(CHARGE_POINT_STATUSES);
const ErrorCode = StringEnum(CHARGE_POINT_ERROR_CODES);
const AuthorizationStatusSchema = StringEnum(
  ocppEnum<AuthorizationStatus>('urn:StartTransaction.conf', ['idTagInfo', 'status']),
);
const ConnectorId = Type.Integer({ minimum: 0 });

export const ConnectorSchema = Type.Object(
  {
    chargePointId: Type.String(),
    connectorId: ConnectorId,
    status: Status,
    errorCode: ErrorCode,
    info: Nullable(Type.String()),
    vendorId: Nullable(Type.String()),
    vendorErrorCode: Nullable(Type.String()),
    statusTimestamp: Nullable(Timestamp("The charge point's timestamp of the status")),
    receivedAt: Timestamp(),
  },
  { description: 'The last known state of a connector (id ≥ 1)' },
);

const chargePointProperties = {
  id: Type.String(),
  connected: Type.Boolean({
    description: 'Whether it has an open WebSocket connection right now (to any node of the cluster)',
  }),
  nodeId: Nullable(
    Type.String({ description: 'The node (`--node-id`) that holds its connection; null when not connected' }),
  ),
  admission: Nullable(StringEnum(ADMISSIONS, { description: "The operator's decision, if any" })),
  registrationStatus: Nullable(
    StringEnum(ocppEnum<RegistrationStatus>('urn:BootNotification.conf', ['status']), {
      description: 'What Levity answered to its last BootNotification',
    }),
  ),
  vendor: Nullable(Type.String()),
  model: Nullable(Type.String()),
  chargePointSerialNumber: Nullable(Type.String()),
  chargeBoxSerialNumber: Nullable(Type.String()),
  firmwareVersion: Nullable(Type.String()),
  iccid: Nullable(Type.String()),
  imsi: Nullable(Type.String()),
  meterType: Nullable(Type.String()),
  meterSerialNumber: Nullable(Type.String()),
  bootedAt: Nullable(Timestamp()),
  status: Nullable(Status),
  errorCode: Nullable(ErrorCode),
  statusInfo: Nullable(Type.String()),
  statusVendorId: Nullable(Type.String()),
  statusVendorErrorCode: Nullable(Type.String()),
  statusTimestamp: Nullable(Timestamp()),
  statusReceivedAt: Nullable(Timestamp()),
  diagnosticsStatus: Nullable(StringEnum(DIAGNOSTICS_STATUSES)),
  diagnosticsStatusAt: Nullable(Timestamp()),
  firmwareStatus: Nullable(StringEnum(FIRMWARE_STATUSES)),
  firmwareStatusAt: Nullable(Timestamp()),
  connectedAt: Nullable(Timestamp()),
  disconnectedAt: Nullable(Timestamp()),
  remoteAddress: Nullable(Type.String()),
  lastSeenAt: Nullable(Timestamp('Last time any message arrived from it')),
  lastHeartbeatAt: Nullable(Timestamp()),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
};

export const ChargePointSchema = Type.Object(chargePointProperties, {
  description: 'A charge point: boot data, status of connector 0, connection and admission',
});

export const ChargePointDetailSchema = Type.Object(
  { ...chargePointProperties, connectors: Type.Array(ConnectorSchema) },
  { description: 'A charge point with its connectors' },
);

export const TransactionSchema = Type.Object(
  {
    id: Type.Integer({ description: 'The transactionId Levity answered in StartTransaction' }),
    status: StringEnum(['Active', 'Completed'] as const),
    chargePointId: Type.String(),
    connectorId: Nullable(ConnectorId),
    idTag: Nullable(Type.String()),
    idTagStatus: Nullable(AuthorizationStatusSchema),
    meterStart: Nullable(Type.Integer({ description: 'Wh' })),
    startedAt: Nullable(Timestamp("By the charge point's clock")),
    reservationId: Nullable(Type.Integer()),
    meterStop: Nullable(Type.Integer({ description: 'Wh' })),
    stoppedAt: Nullable(Timestamp()),
    stopReason: Nullable(StringEnum(ocppEnum<StopReason>('urn:StopTransaction.req', ['reason']))),
    stopIdTag: Nullable(Type.String()),
    anomaly: Nullable(
      StringEnum<TransactionAnomaly>(['UnknownTransaction', 'AlreadyStopped'], {
        description: 'Set on rows recording a StopTransaction that matched no open session',
      }),
    ),
    attention: Nullable(
      StringEnum<TransactionAttention>(['Superseded', 'OpenWhileAvailable', 'MeterValuesAfterStop'], {
        description: 'Why an operator should look at it',
      }),
    ),
    attentionAt: Nullable(Timestamp()),
    reportedTransactionId: Nullable(Type.Integer()),
    remoteStartCommandId: Nullable(
      Type.Integer({ description: 'The RemoteStartTransaction command that caused it' }),
    ),
    remoteStopCommandId: Nullable(
      Type.Integer({ description: 'The RemoteStopTransaction command that ended it' }),
    ),
    createdAt: Timestamp(),
    stopReceivedAt: Nullable(Timestamp()),
    energy: Type.Object({
      energyWh: Nullable(Type.Number({ description: 'Energy delivered in Wh' })),
      source: Nullable(
        StringEnum(['meter', 'registers'] as const, {
          description: '`meter`: meterStop − meterStart; `registers`: the energy register readings',
        }),
      ),
    }),
  },
  { description: 'A charging session with its energy' },
);

export const ErrorEventSchema = Type.Object(
  {
    id: Type.Integer(),
    chargePointId: Type.String(),
    connectorId: ConnectorId,
    errorCode: ErrorCode,
    status: Status,
    info: Nullable(Type.String()),
    vendorId: Nullable(Type.String()),
    vendorErrorCode: Nullable(Type.String()),
    timestamp: Nullable(Timestamp()),
    receivedAt: Timestamp(),
  },
  { description: 'A StatusNotification whose errorCode was not NoError' },
);

export const SecurityEventSchema = Type.Object(
  {
    id: Type.Integer(),
    chargePointId: Type.String(),
    type: Type.String(),
    timestamp: Timestamp(),
    techInfo: Nullable(Type.String()),
    receivedAt: Timestamp(),
  },
  { description: 'A SecurityEventNotification' },
);

export const StatusReportSchema = Type.Object(
  {
    id: Type.Integer(),
    chargePointId: Type.String(),
    kind: StringEnum(STATUS_REPORT_KINDS),
    status: StringEnum(STATUS_REPORT_STATUSES),
    requestId: Nullable(Type.Integer()),
    jobId: Nullable(Type.Integer()),
    receivedAt: Timestamp(),
  },
  { description: 'A Diagnostics, Firmware, Log or SignedFirmware status notification' },
);

export const DataTransferSchema = Type.Object(
  {
    id: Type.Integer(),
    chargePointId: Type.String(),
    vendorId: Type.String(),
    messageId: Nullable(Type.String()),
    data: Nullable(Type.String()),
    status: StringEnum(ocppEnum<DataTransferResponse['status']>('urn:DataTransfer.conf', ['status'])),
    responseData: Nullable(Type.String()),
    receivedAt: Timestamp(),
  },
  { description: 'A DataTransfer from a charge point and what Levity answered' },
);

export const IdTagSchema = Type.Object(
  {
    idTag: Type.String(),
    status: StringEnum(ID_TAG_STATUSES),
    expiryDate: Nullable(Timestamp()),
    parentIdTag: Nullable(Type.String()),
    note: Nullable(Type.String()),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  { description: 'An id tag of the id-tag store' },
);

export const MeterValuePointSchema = Type.Object({
  timestamp: Timestamp("When it was sampled, by the charge point's clock"),
  value: Nullable(Type.Number({ description: 'The value as a number, or null when it is not one' })),
  raw: Type.String({ description: 'The value as the charge point sent it' }),
  context: StringEnum(sampled<ReadingContext>('context')),
  format: StringEnum(sampled<ValueFormat>('format')),
  transactionId: Nullable(Type.Integer()),
  source: StringEnum<MeterValueSource>(['MeterValues', 'StopTransaction']),
});

export const MeterValueSeriesSchema = Type.Object(
  {
    connectorId: Nullable(ConnectorId),
    measurand: StringEnum(MEASURANDS),
    phase: Nullable(StringEnum(sampled<Phase>('phase'))),
    location: StringEnum(sampled<Location>('location')),
    unit: StringEnum(sampled<UnitOfMeasure>('unit')),
    points: Type.Array(MeterValuePointSchema, { description: 'Oldest first' }),
  },
  { description: 'The readings of one measurand, phase and location of one connector' },
);

export const MeterValuesSchema = Type.Object({
  series: Type.Array(MeterValueSeriesSchema),
  truncated: Type.Boolean({ description: 'Whether `limit` cut the readings short (the oldest are kept)' }),
});

// The commands state: the command log, configuration, local lists, reservations,
// charging profiles and jobs.

export const COMMAND_STATUSES: readonly CommandStatus[] = [
  'Pending',
  'Answered',
  'CallError',
  'TimedOut',
  'Failed',
  'Refused',
];
export const RESERVATION_STATUSES: readonly ReservationStatus[] = [
  'Requested',
  'Accepted',
  'Faulted',
  'Occupied',
  'Rejected',
  'Unavailable',
  'Failed',
  'Used',
  'Cancelled',
  'Expired',
];
export const JOB_KINDS: readonly JobKind[] = ['Firmware', 'Diagnostics', 'Log', 'SignedFirmware'];

/** Any JSON value (params, responses, profiles are stored as JSON). */
const Json = (description: string) => Type.Unsafe<JsonValue>({ description });

export const CommandSchema = Type.Object(
  {
    id: Type.Integer(),
    chargePointId: Type.String(),
    action: Type.String({ description: 'The OCPP action sent, e.g. `Reset`' }),
    params: Json('The request payload as sent'),
    requestedAt: Timestamp(),
    actor: Nullable(
      Type.String({
        description:
          'Who sent it: `token:<name>` for a named API token, `api-token` for the configured one, null from the library',
      }),
    ),
    nodeId: Nullable(Type.String({ description: 'The node (`--node-id`) that sent it to the charge point' })),
    status: StringEnum(COMMAND_STATUSES, {
      description:
        '`Pending` while in flight; `Answered` (a CALLRESULT), `CallError`, `TimedOut`, `Failed` or `Refused` (not sent)',
    }),
    response: Json('The CALLRESULT payload, for `Answered`; otherwise null'),
    errorCode: Nullable(
      Type.String({ description: 'The CALLERROR code, or a Levity error code for Refused/Failed/TimedOut' }),
    ),
    errorDescription: Nullable(Type.String()),
    completedAt: Nullable(Timestamp()),
  },
  { description: 'A call Levity sent to a charge point and its outcome' },
);

export const ConfigurationKeySchema = Type.Object(
  {
    chargePointId: Type.String(),
    key: Type.String({ description: 'As the charge point spells it' }),
    value: Nullable(Type.String()),
    readonly: Nullable(Type.Boolean({ description: 'null when not known' })),
    unknown: Type.Boolean({ description: 'The charge point listed it among `unknownKey`' }),
    rebootRequired: Type.Boolean({ description: 'A ChangeConfiguration was answered RebootRequired' }),
    updatedAt: Timestamp(),
  },
  { description: 'A configuration key of a charge point as Levity last learned it' },
);

const LocalListEntrySchema = Type.Object({
  idTag: Type.String(),
  idTagInfo: Type.Object({
    status: StringEnum<LocalListEntry['idTagInfo']['status']>([...ID_TAG_STATUSES, 'ConcurrentTx']),
    expiryDate: Nullable(Timestamp()),
    parentIdTag: Nullable(Type.String()),
  }),
});

export const LocalListSchema = Type.Object(
  {
    chargePointId: Type.String(),
    version: Type.Integer(),
    entries: Type.Array(LocalListEntrySchema, { description: 'Ordered by id tag (case-insensitively)' }),
    updatedAt: Timestamp(),
  },
  { description: 'The Local Authorization List Levity believes a charge point holds' },
);

export const ReservationSchema = Type.Object(
  {
    id: Type.Integer({ description: 'The reservationId sent in ReserveNow' }),
    chargePointId: Type.String(),
    connectorId: ConnectorId,
    idTag: Type.String(),
    parentIdTag: Nullable(Type.String()),
    expiryDate: Timestamp(),
    status: StringEnum(RESERVATION_STATUSES),
    transactionId: Nullable(Type.Integer({ description: 'The transaction that used it' })),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  { description: 'A reservation (ReserveNow) and where it stands' },
);

export const ChargingProfileSchema = Type.Object(
  {
    chargePointId: Type.String(),
    connectorId: Type.Integer({ minimum: 0, description: '0 for the whole charge point' }),
    chargingProfileId: Type.Integer(),
    stackLevel: Type.Integer(),
    purpose: StringEnum<ChargingProfileRecord['purpose']>([
      'ChargePointMaxProfile',
      'TxDefaultProfile',
      'TxProfile',
    ]),
    transactionId: Nullable(Type.Integer()),
    profile: Json('The whole `csChargingProfiles` object as sent'),
    installedAt: Timestamp(),
  },
  { description: 'A charging profile Levity believes is installed on a charge point' },
);

export const JobSchema = Type.Object(
  {
    id: Type.Integer(),
    chargePointId: Type.String(),
    kind: StringEnum(JOB_KINDS),
    commandId: Type.Integer({ description: 'The command that started it' }),
    requestId: Nullable(Type.Integer({ description: 'The requestId of GetLog / SignedUpdateFirmware' })),
    status: Type.String({
      description: "`Requested`, then the command's answer, then each status notification's status",
    }),
    location: Nullable(
      Type.String({
        description:
          'What was asked: the firmware URL (UpdateFirmware, SignedUpdateFirmware) or the upload location (GetDiagnostics, GetLog); null for jobs stored before Levity kept it',
      }),
    ),
    retrieveDate: Nullable(Timestamp('When to download the firmware')),
    installDate: Nullable(Timestamp('When to install it (SignedUpdateFirmware)')),
    startTime: Nullable(
      Timestamp('The oldest diagnostics or log entry asked for (startTime, oldestTimestamp)'),
    ),
    stopTime: Nullable(Timestamp('The newest one asked for (stopTime, latestTimestamp)')),
    retries: Nullable(Type.Integer({ description: 'How often the charge point should retry' })),
    retryInterval: Nullable(Type.Integer({ description: 'Seconds between those tries' })),
    fileName: Nullable(
      Type.String({ description: 'The file name a GetDiagnostics or GetLog answer announced' }),
    ),
    finished: Type.Boolean({ description: 'Whether it reached a final status' }),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  { description: 'A firmware, diagnostics or log job' },
);

const apiTokenProperties = {
  id: Type.Integer({ description: 'Never reused' }),
  name: Type.String({ description: 'Unique, case-insensitively, among every token ever created' }),
  role: StringEnum(API_TOKEN_ROLES, {
    description: '`read`: GETs and the event stream; `operate`: also every write; `admin`: also tokens',
  }),
  createdAt: Timestamp(),
  lastUsedAt: Nullable(Timestamp('When it last authenticated a request, to the minute')),
  revokedAt: Nullable(Timestamp('When it was revoked; null while valid')),
};

export const ApiTokenSchema = Type.Object(apiTokenProperties, {
  description: 'A named API token, without its secret',
});

export const CreatedApiTokenSchema = Type.Object(
  {
    ...apiTokenProperties,
    token: Type.String({
      description: 'The bearer token, shown this once: Levity keeps only a hash of it',
    }),
  },
  { description: 'A new API token, with the token itself' },
);

/** The security profiles, as a schema (OCPP 1.6 security whitepaper). */
export const SecurityProfileSchema = Type.Union(
  SECURITY_PROFILES.map((profile) => Type.Literal(profile)) as [TLiteral<SecurityProfile>],
  {
    description: '0 none, 1 HTTP Basic auth, 2 TLS with Basic auth, 3 TLS with a client certificate',
  },
);

export const ChargePointCredentialsSchema = Type.Object(
  {
    chargePointId: Type.String(),
    securityProfile: SecurityProfileSchema,
    passwordSet: Type.Boolean({ description: 'Whether a password is stored (it is never shown)' }),
    updatedAt: Nullable(Timestamp()),
  },
  { description: "A charge point's security profile and whether it has a password" },
);

export const SecurityProfileChangeSchema = Type.Object(
  {
    securityProfile: SecurityProfileSchema,
    status: StringEnum<SecurityProfileChange['status']>(
      ['Stored', 'Unchanged', 'Accepted', 'Rejected', 'RebootRequired', 'NotSupported'],
      {
        description:
          '`Stored` (not connected: for its next connection), `Unchanged`, or its answer to ChangeConfiguration SecurityProfile (stored only if `Accepted`)',
      },
    ),
  },
  { description: 'What setting the security profile did' },
);

export const ConnectionRefusalSchema = Type.Object(
  {
    id: Type.Integer(),
    chargePointId: Type.String(),
    reason: StringEnum<ConnectionRefusalReason>(CONNECTION_REFUSAL_REASONS),
    requiredProfile: SecurityProfileSchema,
    remoteAddress: Nullable(Type.String()),
    detail: Nullable(Type.String()),
    receivedAt: Timestamp(),
  },
  { description: 'A charge point upgrade Levity refused for a security reason' },
);
