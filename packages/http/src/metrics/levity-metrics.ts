import type { CentralSystem, WireStats } from '@levity/core';
import { subscribeLevityChannel, UPGRADE_REFUSAL_REASONS } from '@levity/core';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { actionLabel, closeReason } from './labels.js';

/** Options of {@link createLevityMetrics}. */
export interface LevityMetricsOptions {
  readonly centralSystem: CentralSystem;
  /**
   * The registry Levity's metrics are added to; default a new one. Pass your own to
   * expose them with your application's metrics (then leave `processMetrics` off if it
   * already collects Node's).
   */
  readonly registry?: Registry;
  /** Also expose Node.js process metrics (prom-client's default metrics: CPU, heap, event-loop lag…). Default true. */
  readonly processMetrics?: boolean;
}

/** Levity's metrics of one central system, kept up to date from its diagnostics channels. */
export interface LevityMetrics {
  /** The registry holding Levity's metrics (without the process metrics, which are shared). */
  readonly registry: Registry;
  /** The exposition in the Prometheus text format (0.0.4), process metrics included unless turned off. */
  metrics(): Promise<string>;
  /** The Content-Type of `metrics()`. */
  readonly contentType: string;
  /** Stops listening to the central system; the registry keeps its last values. */
  close(): void;
}

/** Seconds: a handler answers in a millisecond or two, a slow storage write takes longer. */
const HANDLER_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds: a charge point answers over a mobile network, and calls time out after 30 s by default. */
const COMMAND_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const COMMIT_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const UNIT_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/** Each counter of `cs.stats()` as a metric of its own. A new counter in core fails to compile here until it is named. */
const WIRE_COUNTERS: Readonly<Record<keyof WireStats, { name: string; help: string }>> = {
  framesIgnored: {
    name: 'levity_wire_frames_ignored_total',
    help: 'Frames from charge points dropped without an answer (unknown MessageTypeId, a response with a broken UniqueId)',
  },
  framesRejected: {
    name: 'levity_wire_frames_rejected_total',
    help: 'Malformed frames from charge points answered with a CALLERROR (not JSON, not an array, a bad envelope)',
  },
  unsolicitedResponses: {
    name: 'levity_wire_unsolicited_responses_total',
    help: 'CALLRESULTs and CALLERRORs from charge points answering no call in flight (dropped)',
  },
  actionsRefused: {
    name: 'levity_wire_actions_refused_total',
    help: 'CALLs of actions a charge point does not send (NotSupported) or no one knows (NotImplemented)',
  },
  schemaViolations: {
    name: 'levity_wire_schema_violations_total',
    help: "CALLs whose payload broke the action's OCPP 1.6 schema",
  },
  integersClamped: {
    name: 'levity_wire_integers_clamped_total',
    help: 'Integers beyond ±(2^53 − 1) clamped',
  },
  fieldsCut: {
    name: 'levity_wire_fields_cut_total',
    help: 'Strings of transaction messages cut to the maximum field length',
  },
  logLinesSuppressed: {
    name: 'levity_wire_log_lines_suppressed_total',
    help: 'Log lines about charge points left out by the per-charge-point rate limit',
  },
  connectionsRefused: {
    name: 'levity_wire_connections_refused_total',
    help: 'Upgrades refused because the most connections allowed were open',
  },
  handshakeTimeouts: {
    name: 'levity_wire_handshake_timeouts_total',
    help: 'Clients dropped for not completing their request or WebSocket upgrade within the handshake timeout',
  },
  bootTimeouts: {
    name: 'levity_wire_boot_timeouts_total',
    help: 'Connections closed for not booting within the boot timeout',
  },
  slowReadersDropped: {
    name: 'levity_wire_slow_readers_dropped_total',
    help: 'Charge point connections dropped because they stopped reading what was sent to them',
  },
  oversizeMessages: {
    name: 'levity_wire_oversize_messages_total',
    help: 'Connections closed for a message over the frame size limit (1009)',
  },
};

/** Node's process metrics, collected once per process: they describe the process, not a central system. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * Prometheus metrics of a central system (prom-client): connections, inbound messages
 * and their handlers' latency, calls to charge points, storage commits and the wire
 * counters of `cs.stats()`, and Node's process metrics. No label names a charge point:
 * every label takes its values from a bounded set. `@levity/http` serves them at
 * `/metrics` (`createHttpApi({ metrics: true })`); use this to serve them elsewhere.
 *
 * Storage commits are those of the central system's storage (`cs.storage`), and of any
 * storage in the process that does not say which it is.
 *
 * @example
 * const metrics = createLevityMetrics({ centralSystem: cs });
 * server.on('request', async (request, response) => {
 *   response.setHeader('content-type', metrics.contentType).end(await metrics.metrics());
 * });
 */
