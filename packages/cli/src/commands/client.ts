import { readTokenFile, tokenFileFor } from '../api-token.js';
import type { ArgSpec } from './args.js';
import { parseArgs } from './args.js';

/** Where subcommands write: stdout for results, stderr for errors and hints. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A subcommand group: `levity cp …`, `levity tx …`. */
export interface Subcommand {
  /** One line for `levity --help`. */
  readonly summary: string;
  /** Resolves with the exit code. */
  run(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number>;
}

export const DEFAULT_URL = 'http://127.0.0.1:9000';

/** Exit codes of the subcommands (as for the server: 1 failure, 2 usage). */
const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A non-2xx answer of the API, or no answer at all (`status` 0). */
export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/** A mistake on the command line; reported in one line, exit 2. */
export class UsageError extends Error {}

/** The running server's API, with the token. */
export interface ApiClient {
  readonly url: string;
  request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    options?: { query?: Record<string, string | number | undefined>; body?: unknown; timeoutMs?: number },
  ): Promise<T>;
  /** `GET path` as text chunks as they arrive (a CSV export), with `Accept: accept`. */
  download(
    path: string,
    options: { query?: Record<string, string | number | undefined>; accept: string },
  ): AsyncIterable<string>;
}

const FLAGS = {
  values: ['url', 'api-token', 'token-file', 'db'],
  switches: ['json'],
} as const satisfies ArgSpec;

export const CONNECTION_HELP = [
  'Connection (flags win over environment variables):',
  `  --url URL            the server, default ${DEFAULT_URL} [env LEVITY_URL]`,
  '  --api-token TOKEN    the bearer token [env LEVITY_API_TOKEN]',
  '  --token-file FILE    a file holding it [env LEVITY_TOKEN_FILE]',
  "  --db FILE            without either: read the server's FILE.token, default levity.db.token (levity.token for a postgres:// URL) [env LEVITY_DB]",
  '  --json               print JSON instead of a table',
].join('\n');

function token(flags: Readonly<Record<string, string | true>>, env: NodeJS.ProcessEnv): string {
  const fromFile = (file: string, source: string) => {
    let token: string | undefined;
    try {
      token = readTokenFile(file);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (token === undefined) throw new UsageError(`the API token file ${file} (${source}) does not exist`);
    return token;
  };
  if (typeof flags['api-token'] === 'string') return flags['api-token'];
  if (typeof flags['token-file'] === 'string') return fromFile(flags['token-file'], '--token-file');
  if (env.LEVITY_API_TOKEN) return env.LEVITY_API_TOKEN;
  if (env.LEVITY_TOKEN_FILE) return fromFile(env.LEVITY_TOKEN_FILE, 'LEVITY_TOKEN_FILE');
  const db = typeof flags.db === 'string' ? flags.db : (env.LEVITY_DB ?? 'levity.db');
  const file = tokenFileFor(db);
  const found = (() => {
    try {
      return readTokenFile(file);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  })();
  if (found === undefined) {
    throw new UsageError(
      `no API token: pass --api-token or --token-file, set LEVITY_API_TOKEN, or run beside the server's database (${file} does not exist)`,
    );
  }
  return found;
}

const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is levity running there?)',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'unknown host',
  ECONNRESET: 'connection reset',
};

