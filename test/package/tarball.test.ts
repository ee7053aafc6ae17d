/**
 * The package as a user gets it: `npm pack` makes the tarball, which is installed into an
 * empty project and used there as the README says — the `gatecheck` bin, `import`,
 * `require`, the published schemas, and the types under `tsc --module nodenext`, `node16` and
 * `bundler` (ESM and CommonJS consumers) without skipLibCheck. Offline: the consumer's lockfile lists the tarball and this
 * repository's locked runtime dependencies, so `npm ci --offline` takes them from the npm
 * cache that this repository's `npm ci` filled (no package metadata needed).
 * Runs on the dist/ that `npm test` has just built (`npm pack --ignore-scripts`).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT } from '../helpers.js';

interface PackageJson {
  name: string;
  version: string;
  license: string;
  engines: Record<string, string>;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
}
interface PackResult {
  filename: string;
  files: Array<{ path: string; size: number }>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
/** A real pytest report (fixtures/junit/pytest-xunit2: 8 tests, 3 passed, 2 failed, 1 error, 2 skipped). */
const SAMPLE = join(FIXTURES, 'junit/pytest-xunit2');
const sample = JSON.parse(readFileSync(join(SAMPLE, 'expected.json'), 'utf8')) as { summary: { total: number; passed: number; skipped: number } };
/** tests.pass-rate = passed / (total − skipped), in percent: 3 / 6 = 50. */
const PASS_RATE = (100 * sample.summary.passed) / (sample.summary.total - sample.summary.skipped);

/** A truncated real JUnit report: parsing it must throw GatecheckError with this code. */
const BROKEN = join(FIXTURES, 'junit/truncated');
const brokenError = JSON.parse(readFileSync(join(BROKEN, 'expected-error.json'), 'utf8')) as { code: string; message: string };

const schemaId = (JSON.parse(readFileSync(join(ROOT, 'src/config/schema.json'), 'utf8')) as { $id: string }).$id;

const tmp = mkdtempSync(join(tmpdir(), 'gatecheck-pack-'));
const app = join(tmp, 'app');
let packed: PackResult;
let install: SpawnSyncReturns<string>;

function run(cmd: string, args: string[], cwd = app): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '' } });
}

/** A code cache the bin would write in this checkout (bin/gatecheck.cjs): never packed. */
const localCache = join(ROOT, 'dist/bundle', `cli-${/^\/\/ gatecheck bundle ([0-9a-f]{16})\n/.exec(readFileSync(join(ROOT, 'dist/bundle/cli.cjs'), 'utf8'))![1]!}-v0.0.0-pack-test-x64.v8cache`);

