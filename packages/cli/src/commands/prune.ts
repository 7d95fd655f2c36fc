import type { PruneReportLine } from '@levity/core';
import { DEFAULT_RETENTION, Pruner } from '@levity/core';
import { envName, type Flag, flagReader, RETENTION_FLAGS, readRetention } from '../options.js';
import { parseArgs } from './args.js';
import type { Io, Subcommand } from './client.js';
import { UsageError } from './client.js';
import { databaseOf, openDatabase } from './database-command.js';
import { table } from './table.js';

/** A function: options.ts imports this module's group, so RETENTION_FLAGS is not there yet at load time. */
const usage = () =>
  [
    'levity prune [--dry-run] [--db FILE|URL] [--retention-… DURATION]… [--json]',
    '',
    'Deletes the history older than the retention settings now, in batches of 500 rows, as the',
    "server's pruner does; --dry-run only counts, per table, the rows that would go. Works on the",
    'database directly (SQLite file or postgres:// URL), also while levity runs on it. Transactions',
    'and the Energy.Active.Import.Register readings of transactions are never deleted.',
    '',
    'Options (flags win over environment variables; the defaults are the server’s):',
    '  --db FILE|URL        the database, default levity.db [env LEVITY_DB]',
    '  --dry-run            count only',
    ...Object.entries(RETENTION_FLAGS).map(
      ([flag, kind]) =>
        `  --${`${flag} D`.padEnd(34)} default ${DEFAULT_RETENTION[kind] / 86_400_000}d [env ${envName(flag)}]`,
    ),
    '  --json               print JSON instead of a table',
    '',
    'A duration D is a whole number with a unit, s m h d or w (400d, 12h); 0 keeps for ever.',
  ].join('\n');

function print(io: Io, report: readonly PruneReportLine[], dryRun: boolean, json: boolean): void {
  if (json) {
    io.stdout(`${JSON.stringify({ dryRun, tables: report }, null, 2)}\n`);
    return;
  }
  io.stdout(
    `${table(
      ['TABLE', 'STORED BEFORE', dryRun ? 'WOULD DELETE' : 'DELETED'],
      report.map((line) => [line.table, line.before ?? 'kept for ever', line.rows]),
    )}\n`,
  );
}

/** `levity prune [--dry-run]`. */
export const pruneCommand: Subcommand = {
  summary: 'delete history older than the retention flags now (--dry-run: count per table); on --db directly',
  async run(argv, env, io) {
    const parsed = parseArgs(argv, {
      values: ['db', ...Object.keys(RETENTION_FLAGS)],
      switches: ['dry-run', 'json'],
    });
    if (!parsed.ok) {
      io.stderr(`levity prune: ${parsed.message}\n${usage()}\n`);
      return 2;
    }
    if (parsed.help) {
      io.stdout(`${usage()}\n`);
      return 0;
    }
    if (parsed.positionals.length > 0) {
      io.stderr(`levity prune: unexpected argument ${parsed.positionals[0]}\n`);
      return 2;
    }
    let retention: ReturnType<typeof readRetention>;
    try {
      retention = readRetention(flagReader(parsed.flags as Readonly<Record<Flag, string>>, env));
    } catch (error) {
      io.stderr(`levity prune: ${(error as Error).message}\n`);
      return 2;
    }
    const dryRun = parsed.flags['dry-run'] === true;
    let storage: Awaited<ReturnType<typeof openDatabase>>;
    try {
      storage = await openDatabase(databaseOf(parsed.flags, env));
    } catch (error) {
      io.stderr(`levity prune: ${(error as Error).message}\n`);
      return error instanceof UsageError ? 2 : 1;
    }
    try {
      // Batches without a pause: nothing else runs in this process.
      const pruner = new Pruner(storage, { keep: retention.keep, pauseMs: 0 });
      const report = dryRun ? await pruner.countPrunable() : await pruner.runOnce();
      print(io, report, dryRun, parsed.flags.json === true);
      return 0;
    } finally {
      await storage.close();
    }
  },
};
