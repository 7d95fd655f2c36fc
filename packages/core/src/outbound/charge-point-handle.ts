import type { ForwardedCall } from '../cluster/cluster.js';
import type { CommandJournal } from '../commands/command-journal.js';
import { RpcError, RpcTimeoutError } from '../connection/ocpp-rpc-adapter.js';
import { outboundRefusal } from '../connection/registration-gate.js';
import type { Connection } from '../connection/registry.js';
import type { ServerClient } from '../connection/server-client.js';
import {
  CallErrorResponse,
  CallTimeoutError,
  InvalidParamsError,
  LevityError,
  NotConnectedError,
} from '../errors.js';
import type { CentralSystemAction, Request, Response } from '../ocpp16/actions.js';
import { CENTRAL_SYSTEM_ACTIONS, isCentralSystemAction } from '../ocpp16/actions.js';
import type { ValidationFailure } from '../ocpp16/validator.js';
import { ocpp16Validator } from '../ocpp16/validator.js';
import type { ReservationRecord } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import type { LocalListUpdate, ReservationRequest } from './helpers.js';
import { reserve, sendLocalList } from './helpers.js';

export interface CallOptions {
  /** Overrides the central system's `callTimeoutSeconds` for this call. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Who asked for the call, recorded in the command log (`CommandRecord.actor`), e.g. a
   * user or token name of your application. Never a secret. Default: none (`null`).
   */
  actor?: string;
}

/**
 * One charge point, as seen by code that wants to command it.
 *
 * @example
 * const { status } = await cs.chargePoint('CP001').call('RemoteStartTransaction', { idTag: 'ABC', connectorId: 1 });
 */
export interface ChargePointHandle {
  readonly id: string;
  /** Whether it has an open connection right now. */
  readonly connected: boolean;
  /**
   * Sends a CALL and resolves with the charge point's CALLRESULT payload. Calls to
   * one charge point go out one at a time, in order (OCPP-J §4.1.1). Every call is
   * logged (`storage.commands`), and the state its answer implies is stored.
   * @throws NotConnectedError at once when it is not connected
   * @throws LevityError `LEVITY_ERR_NOT_ACCEPTED` when its registration forbids the call (Rejected; Pending for remote start/stop)
   * @throws InvalidParamsError when params do not match the action's schema (nothing is sent)
   * @throws CallTimeoutError, CallErrorResponse, or LevityError `LEVITY_ERR_CALL_FAILED`
   */
  call<A extends CentralSystemAction>(
    action: A,
    params: Request<A>,
    options?: CallOptions,
  ): Promise<Response<A>>;
  /**
   * Reserves a connector (ReserveNow) with a reservationId Levity assigns, and returns
   * the stored reservation with the charge point's answer as its status.
   */
  reserve(reservation: ReservationRequest, options?: CallOptions): Promise<ReservationRecord>;
  /**
   * Sends the id-tag store as the charge point's Local Authorization List (SendLocalList):
   * `Full` sends every tag; `Differential` only what changed since the list Levity
   * believes it holds (removed tags without idTagInfo). The version is one above the
   * last one. Resolves with the charge point's answer.
   */
  sendLocalList(update: LocalListUpdate, options?: CallOptions): Promise<Response<'SendLocalList'>>;
}

function isValidationFailure(error: unknown): error is ValidationFailure {
  return error instanceof Error && typeof (error as Partial<ValidationFailure>).schemaId === 'string';
}

export interface ChargePointHandleDependencies {
  lookup: (id: string) => Connection<ServerClient> | undefined;
  /**
   * Sends the call through another node when the charge point is not connected here
   * (see `Cluster.forward`); throws NotConnectedError when it is connected nowhere.
   */
  forward?: (call: ForwardedCall, signal?: AbortSignal) => Promise<unknown>;
  defaultTimeoutMs: number;
  journal: CommandJournal;
  storage: Storage;
  clock: () => Date;
}

