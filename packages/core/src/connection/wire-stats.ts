/**
 * Counters of what charge points did wrong on the wire and what Levity's limits did
 * about it, since the central system was created. Read them with `cs.stats()` (a
 * metrics exporter can publish each as a counter); the log shows only a rate-limited
 * sample of these events.
 */
export interface WireStats {
  /** Frames dropped without an answer: unknown MessageTypeId, a response with a broken UniqueId. */
  framesIgnored: number;
  /** Malformed frames answered with a CALLERROR (not JSON, not an array, a bad envelope). */
  framesRejected: number;
  /** CALLRESULTs and CALLERRORs answering no call in flight (dropped, OCPP-J §4.2). */
  unsolicitedResponses: number;
  /** CALLs of actions a charge point does not send (NotSupported) or no one knows (NotImplemented). */
  actionsRefused: number;
  /** CALLs whose payload broke the action's schema. */
  schemaViolations: number;
  /** Integers beyond ±(2^53 − 1) clamped (`maxFieldLength` does not apply). */
  integersClamped: number;
  /** Strings of transaction messages cut to `maxFieldLength`. */
  fieldsCut: number;
  /** Log lines about charge points left out by the per-charge-point rate limit. */
  logLinesSuppressed: number;
  /** Upgrades refused because `maxConnections` were open. */
  connectionsRefused: number;
  /** Clients dropped for not completing the WebSocket upgrade within `handshakeTimeoutSeconds`. */
  handshakeTimeouts: number;
  /** Connections closed for not booting within `bootTimeoutSeconds`. */
  bootTimeouts: number;
  /** Connections dropped because they stopped reading (`maxSendBufferBytes` queued for them). */
  slowReadersDropped: number;
  /** Connections closed for a message over `maxPayloadBytes` (1009). */
  oversizeMessages: number;
}

export type WireStatName = keyof WireStats;

/** The counters behind `cs.stats()`. */
export class WireCounters {
  readonly #counts: WireStats = {
    framesIgnored: 0,
    framesRejected: 0,
    unsolicitedResponses: 0,
    actionsRefused: 0,
    schemaViolations: 0,
    integersClamped: 0,
    fieldsCut: 0,
    logLinesSuppressed: 0,
    connectionsRefused: 0,
    handshakeTimeouts: 0,
    bootTimeouts: 0,
    slowReadersDropped: 0,
    oversizeMessages: 0,
  };

  add(name: WireStatName, count = 1): void {
    this.#counts[name] += count;
  }

  /** A copy: later events do not change it. */
  snapshot(): WireStats {
    return { ...this.#counts };
  }
}
