export type { ApiTokenCheck, ApiTokenFailure, ApiTokensApi, CreatedApiToken } from './api/api-tokens.js';
export { roleAllows } from './api/api-tokens.js';
export type {
  ChargePointCredentials,
  ChargePointSecurityApi,
  SecurityProfileChange,
  SecurityProfileOptions,
} from './api/charge-point-security.js';
export type { ChargePointsApi } from './api/charge-points.js';
export type { IdTagChanges, IdTagInput, IdTagsApi } from './api/id-tags.js';
export type { CommandsApi, JobsApi, ReservationsApi } from './api/operations.js';
export type { TransactionsApi, TransactionView } from './api/transactions.js';
export type { CentralSystem, ListenOptions } from './central-system.js';
export { createCentralSystem, DEFAULT_LISTEN_BACKLOG, OCPP16_SUBPROTOCOL } from './central-system.js';
export type { ClusterEventListener } from './cluster/cluster-events.js';
export type {
  Cluster,
  ClusterEvent,
  ClusterMember,
  ForwardedCall,
  PresenceChange,
  WireError,
} from './cluster/index.js';
export { defaultNodeId, fromWireError, InProcessCluster, toWireError } from './cluster/index.js';
export { isFinalJobStatus } from './commands/effects/jobs.js';
export { limitRequestWait } from './connection/limits.js';
export type { WireStats } from './connection/wire-stats.js';
export type { LevityErrorCode } from './errors.js';
export {
  CallErrorResponse,
  CallTimeoutError,
  InvalidOptionError,
  InvalidParamsError,
  LevityError,
  NotConnectedError,
} from './errors.js';
export type { CentralSystemEventName, CentralSystemEvents, CentralSystemListener } from './events.js';
export type { DataTransferContext, DataTransferHandler } from './handlers/data-transfer-registry.js';
export type { Handler, HandlerContext } from './handlers/handler.js';
export type {
  CommandMessage,
  ConnectionClosedMessage,
  ConnectionOpenedMessage,
  ConnectionRefusedMessage,
  InboundCallMessage,
  LevityChannel,
  LevityChannelMessages,
  StorageCommitMessage,
  UpgradeRefusalReason,
} from './instrumentation/channels.js';
export {
  LEVITY_CHANNELS,
  subscribeLevityChannel,
  UPGRADE_REFUSAL_REASONS,
} from './instrumentation/channels.js';
export type { StorageCommitOrigin } from './instrumentation/storage-commits.js';
export {
  observeStorageCommit,
  publishStorageCommit,
  storageCommitsObserved,
} from './instrumentation/storage-commits.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
export type { Action, CentralSystemAction, ChargePointAction, Request, Response } from './ocpp16/actions.js';
export {
  CENTRAL_SYSTEM_ACTIONS,
  CHARGE_POINT_ACTIONS,
  isCentralSystemAction,
  isChargePointAction,
} from './ocpp16/actions.js';
export type { OcppErrorCode } from './ocpp16/error-codes.js';
export { OCPP16_ERROR_CODES, OcppError } from './ocpp16/error-codes.js';
export type * from './ocpp16/messages.generated.js';
export type * from './ocpp16/payloads.js';
export type { CentralSystemOptions } from './options.js';
export { DEFAULT_CHARGE_POINT_ID_PATTERN } from './options.js';
export type { CallOptions, ChargePointHandle } from './outbound/charge-point-handle.js';
export type { LocalListUpdate, ReservationRequest } from './outbound/helpers.js';
export { localListRequest } from './outbound/helpers.js';
export type {
  AuthorizationPolicy,
  AuthorizationPolicyOption,
  AuthorizationReason,
  AuthorizationRequest,
} from './policies/authorization.js';
export { AUTHORIZATION_POLICIES, acceptAllIdTags, idTagStorePolicy } from './policies/authorization.js';
export type {
  BootDecision,
  BootPolicy,
  BootPolicyOption,
  BootRequest,
  PendingBootContext,
  PendingBootHook,
} from './policies/boot.js';
export {
  acceptAllChargePoints,
  BOOT_POLICIES,
  knownChargePointsOnly,
  pendingUntilDecided,
} from './policies/boot.js';
export type { CaCertificateSignerOptions } from './policies/ca-certificate-signer.js';
export { createCaCertificateSigner } from './policies/ca-certificate-signer.js';
export type { CertificateSigner } from './policies/certificate-signer.js';
export type { PruneReportLine, PrunerOptions } from './retention/pruner.js';
export { Pruner } from './retention/pruner.js';
export type { ResolvedRetention, RetentionOptions } from './retention/retention-settings.js';
export { DEFAULT_RETENTION, resolveRetention } from './retention/retention-settings.js';
export { hashPassword, PASSWORD_HASH_PARAMETERS, verifyPassword } from './security/password-hash.js';
export {
  authorizationKeyOf,
  generatePassword,
  PASSWORD_MAX_BYTES,
  PASSWORD_MIN_BYTES,
  passwordOfAuthorizationKey,
  passwordProblem,
} from './security/password-rules.js';
export type { TlsOptions } from './security/tls.js';
export { OCPP_TLS_CIPHERS } from './security/tls.js';
export { CONNECTION_REFUSAL_REASONS, SECURITY_PROFILES } from './security/vocabulary.js';
export * from './storage/index.js';
export { toUtcIso } from './time.js';
export type { TransactionEnergy } from './transactions/energy.js';
export {
  energyFromRegisters,
  registerRangesOf,
  registerWh,
  transactionEnergy,
} from './transactions/energy.js';
