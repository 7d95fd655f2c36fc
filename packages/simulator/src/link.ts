import { performance } from 'node:perf_hooks';
import type { ChargePointAction, Request, Response } from '@levity/core';
import { RPCClient } from 'ocpp-rpc';
import type { SimulatorEvents, TypedEmitter } from './events.js';
import type { ResolvedOptions } from './options.js';
import type { ConnectionSettings } from './state/credentials.js';

/** ocpp-rpc's typings mark every client option required; the others have defaults. */
type ClientOptions = ConstructorParameters<typeof RPCClient>[0];
type CallHandler = Parameters<RPCClient['handle']>[1];

const MAX_RECONNECT_WAIT_MS = 30_000;

/**
 * The charge point's WebSocket connection: one ocpp-rpc client (`ocpp1.6`, strict mode unless turned off)
 * that comes back by itself after a lost connection, and a gate that holds outgoing calls
 * while the charge point is away or rebooting (a real charger queues them).
 */
export class Link {
  readonly #client: RPCClient;
  readonly #options: ResolvedOptions;
  readonly #events: TypedEmitter<SimulatorEvents>;
  readonly #onReconnected: () => void;
  readonly #pingIntervalSeconds: () => number;
  readonly #settings: () => ConnectionSettings;
  readonly #connectFailed: () => void;
  #autoReconnect = false;
  #connecting = false;
  #wasOpen = false;
  #attempt = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #gate: { promise: Promise<void>; release: () => void } | undefined;

  constructor(
    options: ResolvedOptions,
    events: TypedEmitter<SimulatorEvents>,
    hooks: {
      onReconnected: () => void;
      pingIntervalSeconds: () => number;
      /** URL, password and TLS options of the next connection (security profiles). */
      connection: () => ConnectionSettings;
      connectFailed: () => void;
    },
  ) {
    this.#options = options;
    this.#events = events;
    this.#onReconnected = hooks.onReconnected;
    this.#pingIntervalSeconds = hooks.pingIntervalSeconds;
    this.#settings = hooks.connection;
    this.#connectFailed = hooks.connectFailed;
    const clientOptions: Partial<ClientOptions> = {
      endpoint: options.url,
      identity: options.id,
      protocols: ['ocpp1.6'],
      strictMode: options.strictMode,
      reconnect: false,
      callTimeoutMs: options.callTimeoutMs,
      pingIntervalMs: 0,
    };
    this.#client = new RPCClient(clientOptions as ClientOptions);
    this.#client.on('close', ({ code, reason }: { code?: number; reason?: unknown }) => {
      if (this.#wasOpen) {
        this.#wasOpen = false;
        this.hold();
        this.#events.emit('disconnected', { code: code ?? 1006, reason: String(reason ?? '') });
      }
      if (this.#autoReconnect && !this.#connecting && !this.#reconnectTimer) this.#scheduleReconnect();
    });
  }

  get open(): boolean {
    return this.#client.state === RPCClient.OPEN;
  }

  handle(action: string, handler: CallHandler): void {
    this.#client.handle(action, handler);
  }

  /** Connects now; rejects when that fails. Afterwards, a lost connection is re-established. */
  async connect(): Promise<void> {
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    // WebSocketPingInterval, the URL and the credentials take effect at a (re)connection.
    const settings = this.#settings();
    this.#client.reconfigure({
      pingIntervalMs: this.#pingIntervalSeconds() * 1000,
      endpoint: settings.endpoint,
      password: settings.password ?? null,
      wsOpts: {
        ...(this.#options.localAddress === undefined ? {} : { localAddress: this.#options.localAddress }),
        ...settings.tls,
      },
    } as unknown as ClientOptions);
    this.#connecting = true;
    try {
      await this.#client.connect();
    } catch (error) {
      this.#connectFailed();
      throw error;
    } finally {
      this.#connecting = false;
    }
    this.#wasOpen = true;
    this.#attempt = 0;
    this.#autoReconnect = this.#options.reconnect;
    this.#events.emit('connected', { url: `${settings.endpoint}/${encodeURIComponent(this.#options.id)}` });
  }

  /** Reconnects in the background (from a reboot): now, then with growing waits until it works. */
  reconnectSoon(): void {
    this.#autoReconnect = true;
    this.#attempt = 0;
    if (!this.#reconnectTimer && !this.#connecting) this.#scheduleReconnect(0);
  }

  /** Closes the connection on purpose (a reboot); nothing reconnects until asked. */
  async disconnect(reason: string): Promise<void> {
    this.#autoReconnect = false;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.hold();
    await this.#close({ code: 1000, reason });
  }

  /** Cuts the connection without a closing handshake, as a power cut or a lost network would. */
  drop(): void {
    void this.#client.close({ force: true });
  }

  /** For good: stops reconnecting, closes, and lets held calls through (to fail). */
  async close(): Promise<void> {
    this.#autoReconnect = false;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    await this.#close({ code: 1000, reason: 'Simulator closed' });
    this.release();
  }

  /** Outgoing calls other than BootNotification wait until `release()`. */
  hold(): void {
    if (this.#gate) return;
    let release = () => {};
    const promise = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#gate = { promise, release };
  }

  release(): void {
    this.#gate?.release();
    this.#gate = undefined;
  }

  /** A call to the central system, told to listeners as `sent` whatever its outcome. */
  async send<A extends ChargePointAction>(action: A, params: Request<A>): Promise<Response<A>> {
    if (action !== 'BootNotification' && this.#gate) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.#options.callTimeoutMs);
      });
      await Promise.race([this.#gate.promise, timeout]);
      clearTimeout(timer);
    }
    const started = performance.now();
    try {
      const response = (await this.#client.call(action, params)) as Response<A>;
      this.#events.emit('sent', { action, params, response, durationMs: performance.now() - started });
      return response;
    } catch (error) {
      this.#events.emit('sent', { action, params, error, durationMs: performance.now() - started });
      throw error;
    }
  }

  async #close(options: { code: number; reason: string }): Promise<void> {
    // A graceful close waits for answers in flight; never longer than this.
    const forced = setTimeout(() => void this.#client.close({ force: true }), 2000);
    try {
      await this.#client.close(options);
    } finally {
      clearTimeout(forced);
    }
  }

  #scheduleReconnect(
    wait = Math.min(MAX_RECONNECT_WAIT_MS, this.#options.timing.reconnectMs * 2 ** this.#attempt),
  ) {
    this.#attempt++;
    this.#reconnectTimer = setTimeout(async () => {
      this.#reconnectTimer = undefined;
      if (!this.#autoReconnect) return;
      try {
        await this.connect();
        this.#onReconnected();
      } catch {
        if (this.#autoReconnect && !this.#reconnectTimer) this.#scheduleReconnect();
      }
    }, wait);
  }
}
