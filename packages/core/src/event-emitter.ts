import { EventEmitter } from 'node:events';
import type { CentralSystemEventName, CentralSystemEvents, CentralSystemListener } from './events.js';
import type { Logger } from './logger.js';

/**
 * A typed wrapper around EventEmitter. A listener that throws is logged and skipped:
 * a library user's bug must never turn into an error answered to a charge point.
 */
/** Sees every event after the listeners did (the cluster-wide event stream). */
export interface EventTap {
  /** Whether anyone beyond this emitter's listeners wants events now. */
  wants(): boolean;
  emit<E extends CentralSystemEventName>(event: E, payload: CentralSystemEvents[E]): void;
}

export class TypedEmitter {
  readonly #emitter = new EventEmitter();
  readonly #logger: Logger;
  #tap: EventTap | undefined;

  constructor(logger: Logger) {
    this.#logger = logger;
    this.#emitter.setMaxListeners(0);
  }

  on<E extends CentralSystemEventName>(event: E, listener: CentralSystemListener<E>): void {
    this.#emitter.on(event, listener);
  }

  once<E extends CentralSystemEventName>(event: E, listener: CentralSystemListener<E>): void {
    this.#emitter.once(event, listener);
  }

  off<E extends CentralSystemEventName>(event: E, listener: CentralSystemListener<E>): void {
    this.#emitter.off(event, listener);
  }

  /** Hands every event to `tap` too (one tap). */
  setTap(tap: EventTap): void {
    this.#tap = tap;
  }

  hasListeners(event: CentralSystemEventName): boolean {
    return this.#emitter.listenerCount(event) > 0 || (this.#tap?.wants() ?? false);
  }

  emit<E extends CentralSystemEventName>(event: E, payload: CentralSystemEvents[E]): void {
    for (const listener of this.#emitter.listeners(event) as CentralSystemListener<E>[]) {
      try {
        listener(payload);
      } catch (error) {
        this.#logger.error({ err: error, event }, 'an event listener threw');
      }
    }
    try {
      this.#tap?.emit(event, payload);
    } catch (error) {
      this.#logger.error({ err: error, event }, 'the cluster event stream threw');
    }
  }
}