beforeAll(() => {
  writeFileSync(localCache, 'not a cache');
  const r = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT);
  rmSync(localCache, { force: true });
  expect(r.status, r.stderr).toBe(0);
  packed = (JSON.parse(r.stdout) as PackResult[])[0]!;
  mkdirSync(app);
  const tarball = `file:../${packed.filename}`;
  const integrity = `sha512-${createHash('sha512').update(readFileSync(join(tmp, packed.filename))).digest('base64')}`;
  const packages: Record<string, unknown> = {
    '': { name: 'app', dependencies: { [pkg.name]: tarball } },
    [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: tarball, integrity, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && entry.dev !== true) packages[path] = entry;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, dependencies: { [pkg.name]: tarball } }));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages }));
  install = run('npm', ['ci', '--offline', '--no-audit', '--no-fund']);
  if (install.status !== 0 && install.stderr.includes('ENOTCACHED')) {
    throw new Error(`the npm cache lacks a locked dependency: run \`npm ci\` in ${ROOT} first (it fills the cache this test installs from)\n${install.stderr}`);
  }
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm pack', () => {
  const paths = () => packed.files.map((f) => f.path);

  it('ships the licence, the bin and the build, and no source maps', () => {
    expect(paths()).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', pkg.bin['gatecheck']!.replace(/^\.\//, ''), 'dist/index.js', 'dist/index.d.ts']));
    expect(paths().filter((p) => p.endsWith('.map'))).toEqual([]);
  });

  it("ships no code cache the checkout's runs wrote", () => {
    expect(paths().filter((p) => p.endsWith('.v8cache'))).toEqual([]);
    expect(paths()).toContain('dist/bundle/cli.cjs');
  });

  it('ships one CommonJS entry and its declarations, each one file', () => {
    expect(paths()).toEqual(expect.arrayContaining(['dist/index.cjs', 'dist/index.d.cts']));
    // One declaration file per entry: the code's, and the ES module entry's re-export of it (tsc's
    // per-module declarations, most unreachable from the entry, are bundled, not shipped).
    expect(paths().filter((p) => /\.d\.[cm]?ts$/.test(p)).sort()).toEqual(['dist/index.d.cts', 'dist/index.d.ts']);
    expect(paths().filter((p) => /\.(tsbuildinfo|metafile|meta\.json)$/.test(p))).toEqual([]);
    // Self-contained: a .d.cts that reached the ESM .d.ts files would not compile (TS1479).
    expect(readFileSync(join(app, 'node_modules', pkg.name, 'dist/index.d.cts'), 'utf8')).not.toMatch(/from '\.\.?\//);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toContain('Apache License\n                           Version 2.0, January 2004');
  });

  it('ships nothing twice (no two files over 100 bytes with the same content)', () => {
    const dir = join(app, 'node_modules', pkg.name);
    const byHash = new Map<string, string[]>();
    for (const f of packed.files) {
      if (f.size <= 100) continue;
      const h = createHash('sha1').update(readFileSync(join(dir, f.path))).digest('hex');
      byHash.set(h, [...(byHash.get(h) ?? []), f.path]);
    }
    expect([...byHash.values()].filter((p) => p.length > 1)).toEqual([]);
  });
});

