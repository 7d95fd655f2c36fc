import type { InboundDispatch } from '../connection/connection-server.js';
import { createRPCError, RpcError } from '../connection/ocpp-rpc-adapter.js';
import { inboundRefusal } from '../connection/registration-gate.js';
import type { Connection } from '../connection/registry.js';
import type { InboundCall, ServerClient } from '../connection/server-client.js';
import type { WireCounters } from '../connection/wire-stats.js';
import type { TypedEmitter } from '../event-emitter.js';
import { emitCallEvents, hasCallListeners } from '../events-from-calls.js';
import type { HandlerRegistry } from '../handlers/registry.js';
import type { Instruments } from '../instrumentation/instruments.js';
import type { Logger } from '../logger.js';
import type { ChargePointAction, Response } from '../ocpp16/actions.js';
import { OcppError, toOcpp16ErrorCode } from '../ocpp16/error-codes.js';
import type { Storage } from '../storage/storage.js';
import { nowIso } from '../time.js';
import { ChargePointQueue } from './charge-point-queue.js';
import { limitPayload } from './payload-limits.js';

export interface DispatchDependencies {
  readonly handlers: HandlerRegistry;
  readonly events: TypedEmitter;
  readonly storage: Storage;
  readonly clock: () => Date;
  /** Whether a charge point that never booted here may talk: only when every charge point is accepted anyway. */
  readonly acceptsUnbooted: boolean;
  /** See `maxFieldLength` of the central system's options. */
  readonly maxFieldLength: number;
  readonly counters: WireCounters;
  readonly instruments: Instruments;
}

/**
 * The inbound path after the wire: each charge point's CALLs in order, the
 * registration gate, the payload limits, the handler stack, the error boundary, then
 * the events. The
 * connection server has already refused actions a charge point cannot send, and
 * ocpp-rpc has validated the payload against the action's schema.
 */
export function createDispatch(deps: DispatchDependencies): InboundDispatch {
  const queue = new ChargePointQueue();
  const { instruments } = deps;
  return (connection, call) =>
    queue.run(connection.chargePointId, () =>
      instruments.observesInboundCalls ? observed(connection, call, deps) : answer(connection, call, deps),
    );
}

/** `answer`, timed and published on `levity:inbound:call` (only while someone listens). */
async function observed(
  connection: Connection<ServerClient>,
  call: InboundCall,
  deps: DispatchDependencies,
): Promise<unknown> {
  const startedAt = performance.now();
  let response: unknown;
  try {
    response = await answer(connection, call, deps);
  } catch (error) {
    const code = toOcpp16ErrorCode((error as { rpcErrorCode?: unknown }).rpcErrorCode);
    deps.instruments.inboundCall(connection.chargePointId, call.method, code, performance.now() - startedAt);
    throw error;
  }
  deps.instruments.inboundCall(connection.chargePointId, call.method, null, performance.now() - startedAt);
  return response;
}

async function answer(
  connection: Connection<ServerClient>,
  call: InboundCall,
  deps: DispatchDependencies,
): Promise<unknown> {
  const action = call.method as ChargePointAction;
  const { chargePointId, log } = connection;
  // A BootNotification sets the registration; anything else needs what storage knows.
  if (action !== 'BootNotification') await connection.registrationLoaded();
  const refusal = inboundRefusal(action, connection.registration, deps.acceptsUnbooted);
  if (refusal) {
    // OCPP 1.6 §4.2 has a charge point send nothing before it is accepted; OCPP 2.x
    // (B02.FR.09) answers such messages with SecurityError, the 1.6 code that fits.
    log.warn({ action, registration: connection.registration }, 'message before acceptance refused');
    throw createRPCError('SecurityError', refusal, {});
  }
  let response: unknown;
  let params: unknown;
  try {
    const limited = limitPayload(action, call.params, deps);
    params = limited.params;
    const { clamped, cut } = limited.adjustments;
    if (clamped.length > 0 || cut.length > 0) {
      deps.counters.add('integersClamped', clamped.length);
      deps.counters.add('fieldsCut', cut.length);
      log.warn(
        { action, clamped: clamped.slice(0, 5), cut: cut.slice(0, 5), count: clamped.length + cut.length },
        'values over the limits clamped or cut',
      );
    }
    response = await deps.handlers.dispatch({
      chargePointId,
      action,
      params: params as never,
      messageId: call.messageId,
      receivedAt: nowIso(deps.clock),
      storage: deps.storage,
      logger: log,
      // Read on demand: most handlers never look, and each signal costs its connection ~800 bytes.
      get signal() {
        return connection.signal;
      },
    });
  } catch (error) {
    throw toCallError(error, action, log);
  }
  if (action === 'BootNotification') {
    connection.registered((response as Response<'BootNotification'>).status);
  }
  // ocpp-rpc writes the CALLRESULT as soon as this promise settles, within the current
  // microtasks; listeners run after it, so a call a listener makes (say,
  // GetConfiguration on 'booted') never reaches the charger before its answer.
  if (hasCallListeners(deps.events, action)) {
    setImmediate(() =>
      emitCallEvents(deps.events, chargePointId, action, params as never, response as never),
    );
  }
  return response;
}

/** One boundary where anything a handler throws becomes an OCPP 1.6 CALLERROR. */
export function toCallError(error: unknown, action: string, log: Logger): Error {
  if (error instanceof OcppError) {
    log.info({ action, errorCode: error.errorCode, reason: error.message }, 'answered with CALLERROR');
    return createRPCError(error.errorCode, error.message, error.details) as Error;
  }
  if (error instanceof RpcError) return error;
  // Never send a station SQL text or stack traces: the details go to the log only.
  log.error({ err: error, action }, 'handler failed; answered InternalError');
  return createRPCError('InternalError', `${action} could not be processed`, {}) as Error;
}
