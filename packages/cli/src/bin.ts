#!/usr/bin/env node
import { main } from './index.js';

const code = await main(process.argv);
process.exitCode = code;
// Everything is closed by now; should a stray handle keep the event loop alive, exit anyway.
setTimeout(() => process.exit(code), 2000).unref();
