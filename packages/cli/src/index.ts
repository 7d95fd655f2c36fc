import { readFileSync } from 'node:fs';
import { endQuietlyWhenStdoutCloses } from './closed-pipe.js';
import { findSubcommand, runSubcommand } from './commands/index.js';
import type { CliLogger } from './logger.js';
import { consoleLogFormat, createCliLogger } from './logger.js';
import { parseCommandLine } from './options.js';
import type { RunningServer } from './server.js';
import { runServer, StartupError } from './server.js';
import { simulate } from './simulate/run.js';

export { readTokenFile, tokenFileFor } from './api-token.js';
export type { Io, Subcommand } from './commands/index.js';
export { SUBCOMMANDS } from './commands/index.js';
export type { CliLogger, CliLoggerOptions } from './logger.js';
export { consoleLogFormat, createCliLogger } from './logger.js';
export type { CliOptions, CommandLine, LogFormat, LogLevel } from './options.js';
export { envName, LOG_FORMATS, LOG_LEVELS, parseCommandLine } from './options.js';
export type { RunningServer } from './server.js';
export { runServer, StartupError } from './server.js';
export type { SimulateCommandLine, SimulateOptions } from './simulate/options.js';
export { parseSimulateCommandLine } from './simulate/options.js';
export type { SimulateOutput } from './simulate/run.js';
export { simulate } from './simulate/run.js';

/** Exit codes of `levity`. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** How long a shutdown may take before the process exits anyway (core closes sockets within 5 s). */
const SHUTDOWN_TIMEOUT_MS = 15_000;

/** The version in this package's package.json (one level above both `src/` and `dist/`). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/**
 * The `levity` command (and `levity simulate`, see `simulate`). Resolves with the exit code once the server has shut down (or at
 * once for `--help`, `--version` and errors). Only a second signal during shutdown, or a
 * shutdown that hangs, exits the process directly. `levity cp|tx|idtag|call …` run a
 * subcommand against a running server's API instead.
 *
 * @example
 * process.exitCode = await main(process.argv);
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // `levity simulate …` runs simulated charge points; anything else is the server, as always.
  if (argv[2] === 'simulate') return simulate(argv.slice(3));
  const subcommand = findSubcommand(argv.slice(2));
  if (subcommand) {
    endQuietlyWhenStdoutCloses();
    return runSubcommand(subcommand, argv.slice(2), env);
  }
  const line = parseCommandLine(argv.slice(2), env, version());
  if (line.kind === 'print') {
    endQuietlyWhenStdoutCloses();
    process.stdout.write(`${line.output}\n`);
    return EXIT.ok;
  }
  if (line.kind === 'usage-error') {
    fail(line.message);
    return EXIT.usage;
  }
  const { options } = line;

  let log: CliLogger;
  try {
    const terminal = process.stdout.isTTY === true;
    const format = consoleLogFormat(options.logFormat, terminal);
    log = createCliLogger({
      level: options.logLevel,
      file: options.logFile,
      format,
      colorize: format === 'pretty' && terminal,
      onFileError: (error) => fail(`cannot write log file: ${error.message}`),
    });
  } catch (error) {
    fail(`cannot open log file ${JSON.stringify(options.logFile)}: ${(error as Error).message}`);
    return EXIT.failure;
  }
  const { logger } = log;

  const starting = runServer(options, logger);
  // Resolves with the server, or with nothing when start-up failed (main reports that).
  const started: Promise<RunningServer | undefined> = starting.catch(() => undefined);
  let shutdown: Promise<number> | undefined;
  let crashed = false;
  let settle: (code: number) => void = () => {};
  const stopped = new Promise<number>((resolve) => {
    settle = resolve;
  });

  const stop = (code: number, reason: string): Promise<number> => {
    shutdown ??= (async () => {
      logger.info({ reason }, 'shutting down');
      const timer = setTimeout(() => {
        logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out; exiting');
        exitNow(log, EXIT.failure);
      }, SHUTDOWN_TIMEOUT_MS);
      timer.unref();
      let exitCode = code;
      try {
        // A signal during start-up waits for the server, then closes it.
        await (await started)?.close();
      } catch (error) {
        logger.error({ err: error }, 'shutdown failed');
        exitCode = EXIT.failure;
      }
      clearTimeout(timer);
      if (crashed) exitCode = EXIT.failure;
      logger.info({ exitCode }, 'stopped');
      return exitCode;
    })();
    return shutdown;
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (shutdown) {
      logger.warn({ signal }, 'second signal during shutdown; exiting now');
      exitNow(log, EXIT.failure);
    }
    void stop(EXIT.ok, signal).then(settle);
  };
  // The server must not go on in an unknown state, nor die silently: log, close, exit 1.
  const onFatal = (kind: string) => (error: unknown) => {
    crashed = true;
    logger.fatal({ err: error }, kind);
    fail(`${kind}: ${error instanceof Error ? error.message : String(error)}`);
    void stop(EXIT.failure, kind).then(settle);
  };
  // Installed before start-up is done, so that a signal or a crash while starting is handled too.
  const onUncaught = onFatal('uncaught exception');
  const onUnhandled = onFatal('unhandled rejection');
  // SIGHUP reloads the TLS certificate, key and CA without dropping connections, and
  // reopens the log file (logrotate's postrotate).
  const onHangup = () => {
    log.reopen();
    void started.then((server) => {
      if (!server) return;
      try {
        if (server.reloadTls()) logger.info('SIGHUP: TLS certificate, key and CA reloaded');
        else logger.info('SIGHUP: no TLS configured; nothing to reload');
      } catch (error) {
        logger.error(
          { reason: (error as Error).message },
          'SIGHUP: reload failed; the previous certificate stays',
        );
      }
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onHangup);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUnhandled);

  try {
    try {
      await starting;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // An expected failure is told in one line; anything else keeps its stack for the log.
      logger.error(error instanceof StartupError ? { reason: message } : { err: error }, 'could not start');
      fail(message);
      await shutdown;
      return EXIT.failure;
    }
    return await stopped;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onHangup);
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUnhandled);
    log.close();
  }
}

/** One line on stderr: what went wrong, never a stack trace. */
function fail(message: string): void {
  process.stderr.write(`levity: ${message}\n`);
}

function exitNow(log: CliLogger, code: number): never {
  log.flush();
  process.exit(code);
}
