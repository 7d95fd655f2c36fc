import type { Cluster } from './cluster/cluster.js';
import { InProcessCluster } from './cluster/in-process-cluster.js';
import { InvalidOptionError } from './errors.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';
import { integerOption as integer } from './option-integer.js';
import type { AuthorizationPolicyOption } from './policies/authorization.js';
import { AUTHORIZATION_POLICIES } from './policies/authorization.js';
import type { BootPolicyOption, PendingBootHook } from './policies/boot.js';
import { BOOT_POLICIES } from './policies/boot.js';
import type { CertificateSigner } from './policies/certificate-signer.js';
import type { RetentionOptions } from './retention/retention-settings.js';
import { resolveRetention } from './retention/retention-settings.js';
import type { TlsOptions } from './security/tls.js';
import { checkTlsOptions } from './security/tls.js';
import { MemoryStorage } from './storage/memory/memory-storage.js';
import type { SecurityProfile } from './storage/records.js';
import type { Storage } from './storage/storage.js';

/**
 * Charge point ids Levity accepts by default: 1 to 48 characters, none of them a
 * control character or a slash, and not `.` or `..`. Anything else is refused at the
 * upgrade, so no id can play path tricks in logs, files or URLs built from it.
 */
export const DEFAULT_CHARGE_POINT_ID_PATTERN = /^(?!\.\.?$)[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}/\\]{1,48}$/u;

/** Options of `createCentralSystem`. Every field is optional. */
export interface CentralSystemOptions {
  /** Where everything is stored. Default: a new `MemoryStorage` (lost on exit). */
  readonly storage?: Storage;
  /**
   * The cluster this central system is a node of, when several processes share one
   * database (e.g. `PostgresCluster` of `@levity/postgres`). Default: a cluster of one
   * node (`InProcessCluster`). One cluster object serves one central system.
   */
  readonly cluster?: Cluster;
  /** A pino-compatible logger. Default: none. */
  readonly logger?: Logger;
  /** Heartbeat interval answered in an accepted BootNotification. Default 300. */
  readonly heartbeatIntervalSeconds?: number;
  /**
   * Decides idTagInfo for Authorize, StartTransaction and StopTransaction:
   * `'accept-all'` (default), `'id-tags'` (only valid tags of `cs.idTags`), or a function.
   */
  readonly authorizationPolicy?: AuthorizationPolicyOption;
  /**
   * Decides the BootNotification status: `'accept-all'` (default: every charge point
   * not rejected by the operator), `'known-only'` (only charge points accepted with
   * `cs.chargePoints.accept` beforehand), `'pending'` (Pending until the operator or
   * `onPendingBoot` decides), or a function.
   */
  readonly bootPolicy?: BootPolicyOption;
  /** Runs after a charge point was answered Pending; may configure it and decide. */
  readonly onPendingBoot?: PendingBootHook;
  /** Interval answered with Pending or Rejected: the minimum wait before the next boot. Default 60. */
  readonly bootRetryIntervalSeconds?: number;
  /** Charge point ids allowed to connect; others are refused with HTTP 400. Default `DEFAULT_CHARGE_POINT_ID_PATTERN`. */
  readonly chargePointIdPattern?: RegExp;
  /** Signs CSRs from SignCertificate; without it SignCertificate is Rejected. */
  readonly certificateSigner?: CertificateSigner;
  /**
   * WebSocket ping interval; 0 turns pings off (some chargers never answer them).
   * A charge point that misses a pong within the interval is disconnected. Default 60.
   */
  readonly pingIntervalSeconds?: number;
  /** Default timeout of calls to charge points. Default 30. */
  readonly callTimeoutSeconds?: number;
  /** Largest WebSocket message accepted; a bigger one closes the connection (1009). Default 1 MiB. */
  readonly maxPayloadBytes?: number;
  /**
   * Charge point connections open at once (WebSocket handshakes in progress count);
   * further upgrades get HTTP 503. A charge point replacing its own connection is
   * always let in. 0: no limit. Default 10 000.
   */
  readonly maxConnections?: number;
  /**
   * Seconds a client has from the upgrade request to an open WebSocket (and, on the
   * server `listen()` starts, from the TCP connection to a complete request); slower
   * ones are dropped. Default 10.
   */
  readonly handshakeTimeoutSeconds?: number;
  /**
   * Seconds a new connection has to send a BootNotification (under bootPolicy
   * 'accept-all': any message) unless its charge point booted before; it is closed
   * (1008) otherwise. 0: no limit. Default 60.
   */
  readonly bootTimeoutSeconds?: number;
  /**
   * Bytes that may wait in a connection's send buffer; a charge point that stops
   * reading until this much is queued for it is dropped. Default 8 MiB.
   */
  readonly maxSendBufferBytes?: number;
  /**
   * Longest string Levity takes in the fields the OCPP 1.6 schemas leave unbounded
   * (DataTransfer `data`, a sampled `value`): cut to it in transaction messages, answered
   * PropertyConstraintViolation elsewhere. Default 8192 characters.
   */
  readonly maxFieldLength?: number;
  /**
   * Seconds a charge point that never booted (no BootNotification answered, no operator
   * decision) is kept after it was last seen and disconnected; then its row is removed.
   * 0: kept for ever. Default 3600.
   */
  readonly unbootedRetentionSeconds?: number;
  /** Log lines (info and up) each charge point may cause per minute; the rest are counted. Default 30. */
  readonly logLinesPerMinute?: number;
  /** Path prefix charge points connect under: `{basePath}/{chargePointId}`. Default `/ws`. */
  readonly basePath?: string;
  /** How often batched last-seen times are written to storage. Default 5000 ms. */
  readonly lastSeenFlushMs?: number;
  /** How often reservations past their expiry date are marked Expired. Default 30000 ms. */
  readonly reservationSweepMs?: number;
  /**
   * The lowest security profile any charge point may connect with (OCPP 1.6 security
   * whitepaper): 0 (default) none, 1 HTTP Basic auth, 2 TLS with Basic auth, 3 TLS with a
   * client certificate. Each charge point's stored profile may ask for more
   * (`cs.chargePoints.setSecurityProfile`).
   */
  readonly securityProfile?: SecurityProfile;
  /**
   * Serve `wss://` (and, through `cs.createServer`, `https://`) with these PEM credentials;
   * with `ca`, charge points may authenticate with a client certificate (profile 3).
   * Replace them later with `cs.reloadTls`.
   */
  readonly tls?: TlsOptions;
  /**
   * Failed authentications from one address, or for one charge point id, within a minute
   * before further upgrades from it (or for it) are answered 429 for `authBackoffSeconds`.
   * 0 turns this off. Default 5.
   */
  readonly authFailureLimit?: number;
  /** The first back-off after too many failed authentications; it doubles while failures go on, up to 16 times. Default 30. */
  readonly authBackoffSeconds?: number;
  /**
   * Deletes old history in the background (see `Pruner`): `{}` for the defaults
   * (`DEFAULT_RETENTION`), or the settings to change. Default: nothing is ever deleted,
   * since the storage is yours. Transactions and their energy readings are always kept.
   */
  readonly retention?: RetentionOptions;
  /** Time source, for tests. */
  readonly clock?: () => Date;
}

