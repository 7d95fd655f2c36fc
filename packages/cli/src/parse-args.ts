import type { Argv } from 'yargs';

/** What a yargs parser made of the command line, once unknown options and stray arguments are ruled out. */
export type ParsedArgs =
  | { readonly kind: 'parsed'; readonly args: Record<string, unknown> }
  | { readonly kind: 'print'; readonly output: string }
  | { readonly kind: 'usage-error'; readonly message: string };

/**
 * Runs `parser` without letting yargs print or exit, then refuses options outside
 * `knownKeys` and positional arguments itself, so that messages stay short, stable
 * and in English. `command` names the help to point at, e.g. `levity simulate`.
 */
export function parseArgs(
  parser: Argv,
  argv: readonly string[],
  knownKeys: ReadonlySet<string>,
  command: string,
): ParsedArgs {
  let args: Record<string, unknown> = {};
  let output = '';
  let failure: Error | undefined;
  parser.parse([...argv], {}, (error, parsed, text) => {
    failure = error ?? undefined;
    args = parsed as Record<string, unknown>;
    output = text;
  });
  if (failure) return { kind: 'usage-error', message: failure.message };
  if (output !== '') return { kind: 'print', output };
  const unknown = Object.keys(args).find((key) => !knownKeys.has(key));
  if (unknown !== undefined) {
    return {
      kind: 'usage-error',
      message: `unknown option ${unknown.length === 1 ? '-' : '--'}${unknown} (see ${command} --help)`,
    };
  }
  const positional = (args._ as unknown[])[0];
  if (positional !== undefined) {
    return {
      kind: 'usage-error',
      message: `unexpected argument "${String(positional)}" (see ${command} --help)`,
    };
  }
  return { kind: 'parsed', args };
}
