import type { Logger } from '../logger.js';
import type { RegistrationStatus } from '../storage/records.js';

/** One open connection of a charge point (see `ChargePointConnection`). */
export interface Connection<Client> {
  readonly chargePointId: string;
  readonly client: Client;
  /** The central system's logger, bound to this charge point. */
  readonly log: Logger;
  /** Aborted when this connection closes. */
  readonly signal: AbortSignal;
  readonly remoteAddress: string | null;
  readonly protocol: string;
  readonly connectedAt: string;
  /** Calls to the charge point in flight on this connection, so close() can cancel them. */
  readonly calls: Set<AbortController>;
  /**
   * The status of its last BootNotification answer: read from storage when first needed
   * (a reconnect need not bring a new boot), set by every boot. Read it after
   * `registrationLoaded()`.
   */
  readonly registration: RegistrationStatus | null;
  /** Whether any frame arrived on this connection yet. */
  heard: boolean;
  /** Settles once `registration` holds what storage knows (at once when a boot already set it). */
  registrationLoaded(): Promise<void>;
  /** A BootNotification was answered with `status`. */
  registered(status: RegistrationStatus): void;
}

/**
 * The charge points connected right now, one connection each. A charge point that
 * reconnects while its old socket still looks open (a zombie after a power cut) takes
 * over: the registry hands back the old connection for the caller to close.
 */
export class ConnectionRegistry<Client> {
  readonly #connections = new Map<string, Connection<Client>>();

  /** Registers the connection and returns the one it replaces, if any. */
  add(connection: Connection<Client>): Connection<Client> | undefined {
    const previous = this.#connections.get(connection.chargePointId);
    this.#connections.set(connection.chargePointId, connection);
    return previous;
  }

  /** Removes the connection if it is still the current one; returns whether it was. */
  remove(connection: Connection<Client>): boolean {
    if (this.#connections.get(connection.chargePointId) !== connection) return false;
    this.#connections.delete(connection.chargePointId);
    return true;
  }

  get(chargePointId: string): Connection<Client> | undefined {
    return this.#connections.get(chargePointId);
  }

  ids(): string[] {
    return [...this.#connections.keys()];
  }

  get size(): number {
    return this.#connections.size;
  }

  all(): Connection<Client>[] {
    return [...this.#connections.values()];
  }
}
