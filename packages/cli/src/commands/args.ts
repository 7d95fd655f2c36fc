/** What a subcommand accepts besides its positional arguments. */
export interface ArgSpec {
  /** Flags that take a value (`--limit 10`, `--limit=10`). */
  readonly values?: readonly string[];
  /** Flags that take none (`--json`). */
  readonly switches?: readonly string[];
}

export type ParsedArgs =
  | {
      readonly ok: true;
      readonly flags: Readonly<Record<string, string | true>>;
      readonly positionals: readonly string[];
      readonly help: boolean;
    }
  | { readonly ok: false; readonly message: string };

/**
 * A deliberately small parser for the client subcommands: it never guesses (numbers
 * and JSON stay text), refuses unknown flags, and `--` ends the flags.
 *
 * @example parseArgs(['list', '--limit', '5', '--json'], { values: ['limit'], switches: ['json'] })
 */
export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const values = new Set(spec.values ?? []);
  const switches = new Set(spec.switches ?? []);
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    if (switches.has(name)) {
      if (equals !== -1) return { ok: false, message: `--${name} takes no value` };
      flags[name] = true;
    } else if (values.has(name)) {
      const value = equals === -1 ? argv[++i] : arg.slice(equals + 1);
      if (value === undefined) return { ok: false, message: `--${name} needs a value` };
      flags[name] = value;
    } else {
      return { ok: false, message: `unknown option --${name}` };
    }
  }
  return { ok: true, flags, positionals, help };
}
