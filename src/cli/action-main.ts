/** The Action's entry: see ./action.ts. Set up like bin/gatecheck.cjs, then run the step. */
import { setFlagsFromString } from 'node:v8';
import { internalError } from '../errors.js';
import { runAction } from './action.js';
import { isDebug, printError } from './index.js';
import type { CliIo } from './io.js';

// As bin/gatecheck.cjs: a young generation that keeps its starting size (less memory, same speed).
setFlagsFromString('--semi-space-growth-factor=1');
// `… | head` in a run step closes the pipe early: later writes are dropped, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}
const io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
const crash = (e: unknown) => process.exit(printError(internalError(e), io, isDebug([], process.env)));
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
process.exitCode = await runAction(process.env, io);
