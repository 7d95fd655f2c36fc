import type {
  CommandFilter,
  CommandOutcome,
  CommandRecord,
  CommandRepository,
  NewCommand,
} from '@levity/core';
import type { Selectable } from 'kysely';
import type { CommandTable } from '../schema.js';
import type { Session } from '../session.js';
import { toJsonText } from './json.js';

function toCommandRecord(row: Selectable<CommandTable>): CommandRecord {
  return {
    id: row.id,
    chargePointId: row.charge_point_id,
    action: row.action,
    params: row.params,
    requestedAt: row.requested_at,
    actor: row.actor,
    nodeId: row.node_id,
    status: row.status,
    response: row.response,
    errorCode: row.error_code,
    errorDescription: row.error_description,
    completedAt: row.completed_at,
  };
}

/** `CommandRepository` on the `command` table. */
export class PostgresCommands implements CommandRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  add(command: NewCommand): Promise<CommandRecord> {
    return this.#session.guard('log a command', async () => {
      const row = await this.#session.db
        .insertInto('command')
        .values({
          charge_point_id: command.chargePointId,
          action: command.action,
          params: toJsonText(command.params),
          requested_at: command.requestedAt,
          status: 'Pending',
          actor: command.actor ?? null,
          node_id: command.nodeId ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toCommandRecord(row);
    });
  }

  complete(id: number, outcome: CommandOutcome): Promise<CommandRecord | undefined> {
    return this.#session.guard('record the outcome of a command', async () => {
      const { response } = outcome;
      const row = await this.#session.db
        .updateTable('command')
        .set({
          status: outcome.status,
          // A JSON null answer and no answer are both stored as NULL: the record cannot tell them apart.
          response: response === undefined || response === null ? null : toJsonText(response),
          error_code: outcome.errorCode ?? null,
          error_description: outcome.errorDescription ?? null,
          completed_at: outcome.at,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toCommandRecord(row);
    });
  }

  get(id: number): Promise<CommandRecord | undefined> {
    return this.#session.guard('read a command', async () => {
      const row = await this.#session.db
        .selectFrom('command')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toCommandRecord(row);
    });
  }

  list(filter: CommandFilter = {}): Promise<CommandRecord[]> {
    return this.#session.guard('list commands', async () => {
      const { chargePointId, action, actor, status, from, before, limit } = filter;
      let query = this.#session.db.selectFrom('command').selectAll();
      if (chargePointId !== undefined) query = query.where('charge_point_id', '=', chargePointId);
      if (action !== undefined) query = query.where('action', '=', action);
      if (actor !== undefined) query = query.where('actor', '=', actor);
      if (status !== undefined) query = query.where('status', '=', status);
      if (from !== undefined) query = query.where('requested_at', '>=', from);
      if (before !== undefined) query = query.where('id', '<', before);
      query = query.orderBy('id', 'desc');
      if (limit !== undefined) query = query.limit(limit);
      const rows = await query.execute();
      return rows.map(toCommandRecord);
    });
  }
}
