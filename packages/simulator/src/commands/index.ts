import type { CentralSystemAction } from '@levity/core';
import type { Commands } from './command.js';
import { coreCommands } from './core.js';
import { firmwareCommands } from './firmware.js';
import { localListCommands } from './local-list.js';
import { remoteCommands } from './remote.js';
import { reservationCommands } from './reservation.js';
import { securityCommands } from './security.js';
import { smartChargingCommands } from './smart-charging.js';
import { triggerCommands } from './trigger.js';

/** The `'accept'` behaviour: every central-system command, answered from the state as the spec says. */
export const commands: Commands<CentralSystemAction> = {
  ...coreCommands,
  ...remoteCommands,
  ...firmwareCommands,
  ...localListCommands,
  ...reservationCommands,
  ...smartChargingCommands,
  ...triggerCommands,
  ...securityCommands,
};

export { refusals } from './refusals.js';
