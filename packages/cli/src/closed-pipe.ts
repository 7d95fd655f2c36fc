/**
 * Runs `onClosed` instead of crashing when the reader of `stream` goes away (`EPIPE`,
 * as in `levity cp show CP001 | head -1`). Any other error of the stream is thrown as
 * before.
 *
 * @example
 * // What was left to print has no reader, which is what the reader asked for: exit 0.
 * onClosedPipe(process.stdout, () => process.exit(0));
 */
export function onClosedPipe(stream: NodeJS.WritableStream, onClosed: () => void): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') onClosed();
    else throw error;
  });
}

/**
 * For a command that prints and ends (a client subcommand, `--help`, `--version`): when
 * the reader of stdout goes away (`levity cp show CP001 | head -1`), what was left to
 * print has no reader, which is what the reader asked for: exit 0 at once, without a
 * `write EPIPE` stack trace. Not for the server, whose logs outlive a closed stdout.
 */
export function endQuietlyWhenStdoutCloses(): void {
  if (stdoutWatched) return;
  stdoutWatched = true;
  onClosedPipe(process.stdout, () => process.exit(0));
}

let stdoutWatched = false;
