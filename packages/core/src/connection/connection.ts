import type { Logger } from '../logger.js';
import type { RegistrationStatus } from '../storage/records.js';
import type { Connection } from './registry.js';

/**
 * A logger bound to one charge point that adds its id to each line rather than holding
 * a pino child: most connections log a line or two, and a child costs each of them
 * about 300 bytes that this object (two fields) does not. `child()` makes a real one.
 */
export class ChargePointLogger implements Logger {
  readonly #parent: Logger;
  readonly #chargePointId: string;

  constructor(parent: Logger, chargePointId: string) {
    this.#parent = parent;
    this.#chargePointId = chargePointId;
  }

  debug(obj: object, msg?: string): void {
    this.#parent.debug({ chargePointId: this.#chargePointId, ...obj }, msg);
  }

  info(obj: object, msg?: string): void {
    this.#parent.info({ chargePointId: this.#chargePointId, ...obj }, msg);
  }

  warn(obj: object, msg?: string): void {
    this.#parent.warn({ chargePointId: this.#chargePointId, ...obj }, msg);
  }

  error(obj: object, msg?: string): void {
    this.#parent.error({ chargePointId: this.#chargePointId, ...obj }, msg);
  }

  child(bindings: Record<string, unknown>): Logger {
    return this.#parent.child({ chargePointId: this.#chargePointId, ...bindings });
  }
}

export interface ConnectionInit<Client> {
  readonly chargePointId: string;
  readonly client: Client;
  readonly remoteAddress: string | null;
  readonly protocol: string;
  readonly connectedAt: string;
  /** The central system's logger; the connection logs through a child bound to its id. */
  readonly logger: Logger;
  /** The connection's logger, when it is to be something else than that child (rate-limited, say). */
  readonly log?: Logger;
  /** Reads the registration status storage holds for the charge point. */
  readonly loadRegistration: (chargePointId: string) => Promise<RegistrationStatus | null>;
}

const ready = Promise.resolve();

/**
 * One open connection of a charge point, built to be small: a fleet keeps tens of
 * thousands of them. What not every connection needs is made on first use: its abort
 * signal (an AbortController costs about 800 bytes), the set of calls to it, the pino
 * child of its logger, and its registration status, read from storage only when a
 * message other than BootNotification needs it (a charge point that boots first, as
 * after every restart, never does).
 */
export class ChargePointConnection<Client> implements Connection<Client> {
  readonly chargePointId: string;
  readonly client: Client;
  readonly remoteAddress: string | null;
  readonly protocol: string;
  readonly connectedAt: string;
  readonly log: Logger;
  registration: RegistrationStatus | null = null;
  /** Whether any frame arrived on this connection yet. */
  heard = false;
  readonly #loadRegistration: (chargePointId: string) => Promise<RegistrationStatus | null>;
  /** Unread, being read, or known (read, or set by a BootNotification answer). */
  #registrationState: 'unread' | Promise<void> | 'known' = 'unread';
  #controller: AbortController | undefined;
  #calls: Set<AbortController> | undefined;
  #closed = false;

  constructor(init: ConnectionInit<Client>) {
    this.chargePointId = init.chargePointId;
    this.client = init.client;
    this.remoteAddress = init.remoteAddress;
    this.protocol = init.protocol;
    this.connectedAt = init.connectedAt;
    this.log = init.log ?? new ChargePointLogger(init.logger, init.chargePointId);
    this.#loadRegistration = init.loadRegistration;
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#closed) this.#controller.abort();
    }
    return this.#controller.signal;
  }

  get calls(): Set<AbortController> {
    this.#calls ??= new Set();
    return this.#calls;
  }

  registrationLoaded(): Promise<void> {
    const state = this.#registrationState;
    if (state === 'known') return ready;
    if (state !== 'unread') return state;
    const loading = this.#loadRegistration(this.chargePointId).then(
      (status) => {
        // A BootNotification answered meanwhile is newer than what was stored.
        if (this.#registrationState === loading) this.registration = status;
      },
      (error: unknown) => this.log.error({ err: error }, 'could not load the charge point'),
    );
    this.#registrationState = loading;
    void loading.then(() => {
      this.#registrationState = 'known';
    });
    return loading;
  }

  registered(status: RegistrationStatus): void {
    this.registration = status;
    this.#registrationState = 'known';
  }

  closed(): void {
    this.#closed = true;
    this.#controller?.abort();
  }
}
