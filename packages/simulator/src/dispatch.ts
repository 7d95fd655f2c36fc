import type { CentralSystemAction, Request } from '@levity/core';
import { CENTRAL_SYSTEM_ACTIONS } from '@levity/core';
import RPC, { createRPCError } from 'ocpp-rpc';
import type { Behaviour, CallErrorBehaviour, CustomBehaviour } from './behaviour.js';
import { behaviourKind } from './behaviour.js';
import { commands, refusals } from './commands/index.js';
import type { Runtime } from './runtime.js';
import type { SimulatedChargePoint } from './simulated-charge-point.js';

/** ocpp-rpc's "send no answer" marker; its typings describe it wrongly, and only the default import has it. */
const NOREPLY = RPC.NOREPLY as unknown as symbol;

/** Answers every central-system action through its behaviour. */
export function installHandlers(rt: Runtime, sim: SimulatedChargePoint): void {
  for (const action of CENTRAL_SYSTEM_ACTIONS) {
    rt.link.handle(action, async ({ params }) => (await answer(rt, sim, action, params as never)) as never);
  }
}

async function answer<A extends CentralSystemAction>(
  rt: Runtime,
  sim: SimulatedChargePoint,
  action: A,
  params: Request<A>,
): Promise<unknown> {
  const behaviour: Behaviour<A> = (rt.behaviours.get(action) as Behaviour<A> | undefined) ?? 'accept';
  const kind = behaviourKind(behaviour as Behaviour<never>);
  const tell = (outcome: { response?: unknown; errorCode?: string }) =>
    rt.events.emit('received', { action, params, behaviour: kind, ...outcome });
  switch (kind) {
    case 'timeout':
      tell({});
      return NOREPLY;
    case 'disconnect':
      tell({});
      rt.log('info', `dropping the connection in the middle of ${action}`);
      rt.link.drop();
      return NOREPLY;
    case 'callerror': {
      const { callerror: code, description = `${action} is not supported here` } =
        typeof behaviour === 'object'
          ? (behaviour as CallErrorBehaviour)
          : { callerror: rt.options.callErrorCode };
      tell({ errorCode: code });
      throw createRPCError(code, description, {});
    }
  }
  try {
    const response =
      kind === 'accept'
        ? await commands[action](params, rt)
        : kind === 'reject'
          ? await refusals[action](params, rt)
          : await (behaviour as CustomBehaviour<A>)(params, sim);
    tell({ response });
    return response;
  } catch (error) {
    if (error instanceof RPC.RPCError) {
      tell({ errorCode: error.rpcErrorCode });
      throw error;
    }
    // Like a central system, never send a stack or an internal message over the wire.
    rt.log('error', `answering ${action} failed; answered InternalError`, { err: error });
    tell({ errorCode: 'InternalError' });
    throw createRPCError('InternalError', `${action} could not be processed`, {});
  }
}
