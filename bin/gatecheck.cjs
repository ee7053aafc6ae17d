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
const fs = require('node:fs');
const path = require('node:path');

// One bundled file (scripts/build.mjs, src/cli/main.ts): ~2x faster to start than the ~90
// modules of dist/.
const BUNDLE = path.join(__dirname, '..', 'dist', 'bundle', 'cli.cjs');
let cli;
let cache;
try {
  ({ exports: cli, cache } = loadBundle(BUNDLE));
} catch (e) {
  // A checkout that was never built, or an install whose dist/ is gone: a broken install, not a
  // verdict (exit 1 and a stack trace would read as "blocked"). One line, exit 2.
  const debug = argv.includes('--debug') || truthy(process.env.GATECHECK_DEBUG);
  const why = debug ? String(e && e.stack) : String(e && e.message).split('\n')[0];
  process.stderr.write(`gatecheck: cannot load the CLI bundle (dist/bundle/cli.cjs): ${why}; in a checkout run \`npm ci && npm run build\`, else reinstall gatecheck [E_INTERNAL]\n`);
  process.exitCode = 2;
  return;
}
const { runCli, printError, isDebug, internalError, processIo } = cli;
// The process's streams (made on first use, EPIPE from `| head` ignored) and V8's heap tuned for
// a large report: src/cli/io.ts.
const io = processIo();
if (cache) {
  // V8 refuses a cache made after its flags changed (a large report tunes the heap), so such a
  // run leaves the writing to the next one.
  let flagsChanged = false;
  const tune = io.onLargeInput;
  io.onLargeInput = () => {
    flagsChanged = true;
    tune();
  };
  process.once('exit', () => flagsChanged || cache.write());
}
// runCli never rejects; an exception thrown outside its call chain (a stream or timer callback)
// is still a crash, not a verdict: one line, exit 2.
const crash = (e) => process.exit(printError(internalError(e), io, isDebug(argv, process.env)));
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
runCli(argv, io).then((code) => {
  process.exitCode = code;
});

function truthy(v) {
  return /^(?!0$|false$|no$)./i.test(v ?? '');
}

/**
 * Load the bundle as Node would (a CommonJS module), with a V8 code cache next to it.
 *
 * Most of a small run's own time is V8 compiling: the bundle as it loads (~9 ms for 250 KB here)
 * and then, on first call, each function the run uses (~8 ms). The cache holds both: it is
 * written when a run ends (script.createCachedData() then includes every function compiled so
 * far), and read by the next run, which then compiles nothing it already did: `gatecheck
 * evaluate` on one small JUnit file 1.9x -> 1.5x of `node -e 0` (bench/cases/coldstart.js); the
 * run that writes it takes ~3 ms more.
 * Node's own compile cache (module.enableCompileCache, Node >= 22.1) keeps only the first step.
 *
 * The file is `cli-<bundle hash>-<Node version>-<arch>.v8cache` beside the bundle: the build
 * writes the bundle's content hash on its first line, so a rebuilt bundle never meets an old
 * cache, and V8 itself refuses a cache made by another V8 or with other flags (the run then
 * compiles as without one and writes a new cache). It is written only where gatecheck is
 * installed and writable, like the code it caches; anywhere else (a read-only install, Yarn's
 * zip archives), or with GATECHECK_NO_CODE_CACHE=1, runs simply compile.
 */
function loadBundle(file) {
  const source = fs.readFileSync(file, 'utf8');
  const vm = require('node:vm');
  const { createRequire } = require('node:module');
  const hash = /^\/\/ gatecheck bundle ([0-9a-f]{16})\n/.exec(source);
  const cacheFile = hash && !truthy(process.env.GATECHECK_NO_CODE_CACHE) ? path.join(path.dirname(file), `cli-${hash[1]}-${process.version}-${process.arch}.v8cache`) : undefined;
  let cachedData;
  if (cacheFile) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // none yet
    }
  }
  // The wrapper Node puts around a CommonJS module. The bundle holds no import(), which a script
  // compiled here could not run without an experimental flag (scripts/build.mjs).
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
  const cache = cacheFile && (cachedData === undefined || script.cachedDataRejected) ? { write: () => writeCache(script, cacheFile, hash[1]) } : undefined;
  return { exports: mod.exports, cache };
}

/** Write the cache beside the bundle, atomically (a rename), and remove caches of other bundles; any failure leaves no cache. */
function writeCache(script, cacheFile, hash) {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, cacheFile);
    const dir = path.dirname(cacheFile);
    for (const name of fs.readdirSync(dir)) {
      if (/^cli-[0-9a-f]{16}-.+\.v8cache$/.test(name) && !name.startsWith(`cli-${hash}-`)) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing to remove
    }
  }
}
