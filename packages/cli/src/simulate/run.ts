import { readFileSync } from 'node:fs';
import type { FleetSummary, SimulatorTls } from '@levity/simulator';
import { formatSummary, runFleet } from '@levity/simulator';
import { endQuietlyWhenStdoutCloses } from '../closed-pipe.js';
import type { SimulateOptions } from './options.js';
import { parseSimulateCommandLine } from './options.js';

/** The TLS files the flags name, or a one-line message about the one that cannot be read. */
function readTls(options: SimulateOptions): SimulatorTls | string | undefined {
  if ((options.cert === null) !== (options.key === null)) return '--cert and --key go together';
  const files: [keyof SimulatorTls, string | null][] = [
    ['ca', options.ca],
    ['cert', options.cert],
    ['key', options.key],
  ];
  const tls: Record<string, string> = {};
  for (const [name, path] of files) {
    if (path === null) continue;
    try {
      tls[name] = readFileSync(path, 'utf8');
    } catch (error) {
      return `cannot read --${name} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`;
    }
  }
  return Object.keys(tls).length === 0 ? undefined : (tls as SimulatorTls);
}

/** Where `levity simulate` writes: the summary goes to stderr, help to stdout. */
export interface SimulateOutput {
  readonly stdout: Pick<NodeJS.WriteStream, 'write'>;
  readonly stderr: Pick<NodeJS.WriteStream, 'write'> & { readonly isTTY?: boolean };
}

/** How long stopping the sessions and closing may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 30_000;

const PREFIX = 'levity simulate: ';

/**
 * `levity simulate`: runs a fleet of simulated charge points until SIGINT, SIGTERM or
 * `--duration`, printing a summary line every second (refreshed in place on a terminal).
 * Resolves with the exit code: 0, 1 when no charge point could ever boot, 2 for bad flags.
 *
 * @example
 * process.exitCode = await simulate(['--url', 'ws://127.0.0.1:9000/ws', '--cps', '10']);
 */
export async function simulate(
  argv: readonly string[],
  output: SimulateOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const line = parseSimulateCommandLine(argv);
  if (line.kind === 'print') {
    if (output.stdout === process.stdout) endQuietlyWhenStdoutCloses();
    output.stdout.write(`${line.output}\n`);
    return 0;
  }
  if (line.kind === 'usage-error') {
    output.stderr.write(`${PREFIX}${line.message}\n`);
    return 2;
  }
  const { options } = line;
  const tls = readTls(options);
  if (typeof tls === 'string') {
    output.stderr.write(`${PREFIX}${tls}\n`);
    return 2;
  }
  const tty = output.stderr.isTTY === true;
  const show = (summary: FleetSummary) => {
    const text = `${PREFIX}${formatSummary(summary)}`;
    output.stderr.write(tty ? `\r\u001b[2K${text}` : `${text}\n`);
  };

  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      output.stderr.write(
        `${tty ? '\n' : ''}${PREFIX}${signal} again; exiting without stopping the sessions\n`,
      );
      process.exit(1);
    }
    controller.abort();
    setTimeout(() => {
      output.stderr.write(`\n${PREFIX}stopping took over ${SHUTDOWN_TIMEOUT_MS / 1000} s; exiting\n`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const summary = await runFleet({
      url: options.url,
      count: options.cps,
      connectors: options.connectors,
      idPrefix: options.idPrefix,
      sessionSeconds: options.sessionSeconds,
      meterIntervalSeconds: options.meterInterval,
      chargePoint: {
        ...(options.password === null ? {} : { password: options.password }),
        ...(tls === undefined ? {} : { tls }),
      },
      ...(options.duration === null ? {} : { durationSeconds: options.duration }),
      signal: controller.signal,
      onSummary: (summary) => {
        if (summary.phase !== 'stopped') show(summary);
      },
    });
    output.stderr.write(`${tty ? '\n' : ''}${PREFIX}${formatSummary(summary)}\n`);
    if (summary.booted === 0) {
      output.stderr.write(`${PREFIX}no charge point could boot at ${options.url}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    output.stderr.write(
      `${tty ? '\n' : ''}${PREFIX}${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
