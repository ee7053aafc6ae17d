#!/usr/bin/env node
import { runCli } from '../dist/cli/index.js';
import { processIo } from '../dist/cli/io.js';
process.exitCode = await runCli(process.argv.slice(2), processIo());
