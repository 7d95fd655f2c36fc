import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CentralSystemAction, ChargePointAction, Request, Response } from '@levity/core';
import type { Behaviour } from './behaviour.js';
import type { SimulatorEvents } from './events.js';
import { TypedEmitter } from './events.js';
import { Lifecycle } from './lifecycle.js';
import { Link } from './link.js';
import type { ResolvedOptions, SimulatorLogEntry } from './options.js';
import { Sampling } from './sampling.js';
import { Sessions } from './sessions.js';
import type { ProfileLimits } from './state/charging-profiles.js';
import type { CompositeInput } from './state/composite-schedule.js';
import { effectiveLimit } from './state/composite-schedule.js';
import type { SimulatorState } from './state.js';
import { createState } from './state.js';
import { Statuses } from './statuses.js';

/**
 * The inside of one simulated charge point: its options, state, connection, lifecycle
 * and sessions, and the plumbing the command modules use.
 */
export class Runtime {
  readonly options: ResolvedOptions;
  readonly events: TypedEmitter<SimulatorEvents>;
  readonly state: SimulatorState;
  readonly link: Link;
  readonly statuses: Statuses;
  readonly sampling: Sampling;
  readonly sessions: Sessions;
  readonly lifecycle: Lifecycle;
  readonly behaviours = new Map<CentralSystemAction, Behaviour<never>>();
  readonly #tasks = new Set<Promise<void>>();
  #closed = Runtime.#controller();

  constructor(options: ResolvedOptions) {
    this.options = options;
    this.events = new TypedEmitter((error) => this.log('error', 'an event listener threw', { err: error }));
    this.state = createState(options, (reservation) =>
      this.later('ending an expired reservation', () => this.statuses.refresh(reservation.connectorId)),
    );
    this.link = new Link(options, this.events, {
      onReconnected: () => this.lifecycle.reconnected(),
      pingIntervalSeconds: () => this.state.configuration.integer('WebSocketPingInterval'),
      connection: () => this.state.credentials.connection(),
      connectFailed: () => {
        const { credentials, configuration } = this.state;
        if (!credentials.connectionFailed()) return;
        configuration.set('SecurityProfile', String(credentials.securityProfile));
        this.log('warn', 'could not connect with the new security profile; falling back (A05.FR.08)', {
          securityProfile: credentials.securityProfile,
        });
      },
    });
    this.events.on('connected', () => this.state.credentials.connected());
    this.statuses = new Statuses(this);
    this.sampling = new Sampling(this);
    this.sessions = new Sessions(this);
    this.lifecycle = new Lifecycle(this);
    for (const [action, behaviour] of Object.entries(options.behaviours)) {
      this.behaviours.set(action as CentralSystemAction, behaviour as Behaviour<never>);
    }
  }

  get id(): string {
    return this.options.id;
  }

  /** Aborted by `close()`: long-running work (uploads, firmware updates) stops there. */
  get signal(): AbortSignal {
    return this.#closed.signal;
  }

  now(): Date {
    return this.options.clock();
  }

  send<A extends ChargePointAction>(action: A, params: Request<A>): Promise<Response<A>> {
    return this.link.send(action, params);
  }

  /**
   * Work that follows an answer: it starts on the next turn of the event loop, after
   * ocpp-rpc has written the CALLRESULT, so the central system never hears of a
   * consequence before the answer. Failures are logged, not thrown.
   */
  later(what: string, task: () => Promise<unknown>): void {
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => {
        if (!this.signal.aborted) return task();
      })
      .then(
        () => {},
        (error: unknown) => {
          if (!this.signal.aborted) this.log('warn', `${what} failed`, { err: error });
        },
      );
    this.#tasks.add(run);
    void run.finally(() => this.#tasks.delete(run));
  }

  /** Waits `ms`; rejects (AbortError) when the simulator closes meanwhile. */
  sleep(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.signal });
  }

  log(level: SimulatorLogEntry['level'], message: string, details?: Record<string, unknown>): void {
    this.options.log({ level, chargePointId: this.id, message, ...(details ? { details } : {}) });
  }

  /** What the composite schedule of a connector is computed from. */
  compositeInput(connectorId: number): CompositeInput {
    const transaction = this.state.connectors.get(connectorId)?.transaction;
    const { voltage, phases, maxPowerW } = this.options.meter;
    return {
      profiles: this.state.chargingProfiles.list(),
      connectorId,
      voltage,
      phases,
      maxPowerW,
      // Schedules count in whole seconds: a Relative profile starts at the second the transaction did.
      ...(transaction
        ? {
            transaction: {
              transactionId: transaction.transactionId,
              startedAt: new Date(Math.floor(transaction.startedAt.getTime() / 1000) * 1000),
            },
          }
        : {}),
    };
  }

  /** The power a connector may draw now, in W, from its charging profiles. */
  limitW(connectorId: number, at: Date): number {
    return effectiveLimit(this.compositeInput(connectorId), at).watts;
  }

  profileLimits(): ProfileLimits {
    const config = this.state.configuration;
    return {
      connectors: this.state.connectors.count,
      maxStackLevel: config.integer('ChargeProfileMaxStackLevel'),
      maxInstalled: config.integer('MaxChargingProfilesInstalled'),
      maxPeriods: config.integer('ChargingScheduleMaxPeriods'),
      allowedUnits: config.list('ChargingScheduleAllowedChargingRateUnit'),
    };
  }

  /** A new life after `close()`: later work may run again. */
  reopen(): void {
    if (this.signal.aborted) this.#closed = Runtime.#controller();
  }

  /** Uploads, firmware updates and reservations may all be waiting on it at once. */
  static #controller(): AbortController {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    return controller;
  }

  async close(): Promise<void> {
    this.#closed.abort();
    this.lifecycle.stop();
    this.sampling.stopAll();
    this.state.reservations.dispose();
    await this.link.close();
    await Promise.allSettled([...this.#tasks]);
  }
}
