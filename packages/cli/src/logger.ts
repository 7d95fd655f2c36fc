import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import pino from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat, LogLevel } from './options.js';
import { redactFields, redactSecrets, SECRET_LOG_PATHS } from './redact.js';

/** The CLI's logger and the files behind it. */
export interface CliLogger {
  readonly logger: Logger;
  /** Absolute path of the log file, or `null` when there is none. */
  readonly file: string | null;
  /** Writes out anything buffered; safe to call right before `process.exit`. */
  flush(): void;
  /**
   * Closes the log file and opens it again by its name: after `logrotate` moved it away
   * (its `postrotate` sends SIGHUP), lines go to a new file of that name.
   */
  reopen(): void;
  /** Flushes and closes the log file. The logger must not be used afterwards. */
  close(): void;
}

/**
 * How stdout shows log lines: the `--log-format` given, or else pretty when stdout is a
 * terminal (a person reads it) and JSON when it is not (a pipe, a file, a log collector).
 *
 * @example consoleLogFormat(null, process.stdout.isTTY === true)
 */
export function consoleLogFormat(option: LogFormat | null, stdoutIsTerminal: boolean): LogFormat {
  return option ?? (stdoutIsTerminal ? 'pretty' : 'json');
}

export interface CliLoggerOptions {
  readonly level: LogLevel;
  /** Appended to, created when missing; `null` for stdout only. */
  readonly file: string | null;
  /** Default: stdout (fd 1). */
  readonly stdout?: number;
  /** Told once when writing the log file fails; logging to stdout goes on. */
  readonly onFileError?: (error: Error) => void;
  /** How stdout shows lines (the log file is always JSON lines). Default `json`. */
  readonly format?: LogFormat;
  /** Colours in pretty lines (for a terminal). Default false. */
  readonly colorize?: boolean;
}

/** Bytes of log lines gathered before they are written. */
const BATCH_BYTES = 4096;
/** How long a line may wait for its batch. */
const FLUSH_INTERVAL_MS = 100;

/**
 * JSON lines to stdout and to the log file. Lines are written synchronously in batches
 * of 4 KB, and at least every 100 ms: a line a write (two, with the log file) cost a
 * reconnect storm of 1,000 charge points a second about a tenth of its CPU. Every exit
 * path of the CLI flushes (`flush`, `close`), so only a process killed outright (kill -9,
 * a native crash) can lose the last 100 ms of lines.
 *
 * @throws the `fs.openSync` error when the log file cannot be opened.
 */
export function createCliLogger({
  level,
  file,
  stdout = 1,
  onFileError,
  format = 'json',
  colorize = false,
}: CliLoggerOptions): CliLogger {
  const console = pino.destination({ dest: stdout, sync: true, minLength: BATCH_BYTES });
  // A closed stdout (`levity | head`) must not crash the server: the log file goes on.
  console.on('error', () => {});
  const destinations = [console];
  // Pretty lines are made from the JSON line in this thread (not a transport's worker),
  // so that they are batched and flushed like the JSON ones.
  const consoleStream =
    format === 'pretty'
      ? pretty({
          destination: console,
          sync: true,
          colorize,
          singleLine: true,
          translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
          ignore: 'pid,hostname',
        })
      : console;
  const path = file === null ? null : resolve(file);
  let fileDestination: (pino.DestinationStream & { reopen(): void }) | undefined;
  if (path !== null) {
    // Opened here first so that a bad path fails now, with the reason; by name below, so
    // that `reopen` can open it again after a rotation.
    closeSync(openSync(path, 'a'));
    const destination = pino.destination({ dest: path, append: true, sync: true, minLength: BATCH_BYTES });
    fileDestination = destination;
    let told = false;
    destination.on('error', (error: Error) => {
      if (told) return;
      told = true;
      onFileError?.(error);
    });
    destinations.push(destination);
  }
  const streams: pino.StreamEntry[] = [consoleStream, ...destinations.slice(1)].map((stream) => ({
    level,
    stream,
  }));
  const logger = pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      // No token or password may reach a log line, whoever logs it: header fields are
      // censored by path, query-string tokens and credentials in any text are cut out.
      redact: { paths: [...SECRET_LOG_PATHS], censor: '[redacted]' },
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redactFields(fields),
      },
      serializers: {
        err: (error: Error) => {
          const serialized = pino.stdSerializers.err(error);
          return {
            ...serialized,
            message: redactSecrets(serialized.message),
            stack: redactSecrets(serialized.stack),
          };
        },
      },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? redactSecrets(arg) : arg)) as Parameters<
              typeof method
            >,
          );
        },
      },
    },
    pino.multistream(streams),
  );

  const flush = () => {
    for (const destination of destinations) {
      try {
        destination.flushSync();
      } catch {
        // Nothing left to report it to.
      }
    }
  };
  const timer = setInterval(flush, FLUSH_INTERVAL_MS);
  timer.unref();
  let closed = false;
  return {
    logger,
    file: path,
    flush,
    reopen() {
      if (closed || !fileDestination) return;
      flush();
      fileDestination.reopen();
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      flush();
      for (const destination of destinations.slice(1)) destination.end();
    },
  };
}