describe('installed from the tarball into an empty project', () => {
  it('installs offline without engine warnings', () => {
    expect(install.status, install.stderr).toBe(0);
    expect(install.stderr).not.toContain('EBADENGINE');
    // Installed from the tarball, not linked to this repository.
    expect(relative(ROOT, join(app, 'node_modules', pkg.name)).startsWith('..')).toBe(true);
    expect(readdirSync(join(app, 'node_modules', pkg.name)).sort()).not.toContain('src');
  });

  it('gatecheck --version prints the version', () => {
    const r = run(join(app, 'node_modules/.bin/gatecheck'), ['--version']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(pkg.version);
    expect(r.status).toBe(0);
  });

  it('gatecheck evaluate on a real JUnit report: blocked, pass rate from the report; the same again from the code cache the first run wrote', () => {
    const bundle = join(app, 'node_modules', pkg.name, 'dist/bundle');
    const caches = () => readdirSync(bundle).filter((n) => n.endsWith('.v8cache'));
    expect(caches()).toEqual([]);
    const r = run(join(app, 'node_modules/.bin/gatecheck'), ['evaluate', join(SAMPLE, 'input.xml'), '--json']);
    expect(r.stderr).toBe('');
    const e = JSON.parse(r.stdout) as { verdict: string; gates: Array<{ id: string; status: string; value?: number }> };
    expect(e.verdict).toBe('blocked');
    expect(e.gates.find((g) => g.id === 'tests.pass-rate')).toMatchObject({ status: 'fail', value: PASS_RATE });
    expect(r.status).toBe(1);
    // One for the bundle and one for the one parser it loaded (dist/bundle/parser-junit.cjs).
    const tail = `-[0-9a-f]{16}-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`;
    expect(caches().sort()).toEqual([expect.stringMatching(new RegExp(`^cli${tail}`)), expect.stringMatching(new RegExp(`^parser-junit${tail}`))]);
    const again = run(join(app, 'node_modules/.bin/gatecheck'), ['evaluate', join(SAMPLE, 'input.xml'), '--json']);
    expect([again.status, again.stdout, again.stderr]).toEqual([r.status, r.stdout, r.stderr]);
  });

  it('gatecheck init points the editor at a schema the package ships', () => {
    const r = run(join(app, 'node_modules/.bin/gatecheck'), ['init', '-o', 'ci/gatecheck.yml']);
    expect(r.status, r.stderr).toBe(0);
    const first = readFileSync(join(app, 'ci/gatecheck.yml'), 'utf8').split('\n')[0]!;
    const schema = /\$schema=(\S+)$/.exec(first)?.[1];
    expect(schema, first).toBeDefined();
    expect((JSON.parse(readFileSync(join(app, 'ci', schema!), 'utf8')) as { $id: string }).$id).toBe(schemaId);
  });

  const program = (load: string) => `${load}
const { readFileSync } = require('node:fs');
const e = g.evaluate(g.parseReport('input.xml', readFileSync(${JSON.stringify(join(SAMPLE, 'input.xml'))}, 'utf8')), g.defaultPolicy(), { today: '2026-01-01' });
const gate = e.gates.find((x) => x.id === 'tests.pass-rate');
console.log(JSON.stringify([e.verdict, gate.value, g.render(e, 'junit').startsWith('<?xml'), require.resolve('gatecheck/schema/config.json').endsWith('.json'), g.configSchema.$id]));`;
  const expected = JSON.stringify(['blocked', PASS_RATE, true, true, schemaId]);

  it("import { … } from 'gatecheck' (ESM)", () => {
    const code = program("import * as g from 'gatecheck';\nimport { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);");
    const r = run(process.execPath, ['--input-type=module', '-e', code]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(expected);
  });

  // The same work from CommonJS, through the same entry: numbers from the fixture's
  // expected.json, the error class the entry exports, and the CLI function (a plain `evaluate`
  // line is read without yargs: src/cli/fast-args.ts). Nothing on stderr: no require(esm)
  // warning, no deprecation.
  const cjsApp = `const g = require('gatecheck');
const { readFileSync } = require('node:fs');
const artifacts = g.parseReport('input.xml', readFileSync(${JSON.stringify(join(SAMPLE, 'input.xml'))}, 'utf8'));
const e = g.evaluate(artifacts, g.defaultPolicy(), { today: '2026-01-01' });
let bad;
try {
  g.parseReport('truncated.xml', readFileSync(${JSON.stringify(join(BROKEN, 'input.xml'))}, 'utf8'));
} catch (err) {
  bad = { isGatecheckError: err instanceof g.GatecheckError, code: err.code, message: err.message };
}
// ESM-only packages loaded by require() so far (the comment client must wait for a comment).
const esmOnly = Object.keys(require.cache).filter((p) => /node_modules[\\/](@octokit|chalk|yargs)/.test(p));
let out = '';
const io = { stdout: { write: (s) => { out += s; } }, stderr: process.stderr, env: {}, cwd: __dirname };
g.runCli(['evaluate', ${JSON.stringify(join(SAMPLE, 'input.xml'))}, '--json'], io).then((code) => {
  console.log(JSON.stringify({
    entry: require.resolve('gatecheck'),
    summary: g.summarise(artifacts[0]),
    verdict: e.verdict,
    passRate: e.gates.find((x) => x.id === 'tests.pass-rate').value,
    bad,
    esmOnly,
    cli: [code, JSON.parse(out).verdict],
  }));
});
`;

  // One implementation behind both entries: the ES module entry re-exports the CommonJS file, so a
  // process that loads gatecheck both ways has one of each export (an error thrown through one is
  // `instanceof` the other's class), and `import` loads one file of gatecheck's code.
  it('import and require give the same objects, from one file of code', () => {
    const code = `import * as esm from 'gatecheck';
import { createRequire } from 'node:module';
const cjs = createRequire(import.meta.url)('gatecheck');
const names = Object.keys(esm).filter((n) => n !== 'default');
let thrown;
try { esm.parseReport('x.xml', '<testsuite'); } catch (e) { thrown = e; }
const loaded = Object.keys(createRequire(import.meta.url).cache).filter((p) => p.includes('node_modules/${pkg.name}/'));
// The ESM-only dependencies the code loads when a run needs them, from the installed package: chalk
// for a coloured table, yargs for help.
const e = esm.evaluate([], esm.defaultPolicy(), { today: '2026-01-01' });
let help = '';
const code = await esm.runCli(['--help'], { stdout: { write: (s) => { help += s; } }, stderr: process.stderr, env: {}, cwd: process.cwd() });
console.log(JSON.stringify({ names: names.length, same: names.filter((n) => esm[n] === cjs[n]).length, crossInstanceof: thrown instanceof cjs.GatecheckError, loaded,
  colour: esm.render(e, 'text', { color: true }).includes('\u001b['), help: [code, help.includes('gatecheck evaluate')] }));`;
    const r = run(process.execPath, ['--input-type=module', '-e', code]);
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout) as { names: number; same: number; crossInstanceof: boolean; loaded: string[]; colour: boolean; help: [number, boolean] };
    expect(got.names).toBeGreaterThan(20);
    expect(got.same).toBe(got.names);
    expect(got.crossInstanceof).toBe(true);
    // The code, and the small file that names its exports for Node's loader.
    expect(got.loaded.sort()).toEqual(['dist/index.cjs', 'dist/index.names.cjs'].map((f) => join(app, 'node_modules', pkg.name, f)));
    expect(got.colour).toBe(true);
    expect(got.help).toEqual([0, true]);
  });

  // A consumer that bundles its tool (a JavaScript GitHub Action, a CLI) with esbuild: the ES module
  // entry must be one a bundler can follow. The bundle then runs the same work as the ESM case.
  it('an ES module consumer bundled with esbuild runs', async () => {
    const { build } = await import('esbuild');
    const entry = join(app, 'bundled-entry.mjs');
    writeFileSync(entry, program("import * as g from 'gatecheck';\nimport { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);"));
    const outfile = join(app, 'bundled.mjs');
    await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'silent', absWorkingDir: app,
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
    const r = run(process.execPath, [outfile]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(expected);
  });

  it("require('gatecheck') (CommonJS)", () => {
    writeFileSync(join(app, 'app.cjs'), cjsApp);
    const r = run(process.execPath, ['app.cjs']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got = JSON.parse(r.stdout) as Record<string, unknown> & { bad: { message: string } };
    expect(got).toMatchObject({
      entry: join(app, 'node_modules', pkg.name, 'dist/index.cjs'),
      summary: sample.summary,
      verdict: 'blocked',
      passRate: PASS_RATE,
      bad: { isGatecheckError: true, code: brokenError.code },
      esmOnly: [],
      cli: [1, 'blocked'],
    });
    expect(got.bad.message).toContain(brokenError.message);
  });

  // The comment client (Octokit, ESM only) stays out of the CommonJS entry's start: it is
  // required from node_modules when the first comment is posted. A local stand-in of the
  // GitHub API in the same process answers; the run must comment once, with nothing on stderr
  // but gatecheck's own line.
  const cjsComment = `const http = require('node:http');
const g = require('gatecheck');
const octokit = () => Object.keys(require.cache).filter((p) => /node_modules[\\/]@octokit[\\/]/.test(p)).length;
const calls = [];
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    calls.push(req.method + ' ' + req.url.split('?')[0]);
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET') return res.end(req.url === '/user' ? JSON.stringify({ login: 'gatecheck-test' }) : '[]');
    res.statusCode = 201;
    res.end(JSON.stringify({ id: 7, body: JSON.parse(body).body, user: { login: 'gatecheck-test' } }));
  });
});
server.listen(0, '127.0.0.1', async () => {
  const before = octokit();
  let err = '';
  const io = { stdout: { write: () => {} }, stderr: { write: (s) => { err += s; } }, cwd: __dirname,
    env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: 'http://127.0.0.1:' + server.address().port } };
  const code = await g.runCli(['evaluate', ${JSON.stringify(join(SAMPLE, 'input.xml'))}, '--comment', '--repo', 'o/r', '--pr', '3'], io);
  console.log(JSON.stringify({ code, err, posts: calls.filter((c) => c.startsWith('POST')), before, after: octokit() }));
  server.close();
});
`;

  it("require('gatecheck'): the comment client loads on the first comment, not before", () => {
    writeFileSync(join(app, 'comment.cjs'), cjsComment);
    const r = spawnSync(process.execPath, ['comment.cjs'], { cwd: app, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got = JSON.parse(r.stdout) as { before: number; after: number };
    expect(got).toMatchObject({ code: 1, err: 'gatecheck: comment created on o/r#3\n', posts: ['POST /repos/o/r/issues/3/comments'], before: 0 });
    expect(got.after).toBeGreaterThan(0);
  });

  it('deep imports stay private', () => {
    const r = run(process.execPath, ['--input-type=module', '-e', "await import('gatecheck/dist/gates/index.js')"]);
    expect(r.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  const consumer = `import { defaultPolicy, evaluate, parseReport, render, configSchema, type Artifact, type Evaluation, type GateResult } from 'gatecheck';
const artifacts: Artifact[] = parseReport('input.xml', '<testsuite/>');
const e: Evaluation = evaluate(artifacts, defaultPolicy(), { today: '2026-01-01' });
const gates: GateResult[] = e.gates;
const text: string = render(e, 'markdown');
// @ts-expect-error: the exit code is a number
const wrong: string = e.exitCode;
export const out = [gates, text, wrong, configSchema['$id']];
`;

  // Each consumer is checked with the library's declarations (no skipLibCheck) and no @types.
  it.each([
    ['nodenext', 'consumer.mts', { module: 'nodenext' }],
    ['node16', 'consumer.mts', { module: 'node16' }],
    ['bundler', 'consumer.ts', { module: 'esnext', moduleResolution: 'bundler' }],
  ])('types compile under --module %s (%s)', (name, file, options) => {
    writeFileSync(join(app, file), consumer);
    const compilerOptions = { ...options, strict: true, noEmit: true, target: 'es2022', lib: ['es2022'], types: [], skipLibCheck: false };
    writeFileSync(join(app, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files: [file] }));
    const r = run(process.execPath, [TSC, '-p', `tsconfig.${name}.json`]);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  // CommonJS consumers: a .cts file, and a .ts file in a "type": "commonjs" package. The
  // `require` condition must give them dist/index.d.cts (--listFiles shows which file was read).
  const cjsConsumer = `${consumer}import gatecheck = require('gatecheck');
export const error: InstanceType<typeof gatecheck.GatecheckError> = new gatecheck.GatecheckError('E_PARSE', 'bad');
`;
  it.each([
    ['nodenext', 'consumer.cts'],
    ['node16', 'consumer.cts'],
    ['nodenext', 'commonjs/consumer.ts'],
    ['node16', 'commonjs/consumer.ts'],
  ])('CommonJS types compile under --module %s (%s)', (module, file) => {
    mkdirSync(join(app, 'commonjs'), { recursive: true });
    writeFileSync(join(app, 'commonjs/package.json'), JSON.stringify({ type: 'commonjs' }));
    writeFileSync(join(app, file), cjsConsumer);
    const compilerOptions = { module, strict: true, noEmit: true, target: 'es2022', lib: ['es2022'], types: [], skipLibCheck: false };
    const config = `tsconfig.cjs-${module}-${file.replace(/\W/g, '-')}.json`;
    writeFileSync(join(app, config), JSON.stringify({ compilerOptions, files: [file] }));
    const r = run(process.execPath, [TSC, '-p', config, '--listFiles']);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/error TS\d+/);
    expect(r.status).toBe(0);
    const read = r.stdout.split('\n').filter((l) => l.includes(`node_modules/${pkg.name}/`));
    expect(read).toEqual([join(app, 'node_modules', pkg.name, 'dist/index.d.cts')]);
  });
});
