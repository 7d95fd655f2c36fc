import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import pino from 'pino';
import type { LogLevel } from './options.js';
import { redactFields, redactSecrets, SECRET_LOG_PATHS } from './redact.js';

/** The CLI's logger and the files behind it. */
export interface CliLogger {
  readonly logger: Logger;
  /** Absolute path of the log file, or `null` when there is none. */
  readonly file: string | null;
  /** Writes out anything buffered; safe to call right before `process.exit`. */
  flush(): void;
  /** Flushes and closes the log file. The logger must not be used afterwards. */
  close(): void;
}

export interface CliLoggerOptions {
  readonly level: LogLevel;
  /** Appended to, created when missing; `null` for stdout only. */
  readonly file: string | null;
  /** Default: stdout (fd 1). */
  readonly stdout?: number;
  /** Told once when writing the log file fails; logging to stdout goes on. */
  readonly onFileError?: (error: Error) => void;
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
export function createCliLogger({ level, file, stdout = 1, onFileError }: CliLoggerOptions): CliLogger {
  const console = pino.destination({ dest: stdout, sync: true, minLength: BATCH_BYTES });
  // A closed stdout (`levity | head`) must not crash the server: the log file goes on.
  console.on('error', () => {});
  const destinations = [console];
  const path = file === null ? null : resolve(file);
  let fileFd: number | undefined;
  if (path !== null) {
    // Opened here rather than by pino so that a bad path fails now, with the reason.
    fileFd = openSync(path, 'a');
    const destination = pino.destination({ dest: fileFd, sync: true, minLength: BATCH_BYTES });
    let told = false;
    destination.on('error', (error: Error) => {
      if (told) return;
      told = true;
      onFileError?.(error);
    });
    destinations.push(destination);
  }
  const streams: pino.StreamEntry[] = destinations.map((stream) => ({ level, stream }));
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
    close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      flush();
      if (fileFd !== undefined) closeSync(fileFd);
    },
  };
}
