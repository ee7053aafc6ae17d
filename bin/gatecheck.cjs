#!/usr/bin/env node
'use strict';
// CommonJS, as is the bundle it loads: a CommonJS start skips Node's ES module loader (~4 ms of
// a start that is ~25 ms for Node itself; bench/cases/coldstart.js).
// `gatecheck --version` is answered here, before the bundle loads.
const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  process.stdout.write(`${require('../package.json').version}\n`);
  return;
}
// A CLI run reads its reports once and exits: the model it builds survives and the 64 KiB
// pieces of text die at once, so a young generation that keeps doubling (V8's default) buys no
// speed here, only memory. Keep it at its starting size. Measured with `gatecheck inspect`:
// peak RSS on a 32 MB Cobertura report 125 -> 94 MB, on a 12.6 MB SARIF 139 -> 109 MB, at the
// same speed (docs/coverage.md). Set before the CLI's modules load.
require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
// `gatecheck … | head` closes the pipe early: that is the reader's choice, not an error. Later
// writes are dropped and the run finishes with its own exit code, without a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
  });
}
// One bundled file (scripts/build.mjs, src/cli/main.ts): ~2x faster to start than the ~90
// modules of dist/.
let cli;
try {
  cli = require('../dist/bundle/cli.cjs');
} catch (e) {
  // A checkout that was never built, or an install whose dist/ is gone: a broken install, not a
  // verdict (exit 1 and a stack trace would read as "blocked"). One line, exit 2.
  const debug = argv.includes('--debug') || /^(?!0$|false$|no$)./i.test(process.env.GATECHECK_DEBUG ?? '');
  const why = debug ? String(e && e.stack) : String(e && e.message).split('\n')[0];
  process.stderr.write(`gatecheck: cannot load the CLI bundle (dist/bundle/cli.cjs): ${why}; in a checkout run \`npm ci && npm run build\`, else reinstall gatecheck [E_INTERNAL]\n`);
  process.exitCode = 2;
  return;
}
const { runCli, printError, isDebug, internalError, processIo } = cli;
// runCli never rejects; an exception thrown outside its call chain (a stream or timer callback)
// is still a crash, not a verdict: one line, exit 2.
const io = processIo();
const crash = (e) => process.exit(printError(internalError(e), io, isDebug(argv, process.env)));
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
runCli(argv, io).then((code) => {
  process.exitCode = code;
});
