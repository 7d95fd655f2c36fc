import type {
  CommandFilter,
  CommandOutcome,
  CommandRecord,
  CommandRepository,
  NewCommand,
} from '@levity/core';
import type { Kysely, Selectable } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard, guardSync } from '../errors.js';
import type { CommandTable, Database } from '../schema.js';
import { fromJsonText, toJsonText } from './json.js';

function toCommandRecord(row: Selectable<CommandTable>): CommandRecord {
  return {
    id: row.id,
    chargePointId: row.charge_point_id,
    action: row.action,
    params: fromJsonText(row.params),
    requestedAt: row.requested_at,
    actor: row.actor,
    nodeId: row.node_id,
    status: row.status,
    response: row.response === null ? null : fromJsonText(row.response),
    errorCode: row.error_code,
    errorDescription: row.error_description,
    completedAt: row.completed_at,
  };
}

/** The remote start/stop lookups, prepared once per connection. */
export const COMMAND_SQL = {
  latest: 'SELECT * FROM command WHERE charge_point_id = ? AND action = ? ORDER BY id DESC LIMIT ?',
  latestSince:
    'SELECT * FROM command WHERE charge_point_id = ? AND action = ? AND requested_at >= ? ORDER BY id DESC LIMIT ?',
} as const;

/** `CommandRepository` on the `command` table. */
export class SqliteCommands implements CommandRepository {
  readonly #connection: SqliteConnection;
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#connection = connection;
    this.#db = connection.db;
  }

  add(command: NewCommand): Promise<CommandRecord> {
    return guard('log a command', async () => {
      const row = await this.#db
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
    return guard('record the outcome of a command', async () => {
      const { response } = outcome;
      const row = await this.#db
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
    return guard('read a command', async () => {
      const row = await this.#db.selectFrom('command').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toCommandRecord(row);
    });
  }

  list(filter: CommandFilter = {}): Promise<CommandRecord[]> {
    const { chargePointId, action, actor, status, from, before, limit } = filter;
    // The two lookups every StartTransaction and StopTransaction make (see core's
    // commands/links.ts), as statements prepared once; anything else through Kysely.
    if (
      chargePointId !== undefined &&
      action !== undefined &&
      actor === undefined &&
      status === undefined &&
      before === undefined &&
      limit !== undefined
    ) {
      return guardSync('list commands', () => {
        const rows = (
          from === undefined
            ? this.#connection.statement(COMMAND_SQL.latest).all(chargePointId, action, limit)
            : this.#connection.statement(COMMAND_SQL.latestSince).all(chargePointId, action, from, limit)
        ) as Selectable<CommandTable>[];
        return rows.map(toCommandRecord);
      });
    }
    return guard('list commands', async () => {
      let query = this.#db.selectFrom('command').selectAll();
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
