#!/usr/bin/env node
// A committed entry point, so that package managers can link the `levity` command
// before the first build has produced dist/.
import '../dist/bin.js';
