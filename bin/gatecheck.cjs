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
// The process's streams (made on first use, EPIPE from `| head` ignored) and V8's heap tuned for
// a large report: src/cli/io.ts.
// runCli never rejects; an exception thrown outside its call chain (a stream or timer callback)
// is still a crash, not a verdict: one line, exit 2.
const io = processIo();
const crash = (e) => process.exit(printError(internalError(e), io, isDebug(argv, process.env)));
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
runCli(argv, io).then((code) => {
  process.exitCode = code;
});
