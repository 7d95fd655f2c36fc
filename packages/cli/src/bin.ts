#!/usr/bin/env node
import { findSubcommand, runSubcommand } from './commands/index.js';

const args = process.argv.slice(2);
const subcommand = findSubcommand(args);
// The client subcommands need neither the server nor the database: loading those only
// for the server keeps `levity cp list` quick.
const code = subcommand
  ? await runSubcommand(subcommand, args, process.env)
  : await (await import('./index.js')).main(process.argv);
process.exitCode = code;
// Everything is closed by now; should a stray handle keep the event loop alive, exit anyway.
setTimeout(() => process.exit(code), 2000).unref();