export interface ResolvedOptions {
  storage: Storage;
  cluster: Cluster;
  logger: Logger;
  heartbeatIntervalSeconds: number;
  authorizationPolicy: AuthorizationPolicyOption;
  bootPolicy: BootPolicyOption;
  onPendingBoot: PendingBootHook | undefined;
  bootRetryIntervalSeconds: number;
  chargePointIdPattern: RegExp;
  certificateSigner: CertificateSigner | undefined;
  pingIntervalSeconds: number;
  callTimeoutSeconds: number;
  maxPayloadBytes: number;
  maxConnections: number;
  handshakeTimeoutSeconds: number;
  bootTimeoutSeconds: number;
  maxSendBufferBytes: number;
  maxFieldLength: number;
  unbootedRetentionSeconds: number;
  logLinesPerMinute: number;
  basePath: string;
  lastSeenFlushMs: number;
  reservationSweepMs: number;
  securityProfile: SecurityProfile;
  tls: TlsOptions | undefined;
  authFailureLimit: number;
  authBackoffSeconds: number;
  retention: RetentionOptions | undefined;
  clock: () => Date;
}

function policy<T extends string>(
  name: string,
  value: T | ((...args: never[]) => unknown) | undefined,
  names: readonly T[],
) {
  if (value === undefined || typeof value === 'function' || names.includes(value)) return;
  throw new InvalidOptionError(
    name,
    `expected ${names.map((n) => `'${n}'`).join(', ')} or a function, got ${JSON.stringify(value)}`,
  );
}

function optionalFunction(name: string, value: unknown, shape: string) {
  if (value !== undefined && typeof value !== 'function')
    throw new InvalidOptionError(name, `expected a function ${shape}`);
}

