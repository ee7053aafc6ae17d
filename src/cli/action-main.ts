/** The Action's entry: see ./action.ts. Set up like bin/gatecheck.cjs, then run the step. */
import { internalError } from '../errors.js';
import { runAction } from './action.js';
import { isDebug, printError } from './index.js';
import { processIo } from './io.js';

const io = processIo();
const crash = (e: unknown) => process.exit(printError(internalError(e), io, isDebug([], process.env)));
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
process.exitCode = await runAction(process.env, io);
