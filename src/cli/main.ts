/** The bundled CLI's entry (scripts/build.mjs → dist/bundle/cli.cjs, which bin/gatecheck.cjs loads). */
export { runCli, printError, isDebug } from './index.js';
export { internalError } from '../errors.js';
export { processIo } from './io.js';
