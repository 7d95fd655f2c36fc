import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { TypedEmitter } from '../event-emitter.js';
import type { Logger } from '../logger.js';
import { AuthFailureLimiter, type AuthFailureLimits } from '../security/auth-failure-limiter.js';
import { basicAuthPassword } from '../security/basic-auth.js';
import { hashPassword, needsRehash, verifyPassword } from '../security/password-hash.js';
import type { ConnectionRefusalReason, SecurityProfile } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import { nowIso } from '../time.js';

/** What the upgrade check decided. */
export type UpgradeVerdict =
  | { ok: true; securityProfile: SecurityProfile }
  | {
      ok: false;
      status: 401 | 429 | 503;
      message: string;
      headers: Record<string, string>;
    };

export interface UpgradeAuthenticatorDependencies {
  readonly storage: Storage;
  readonly logger: Logger;
  readonly events: TypedEmitter;
  readonly clock: () => Date;
  /** The server's minimum profile. */
  readonly securityProfile: SecurityProfile;
  readonly limits: AuthFailureLimits;
  /** Stores refusals and rehashes; the connection server awaits them at close. */
  readonly track: (write: Promise<unknown>, what: string) => void;
  /** Password checks at once, and waiting; defaults 2 and 256 (see MAX_VERIFYING). */
  readonly verification?: { concurrency: number; queue: number };
}

const REALM = 'Basic realm="levity", charset="UTF-8"';
/** Successful verifications remembered, so a reconnect storm does not run scrypt for each charge point. */
const MAX_REMEMBERED = 100_000;
/**
 * scrypt runs on libuv's thread pool (4 threads by default), which file writes (the log)
 * share: at most this many verifications run at once, and at most `MAX_WAITING` wait;
 * past that an upgrade is answered 503 with Retry-After rather than queued for longer
 * than a charge point waits for its handshake.
 */
const MAX_VERIFYING = 2;
const MAX_WAITING = 256;

/** Thrown when too many password checks wait already. */
class Busy extends Error {}

interface Refusal {
  reason: ConnectionRefusalReason;
  detail: string;
}

/** The profile an upgrade met, or why it is refused. */
type Decision = { securityProfile: SecurityProfile } | Refusal;

type CertificateCheck = { kind: 'none' } | { kind: 'valid' } | { kind: 'invalid'; detail: string };

/** The subject CN(s) of a peer certificate: Node gives an array when the RDN repeats. */
function commonNames(certificate: PeerCertificate): string[] {
  const cn = (certificate.subject as unknown as Record<string, string | string[] | undefined> | undefined)
    ?.CN;
  return cn === undefined ? [] : Array.isArray(cn) ? cn : [cn];
}

/**
 * Decides, at the WebSocket upgrade, whether a client may be the charge point it claims
 * to be (OCPP 1.6 security whitepaper, edition 3, §2.3 to §2.5). The profile it must meet
 * is the higher of the server's minimum and the charge point's stored one; it may meet a
 * higher one. Every refusal answers the same `401` whatever the reason (nothing tells an
 * unknown id from a wrong password), and is logged and stored with its real reason.
 */