export function createLevityMetrics(options: LevityMetricsOptions): LevityMetrics {
  const { centralSystem: cs } = options;
  const registry = options.registry ?? new Registry();
  const registers = [registry];

  new Gauge({
    name: 'levity_charge_points_connected',
    help: 'Charge points connected now',
    registers,
    collect() {
      this.set(cs.connectedChargePoints().length);
    },
  });
  const opened = new Counter({
    name: 'levity_connections_opened_total',
    help: 'Charge point connections opened, by the security profile they met',
    labelNames: ['security_profile'] as const,
    registers,
  });
  const closed = new Counter({
    name: 'levity_connections_closed_total',
    help: 'Charge point connections closed, by WebSocket close code (named) or replaced by a newer connection',
    labelNames: ['reason'] as const,
    registers,
  });
  const refused = new Counter({
    name: 'levity_connections_refused_total',
    help: 'Upgrade requests on the charge point endpoint refused, by reason',
    labelNames: ['reason'] as const,
    registers,
  });
  for (const reason of UPGRADE_REFUSAL_REASONS) refused.inc({ reason }, 0);
  const inbound = new Counter({
    name: 'levity_ocpp_inbound_messages_total',
    help: 'CALLs from charge points, by action and outcome (answered, or the CALLERROR code)',
    labelNames: ['action', 'outcome'] as const,
    registers,
  });
  const handlerSeconds = new Histogram({
    name: 'levity_ocpp_handler_duration_seconds',
    help: 'Time from handling a CALL from a charge point (after its earlier CALLs) to its answer, by action',
    labelNames: ['action'] as const,
    buckets: HANDLER_BUCKETS,
    registers,
  });
  const commands = new Counter({
    name: 'levity_ocpp_commands_total',
    help: 'Calls to charge points, by action and final status (Answered, CallError, TimedOut, Failed, Refused)',
    labelNames: ['action', 'status'] as const,
    registers,
  });
  const commandSeconds = new Histogram({
    name: 'levity_ocpp_command_duration_seconds',
    help: 'Round trip of calls to charge points that answered (CALLRESULT or CALLERROR), by action',
    labelNames: ['action'] as const,
    buckets: COMMAND_BUCKETS,
    registers,
  });
  const commitSeconds = new Histogram({
    name: 'levity_storage_commit_duration_seconds',
    help: 'Time of each storage commit (SQLite: a group commit from its BEGIN; PostgreSQL: a unit of work), by storage and outcome',
    labelNames: ['storage', 'outcome'] as const,
    buckets: COMMIT_BUCKETS,
    registers,
  });
  const commitUnits = new Histogram({
    name: 'levity_storage_commit_units',
    help: 'Units of work each storage commit held (the SQLite group commit batch size; 1 on PostgreSQL), by storage',
    labelNames: ['storage'] as const,
    buckets: UNIT_BUCKETS,
    registers,
  });
  for (const [key, { name, help }] of Object.entries(WIRE_COUNTERS) as [
    keyof WireStats,
    { name: string; help: string },
  ][]) {
    let reported = 0;
    new Counter({
      name,
      help,
      registers,
      collect() {
        const value = cs.stats()[key];
        if (value > reported) this.inc(value - reported);
        reported = value;
      },
    });
  }

  const ours = (message: { centralSystem: CentralSystem }) => message.centralSystem === cs;
  const stops = [
    subscribeLevityChannel('connectionOpened', (message) => {
      if (ours(message)) opened.inc({ security_profile: String(message.securityProfile) });
    }),
    subscribeLevityChannel('connectionClosed', (message) => {
      if (ours(message)) closed.inc({ reason: closeReason(message.code, message.replaced) });
    }),
    subscribeLevityChannel('connectionRefused', (message) => {
      if (ours(message)) refused.inc({ reason: message.reason });
    }),
    subscribeLevityChannel('inboundCall', (message) => {
      if (!ours(message)) return;
      const action = actionLabel(message.action);
      inbound.inc({ action, outcome: message.errorCode ?? 'answered' });
      if (message.durationMs !== null) handlerSeconds.observe({ action }, message.durationMs / 1000);
    }),
    subscribeLevityChannel('command', (message) => {
      if (!ours(message)) return;
      const { action, status } = message;
      commands.inc({ action, status });
      if (status === 'Answered' || status === 'CallError') {
        commandSeconds.observe({ action }, message.durationMs / 1000);
      }
    }),
    subscribeLevityChannel('storageCommit', ({ storage, source, durationMs, units, ok }) => {
      // Another central system's storage in this process is not ours; one that does not say is counted.
      if (source !== undefined && source !== cs.storage) return;
      commitSeconds.observe({ storage, outcome: ok ? 'committed' : 'failed' }, durationMs / 1000);
      commitUnits.observe({ storage }, units);
    }),
  ];

  const withProcess = options.processMetrics !== false;
  return {
    registry,
    contentType: registry.contentType,
    metrics: () => (withProcess ? Registry.merge([registry, processMetrics()]) : registry).metrics(),
    close() {
      for (const stop of stops.splice(0)) stop();
    },
  };
}
