import type BetterSqlite3 from 'better-sqlite3';
import { type DialectAdapter, SqliteAdapter, type SqliteDatabase, SqliteDialect } from 'kysely';

/** SQLite runs DDL in transactions, so Kysely's Migrator may wrap a whole run in one. */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * Kysely's SQLite dialect, with migrations (and their bookkeeping) applied all or
 * nothing, and prepared statements reused: Kysely prepares every query afresh, and
 * the same few queries run for every OCPP message.
 */
export class LevitySqliteDialect extends SqliteDialect {
  constructor(database: BetterSqlite3.Database, statementCacheSize = 256) {
    super({ database: withStatementCache(database, statementCacheSize) });
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}

function withStatementCache(database: BetterSqlite3.Database, capacity: number): SqliteDatabase {
  // Least recently used first: a Map iterates in insertion order, and a hit re-inserts.
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (statements.size >= capacity) {
          const oldest = statements.keys().next();
          if (!oldest.done) statements.delete(oldest.value);
        }
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
