import type { Logger } from '../logger.js';
import type { ChargePointAction, Request, Response } from '../ocpp16/actions.js';
import type { AuthorizationPolicy } from '../policies/authorization.js';
import type { BootPolicy } from '../policies/boot.js';
import type { IsoTimestamp } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import type { DataTransferRegistry } from './data-transfer-registry.js';

/** Everything a handler gets for one message from a charge point. */
export interface HandlerContext<A extends ChargePointAction = ChargePointAction> {
  /** The charge point's identity: the decoded last segment of its connection URL. */
  readonly chargePointId: string;
  readonly action: A;
  /** The validated request payload. */
  readonly params: Request<A>;
  /** The OCPP-J message id (unique per connection only: never a dedupe key). */
  readonly messageId: string;
  /** When Levity received the message. */
  readonly receivedAt: IsoTimestamp;
  readonly storage: Storage;
  readonly logger: Logger;
  /** Aborted when the connection the message came on closes. */
  readonly signal: AbortSignal;
  /**
   * Runs the handler this one replaced (the built-in default, or the handler
   * registered before it) and returns its response; pass params to change what it sees.
   */
  next(params?: Request<A>): Promise<Response<A>>;
}

/**
 * Answers one action. Throw an `OcppError` to answer with a CALLERROR; anything else
 * thrown is logged and answered with a generic InternalError.
 */
export type Handler<A extends ChargePointAction> = (
  context: HandlerContext<A>,
) => Response<A> | Promise<Response<A>>;

/** What built-in handlers need besides the message. */
export interface HandlerDependencies {
  heartbeatIntervalSeconds: number;
  /** Interval answered with Pending/Rejected unless the boot policy gives one. */
  bootRetryIntervalSeconds: number;
  authorize: AuthorizationPolicy;
  bootPolicy: BootPolicy;
  dataTransfers: DataTransferRegistry;
  /** Whether a certificate signer is configured, so SignCertificate can be Accepted. */
  canSignCertificates: boolean;
  /** Work the central system does after the response is sent (it may call the charge point back). */
  followUps: FollowUps;
  clock: () => Date;
}

export interface FollowUps {
  /** A charge point was answered Pending: ask the operator's hook. */
  pendingBoot(chargePointId: string, params: Request<'BootNotification'>): void;
  /** A CSR was accepted: sign it and send CertificateSigned. */
  certificateRequested(chargePointId: string, requestId: number): void;
}

/** A built-in handler: a handler with access to the central system's settings. */
export type DefaultHandler<A extends ChargePointAction> = (
  context: HandlerContext<A>,
  deps: HandlerDependencies,
) => Promise<Response<A>>;
