import { EventEmitter } from 'node:events';
import type { CentralSystemEventName, CentralSystemEvents, CentralSystemListener } from './events.js';
import type { Logger } from './logger.js';

/**
 * A typed wrapper around EventEmitter. A listener that throws is logged and skipped:
 * a library user's bug must never turn into an error answered to a charge point.
 */
export class TypedEmitter {
  readonly #emitter = new EventEmitter();
  readonly #logger: Logger;

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

  hasListeners(event: CentralSystemEventName): boolean {
    return this.#emitter.listenerCount(event) > 0;
  }

  emit<E extends CentralSystemEventName>(event: E, payload: CentralSystemEvents[E]): void {
    for (const listener of this.#emitter.listeners(event) as CentralSystemListener<E>[]) {
      try {
        listener(payload);
      } catch (error) {
        this.#logger.error({ err: error, event }, 'an event listener threw');
      }
    }
  }
}
