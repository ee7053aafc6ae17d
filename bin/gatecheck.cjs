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
// package.json's engines (^20.19.0 || ^22.12.0 || >=23; test/cli/node-version.test.ts holds them
// together): older Nodes lack what the CLI uses (require() of an ES module, process.getBuiltinModule)
// and would fail later as "a bug in gatecheck". One line, exit 2.
const [major, minor] = process.versions.node.split('.').map(Number);
if (!(major >= 23 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19))) {
  process.stderr.write(`gatecheck: needs Node.js ^20.19.0, ^22.12.0 or >= 23 (this is ${process.version}) [E_INTERNAL]\n`);
  process.exitCode = 2;
  return;
}
const fs = require('node:fs');
const path = require('node:path');

// The bundle (scripts/build.mjs, src/cli/main.ts: ~2x faster to start than the ~90 modules tsc
// emits), and a file per parser that it loads on first use.
const BUNDLE = path.join(__dirname, '..', 'dist', 'bundle', 'cli.cjs');
/** Each file loaded by loadBundle whose code cache is missing or was refused: written at exit. */
const unCached = [];
/** The parsers' files loaded so far (bundleRequire), and Node's require for everything else the bundle needs. */
const parts = new Map();
/** What names a cache besides its file and the file's hash (loadBundle), or undefined when caches are off. */
const CACHE_TAG = truthy(process.env.GATECHECK_NO_CODE_CACHE) ? undefined : `${process.version}-${process.arch}${optionsTag()}`;
const nodeRequire = require('node:module').createRequire(BUNDLE);
let cli;
try {
  cli = loadBundle(BUNDLE);
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
// Output written straight to file descriptors 1 and 2 (EPIPE from `| head` ignored), and V8's
// heap tuned for a large report: src/cli/io.ts.
const io = processIo();
{
  // Caches are written by `evaluate` runs that reached a verdict (exit 0, 1, 3 or 4), the CI step
  // whose start matters: a cache, once there, is kept, and one written by `--help` or a usage
  // error would hold little of what an evaluation compiles. V8 refuses a cache made after its
  // flags changed (a large report tunes the heap), so such a run leaves the writing to the next.
  let flagsChanged = false;
  const tune = io.onLargeInput;
  io.onLargeInput = () => {
    flagsChanged = true;
    tune();
  };
  process.once('exit', (code) => {
    if (!flagsChanged && argv.includes('evaluate') && [0, 1, 3, 4].includes(code)) for (const write of unCached) write();
  });
}
// runCli rejects only where even its error could not be written (standard error on a full disk
// or closed for writing); an exception thrown outside its call chain (a stream or timer callback)
// is still a crash, not a verdict: one line, exit 2. Exit 2 too where that line cannot be written:
// a handler that throws would make Node exit 7.
const crash = (e) => {
  try {
    printError(internalError(e), io, isDebug(argv, process.env));
  } catch {
    // standard error is not writable: the exit code is all there is
  }
  process.exit(2);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
runCli(argv, io).then((code) => {
  process.exitCode = code;
});

function truthy(v) {
  return /^(?!0$|false$|no$)./i.test(v === undefined ? '' : v);
}

/**
 * The Node options a cache is made under, when there are any (NODE_OPTIONS, the command line's):
 * V8 refuses a cache made under other flags, so runs with and without, say,
 * --max-old-space-size keep a cache each instead of replacing each other's.
 */
function optionsTag() {
  const options = [...process.execArgv, process.env.NODE_OPTIONS || ''].join(' ').trim();
  if (options === '') return '';
  let h = 0x811c9dc5;
  for (let i = 0; i < options.length; i++) h = Math.imul(h ^ options.charCodeAt(i), 16777619);
  return `-o${(h >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * Load a file of the bundle as Node would (a CommonJS module), with a V8 code cache next to it:
 * cli.cjs, and each dist/bundle/parser-<id>.cjs when cli.cjs first requires it (a run compiles
 * only the parsers its reports need; scripts/build.mjs, lazy parsers).
 *
 * Most of a small run's own time is V8 compiling: the bundle as it loads (~5 ms for its 156 KB
 * here) and then, on first call, each function the run uses. The cache holds both: it is
 * written when a run ends (script.createCachedData() then includes every function compiled so
 * far), and read by the next run, which then compiles nothing it already did: `gatecheck
 * evaluate` on one small JUnit file 1.73x -> 1.36x of `node -e 0` (bench/cases/coldstart.js); the
 * run that writes it takes ~3 ms more.
 * Node's own compile cache (module.enableCompileCache, Node >= 22.1) keeps only the first step.
 *
 * The cache of cli.cjs is `cli-<hash>-<Node version>-<arch>[-o<options>].v8cache` beside it: the
 * build writes each file's content hash on its first line, so a rebuilt bundle never meets an old
 * cache, and V8 itself refuses a cache made by another V8 or with other flags (the run then
 * compiles as without one, and an evaluate run writes a new cache; optionsTag). It is written
 * only where gatecheck is installed and writable, like the code it caches; anywhere else (a
 * read-only install, Yarn's zip archives), or with GATECHECK_NO_CODE_CACHE=1, runs simply compile.
 *
 * V8 checks only the source's length, and not the cache's own bytes (its checksum is verified in
 * debug builds only): a cache whose payload is zeros (a machine that lost power just after writing
 * it) crashes every run (SIGSEGV, V8_Fatal), and one made before a same-length edit of the file
 * (patch-package, a hand fix) runs the code from before the edit. So the cache ends with a stamp
 * naming the file's modification time, written last; a cache without that exact stamp is not used.
 */
function loadBundle(file) {
  const source = fs.readFileSync(file, 'utf8');
  const vm = require('node:vm');
  const dir = path.dirname(file);
  const name = path.basename(file, '.cjs');
  const hash = /^\/\/ gatecheck bundle ([0-9a-f]{16})\n/.exec(source);
  const cacheFile = hash && CACHE_TAG ? path.join(dir, `${name}-${hash[1]}-${CACHE_TAG}.v8cache`) : undefined;
  let cachedData;
  let stamp;
  if (cacheFile) {
    try {
      stamp = Buffer.from(`\ngatecheck code cache of ${fs.statSync(file).mtimeMs}\n`);
      const data = fs.readFileSync(cacheFile);
      if (data.length > stamp.length && data.subarray(-stamp.length).equals(stamp)) cachedData = data.subarray(0, -stamp.length);
    } catch {
      // none yet
    }
  }
  // The wrapper Node puts around a CommonJS module. The bundle holds no import(), which a script
  // compiled here could not run without an experimental flag (scripts/build.mjs).
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, bundleRequire, mod, file, dir);
  if (cacheFile && stamp && (cachedData === undefined || script.cachedDataRejected)) unCached.push(() => writeCache(script, cacheFile, name, hash[1], stamp));
  return mod.exports;
}

/** `require` in the bundle's files (all in one folder): a parser's file through loadBundle, once; anything else as Node requires it. */
function bundleRequire(id) {
  if (!/^\.\/parser-[\w-]+\.cjs$/.test(id)) return nodeRequire(id);
  const file = path.join(path.dirname(BUNDLE), id);
  if (!parts.has(file)) parts.set(file, loadBundle(file));
  return parts.get(file);
}

/**
 * Write the cache beside the file, then its stamp (loadBundle), flushed to disk before an atomic
 * rename (so a power cut leaves the old file or the whole new one), readable by every user of the
 * install whatever the umask; then tidy the folder: caches of the file's other builds, caches of
 * other Node versions or options not written for 30 days, and temporary files a killed run left.
 * Any failure leaves no cache.
 */
function writeCache(script, cacheFile, name, hash, stamp) {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'w', 0o644);
    try {
      fs.writeSync(fd, Buffer.concat([script.createCachedData(), stamp]));
      fs.fchmodSync(fd, 0o644);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, cacheFile);
    const dir = path.dirname(cacheFile);
    const now = Date.now();
    for (const other of fs.readdirSync(dir)) {
      const m = /^(.+)-([0-9a-f]{16})-v\d.*\.v8cache(\.\d+\.tmp)?$/.exec(other);
      const file = path.join(dir, other);
      if (!m || m[1] !== name || file === cacheFile) continue;
      const age = now - fs.statSync(file).mtimeMs;
      if (m[2] !== hash || age > (m[3] ? 86_400_000 : 30 * 86_400_000)) fs.rmSync(file, { force: true });
    }
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing to remove
    }
  }
}
