#!/usr/bin/env node
import { endQuietlyWhenStdoutCloses, onClosedPipe } from './closed-pipe.js';
import { findSubcommand, runSubcommand } from './commands/index.js';

// A closed stderr is no reason to crash or to change the exit code: what it would have
// said is lost, the outcome is not.
onClosedPipe(process.stderr, () => {});

const args = process.argv.slice(2);
const subcommand = findSubcommand(args);
if (subcommand) endQuietlyWhenStdoutCloses();
// The client subcommands need neither the server nor the database: loading those only
// for the server keeps `levity cp list` quick.
const code = subcommand
  ? await runSubcommand(subcommand, args, process.env)
  : await (await import('./index.js')).main(process.argv);
process.exitCode = code;
// Everything is closed by now; should a stray handle keep the event loop alive, exit anyway.
setTimeout(() => process.exit(code), 2000).unref();