/** A client of the API at `url` sending `token`. */
export function createApiClient(url: string, bearer: string): ApiClient {
  const base = url.replace(/\/+$/, '');
  return {
    url: base,
    async request(method, path, { query, body, timeoutMs = 60_000 } = {}) {
      const target = new URL(`${base}/api${path}`);
      for (const [name, value] of Object.entries(query ?? {})) {
        if (value !== undefined) target.searchParams.set(name, String(value));
      }
      let response: Response;
      try {
        response = await fetch(target, {
          method,
          headers: {
            authorization: `Bearer ${bearer}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const reason =
          (error as Error).name === 'TimeoutError'
            ? `no answer within ${timeoutMs} ms`
            : ((cause?.code && UNREACHABLE[cause.code]) ?? cause?.message ?? (error as Error).message);
        throw new ApiError(0, `cannot reach ${base}: ${reason}`);
      }
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (!response.ok) {
        const message = (parsed as { message?: unknown } | undefined)?.message;
        throw new ApiError(
          response.status,
          typeof message === 'string' ? message : response.statusText || 'request failed',
        );
      }
      return parsed as never;
    },
    async *download(path, { query, accept }) {
      const target = new URL(`${base}/api${path}`);
      for (const [name, value] of Object.entries(query ?? {})) {
        if (value !== undefined) target.searchParams.set(name, String(value));
      }
      let response: Response;
      try {
        response = await fetch(target, { headers: { authorization: `Bearer ${bearer}`, accept } });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const reason = (cause?.code && UNREACHABLE[cause.code]) ?? cause?.message ?? (error as Error).message;
        throw new ApiError(0, `cannot reach ${base}: ${reason}`);
      }
      if (!response.ok || !response.body) {
        const text = await response.text();
        let message: unknown;
        try {
          message = (JSON.parse(text) as { message?: unknown }).message;
        } catch {
          message = undefined;
        }
        throw new ApiError(
          response.status,
          typeof message === 'string' ? message : response.statusText || 'request failed',
        );
      }
      const decoder = new TextDecoder();
      for await (const chunk of response.body) yield decoder.decode(chunk, { stream: true });
      const rest = decoder.decode();
      if (rest) yield rest;
    },
  };
}

/** What a subcommand does once its arguments are checked. */
export type ClientAction = (context: ClientContext) => Promise<void>;

/**
 * Picks `positionals[0]` among `actions`, checking that there are at most `arity[name]`
 * further positional arguments.
 */
export function selectAction(
  command: string,
  actions: Readonly<Record<string, { action: ClientAction; arguments: readonly string[] }>>,
  positionals: readonly string[],
): ClientAction {
  const name = positionals[0];
  const entry = name === undefined ? undefined : actions[name];
  if (!entry) {
    const known = Object.keys(actions).join(', ');
    throw new UsageError(
      name === undefined
        ? `expected a command: ${known} (see levity ${command} --help)`
        : `unknown command "${command} ${name}": expected one of ${known} (see levity ${command} --help)`,
    );
  }
  const given = positionals.length - 1;
  if (given < entry.arguments.length) {
    throw new UsageError(
      `missing ${entry.arguments[given]} (usage: levity ${command} ${name} ${entry.arguments.join(' ')})`,
    );
  }
  if (given > entry.arguments.length) {
    throw new UsageError(
      `unexpected argument "${positionals[entry.arguments.length + 1]}" (see levity ${command} --help)`,
    );
  }
  return entry.action;
}

/** What a client subcommand's action gets. */
export interface ClientContext {
  readonly client: ApiClient;
  readonly flags: Readonly<Record<string, string | true>>;
  readonly positionals: readonly string[];
  readonly json: boolean;
  readonly io: Io;
  /** Prints `value` as JSON (2-space indented) followed by a newline. */
  printJson(value: unknown): void;
}

/**
 * Runs one client subcommand: parses its flags and the connection flags, prints its help,
 * and turns failures into one line on stderr: `levity: 409 charge point CP001 is not
 * connected` (exit 1), or a usage error (exit 2).
 */
export async function runClient(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Io,
  spec: { command: string; usage: string; values?: readonly string[]; switches?: readonly string[] },
  /** Picks the action from the arguments (or throws a UsageError) before anything is sent. */
  select: (positionals: readonly string[], flags: Readonly<Record<string, string | true>>) => ClientAction,
): Promise<number> {
  const parsed = parseArgs(argv, {
    values: [...FLAGS.values, ...(spec.values ?? [])],
    switches: [...FLAGS.switches, ...(spec.switches ?? [])],
  });
  const fail = (message: string, code: number) => {
    io.stderr(`levity: ${message}\n`);
    return code;
  };
  if (!parsed.ok) return fail(`${parsed.message} (see levity ${spec.command} --help)`, EXIT.usage);
  if (parsed.help) {
    io.stdout(`${spec.usage}\n\n${CONNECTION_HELP}\n`);
    return EXIT.ok;
  }
  const { flags, positionals } = parsed;
  try {
    const action = select(positionals, flags);
    const url = typeof flags.url === 'string' ? flags.url : (env.LEVITY_URL ?? DEFAULT_URL);
    if (!/^https?:\/\/[^/]/.test(url))
      throw new UsageError(`invalid --url "${url}": expected http://HOST:PORT`);
    const client = createApiClient(url, token(flags, env));
    const json = flags.json === true;
    await action({
      client,
      flags,
      positionals,
      json,
      io,
      printJson: (value) => io.stdout(`${JSON.stringify(value, null, 2)}\n`),
    });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message, EXIT.usage);
    if (error instanceof ApiError) {
      return fail(error.status === 0 ? error.message : `${error.status} ${error.message}`, EXIT.failure);
    }
    throw error;
  }
}

/** A flag's value as a positive integer, or undefined when absent. */
export function integerFlag(
  flags: Readonly<Record<string, string | true>>,
  name: string,
): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) {
    throw new UsageError(`invalid --${name} "${String(raw)}": expected a whole number`);
  }
  return Number(raw);
}

/** A flag's string value, or undefined. */
export function stringFlag(flags: Readonly<Record<string, string | true>>, name: string): string | undefined {
  const raw = flags[name];
  return typeof raw === 'string' ? raw : undefined;
}

/** A path segment, percent-encoded. */
export const segment = (text: string): string => encodeURIComponent(text);
