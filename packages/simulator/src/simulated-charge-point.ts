import type {
  CentralSystemAction,
  ChargePointAction,
  ChargePointErrorCode,
  ChargePointStatus,
  ReadingContext,
  Request,
  Response,
  StopReason,
} from '@levity/core';
import { LevityError } from '@levity/core';
import type { Behaviour } from './behaviour.js';
import { checkBehaviour } from './behaviour.js';
import { installHandlers } from './dispatch.js';
import type { SimulatorEventName, SimulatorEvents, SimulatorListener } from './events.js';
import type { SimulatedChargePointOptions } from './options.js';
import { resolveOptions } from './options.js';
import { Runtime } from './runtime.js';
import type { StartResult } from './sessions.js';
import type { Connector, RunningTransaction } from './state/connectors.js';
import type { SimulatorState } from './state.js';
import type { IdTagInfo, RegistrationStatus } from './types.js';

/** A connector as the simulator sees it. */
export type ConnectorView = Readonly<Omit<Connector, 'meter'>> & {
  /** The energy register, in Wh. */
  readonly energyWh: number;
  /** The power drawn now, in W. */
  readonly powerW: number;
};

/**
 * A simulated OCPP 1.6-J charge point. It answers every central-system command from
 * the state a real charger keeps (see `state`), through a behaviour per action, and
 * sends what a charger sends: boot, statuses, authorization, transactions, meter values.
 */
