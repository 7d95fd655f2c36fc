import { backupCommand } from './backup.js';
import { callCommand } from './call.js';
import type { Io, Subcommand } from './client.js';
import { chargePointsCommand } from './cp.js';
import { idTagsCommand } from './idtag.js';
import { pruneCommand } from './prune.js';
import { tokensCommand } from './token.js';
import { transactionsCommand } from './tx.js';

export type { Io, Subcommand } from './client.js';

/**
 * `levity <name> …`: the subcommands, by name. Most work against a running server's
 * API, `prune` and `backup` on its database directly; `levity` without one of these
 * names runs the server.
 */
export const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  cp: chargePointsCommand,
  tx: transactionsCommand,
  idtag: idTagsCommand,
  call: callCommand,
  token: tokensCommand,
  prune: pruneCommand,
  backup: backupCommand,
};

/** The subcommand `argv[0]` names, if any. */
export function findSubcommand(argv: readonly string[]): Subcommand | undefined {
  const name = argv[0];
  return name !== undefined && Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * Runs `levity <subcommand> …` (`argv` without node and the script); resolves with the
 * exit code. Anything unexpected is told in one line too (exit 1).
 */
export async function runSubcommand(
  subcommand: Subcommand,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Io = processIo,
): Promise<number> {
  try {
    return await subcommand.run(argv.slice(1), env, io);
  } catch (error) {
    io.stderr(`levity: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
