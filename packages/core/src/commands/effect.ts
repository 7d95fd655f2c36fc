import type { Logger } from '../logger.js';
import type { CentralSystemAction, Request, Response } from '../ocpp16/actions.js';
import type { IsoTimestamp } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';

export interface EffectContext<A extends CentralSystemAction> {
  chargePointId: string;
  commandId: number;
  params: Request<A>;
  storage: Storage;
  logger: Logger;
  now(): IsoTimestamp;
}

/**
 * What a command implies for the state Levity keeps about a charge point: work before
 * it is sent (e.g. open a job), after the charge point answered, and after it failed.
 */
export interface CommandEffect<A extends CentralSystemAction> {
  before?(context: EffectContext<A>): Promise<void>;
  answered?(context: EffectContext<A>, response: Response<A>): Promise<void>;
  failed?(context: EffectContext<A>, error: unknown): Promise<void>;
}

export type CommandEffects = { readonly [A in CentralSystemAction]?: CommandEffect<A> };
