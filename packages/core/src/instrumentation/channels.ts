// What Levity tells an observer (a metrics exporter, a tracer) as it works, through
// Node's diagnostics_channel: publishing costs one property check while nobody
// subscribes, and core needs no metrics library. Every message is published after the
// fact, with how long it took where that is meaningful.
import { channel, subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { CentralSystem } from '../central-system.js';
import type { CentralSystemAction } from '../ocpp16/actions.js';
import type { OcppErrorCode } from '../ocpp16/error-codes.js';
import type { CommandStatus, SecurityProfile } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';

/** A charge point's WebSocket connection opened (after every check at the upgrade). */
export interface ConnectionOpenedMessage {
  readonly centralSystem: CentralSystem;
  readonly chargePointId: string;
  /** The security profile the connection met. */
  readonly securityProfile: SecurityProfile;
  /** Whether it replaced a connection of the same charge point that still looked open. */
  readonly replacing: boolean;
}

/** A charge point's connection closed. */
export interface ConnectionClosedMessage {
  readonly centralSystem: CentralSystem;
  readonly chargePointId: string;
  /** The WebSocket close code (1006 when the socket dropped without a close frame). */
  readonly code: number;
  /** Whether Levity closed it because a newer connection of the same charge point replaced it. */
  readonly replaced: boolean;
  /** How long it was open, in milliseconds. */
  readonly durationMs: number;
}

/**
 * Why an upgrade was refused: `path` (not `{basePath}/{id}`, or an id the pattern
 * refuses), `connection_limit` (`maxConnections`), `shutting_down`, `auth` (the
 * credentials of its security profile failed: 401), `auth_backoff` (429 after failed
 * authentications), `auth_busy` (503: too many password checks waiting), `auth_error`
 * (503: the credentials could not be checked, e.g. the storage failed), `subprotocol`
 * (the client offered no `ocpp1.6`; the handshake completes and is closed with 1002).
 */
export type UpgradeRefusalReason =
  | 'path'
  | 'connection_limit'
  | 'shutting_down'
  | 'auth'
  | 'auth_backoff'
  | 'auth_busy'
  | 'auth_error'
  | 'subprotocol';

/** Every {@link UpgradeRefusalReason}, for a metrics exporter that reports each (at 0 too). */
export const UPGRADE_REFUSAL_REASONS: readonly UpgradeRefusalReason[] = [
  'path',
  'connection_limit',
  'shutting_down',
  'auth',
  'auth_backoff',
  'auth_busy',
  'auth_error',
  'subprotocol',
];

/** An upgrade request on the charge point endpoint was refused. */
export interface ConnectionRefusedMessage {
  readonly centralSystem: CentralSystem;
  readonly reason: UpgradeRefusalReason;
  /** The HTTP status answered (101 for `subprotocol`, whose handshake completes first). */
  readonly status: number;
  /** The id from the path, `null` when the path held none Levity accepts. */
  readonly chargePointId: string | null;
}

/** A CALL from a charge point was answered. */
export interface InboundCallMessage {
  readonly centralSystem: CentralSystem;
  readonly chargePointId: string;
  /**
   * The action as the charge point sent it (cut to 64 characters): one a charge point
   * sends, one only a central system sends (refused NotSupported), or anything (NotImplemented).
   */
  readonly action: string;
  /** `null` when answered with a CALLRESULT, otherwise the CALLERROR's OCPP 1.6 code. */
  readonly errorCode: OcppErrorCode | null;
  /**
   * Milliseconds from the start of its handling (after earlier CALLs of the same charge
   * point) to its answer; `null` when it was refused before any handler ran: an action a
   * charge point does not send, or a payload that breaks the schema.
   */
  readonly durationMs: number | null;
}

/** A call to a charge point (`cs.chargePoint(id).call`) finished. */
export interface CommandMessage {
  readonly centralSystem: CentralSystem;
  readonly chargePointId: string;
  readonly action: CentralSystemAction;
  /** As the command log records it. */
  readonly status: Exclude<CommandStatus, 'Pending'>;
  /**
   * Milliseconds from sending the CALL to its outcome: the charge point's round trip for
   * `Answered` and `CallError`, the timeout for `TimedOut`, next to nothing for `Refused`.
   */
  readonly durationMs: number;
}

/**
 * A storage committed writes (or failed to). A storage publishes one per database
 * transaction; one that commits several units of work at once (group commit) says how
 * many in `units`.
 */
export interface StorageCommitMessage {
  /** What kind of storage, e.g. `sqlite` or `postgres`. */
  readonly storage: string;
  /**
   * The storage that committed, when it says (compare with `cs.storage` to keep one
   * central system's commits apart from another's in the same process).
   */
  readonly source?: Storage;
  /** Milliseconds from the start of the transaction (or statement) to its commit or failure. */
  readonly durationMs: number;
  /** Units of work the commit held (1 without group commit). */
  readonly units: number;
  /** Whether it committed. */
  readonly ok: boolean;
}

/** The diagnostics_channel names Levity publishes on, by what they carry. */
export const LEVITY_CHANNELS = {
  connectionOpened: 'levity:connection:opened',
  connectionClosed: 'levity:connection:closed',
  connectionRefused: 'levity:connection:refused',
  inboundCall: 'levity:inbound:call',
  command: 'levity:command',
  storageCommit: 'levity:storage:commit',
} as const;

/** The message of each channel of {@link LEVITY_CHANNELS}. */
export interface LevityChannelMessages {
  connectionOpened: ConnectionOpenedMessage;
  connectionClosed: ConnectionClosedMessage;
  connectionRefused: ConnectionRefusedMessage;
  inboundCall: InboundCallMessage;
  command: CommandMessage;
  storageCommit: StorageCommitMessage;
}

export type LevityChannel = keyof LevityChannelMessages;

/**
 * Listens to one of Levity's diagnostics channels (of every central system and storage
 * in this process: messages of a central system carry it as `centralSystem`). Returns
 * the function that stops listening. Listeners run synchronously where Levity publishes:
 * keep them short, and never throw.
 *
 * @example
 * const stop = subscribeLevityChannel('inboundCall', ({ action, errorCode, durationMs }) => {
 *   if (errorCode) console.log(action, 'answered', errorCode);
 * });
 */
export function subscribeLevityChannel<C extends LevityChannel>(
  name: C,
  listener: (message: LevityChannelMessages[C]) => void,
): () => void {
  const channelName = LEVITY_CHANNELS[name];
  const onMessage = (message: unknown) => listener(message as LevityChannelMessages[C]);
  subscribe(channelName, onMessage);
  return () => {
    unsubscribe(channelName, onMessage);
  };
}

/** The channels, held here so that they live as long as the process (Node keeps them weakly). */
export const channels = {
  connectionOpened: channel(LEVITY_CHANNELS.connectionOpened),
  connectionClosed: channel(LEVITY_CHANNELS.connectionClosed),
  connectionRefused: channel(LEVITY_CHANNELS.connectionRefused),
  inboundCall: channel(LEVITY_CHANNELS.inboundCall),
  command: channel(LEVITY_CHANNELS.command),
  storageCommit: channel(LEVITY_CHANNELS.storageCommit),
} as const;
