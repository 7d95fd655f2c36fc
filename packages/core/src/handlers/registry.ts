import { LevityError } from '../errors.js';
import type { ChargePointAction, Request, Response } from '../ocpp16/actions.js';
import { CHARGE_POINT_ACTIONS, isChargePointAction } from '../ocpp16/actions.js';
import { OcppError } from '../ocpp16/error-codes.js';
import { defaultHandlers } from './defaults.js';
import type { Handler, HandlerContext, HandlerDependencies } from './handler.js';

/** A handler context without `next`, which the registry adds for each link of the chain. */
export type CallContext<A extends ChargePointAction> = Omit<HandlerContext<A>, 'next'>;

// Handlers are stored per action; the generic parameter is lost in the map, and
// restored by the typed `handle` and `dispatch` signatures around it.
type AnyHandler = (context: HandlerContext<ChargePointAction>) => unknown;

/**
 * The handlers of each charge-point-initiated action: a stack whose top answers, each
 * able to call the one below through `next`, with the built-in default at the bottom.
 */
export class HandlerRegistry {
  readonly #stacks = new Map<ChargePointAction, AnyHandler[]>();
  readonly #deps: HandlerDependencies;

  constructor(deps: HandlerDependencies) {
    this.#deps = deps;
  }

  /** Registers a handler over the current one; checks the arguments now, not at the first message. */
  add<A extends ChargePointAction>(action: A, handler: Handler<A>): void {
    if (!isChargePointAction(action)) {
      throw new LevityError(
        'LEVITY_ERR_UNKNOWN_ACTION',
        `Cannot handle "${String(action)}": charge points send only ${CHARGE_POINT_ACTIONS.join(', ')}`,
      );
    }
    if (typeof handler !== 'function') {
      throw new LevityError(
        'LEVITY_ERR_INVALID_HANDLER',
        `The handler for ${action} must be a function (context) => response, got ${typeof handler}`,
      );
    }
    const stack = this.#stacks.get(action) ?? [];
    stack.push(handler as unknown as AnyHandler);
    this.#stacks.set(action, stack);
  }

  /** Answers one call through the action's handler stack. */
  dispatch<A extends ChargePointAction>(context: CallContext<A>): Promise<Response<A>> {
    const stack = this.#stacks.get(context.action) ?? [];
    return this.#run(context, stack, stack.length - 1) as Promise<Response<A>>;
  }

  async #run(context: CallContext<ChargePointAction>, stack: AnyHandler[], index: number): Promise<unknown> {
    const next = (params?: Request<ChargePointAction>) =>
      this.#run(params === undefined ? context : withParams(context, params), stack, index - 1);
    const handler = index >= 0 ? stack[index] : undefined;
    if (handler) return handler(withNext(context, next));
    // Below the custom handlers sits the built-in one; below that, nothing.
    const fallback =
      index === -1
        ? (defaultHandlers[context.action] as
            | ((context: HandlerContext<ChargePointAction>, deps: HandlerDependencies) => Promise<unknown>)
            | undefined)
        : undefined;
    if (!fallback) throw new OcppError('NotImplemented', `${context.action} is not implemented`);
    return fallback(withNext(context, next), this.#deps);
  }
}

// Contexts are copied field by field rather than spread: a spread reads every getter,
// and `signal` is one so that a connection's AbortController is made only for a
// handler that asks for it.

function withParams<A extends ChargePointAction>(
  context: CallContext<A>,
  params: Request<A>,
): CallContext<A> {
  return {
    chargePointId: context.chargePointId,
    action: context.action,
    params,
    messageId: context.messageId,
    receivedAt: context.receivedAt,
    storage: context.storage,
    logger: context.logger,
    get signal() {
      return context.signal;
    },
  };
}

function withNext<A extends ChargePointAction>(
  context: CallContext<A>,
  next: (params?: Request<A>) => Promise<unknown>,
): HandlerContext<A> {
  return {
    chargePointId: context.chargePointId,
    action: context.action,
    params: context.params,
    messageId: context.messageId,
    receivedAt: context.receivedAt,
    storage: context.storage,
    logger: context.logger,
    get signal() {
      return context.signal;
    },
    next: next as HandlerContext<A>['next'],
  };
}
