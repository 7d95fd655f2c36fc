import { asciiLowerCase } from '../ocpp16/ci-string.js';
import type { CommandRecord } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';

/** How long after a RemoteStartTransaction a StartTransaction is taken as its consequence. */
const REMOTE_START_WINDOW_MS = 15 * 60 * 1000;

/**
 * Accepted, or still in flight: chargers often send the StartTransaction (or
 * StopTransaction) right after their answer, before Levity has logged that answer.
 */
const accepted = (command: CommandRecord) =>
  command.status === 'Pending' ||
  (command.status === 'Answered' &&
    typeof command.response === 'object' &&
    command.response !== null &&
    !Array.isArray(command.response) &&
    command.response.status === 'Accepted');

const field = (command: CommandRecord, name: string): unknown =>
  typeof command.params === 'object' && command.params !== null && !Array.isArray(command.params)
    ? command.params[name]
    : undefined;

/**
 * The accepted RemoteStartTransaction that a StartTransaction answers: the newest one to
 * the same charge point, for the same id tag (and connector, when it named one), sent
 * within the last 15 minutes.
 */
export async function findRemoteStart(
  storage: Storage,
  start: { chargePointId: string; connectorId: number; idTag: string; receivedAt: string },
): Promise<number | null> {
  const from = new Date(Date.parse(start.receivedAt) - REMOTE_START_WINDOW_MS).toISOString();
  const commands = await storage.commands.list({
    chargePointId: start.chargePointId,
    action: 'RemoteStartTransaction',
    from,
    limit: 20,
  });
  const match = commands.find(
    (command) =>
      accepted(command) &&
      asciiLowerCase(String(field(command, 'idTag'))) === asciiLowerCase(start.idTag) &&
      (field(command, 'connectorId') === undefined || field(command, 'connectorId') === start.connectorId),
  );
  return match?.id ?? null;
}

/** The accepted RemoteStopTransaction, if any, that asked for this transaction to stop. */
export async function findRemoteStop(
  storage: Storage,
  chargePointId: string,
  transactionId: number,
): Promise<number | null> {
  const commands = await storage.commands.list({ chargePointId, action: 'RemoteStopTransaction', limit: 20 });
  return (
    commands.find((command) => accepted(command) && field(command, 'transactionId') === transactionId)?.id ??
    null
  );
}