/** Applies defaults and rejects bad values at construction, with a message that names the option. */
export function resolveOptions(options: CentralSystemOptions = {}): ResolvedOptions {
  policy('authorizationPolicy', options.authorizationPolicy, AUTHORIZATION_POLICIES);
  policy('bootPolicy', options.bootPolicy, BOOT_POLICIES);
  optionalFunction(
    'onPendingBoot',
    options.onPendingBoot,
    '({ chargePointId, params, chargePoint }) => decision',
  );
  optionalFunction(
    'certificateSigner',
    options.certificateSigner,
    '({ chargePointId, csr }) => Promise<PEM chain>',
  );
  if (options.chargePointIdPattern !== undefined && !(options.chargePointIdPattern instanceof RegExp)) {
    throw new InvalidOptionError('chargePointIdPattern', 'expected a RegExp');
  }
  if (options.tls !== undefined) checkTlsOptions(options.tls);
  if (options.retention !== undefined) resolveRetention(options.retention);
  const basePath = options.basePath ?? '/ws';
  if (!/^(\/[^/?#]+)+$/.test(basePath)) {
    throw new InvalidOptionError(
      'basePath',
      `expected a path such as "/ws" (no trailing slash), got ${JSON.stringify(basePath)}`,
    );
  }
  return {
    storage: options.storage ?? new MemoryStorage(),
    cluster: options.cluster ?? new InProcessCluster(),
    logger: options.logger ?? silentLogger,
    heartbeatIntervalSeconds: integer(
      'heartbeatIntervalSeconds',
      options.heartbeatIntervalSeconds,
      300,
      1,
      86_400,
    ),
    authorizationPolicy: options.authorizationPolicy ?? 'accept-all',
    bootPolicy: options.bootPolicy ?? 'accept-all',
    onPendingBoot: options.onPendingBoot,
    bootRetryIntervalSeconds: integer(
      'bootRetryIntervalSeconds',
      options.bootRetryIntervalSeconds,
      60,
      0,
      86_400,
    ),
    chargePointIdPattern: options.chargePointIdPattern ?? DEFAULT_CHARGE_POINT_ID_PATTERN,
    certificateSigner: options.certificateSigner,
    pingIntervalSeconds: integer('pingIntervalSeconds', options.pingIntervalSeconds, 60, 0, 86_400),
    callTimeoutSeconds: integer('callTimeoutSeconds', options.callTimeoutSeconds, 30, 1, 3_600),
    maxPayloadBytes: integer(
      'maxPayloadBytes',
      options.maxPayloadBytes,
      1024 * 1024,
      1024,
      256 * 1024 * 1024,
    ),
    maxConnections: integer('maxConnections', options.maxConnections, 25_000, 0, 10_000_000),
    handshakeTimeoutSeconds: integer(
      'handshakeTimeoutSeconds',
      options.handshakeTimeoutSeconds,
      10,
      1,
      3_600,
    ),
    bootTimeoutSeconds: integer('bootTimeoutSeconds', options.bootTimeoutSeconds, 60, 0, 86_400),
    maxSendBufferBytes: integer(
      'maxSendBufferBytes',
      options.maxSendBufferBytes,
      8 * 1024 * 1024,
      64 * 1024,
      1024 * 1024 * 1024,
    ),
    maxFieldLength: integer('maxFieldLength', options.maxFieldLength, 8192, 1, 256 * 1024 * 1024),
    unbootedRetentionSeconds: integer(
      'unbootedRetentionSeconds',
      options.unbootedRetentionSeconds,
      3600,
      0,
      365 * 86_400,
    ),
    logLinesPerMinute: integer('logLinesPerMinute', options.logLinesPerMinute, 30, 0, 1_000_000),
    basePath,
    lastSeenFlushMs: integer('lastSeenFlushMs', options.lastSeenFlushMs, 5000, 10, 3_600_000),
    reservationSweepMs: integer('reservationSweepMs', options.reservationSweepMs, 30_000, 10, 3_600_000),
    securityProfile: integer('securityProfile', options.securityProfile, 0, 0, 3) as SecurityProfile,
    tls: options.tls,
    authFailureLimit: integer('authFailureLimit', options.authFailureLimit, 5, 0, 1_000_000),
    authBackoffSeconds: integer('authBackoffSeconds', options.authBackoffSeconds, 30, 1, 86_400),
    retention: options.retention,
    clock: options.clock ?? (() => new Date()),
  };
}
