import { EventEmitter } from 'node:events';
import type {
  CentralSystemAction,
  ChargePointAction,
  ChargePointErrorCode,
  ChargePointStatus,
  StopReason,
} from '@levity/core';
import type { BehaviourKind } from './behaviour.js';
import type { RegistrationStatus } from './types.js';

/** What a simulated charge point tells its listeners. */
export interface SimulatorEvents {
  connected: { readonly url: string };
  disconnected: { readonly code: number; readonly reason: string };
  /** A BootNotification was answered. */
  booted: { readonly status: RegistrationStatus; readonly interval: number };
  /** A call from the central system, and how it was answered. */
  received: {
    readonly action: CentralSystemAction;
    readonly params: unknown;
    readonly behaviour: BehaviourKind;
    /** The CALLRESULT payload; absent when no CALLRESULT was sent. */
    readonly response?: unknown;
    /** The CALLERROR code, when one was answered. */
    readonly errorCode?: string;
  };
  /** A call to the central system, answered (`response`) or not (`error`). */
  sent: {
    readonly action: ChargePointAction;
    readonly params: unknown;
    readonly response?: unknown;
    readonly error?: unknown;
    readonly durationMs: number;
  };
  statusChanged: {
    readonly connectorId: number;
    readonly status: ChargePointStatus;
    readonly errorCode: ChargePointErrorCode;
  };
  transactionStarted: {
    readonly connectorId: number;
    readonly transactionId: number;
    readonly idTag: string;
    readonly meterStart: number;
    readonly reservationId?: number;
  };
  transactionStopped: {
    readonly connectorId: number;
    readonly transactionId: number;
    readonly meterStop: number;
    readonly reason: StopReason;
  };
  /** Rebooting (Reset, or a firmware installation). */
  reset: { readonly type: 'Hard' | 'Soft' };
}

export type SimulatorEventName = keyof SimulatorEvents;
export type SimulatorListener<E extends SimulatorEventName> = (event: SimulatorEvents[E]) => void;

/** An EventEmitter typed by event name; a listener that throws is reported, never breaks the simulator. */
export class TypedEmitter<Events extends object> {
  readonly #emitter = new EventEmitter();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void) {
    this.#onListenerError = onListenerError;
    this.#emitter.setMaxListeners(0);
  }

  on<E extends keyof Events & string>(event: E, listener: (payload: Events[E]) => void): void {
    this.#emitter.on(event, listener);
  }

  once<E extends keyof Events & string>(event: E, listener: (payload: Events[E]) => void): void {
    this.#emitter.once(event, listener);
  }

  off<E extends keyof Events & string>(event: E, listener: (payload: Events[E]) => void): void {
    this.#emitter.off(event, listener);
  }

  emit<E extends keyof Events & string>(event: E, payload: Events[E]): void {
    for (const listener of this.#emitter.rawListeners(event) as ((payload: Events[E]) => void)[]) {
      try {
        listener(payload);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
