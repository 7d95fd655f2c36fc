import type { CentralSystemAction, OcppErrorCode, Request, Response } from '@levity/core';
import { CENTRAL_SYSTEM_ACTIONS, LevityError, OCPP16_ERROR_CODES } from '@levity/core';
import type { SimulatedChargePoint } from './simulated-charge-point.js';

/**
 * How the simulator answers a call from the central system:
 * - `'accept'` (default): as a real charger would, from its state and per the spec;
 * - `'reject'`: the action's refusal (Rejected, NotSupported, Failed, … as its schema allows);
 * - `'callerror'`: a CALLERROR with the simulator's `callErrorCode` (default NotSupported),
 *   or `{ callerror: code, description? }` for another code;
 * - `'timeout'`: never answers;
 * - `'disconnect'`: closes the socket while the call is open (and reconnects later);
 * - a function `(params, sim) => response`: answers whatever it returns (a CALLERROR if it throws).
 */
export type Behaviour<A extends CentralSystemAction = CentralSystemAction> =
  | BehaviourKind
  | CallErrorBehaviour
  | CustomBehaviour<A>;

export type BehaviourKind = 'accept' | 'reject' | 'callerror' | 'timeout' | 'disconnect' | 'custom';

export interface CallErrorBehaviour {
  readonly callerror: OcppErrorCode;
  readonly description?: string;
}

export type CustomBehaviour<A extends CentralSystemAction> = (
  params: Request<A>,
  sim: SimulatedChargePoint,
) => Response<A> | Promise<Response<A>>;

/** A behaviour per action; the ones left out are `'accept'`. */
export type Behaviours = { readonly [A in CentralSystemAction]?: Behaviour<A> };

const KINDS: ReadonlySet<string> = new Set(['accept', 'reject', 'callerror', 'timeout', 'disconnect']);
const ACTIONS: ReadonlySet<string> = new Set(CENTRAL_SYSTEM_ACTIONS);
const ERROR_CODES: ReadonlySet<string> = new Set(OCPP16_ERROR_CODES);

/** Checks a behaviour when it is set, so that a typo fails there rather than on the next call. */
export function checkBehaviour(action: string, behaviour: unknown): void {
  if (!ACTIONS.has(action)) {
    throw new LevityError(
      'LEVITY_ERR_UNKNOWN_ACTION',
      `No behaviour for "${action}": a central system sends only ${CENTRAL_SYSTEM_ACTIONS.join(', ')}`,
    );
  }
  if (typeof behaviour === 'function' || (typeof behaviour === 'string' && KINDS.has(behaviour))) return;
  const code = (behaviour as Partial<CallErrorBehaviour> | null)?.callerror;
  if (typeof code === 'string' && ERROR_CODES.has(code)) return;
  throw new LevityError(
    'LEVITY_ERR_INVALID_ARGUMENT',
    `Invalid behaviour for ${action}: expected 'accept', 'reject', 'callerror', 'timeout', 'disconnect', ` +
      `{ callerror: <OCPP 1.6 error code> } or a function (params, sim) => response, got ${JSON.stringify(behaviour)}`,
  );
}

export function behaviourKind(behaviour: Behaviour<never>): BehaviourKind {
  if (typeof behaviour === 'function') return 'custom';
  if (typeof behaviour === 'string') return behaviour;
  return 'callerror';
}