export class UpgradeAuthenticator {
  readonly #deps: UpgradeAuthenticatorDependencies;
  readonly #limiter: AuthFailureLimiter;
  /** Keyed MAC of the last password that verified, per charge point (a per-process key). */
  readonly #verified = new Map<string, { passwordHash: string; mac: Buffer }>();
  readonly #macKey = randomBytes(32);
  /** Verified against when no password is stored, so an unknown id answers as slowly as a wrong password. */
  readonly #decoy: Promise<string>;
  #verifying = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(deps: UpgradeAuthenticatorDependencies) {
    this.#deps = deps;
    this.#limiter = new AuthFailureLimiter(deps.limits, () => deps.clock().getTime());
    this.#decoy = hashPassword(randomBytes(20));
    this.#decoy.catch(() => {});
  }

  async check(request: IncomingMessage, chargePointId: string): Promise<UpgradeVerdict> {
    const { storage, logger } = this.#deps;
    const address = request.socket.remoteAddress ?? null;
    const wait = this.#limiter.retryAfterMs(chargePointId, address);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      logger.info(
        { chargePointId, remoteAddress: address, retryAfter: seconds },
        'upgrade slowed down after failed authentications',
      );
      return {
        ok: false,
        status: 429,
        message: 'Too many failed authentications; try again later',
        headers: { 'Retry-After': String(seconds) },
      };
    }
    const stored = await storage.chargePointSecurity.get(chargePointId);
    const required = Math.max(this.#deps.securityProfile, stored?.securityProfile ?? 0) as SecurityProfile;
    let outcome: Decision;
    try {
      outcome = await this.#decide(request, chargePointId, required, stored?.passwordHash ?? null);
    } catch (error) {
      if (!(error instanceof Busy)) throw error;
      logger.warn(
        { chargePointId, remoteAddress: address },
        'too many password checks waiting; upgrade deferred',
      );
      return {
        ok: false,
        status: 503,
        message: 'Too many connections are authenticating; try again shortly',
        headers: { 'Retry-After': '5' },
      };
    }
    if ('securityProfile' in outcome) {
      // Only a real authentication clears failures: an id that needs none proves nothing.
      if (outcome.securityProfile > 0) this.#limiter.succeeded(chargePointId, address);
      return { ok: true, securityProfile: outcome.securityProfile };
    }
    this.#limiter.failed(chargePointId, address);
    this.#refused(chargePointId, address, required, outcome);
    return { ok: false, status: 401, message: 'Unauthorized', headers: { 'WWW-Authenticate': REALM } };
  }

  async #decide(
    request: IncomingMessage,
    chargePointId: string,
    required: SecurityProfile,
    passwordHash: string | null,
  ): Promise<Decision> {
    // Profile 0 is plain OCPP-J 1.6: whatever credentials come are not looked at.
    if (required === 0) return { securityProfile: 0 };
    const socket = request.socket as Partial<TLSSocket>;
    const tls = socket.encrypted === true;
    if (required >= 2 && !tls) {
      return {
        reason: 'TlsRequired',
        detail: `security profile ${required} needs wss://; it connected over ws://`,
      };
    }
    const certificate = tls
      ? this.#clientCertificate(socket as TLSSocket, chargePointId)
      : { kind: 'none' as const };
    if (required === 3) {
      if (certificate.kind === 'valid') return { securityProfile: 3 };
      return certificate.kind === 'none'
        ? { reason: 'ClientCertificateRequired', detail: 'security profile 3 needs a client certificate' }
        : { reason: 'InvalidClientCertificate', detail: certificate.detail };
    }
    // A valid certificate proves more than a password (profile 3 meets 1 and 2).
    if (certificate.kind === 'valid') return { securityProfile: 3 };
    const password = basicAuthPassword(request.headers.authorization, chargePointId);
    if (passwordHash === null) {
      if (password) {
        const decoy = await this.#decoy;
        await this.#slot(() => verifyPassword(password, decoy));
      }
      return { reason: 'UnknownChargePoint', detail: 'no password is set for this charge point' };
    }
    if (password === undefined) {
      return { reason: 'MissingCredentials', detail: 'no HTTP Basic credentials for this charge point id' };
    }
    if (!(await this.#verify(chargePointId, password, passwordHash))) {
      return { reason: 'InvalidCredentials', detail: 'the password does not match' };
    }
    return { securityProfile: tls ? 2 : 1 };
  }

  #clientCertificate(socket: TLSSocket, chargePointId: string): CertificateCheck {
    const certificate = socket.getPeerCertificate?.();
    if (!certificate || Object.keys(certificate).length === 0) return { kind: 'none' };
    // Node checked the chain against the CA and the validity period during the handshake.
    if (!socket.authorized) {
      return { kind: 'invalid', detail: `certificate refused: ${String(socket.authorizationError)}` };
    }
    const names = commonNames(certificate);
    if (names.length !== 1 || names[0] !== chargePointId) {
      return {
        kind: 'invalid',
        detail: `certificate subject CN ${JSON.stringify(names.join(', '))} is not the charge point id`,
      };
    }
    return { kind: 'valid' };
  }

  async #verify(chargePointId: string, password: Buffer, passwordHash: string): Promise<boolean> {
    const mac = createHmac('sha256', this.#macKey).update(password).digest();
    const remembered = this.#verified.get(chargePointId);
    if (remembered?.passwordHash === passwordHash && timingSafeEqual(remembered.mac, mac)) return true;
    if (!(await this.#slot(() => verifyPassword(password, passwordHash)))) return false;
    this.#verified.delete(chargePointId);
    this.#verified.set(chargePointId, { passwordHash, mac });
    if (this.#verified.size > MAX_REMEMBERED)
      this.#verified.delete(this.#verified.keys().next().value as string);
    if (needsRehash(passwordHash)) this.#rehash(chargePointId, password);
    return true;
  }

  /** Runs `work` when fewer than MAX_VERIFYING others run; throws Busy when too many wait already. */
  async #slot<T>(work: () => Promise<T>): Promise<T> {
    const { concurrency, queue } = this.#deps.verification ?? {
      concurrency: MAX_VERIFYING,
      queue: MAX_WAITING,
    };
    if (this.#verifying >= concurrency) {
      if (this.#waiting.length >= queue) throw new Busy();
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#verifying++;
    }
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next waiter; otherwise it is freed.
      if (next) next();
      else this.#verifying--;
    }
  }

  /** A hash made with weaker parameters than today's is replaced at the next successful login. */
  #rehash(chargePointId: string, password: Buffer): void {
    const { storage, clock } = this.#deps;
    const copy = Buffer.from(password);
    this.#deps.track(
      hashPassword(copy).then((passwordHash) =>
        storage.chargePointSecurity.update(chargePointId, { passwordHash }, nowIso(clock)),
      ),
      'a stronger password hash',
    );
  }

  #refused(chargePointId: string, address: string | null, required: SecurityProfile, refusal: Refusal): void {
    const { storage, logger, events, clock } = this.#deps;
    logger.warn(
      {
        chargePointId,
        remoteAddress: address,
        reason: refusal.reason,
        requiredProfile: required,
        detail: refusal.detail,
      },
      'charge point upgrade refused',
    );
    const event = {
      chargePointId,
      reason: refusal.reason,
      requiredProfile: required,
      remoteAddress: address,
      detail: refusal.detail,
      receivedAt: nowIso(clock),
    };
    this.#deps.track(storage.connectionRefusals.add(event), 'a refused connection');
    events.emit('connectionRefused', event);
  }
}
