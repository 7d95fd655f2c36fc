import type { CentralSystemAction, Request, Response } from '@levity/core';
import type { Runtime } from '../runtime.js';

/** Answers one central-system command from the simulator's state, as a real charger would. */
export type Command<A extends CentralSystemAction> = (
  params: Request<A>,
  rt: Runtime,
) => Response<A> | Promise<Response<A>>;

/** The commands of one group (a feature profile, say), by action. */
export type Commands<K extends CentralSystemAction> = { readonly [A in K]: Command<A> };
