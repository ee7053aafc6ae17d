#!/usr/bin/env node
// The build, one entry for every output. `node scripts/build.mjs [what…]` (default: lib cjs cli):
//   lib          the library's declarations: tsc → build/types/, and the published JSON Schemas.
//   cjs          the library's code: esbuild → dist/index.cjs (`require`), re-exported by
//                dist/index.js (`import`); lib's declarations bundled into dist/index.d.cts,
//                re-exported by dist/index.d.ts.
//   cli          the bundled CLI that bin/gatecheck.cjs loads: esbuild → dist/bundle/cli.cjs, and
//                each parser's code, dist/bundle/parser-<id>.cjs (lazyRegistry).
//   action       the GitHub Action's entry: esbuild → action/index.mjs, COMMITTED (the action
//                runs it with no install step; .ci/run checks it is what the sources give).
//                `npm run build:action`.
//   action-dist  the same bundle into dist/action/ (not in the default build: the package must
//                not ship it twice; test/cli/action.test.ts builds it with --outdir).
// `--outdir DIR` writes the bundles there instead.
// Each bundle directory holds the entry and files loaded on first use: the VENDOR libraries
// (yaml, fast-xml-parser, picomatch, chalk, yargs, Octokit) and one file per schema validator,
// and for the CLI one per parser; a run that reads reports by path with no policy file and does
// not comment loads the entry and the parsers its reports need.
//
// Why a bundle: an ESM start over ~90 small files cost ~130 ms of module resolution and
// loading, and the schemas compiled at every start ~80 ms. The bundle is one file whose
// rarely used parts are loaded lazily: the sources reach them with `require(…)` or `import(…)`
// inside a function. The CLI's bundle is CommonJS (one file, no ES module loader); the Action's
// is an ES module (its entry awaits at top level) whose comment client is a chunk of its own.
// The schema validators (ajv standalone code) and the default policy are made here, at build
// time (src/util/precompiled.ts is replaced in the bundle).
//
// Deterministic output, so the committed Action bundle can be checked against the sources:
// esbuild prints paths relative to the repository root and no timestamps.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** tsc's declarations, before the cjs step bundles them (not shipped). */
const TYPES = join(root, 'build', 'types');
const src = (p) => join(root, 'src', p);

const COMMON = {
  // Licence comments go to LICENSES.txt next to the bundle (all of each package's licence).
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: !process.env.GATECHECK_BUILD_NOMINIFY,
  legalComments: 'none',
  // Non-ASCII characters as escapes: an ASCII file reads as a one-byte string, decoded in ~0.1 ms,
  // where the CLI bundle's 116 non-ASCII characters made it a two-byte string (~1 ms, and twice the memory).
  charset: 'ascii',
  logLevel: 'warning',
};

/** The schemas the sources validate with (lazyValidator), and parts of them by JSON pointer. */
const SCHEMAS = ['config/schema.json', 'model/schema.json', 'reporters/evaluation.schema.json'];
const PARTS = [['config/schema.json', '/definitions/gate']];

/**
 * Build-time values: each schema's validator as ajv standalone code, bundled into a file of
 * its own (`validate-<name>.cjs`, required on first use: most runs validate nothing), and the
 * default policy read from its YAML and checked against the schema here, once.
 * Returns the source of the module that replaces src/util/precompiled.ts, and the files.
 */