export function createChargePointHandle(id: string, deps: ChargePointHandleDependencies): ChargePointHandle {
  const { lookup, defaultTimeoutMs, journal } = deps;
  const handle: ChargePointHandle = {
    id,
    get connected() {
      return lookup(id) !== undefined;
    },
    async call<A extends CentralSystemAction>(action: A, params: Request<A>, options: CallOptions = {}) {
      if (!isCentralSystemAction(action)) {
        throw new LevityError(
          'LEVITY_ERR_UNKNOWN_ACTION',
          `Cannot call "${String(action)}": a central system sends only ${CENTRAL_SYSTEM_ACTIONS.join(', ')}`,
        );
      }
      const actor = typeof options.actor === 'string' ? options.actor : null;
      return journal.run(id, action, params, () => send(action, params, options), actor);
    },
    reserve: (reservation, options) => reserve(handle, deps, reservation, options),
    sendLocalList: (update, options) => sendLocalList(handle, deps, update, options),
  };
  return handle;

  async function send<A extends CentralSystemAction>(action: A, params: Request<A>, options: CallOptions) {
    const connection = lookup(id);
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    if (connection) return sendOn(connection, action, params, { ...options, timeoutMs });
    if (!deps.forward) throw new NotConnectedError(id);
    // Checked here too, so that a call no node would send costs no round trip.
    validateParams(action, params);
    return (await deps.forward(
      { chargePointId: id, action, params, timeoutMs },
      options.signal,
    )) as Response<A>;
  }
}

function validateParams(action: CentralSystemAction, params: unknown): void {
  try {
    ocpp16Validator.validate(`urn:${action}.req`, params);
  } catch (error) {
    const failure = error as ValidationFailure;
    throw new InvalidParamsError(action, failure.details?.field ?? '', failure.message);
  }
}

/**
 * Sends a call on this node's connection of the charge point: its registration must
 * allow it, its params must match the schema, and its answer (or error) comes back as
 * `ChargePointHandle.call` describes. Not logged in the command journal.
 */
export async function sendOn<A extends CentralSystemAction>(
  connection: Connection<ServerClient>,
  action: A,
  params: Request<A>,
  options: CallOptions & { timeoutMs: number },
): Promise<Response<A>> {
  const id = connection.chargePointId;
  await connection.registrationLoaded();
  const refusal = outboundRefusal(action, connection.registration);
  if (refusal)
    throw new LevityError('LEVITY_ERR_NOT_ACCEPTED', `Cannot send ${action} to "${id}": ${refusal}`);
  validateParams(action, params);
  const { timeoutMs } = options;
  const controller = new AbortController();
  const cancel = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', cancel, { once: true });
  connection.calls.add(controller);
  try {
    return (await connection.client.call(action, params, {
      callTimeoutMs: timeoutMs,
      signal: controller.signal,
    })) as Response<A>;
  } catch (error) {
    throw toCallError(error, id, action, timeoutMs, controller.signal.aborted);
  } finally {
    connection.calls.delete(controller);
    options.signal?.removeEventListener('abort', cancel);
  }
}

function toCallError(
  error: unknown,
  id: string,
  action: string,
  timeoutMs: number,
  cancelled: boolean,
): LevityError {
  if (cancelled) {
    return new LevityError('LEVITY_ERR_CALL_FAILED', `${action} to charge point "${id}" was cancelled`, {
      cause: error,
    });
  }
  if (error instanceof RpcTimeoutError) return new CallTimeoutError(id, action, timeoutMs);
  if (isValidationFailure(error) && error.schemaId.endsWith('.conf')) {
    return new LevityError(
      'LEVITY_ERR_CALL_FAILED',
      `Charge point "${id}" answered ${action} with an invalid payload: ${error.message}`,
      { cause: error },
    );
  }
  if (error instanceof RpcError) {
    const { rpcErrorCode, message } = error as { rpcErrorCode: string; message: string };
    return new CallErrorResponse(
      id,
      action,
      rpcErrorCode,
      message,
      (error as { details?: unknown }).details ?? {},
    );
  }
  return new LevityError(
    'LEVITY_ERR_CALL_FAILED',
    `Charge point "${id}" did not answer ${action}: the connection closed`,
    {
      cause: error,
    },
  );
}
