/** The Action's entry: see ./action.ts. Set up like bin/gatecheck.cjs, then run the step. */
import { internalError } from '../errors.js';
import { runAction } from './action.js';
import { isDebug, printError } from './index.js';
import { processIo } from './io.js';

const io = processIo();
// As the bin: a crash is exit 2, also where its line cannot be written (a throwing handler would make Node exit 7).
const crash = (e: unknown) => {
  try {
    printError(internalError(e), io, isDebug([], process.env));
  } catch {
    // standard error is not writable: the exit code is all there is
  }
  process.exit(2);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
process.exitCode = await runAction(process.env, io);