export interface SimulatedChargePoint {
  readonly id: string;
  /** Whether its WebSocket is open. */
  readonly connected: boolean;
  /** The last BootNotification answer's status; `null` before the first. */
  readonly registrationStatus: RegistrationStatus | null;
  /** Configuration, local list, reservations, charging profiles, certificates, connectors. Read-only by convention. */
  readonly state: SimulatorState;
  /** The id tags its drivers present. */
  readonly idTags: readonly string[];
  connector(connectorId: number): ConnectorView;
  /** The transactions running now. */
  transactions(): RunningTransaction[];
  /** Opens the WebSocket to `{url}/{id}`; rejects when that fails. Later losses reconnect by themselves. */
  connect(): Promise<void>;
  /** BootNotification; when Accepted, every connector's status follows and heartbeats start. */
  boot(): Promise<Response<'BootNotification'>>;
  /** `connect()` then `boot()`. */
  start(): Promise<Response<'BootNotification'>>;
  /** Sets a connector's status (0: the charge point) and sends StatusNotification. */
  status(connectorId: number, status: ChargePointStatus, errorCode?: ChargePointErrorCode): Promise<void>;
  authorize(idTag: string): Promise<IdTagInfo>;
  /**
   * A driver plugs in and presents `idTag` (default: the first of `idTags`): Authorize
   * (unless `authorize: false`), StartTransaction, Charging and periodic meter values.
   * @throws LevityError `LEVITY_ERR_INVALID_ARGUMENT` when the connector cannot start now
   */
  startTransaction(options: {
    connectorId: number;
    idTag?: string;
    authorize?: boolean;
  }): Promise<StartResult>;
  /** MeterValues now for a connector (default context `Trigger`). */
  sendMeterValues(connectorId: number, context?: ReadingContext): Promise<void>;
  /** Stops the transaction on a connector, or with an id; `undefined` when there is none. */
  stopTransaction(options: {
    connectorId?: number;
    transactionId?: number;
    reason?: StopReason;
    idTag?: string;
  }): Promise<RunningTransaction | undefined>;
  stopAllTransactions(reason?: StopReason): Promise<void>;
  heartbeat(): Promise<Response<'Heartbeat'>>;
  /** Any other message to the central system (SecurityEventNotification, DataTransfer, …). */
  send<A extends ChargePointAction>(action: A, params: Request<A>): Promise<Response<A>>;
  /** Reboots as after a Reset (a power cycle, say): transactions stop, it reconnects and boots. */
  reboot(type?: 'Hard' | 'Soft'): Promise<void>;
  /** Changes how an action is answered from now on. */
  setBehaviour<A extends CentralSystemAction>(action: A, behaviour: Behaviour<A>): void;
  behaviour<A extends CentralSystemAction>(action: A): Behaviour<A>;
  on<E extends SimulatorEventName>(event: E, listener: SimulatorListener<E>): this;
  once<E extends SimulatorEventName>(event: E, listener: SimulatorListener<E>): this;
  off<E extends SimulatorEventName>(event: E, listener: SimulatorListener<E>): this;
  /** The next event that matches; rejects after `timeoutMs` (default 10 000). Subscribe before causing it. */
  waitFor<E extends SimulatorEventName>(
    event: E,
    match?: (event: SimulatorEvents[E]) => boolean,
    timeoutMs?: number,
  ): Promise<SimulatorEvents[E]>;
  /** Stops timers and closes the connection (running transactions stay open: stop them first if you mean to). */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Creates a simulated charge point; nothing connects until `connect()` or `start()`.
 *
 * @example
 * const sim = createSimulatedChargePoint({ url: 'ws://localhost:9000/ws', id: 'SIM-1' });
 * await sim.start();
 * sim.setBehaviour('Reset', 'reject');
 * const { transactionId } = await sim.startTransaction({ connectorId: 1 });
 */
export function createSimulatedChargePoint(options: SimulatedChargePointOptions): SimulatedChargePoint {
  const rt = new Runtime(resolveOptions(options));
  const sim: SimulatedChargePoint = {
    id: rt.id,
    get connected() {
      return rt.link.open;
    },
    get registrationStatus() {
      return rt.state.registration;
    },
    state: rt.state,
    idTags: rt.options.idTags,
    connector(connectorId) {
      const connector = rt.sampling.connector(connectorId);
      const { meter, ...rest } = connector;
      return { ...rest, energyWh: meter.energyWh, powerW: meter.powerW };
    },
    transactions: () => rt.state.connectors.transactions(),
    async connect() {
      rt.reopen();
      await rt.link.connect();
    },
    boot: () => rt.lifecycle.boot(),
    async start() {
      await sim.connect();
      return rt.lifecycle.boot();
    },
    status: (connectorId, status, errorCode) => rt.statuses.set(connectorId, status, errorCode),
    authorize: (idTag) => rt.sessions.authorize(idTag),
    async startTransaction({ connectorId, idTag = rt.options.idTags[0] ?? 'SIMULATOR', authorize }) {
      return rt.sessions.claim({ connectorId, idTag, ...(authorize === undefined ? {} : { authorize }) })();
    },
    sendMeterValues: (connectorId, context) => rt.sampling.send(connectorId, context),
    stopTransaction({ connectorId, transactionId, reason, idTag }) {
      const id =
        connectorId ??
        (transactionId === undefined ? undefined : rt.state.connectors.withTransaction(transactionId)?.id);
      return id === undefined ? Promise.resolve(undefined) : rt.sessions.stop(id, reason, idTag);
    },
    stopAllTransactions: (reason = 'Local') => rt.sessions.stopAll(reason),
    heartbeat: () => rt.lifecycle.heartbeat(),
    send: (action, params) => rt.send(action, params),
    reboot: (type = 'Hard') => rt.lifecycle.reboot(type, type === 'Hard' ? 'HardReset' : 'SoftReset'),
    setBehaviour(action, behaviour) {
      checkBehaviour(action, behaviour);
      rt.behaviours.set(action, behaviour as Behaviour<never>);
    },
    behaviour<A extends CentralSystemAction>(action: A) {
      return (rt.behaviours.get(action) ?? 'accept') as Behaviour<A>;
    },
    on(event, listener) {
      rt.events.on(event, listener);
      return sim;
    },
    once(event, listener) {
      rt.events.once(event, listener);
      return sim;
    },
    off(event, listener) {
      rt.events.off(event, listener);
      return sim;
    },
    waitFor(event, match = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          rt.events.off(event, listener);
          reject(
            new LevityError(
              'LEVITY_ERR_CALL_TIMEOUT',
              `${rt.id}: no matching "${event}" within ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs);
        const listener = (payload: SimulatorEvents[typeof event]) => {
          if (!match(payload)) return;
          clearTimeout(timer);
          rt.events.off(event, listener);
          resolve(payload);
        };
        rt.events.on(event, listener);
      });
    },
    close: () => rt.close(),
    [Symbol.asyncDispose]: () => rt.close(),
  };
  installHandlers(rt, sim);
  return sim;
}
