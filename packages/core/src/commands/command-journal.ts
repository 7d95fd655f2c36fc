import { CallErrorResponse, CallTimeoutError, LevityError } from '../errors.js';
import { Instruments } from '../instrumentation/instruments.js';
import type { Logger } from '../logger.js';
import type { CentralSystemAction, Request, Response } from '../ocpp16/actions.js';
import type { CommandOutcome, JsonValue } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import { runUnitOfWork } from '../storage/unit-of-work.js';
import { nowIso } from '../time.js';
import type { CommandEffect, EffectContext } from './effect.js';
import { commandEffects } from './effects/index.js';
import { redactParams, redactResponse } from './redaction.js';

/** Errors that mean the call was never sent. */
const REFUSALS = new Set([
  'LEVITY_ERR_NOT_CONNECTED',
  'LEVITY_ERR_INVALID_PARAMS',
  'LEVITY_ERR_NOT_ACCEPTED',
  'LEVITY_ERR_UNKNOWN_ACTION',
]);

/** How a failed call is logged. */
export function outcomeOf(error: unknown, at: string): CommandOutcome {
  if (error instanceof CallErrorResponse) {
    return { status: 'CallError', errorCode: error.errorCode, errorDescription: error.errorDescription, at };
  }
  if (error instanceof CallTimeoutError) {
    return { status: 'TimedOut', errorCode: error.code, errorDescription: error.message, at };
  }
  if (error instanceof LevityError) {
    return {
      status: REFUSALS.has(error.code) ? 'Refused' : 'Failed',
      errorCode: error.code,
      errorDescription: error.message,
      at,
    };
  }
  return {
    status: 'Failed',
    errorCode: null,
    errorDescription: (error as Error)?.message ?? String(error),
    at,
  };
}

/**
 * Every call to a charge point goes through here: it is logged before it is sent, its
 * outcome after, and the state it implies (configuration, local list, reservations,
 * profiles, jobs) is updated from what the charge point answered. A failure to update
 * that state is logged but does not turn the charge point's answer into an error.
 */
export class CommandJournal {
  readonly #storage: Storage;
  readonly #logger: Logger;
  readonly #clock: () => Date;
  readonly #instruments: Instruments;
  readonly #nodeId: string | null;

  /** `nodeId`: this node's name, recorded with each command (which node sent the CALL). */
  constructor(
    storage: Storage,
    logger: Logger,
    clock: () => Date,
    instruments = new Instruments(),
    nodeId: string | null = null,
  ) {
    this.#storage = storage;
    this.#logger = logger;
    this.#clock = clock;
    this.#instruments = instruments;
    this.#nodeId = nodeId;
  }

  /** `actor`: who asked for the call (see `NewCommand.actor`); `null` for the library. */
  async run<A extends CentralSystemAction>(
    chargePointId: string,
    action: A,
    params: Request<A>,
    send: () => Promise<Response<A>>,
    actor: string | null = null,
  ): Promise<Response<A>> {
    const now = () => nowIso(this.#clock);
    const command = await this.#storage.commands.add({
      chargePointId,
      action: String(action),
      // Secrets (an AuthorizationKey) never reach the log; the effects still see them.
      params: (redactParams(action, params) ?? null) as JsonValue,
      requestedAt: now(),
      actor,
      nodeId: this.#nodeId,
    });
    const effect = commandEffects[action] as CommandEffect<A> | undefined;
    const context: EffectContext<A> = {
      chargePointId,
      commandId: command.id,
      params,
      storage: this.#storage,
      logger: this.#logger,
      now,
    };
    // Each effect is one unit of work: a SetChargingProfile that replaces a profile, or a
    // full GetConfiguration (upsert, then forget the keys not reported), is stored whole
    // or not at all, never half.
    const inUnit = (work: (unitContext: EffectContext<A>) => Promise<void> | undefined) =>
      runUnitOfWork(this.#storage, async (unit) => {
        await work({ ...context, storage: unit });
      });
    await this.#quietly('prepare', context, () => effect?.before && inUnit((c) => effect.before?.(c)));
    let response: Response<A>;
    // The clock is read only while someone listens to `levity:command`.
    const startedAt = this.#instruments.observesCommands ? performance.now() : undefined;
    try {
      response = await send();
    } catch (error) {
      const outcome = outcomeOf(error, now());
      if (startedAt !== undefined) {
        this.#instruments.command(chargePointId, action, outcome.status, performance.now() - startedAt);
      }
      await this.#quietly('log the failure of', context, () =>
        this.#storage.commands.complete(command.id, outcome),
      );
      await this.#quietly(
        'record the failure of',
        context,
        () => effect?.failed && inUnit((c) => effect.failed?.(c, error)),
      );
      throw error;
    }
    if (startedAt !== undefined) {
      this.#instruments.command(chargePointId, action, 'Answered', performance.now() - startedAt);
    }
    await this.#quietly('log the answer to', context, () =>
      this.#storage.commands.complete(command.id, {
        status: 'Answered',
        response: redactResponse(action, response) as unknown as JsonValue,
        at: now(),
      }),
    );
    await this.#quietly(
      'apply the answer to',
      context,
      () => effect?.answered && inUnit((c) => effect.answered?.(c, response)),
    );
    return response;
  }

  async #quietly<A extends CentralSystemAction>(
    what: string,
    context: EffectContext<A>,
    work: () => Promise<unknown> | undefined,
  ): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.#logger.error(
        { err: error, chargePointId: context.chargePointId, commandId: context.commandId },
        `could not ${what} command ${context.commandId}`,
      );
    }
  }
}