async function precompile() {
  const { Ajv } = await import('ajv');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const { parseDocument } = await import('yaml');
  const options = JSON.parse(readFileSync(src('util/ajv-options.json'), 'utf8'));
  const ajv = new Ajv({ ...options, code: { source: true } });
  const schemas = SCHEMAS.map((p) => JSON.parse(readFileSync(src(p), 'utf8')));
  for (const s of schemas) ajv.addSchema(s);
  const files = new Map();
  const packages = new Set();
  const loaders = [];
  const keys = [...schemas.map((s) => s.$id), ...PARTS.map(([p, pointer]) => `${schemas[SCHEMAS.indexOf(p)].$id}#${pointer}`)];
  for (const key of keys) {
    const file = `validate-${key.split('/').pop().replace(/\.json$/, '')}.cjs`;
    const out = await build({ ...COMMON, stdin: { contents: standaloneCode(ajv, ajv.getSchema(key)), resolveDir: root, loader: 'js' }, format: 'cjs', write: false, metafile: true, outfile: file });
    files.set(file, out.outputFiles[0].text);
    for (const p of packagesIn(out.metafile)) packages.add(p);
    loaders.push(`${JSON.stringify(key)}: () => require(${JSON.stringify(`./${file}`)})`);
  }

  // The default policy: the YAML text exported by src/config/default-policy.ts, read as
  // loadPolicy reads it, and valid against the schema.
  const mod = await build({ entryPoints: [src('config/default-policy.ts')], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent' });
  const { DEFAULT_POLICY_YAML } = await import(`data:text/javascript;base64,${Buffer.from(mod.outputFiles[0].text).toString('base64')}`);
  const doc = parseDocument(DEFAULT_POLICY_YAML, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(`default policy: ${doc.errors[0].message}`);
  const policy = doc.toJS();
  const validate = ajv.getSchema(schemas[0].$id);
  if (!validate(policy)) throw new Error(`default policy: ${ajv.errorsText(validate.errors)}`);
  // …and each gate as resolvePolicy checks a gate merged with the default it overrides (here: itself),
  // which the bundle then skips (src/config/load.ts, defaultPolicy).
  const validateGate = ajv.getSchema(`${schemas[0].$id}#/definitions/gate`);
  for (const g of policy.gates) if (!validateGate(g)) throw new Error(`default policy: gate ${g.id}: ${ajv.errorsText(validateGate.errors)}`);

  const module = `export const precompiled = { validators: { ${loaders.join(', ')} }, defaultPolicy: ${JSON.stringify(policy)} };\n`;
  return { module, files, packages };
}

/**
 * Third-party libraries only some runs need, each bundled into a file of its own next to the
 * bundle and loaded when a run first needs it: yaml (a policy file), fast-xml-parser (an XML
 * report), picomatch (a glob), chalk (colour), yargs (help and the commands src/cli/fast-args.ts leaves to it),
 * Octokit (the GitHub comment). `.cjs` files are reached by a plain require(), yargs' too (an ES
 * module whose import.meta.url becomes its file's URL: the CLI's bundle holds no import(), which
 * its V8 code cache would not keep; bin/gatecheck.cjs); Octokit, ESM-only, by the comment client's imports
 * (require() of an ES module in the CommonJS bundle: Node ≥ 20.19, which engines asks for).
 */
const VENDOR = [
  { file: 'yaml.cjs', specifiers: ['yaml'] },
  { file: 'fast-xml-parser.cjs', specifiers: ['fast-xml-parser'] },
  { file: 'picomatch.cjs', specifiers: ['picomatch'] },
  { file: 'chalk.cjs', specifiers: ['chalk'] },
  { file: 'yargs.cjs', specifiers: ['yargs'], importMeta: true },
  { file: 'octokit.mjs', specifiers: ['@octokit/rest', '@octokit/plugin-retry'] },
];
const VENDOR_FILE = new Map(VENDOR.flatMap((v) => v.specifiers.map((s) => [s, v.file])));
const VENDOR_OR_AJV = new RegExp(`^(${[...VENDOR_FILE.keys(), 'ajv'].map((s) => s.replace(/[/.]/g, '\\$&')).join('|')})$`);

/** An ES module bundle may hold CommonJS code (ajv's runtime helpers, yargs' dependencies) that calls require(). */
const ESM_REQUIRE = "import { createRequire as __gatecheckRequire } from 'node:module';\nconst require = __gatecheckRequire(import.meta.url);";

/**
 * A source file as the bundles read it: its `const require = createRequire(import.meta.url);`
 * line (lazy loading in the tsc build) dropped, so `require` is the output's own — esbuild's in an
 * ES module bundle, the module's in a CommonJS one.
 */
function loadSource(path) {
  return { contents: readFileSync(path, 'utf8').replace(/^const require = createRequire\(import\.meta\.url\);$/m, ''), loader: 'ts' };
}

const REGISTRY = src('parsers/registry.ts');

/**
 * The registry's parsers, in its order: `{ name, file }` from its `import { name } from
 * './file.js';` lines and its `parsers` list (src/parsers/registry.ts says so).
 */
function registryEntries() {
  const text = readFileSync(REGISTRY, 'utf8');
  const files = new Map([...text.matchAll(/^import \{ (\w+) \} from '\.\/([\w-]+)\.js';$/gm)].map((m) => [m[1], m[2]]));
  const list = /^export const parsers = \[([\s\S]*?)\] as const/m.exec(text)?.[1];
  if (list === undefined) throw new Error('src/parsers/registry.ts: no `export const parsers = [ … ] as const`');
  const names = list.split('\n').map((l) => l.replace(/\/\/.*$/, '').trim().replace(/,$/, '')).filter(Boolean);
  const unknown = names.filter((n) => !files.has(n));
  if (unknown.length > 0 || names.length !== files.size || names.length < 30) {
    throw new Error(`src/parsers/registry.ts: the parsers list and the import lines differ (${unknown.join(', ') || `${names.length} listed, ${files.size} imported`})`);
  }
  return names.map((name) => ({ name, file: files.get(name) }));
}

/**
 * The CLI bundle's registry: every parser's format (id, description, detect: sniffing needs them
 * all) and, on first parse, its code from a file of its own, dist/bundle/parser-<file>.cjs. A run
 * compiles only the parsers its reports need: V8 compiling the bundle is most of a small run's
 * start (bin/gatecheck.cjs).
 */
function lazyRegistry(entries) {
  const imports = entries.map((e, i) => `import { ${e.name}Format as f${i} } from ${JSON.stringify(src(`parsers/${e.file}.ts`))};`);
  const items = entries.map((e, i) => `lazy(f${i}, ${JSON.stringify(`parser-${e.file}.cjs`)}, () => require(${JSON.stringify(`./parser-${e.file}.cjs`)}).${e.name})`);
  // A parser's file that will not load is a broken install, not an unreadable report (nor a bug):
  // one line naming that file, E_INTERNAL (exit 2).
  return `${imports.join('\n')}
import { GatecheckError } from ${JSON.stringify(src('errors.ts'))};
function lazy(format, file, load) {
  let parser;
  const loaded = (report) => {
    try {
      return load();
    } catch (e) {
      throw new GatecheckError('E_INTERNAL', \`cannot load the \${format.id} parser (dist/bundle/\${file}): \${String(e && e.message).split('\\n')[0]}; reinstall gatecheck\`, { file: report.path, cause: e });
    }
  };
  return { ...format, parse: (report, options) => (parser ??= loaded(report)).parse(report, options) };
}
export const parsers = [${items.join(', ')}];
`;
}

/**
 * esbuild plugin: the sources' `const require = createRequire(import.meta.url)` (lazy loading
 * in the tsc build) is dropped, so `require('yaml')` is the bundler's; the VENDOR libraries
 * resolve to their own files next to the bundle; src/util/precompiled.ts is replaced by the
 * build-time values, and ajv itself (needed only to compile schemas) by a stub that says so.
 * `lazyParsers` (registryEntries): the registry is lazyRegistry's, each parser's code a file of its own.
 */
function gatecheckPlugin(precompiled, lazyParsers) {
  return {
    name: 'gatecheck',
    setup(b) {
      if (lazyParsers) b.onResolve({ filter: /^\.\/parser-[\w-]+\.cjs$/ }, (args) => ({ path: args.path, external: true }));
      b.onResolve({ filter: VENDOR_OR_AJV }, (args) => {
        if (args.path === 'ajv') return { path: 'ajv', namespace: 'gatecheck-stub' };
        return { path: `./${VENDOR_FILE.get(args.path)}`, external: true };
      });
      b.onResolve({ filter: /^\.\/validate-[\w.-]+\.cjs$/ }, (args) => ({ path: args.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: 'gatecheck-stub' }, () => ({
        contents: "export class Ajv { constructor() { throw new Error('a schema was not precompiled: add it in scripts/build.mjs'); } }",
        loader: 'js',
      }));
      b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
        if (args.path === src('util/precompiled.ts')) return { contents: precompiled.module, loader: 'js', resolveDir: dirname(args.path) };
        if (lazyParsers && args.path === REGISTRY) return { contents: lazyRegistry(lazyParsers), loader: 'js', resolveDir: dirname(args.path) };
        return loadSource(args.path);
      });
    },
  };
}

/**
 * One bundle: `entry` (under src/) → `outdir/outName`, and the VENDOR files. `.cjs`: CommonJS
 * (the CLI: a CommonJS start skips Node's ES module loader, ~4 ms), with each parser's code in a
 * file of its own (lazyRegistry); `.mjs`: an ES module with chunks for the code reached only by
 * import() (the Action, whose entry awaits at top level).
 */
export async function bundle(entry, outdir, outName, precompiled) {
  mkdirSync(outdir, { recursive: true });
  const cjs = outName.endsWith('.cjs');
  const lazyParsers = cjs ? registryEntries() : undefined;
  const r = await build({
    ...COMMON,
    metafile: true,
    entryPoints: [{ in: src(entry), out: outName.replace(/\.[cm]?js$/, '') }],
    outdir,
    outExtension: { '.js': outName.slice(outName.lastIndexOf('.')) },
    ...(cjs ? { format: 'cjs' } : { format: 'esm', splitting: true, chunkNames: '[name]-[hash]', banner: { js: ESM_REQUIRE } }),
    plugins: [gatecheckPlugin(precompiled, lazyParsers)],
  });
  if (process.env.GATECHECK_BUILD_META) writeFileSync(process.env.GATECHECK_BUILD_META, JSON.stringify(r.metafile));
  noImportMeta(outName, r.warnings);
  const packages = new Set([...packagesIn(r.metafile), ...precompiled.packages]);
  if (lazyParsers) {
    stamp(join(outdir, outName));
    // The parsers' code, one CommonJS file each, which the bundle's registry loads on first use
    // (lazyRegistry). Each holds what its parser uses (helpers are copied into each: a run loads
    // one or two); src/errors.ts's GatecheckError is one class to `instanceof` across the copies.
    await Promise.all(
      lazyParsers.map(async ({ name, file }) => {
        const out = join(outdir, `parser-${file}.cjs`);
        const p = await build({
          ...COMMON,
          metafile: true,
          stdin: { contents: `export { ${name} } from ${JSON.stringify(src(`parsers/${file}.ts`))};`, resolveDir: root, loader: 'js' },
          outfile: out,
          format: 'cjs',
          plugins: [gatecheckPlugin(precompiled)],
        });
        noImportMeta(`parser-${file}.cjs`, p.warnings);
        for (const d of packagesIn(p.metafile)) packages.add(d);
        stamp(out);
      }),
    );
  }
  for (const [file, text] of precompiled.files) writeFileSync(join(outdir, file), text);
  for (const { file, specifiers, importMeta } of VENDOR) {
    const esm = file.endsWith('.mjs');
    const v = await build({
      ...COMMON,
      metafile: true,
      ...(specifiers.length === 1
        ? { entryPoints: [specifiers[0]] }
        : { stdin: { contents: specifiers.map((s) => `export * from ${JSON.stringify(s)};`).join('\n'), resolveDir: root, loader: 'js' } }),
      outfile: join(outdir, file),
      format: esm ? 'esm' : 'cjs',
      ...(esm ? { banner: { js: ESM_REQUIRE } } : {}),
      ...(importMeta ? { define: { 'import.meta.url': '__gatecheckImportMetaUrl' }, banner: { js: "var __gatecheckImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" } } : {}),
    });
    for (const p of packagesIn(v.metafile)) packages.add(p);
  }
  writeFileSync(join(outdir, 'LICENSES.txt'), licenses(packages));
}

/**
 * A CommonJS file bin/gatecheck.cjs loads with a V8 code cache: its content hash on its first
 * line, which names the cache (V8 checks only a cached source's length). The bin compiles it as a
 * script, which cannot run an import(): such code require()s instead.
 */
function stamp(file) {
  const text = readFileSync(file, 'utf8');
  if (/\bimport\(/.test(text)) throw new Error(`${relative(root, file)}: holds an import(), which bin/gatecheck.cjs cannot run: require() it`);
  writeFileSync(file, `// gatecheck bundle ${createHash('sha256').update(text).digest('hex').slice(0, 16)}\n${text}`);
}

/**
 * A CommonJS output has no import.meta: esbuild empties it (a warning, not an error), and the
 * file would then throw as it loads (createRequire(undefined)). That happens when a source spells
 * its `const require = createRequire(import.meta.url);` line otherwise than the plugins drop it.
 */
function noImportMeta(name, warnings) {
  if (warnings.some((w) => w.id === 'empty-import-meta')) throw new Error(`${name}: import.meta in CommonJS output: write \`const require = createRequire(import.meta.url);\` alone on its line`);
}

/** The node_modules package folders (relative to the root) whose code a build's output holds. */
function packagesIn(metafile) {
  const dirs = new Set();
  for (const out of Object.values(metafile.outputs)) {
    for (const input of Object.keys(out.inputs)) {
      const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (m) dirs.add(m[1]);
    }
  }
  return dirs;
}

/** The licence texts of the bundled packages: the bundle redistributes their code. */
function licenses(dirs) {
  let text = 'Third-party code bundled into these files, with its licence.\n';
  for (const dir of [...dirs].sort()) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const file = readdirSync(join(root, dir)).filter((f) => /^(licen[cs]e|copying)/i.test(f)).sort()[0];
    const body = file ? readFileSync(join(root, dir, file), 'utf8').trim() : `(no licence file in the package; package.json says: ${pkg.license})`;
    text += `\n${'='.repeat(78)}\n${pkg.name}@${pkg.version} (${pkg.license})\n\n${body}\n`;
  }
  return text;
}

/**
 * The library's code (`require('gatecheck')`, and `import` through dist/index.js): src/index.ts →
 * dist/index.cjs, one esbuild file, not minified (a library's stack traces are read). Every
 * runtime dependency stays external, required from node_modules when first needed: yaml, ajv and
 * fast-xml-parser (CommonJS) on first use; yargs (ESM only) by the CLI for the command
 * lines src/cli/fast-args.ts leaves to it; chalk (ESM only) when the text table is
 * coloured, and Octokit (ESM only) when the first comment is posted — require() of an ES module,
 * Node ≥ 20.19 as engines asks. esbuild turns the CLI's `import('../comment/index.js')` into a
 * lazily initialised part of this file. The schema validators compile on first use
 * (src/util/precompiled.ts stays empty).
 * Then the declarations: the lib step's (build/types/) bundled into one self-contained file,
 * dist/index.d.cts, by rollup-plugin-dts.
 */
async function buildCjs() {
  const dist = join(root, 'dist');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const external = Object.keys(pkg.dependencies).flatMap((d) => [d, `${d}/*`]);
  const out = await build({
    absWorkingDir: root,
    entryPoints: [src('index.ts')],
    outfile: join(dist, 'index.cjs'),
    write: false,
    metafile: true,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
    // In a CommonJS file `require` is the module's own, and resolves from the installed package.
    plugins: [{ name: 'gatecheck-cjs', setup: (b) => b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => loadSource(args.path)) }],
  });
  // Only gatecheck's own code: its dependencies are installed beside it, with their licences.
  const thirdParty = packagesIn(out.metafile);
  if (thirdParty.size > 0) throw new Error(`cjs: third-party code bundled into dist/index.cjs: ${[...thirdParty].join(', ')}`);
  noImportMeta('dist/index.cjs', out.warnings);
  writeFileSync(join(dist, 'index.cjs'), out.outputFiles[0].text);

  // The ES module entry, dist/index.js: the same code, re-exported by name. One implementation for
  // both entries (one GatecheckError class in a process that loads both), and `import` loads one
  // file of code instead of tsc's ~90 modules (102 ms to import them on Node 20, measured).
  const names = Object.keys(createRequire(import.meta.url)(join(dist, 'index.cjs'))).filter((n) => n !== '__esModule').sort();
  if (names.length < 20) throw new Error(`cjs: dist/index.cjs exports only ${names.join(', ')}`);
  // A static re-export, which bundlers follow (a consumer's esbuild, webpack or rollup bundles
  // gatecheck with it; through createRequire(import.meta.url) they could not). Node's loader scans
  // a CommonJS file it imports for its export names (cjs-module-lexer): over dist/index.cjs that
  // cost ~80 ms on Node 20 (~2 ms on Node 24), so it imports a small file that names them and
  // requires the code (`module.exports = require(…)` would make the lexer scan that file too).
  writeFileSync(
    join(dist, 'index.names.cjs'),
    "'use strict';\n// The names of dist/index.cjs's exports, for Node's ES module loader (dist/index.js): made by scripts/build.mjs.\n" +
      "const gatecheck = require('./index.cjs');\nmodule.exports = gatecheck;\n" +
      `0 && (module.exports = { ${names.join(', ')} });\n`,
  );
  writeFileSync(
    join(dist, 'index.js'),
    `// gatecheck's ES module entry: the CommonJS build (./index.cjs, made from src/index.ts by scripts/build.mjs), re-exported.\nexport { ${names.join(', ')} } from './index.names.cjs';\n`,
  );

  // Declarations: tsc's (the lib step, in TYPES) bundled into one self-contained file,
  // dist/index.d.cts, for the code's own file; the ES module entry's dist/index.d.ts re-exports it,
  // as dist/index.js re-exports the code. (A .d.cts that re-exported ESM declarations would be
  // TS1479 under --module node16/nodenext.)
  const types = join(TYPES, 'index.d.ts');
  if (!existsSync(types)) throw new Error(`cjs: ${relative(root, types)} is missing: build lib first (node scripts/build.mjs lib cjs)`);
  const { rollup } = await import('rollup');
  const { dts } = await import('rollup-plugin-dts');
  const warnings = [];
  const bundled = await rollup({ input: types, external: (id) => !/^[./]/.test(id), plugins: [dts()], onwarn: (w) => warnings.push(w.message) });
  await bundled.write({ file: join(dist, 'index.d.cts'), format: 'es' });
  await bundled.close();
  if (warnings.length) throw new Error(`cjs: bundling the declarations:\n${warnings.join('\n')}`);
  writeFileSync(join(dist, 'index.d.ts'), "// The declarations of gatecheck's ES module entry: those of the code it re-exports (./index.d.cts).\nexport * from './index.cjs';\n");
}

const BUNDLES = {
  cli: ['cli/main.ts', 'dist/bundle', 'cli.cjs'],
  action: ['cli/action-main.ts', 'action', 'index.mjs'],
  'action-dist': ['cli/action-main.ts', 'dist/action', 'index.mjs'],
};
/** Targets built by a function of their own, after lib (they read its output). */
const STEPS = { cjs: buildCjs };

async function main(argv) {
  const outdirAt = argv.indexOf('--outdir');
  const outdir = outdirAt >= 0 ? resolve(argv[outdirAt + 1]) : undefined;
  const what = argv.filter((a, i) => !a.startsWith('--') && (outdirAt < 0 || i !== outdirAt + 1));
  const wanted = what.length ? what : ['lib', 'cjs', 'cli'];
  // The library is both entries: lib empties dist/, so it is followed by cjs (whose types it also makes stale).
  if (wanted.includes('lib') && !wanted.includes('cjs')) wanted.splice(wanted.indexOf('lib') + 1, 0, 'cjs');
  for (const w of wanted) if (w !== 'lib' && !BUNDLES[w] && !STEPS[w]) throw new Error(`unknown build target ${w} (lib, ${[...Object.keys(STEPS), ...Object.keys(BUNDLES)].join(', ')})`);
  if (wanted.includes('lib')) {
    // tsc only adds and overwrites: files of an earlier build (source maps, modules since removed,
    // a dist/action bundle) would stay in dist/ and be packed. Only the CLI bundle the bin loads
    // is kept when this run does not rebuild it.
    const keep = wanted.includes('cli') ? undefined : 'bundle';
    const dist = join(root, 'dist');
    for (const name of existsSync(dist) ? readdirSync(dist) : []) if (name !== keep) rmSync(join(dist, name), { recursive: true, force: true });
    // Declarations only (the code of both entries is the cjs step's one file), into a folder of
    // their own that the cjs step bundles into dist/index.d.cts: only what the entry reaches ships.
    rmSync(TYPES, { recursive: true, force: true });
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', TYPES], { stdio: 'inherit' });
    // The schemas package.json exports (`gatecheck/schema/*.json`), where `gatecheck init` points editors.
    for (const p of SCHEMAS) {
      mkdirSync(dirname(join(dist, p)), { recursive: true });
      writeFileSync(join(dist, p), readFileSync(src(p)));
    }
  }
  for (const w of wanted) if (STEPS[w]) await STEPS[w]();
  const bundles = wanted.filter((w) => BUNDLES[w]);
  if (bundles.length === 0) return;
  const precompiled = await precompile();
  for (const w of bundles) {
    const [entry, dir, name] = BUNDLES[w];
    // Our own folders are emptied first: a chunk whose name (a content hash) changed must not linger.
    if (!outdir) rmSync(join(root, dir), { recursive: true, force: true });
    await bundle(entry, outdir ?? join(root, dir), name, precompiled);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
