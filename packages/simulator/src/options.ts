import type { OcppErrorCode, Request, Response } from '@levity/core';
import { InvalidOptionError } from '@levity/core';
import type { Behaviours } from './behaviour.js';
import { checkBehaviour } from './behaviour.js';
import type { MeterModel } from './meter.js';
import { DEFAULT_METER_MODEL } from './meter.js';
import type { SimulatorTls } from './state/credentials.js';

/** A line of the simulator's log; `details` holds what a structured logger would. */
export interface SimulatorLogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly chargePointId: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Answers a DataTransfer from the central system for one vendor. */
export type VendorDataTransfer = (
  request: Request<'DataTransfer'>,
) => Response<'DataTransfer'> | Promise<Response<'DataTransfer'>>;

/** How long the simulated charger takes for what takes time on a real one. */
export interface SimulatorTiming {
  /** Between the steps of a firmware update (Downloading → Downloaded → Installing → Installed). Default 2000. */
  readonly firmwareStepMs: number;
  /** Between the steps of a diagnostics or log upload (Uploading → Uploaded). Default 1000. */
  readonly uploadStepMs: number;
  /** From closing the connection for a reboot to connecting again. Default 1000. */
  readonly rebootMs: number;
  /** First wait before reconnecting after a lost connection; doubles up to 30 s. Default 1000. */
  readonly reconnectMs: number;
}

/** Options of `createSimulatedChargePoint`. Only `url` and `id` are required. */
export interface SimulatedChargePointOptions {
  /** The central system's base URL; the charge point connects to `{url}/{id}`. E.g. `ws://localhost:9000/ws`. */
  readonly url: string;
  readonly id: string;
  /** Connectors 1…n. Default 2. */
  readonly connectors?: number;
  /** BootNotification fields. Defaults: `Levity`, `Simulator`, the id, `1.0.0`. */
  readonly vendor?: string;
  readonly model?: string;
  readonly serialNumber?: string;
  readonly firmwareVersion?: string;
  /** Id tags EV drivers present, for automatic sessions. Default `[TAG-{id}]` (cut to 20 characters). */
  readonly idTags?: readonly string[];
  /** How each central-system command is answered (default `'accept'`); change with `sim.setBehaviour`. */
  readonly behaviours?: Behaviours;
  /** The code of `'callerror'` answers. Default `NotSupported`. */
  readonly callErrorCode?: OcppErrorCode;
  /** Initial configuration values; unknown keys are added as read-write strings. */
  readonly configuration?: Readonly<Record<string, string>>;
  /** DataTransfer handlers by vendorId; other vendors are answered UnknownVendorId. */
  readonly dataTransfer?: Readonly<Record<string, VendorDataTransfer>>;
  readonly meter?: Partial<MeterModel>;
  readonly timing?: Partial<SimulatorTiming>;
  /** Reconnect after a lost connection. Default true. */
  readonly reconnect?: boolean;
  /** Timeout of calls to the central system. Default 30 000. */
  readonly callTimeoutMs?: number;
  /** Source address of the connection (to spread many charge points over several loopback addresses). */
  readonly localAddress?: string;
  /**
   * Validate every message, both ways, against the OCPP 1.6 schemas (ocpp-rpc strict mode).
   * Default true; a load generator may turn it off so that validating its own calls does not
   * make it the bottleneck (the central system still validates what it receives).
   */
  readonly strictMode?: boolean;
  /**
   * Its AuthorizationKey: the HTTP Basic auth password (security profiles 1 and 2), as
   * text (UTF-8) or bytes. ChangeConfiguration AuthorizationKey replaces it for the next connection.
   */
  readonly password?: string | Uint8Array;
  /** TLS: the CA it trusts for the central system's certificate, and its client certificate and key (profile 3). */
  readonly tls?: SimulatorTls;
  /** The `wss://` URL it uses at security profile 2 or 3. Default: `url` with `ws:` made `wss:`. */
  readonly secureUrl?: string;
  /**
   * Its SecurityProfile configuration key at start. Default: 3 with a client certificate,
   * 2 with a password over `wss://`, 1 with a password, else 0. Raised over the air by
   * ChangeConfiguration SecurityProfile (whitepaper A05), after which it reconnects.
   */
  readonly securityProfile?: 0 | 1 | 2 | 3;
  /** The charger's clock, for the timestamps it sends (timers run on real time). Default `new Date()`. */
  readonly clock?: () => Date;
  /** Randomness of meter values, between 0 and 1. Default Math.random. */
  readonly random?: () => number;
  readonly log?: (entry: SimulatorLogEntry) => void;
}

