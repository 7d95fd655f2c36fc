import { existsSync } from 'node:fs';
import { SqliteStorage } from '@levity/sqlite';
import { isPostgresUrl } from '../database.js';
import { parseArgs } from './args.js';
import type { Subcommand } from './client.js';
import { databaseOf } from './database-command.js';

const USAGE = [
  'levity backup FILE [--db FILE]',
  '',
  'Writes a consistent copy of the SQLite database to FILE, also while levity runs on it',
  "(SQLite's online backup API). Restore: stop levity, copy FILE over the database file and",
  'delete the database’s -wal and -shm files if any, then start levity. For PostgreSQL use pg_dump.',
  '',
  '  --db FILE            the database, default levity.db [env LEVITY_DB]',
].join('\n');

/** `levity backup FILE`. */
export const backupCommand: Subcommand = {
  summary: 'copy the SQLite database (consistent, while the server runs) to FILE; on --db directly',
  async run(argv, env, io) {
    const parsed = parseArgs(argv, { values: ['db'] });
    if (!parsed.ok) {
      io.stderr(`levity backup: ${parsed.message}\n${USAGE}\n`);
      return 2;
    }
    if (parsed.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const [file, ...extra] = parsed.positionals;
    if (file === undefined || extra.length > 0) {
      io.stderr(`levity backup: expected one FILE\n${USAGE}\n`);
      return 2;
    }
    const db = databaseOf(parsed.flags, env);
    if (isPostgresUrl(db)) {
      io.stderr(
        'levity backup: the database is PostgreSQL; back it up with pg_dump (see docs/retention-and-backups.md)\n',
      );
      return 1;
    }
    if (!existsSync(db)) {
      io.stderr(`levity backup: no SQLite database at ${db} (see --db)\n`);
      return 1;
    }
    if (existsSync(file)) {
      io.stderr(`levity backup: ${file} exists already; choose a new file\n`);
      return 1;
    }
    const { pages } = await SqliteStorage.backupFile({ from: db, to: file });
    io.stdout(`backed up ${db} to ${file} (${pages} pages)\n`);
    return 0;
  },
};