export interface ResolvedOptions {
  readonly url: string;
  readonly id: string;
  readonly connectors: number;
  readonly vendor: string;
  readonly model: string;
  readonly serialNumber: string;
  readonly firmwareVersion: string;
  readonly idTags: readonly string[];
  readonly behaviours: Behaviours;
  readonly callErrorCode: OcppErrorCode;
  readonly configuration: Readonly<Record<string, string>>;
  readonly dataTransfer: Readonly<Record<string, VendorDataTransfer>>;
  readonly meter: MeterModel;
  readonly timing: SimulatorTiming;
  readonly reconnect: boolean;
  readonly callTimeoutMs: number;
  readonly localAddress: string | undefined;
  readonly strictMode: boolean;
  readonly password: string | Uint8Array | undefined;
  readonly tls: SimulatorTls | undefined;
  readonly secureUrl: string | undefined;
  readonly securityProfile: 0 | 1 | 2 | 3;
  readonly clock: () => Date;
  readonly random: () => number;
  readonly log: (entry: SimulatorLogEntry) => void;
}

const DEFAULT_TIMING: SimulatorTiming = {
  firmwareStepMs: 2000,
  uploadStepMs: 1000,
  rebootMs: 1000,
  reconnectMs: 1000,
};

function positiveInteger(name: string, value: number | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidOptionError(name, `expected an integer from 1 to ${max}, got ${String(value)}`);
  }
  return value;
}

function initialSecurityProfile(options: SimulatedChargePointOptions): 0 | 1 | 2 | 3 {
  const profile = options.securityProfile;
  if (profile !== undefined) {
    if (![0, 1, 2, 3].includes(profile))
      throw new InvalidOptionError('securityProfile', `expected 0, 1, 2 or 3, got ${String(profile)}`);
    return profile;
  }
  const configured = options.configuration?.SecurityProfile;
  if (configured !== undefined && /^[0-3]$/.test(configured)) return Number(configured) as 0 | 1 | 2 | 3;
  if (options.tls?.cert && options.tls.key) return 3;
  if (options.password === undefined) return 0;
  return options.url?.startsWith('wss:') ? 2 : 1;
}

/** Applies the defaults; throws InvalidOptionError for a value that cannot work. */
export function resolveOptions(options: SimulatedChargePointOptions): ResolvedOptions {
  if (!/^wss?:\/\/[^/]+/.test(options.url ?? '')) {
    throw new InvalidOptionError('url', `expected a ws:// or wss:// URL, got ${JSON.stringify(options.url)}`);
  }
  if (typeof options.id !== 'string' || options.id === '') {
    throw new InvalidOptionError('id', 'expected a non-empty charge point id');
  }
  for (const [action, behaviour] of Object.entries(options.behaviours ?? {}))
    checkBehaviour(action, behaviour);
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  for (const [name, value] of Object.entries(timing)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new InvalidOptionError(`timing.${name}`, `expected milliseconds ≥ 0, got ${String(value)}`);
    }
  }
  return {
    url: options.url.replace(/\/+$/, ''),
    id: options.id,
    connectors: positiveInteger('connectors', options.connectors, 2, 100),
    vendor: options.vendor ?? 'Levity',
    model: options.model ?? 'Simulator',
    serialNumber: options.serialNumber ?? options.id.slice(0, 25),
    firmwareVersion: options.firmwareVersion ?? '1.0.0',
    idTags: options.idTags?.length ? options.idTags : [`TAG-${options.id}`.slice(0, 20)],
    behaviours: options.behaviours ?? {},
    callErrorCode: options.callErrorCode ?? 'NotSupported',
    configuration: options.configuration ?? {},
    dataTransfer: options.dataTransfer ?? {},
    meter: { ...DEFAULT_METER_MODEL, ...options.meter },
    timing,
    reconnect: options.reconnect ?? true,
    callTimeoutMs: positiveInteger('callTimeoutMs', options.callTimeoutMs, 30_000, 86_400_000),
    localAddress: options.localAddress,
    strictMode: options.strictMode ?? true,
    password: options.password,
    tls: options.tls,
    secureUrl: options.secureUrl,
    securityProfile: initialSecurityProfile(options),
    clock: options.clock ?? (() => new Date()),
    random: options.random ?? Math.random,
    log: options.log ?? (() => {}),
  };
}
