/**
 * The bin's V8 code cache (bin/gatecheck.cjs, loadBundle): written beside the bundle and each
 * parser's file the run loaded when a run ends, read by later runs, named by the file's hash,
 * Node's version and the architecture;
 * refused or unwritable caches and GATECHECK_NO_CODE_CACHE leave runs exactly as they are
 * without one. Each test runs a copy of the bin and the built bundle in a folder of its own.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LARGE_INPUT_BYTES } from '../../src/cli/io.js';
import { lcovOfSize, ROOT } from '../helpers.js';

const JUNIT = join(ROOT, 'examples/tests/junit.xml');

/** The cache name of a bundle file: the hash the build wrote on its first line, read here independently of the bin. */
function cacheOf(bundle: string, file: string): string {
  const hash = readFileSync(join(bundle, `${file}.cjs`), 'utf8').split('\n', 1)[0]!.replace('// gatecheck bundle ', '');
  expect(hash).toMatch(/^[0-9a-f]{16}$/);
  return `${file}-${hash}-${process.version}-${process.arch}.v8cache`;
}

/** A copy of the installed layout: bin/, dist/bundle/ (without caches) and package.json. */
function install(): { bin: string; bundle: string; cacheName: string } {
  const d = mkdtempSync(join(tmpdir(), 'gatecheck-cache-'));
  mkdirSync(join(d, 'dist'));
  cpSync(join(ROOT, 'bin'), join(d, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'dist/bundle'), join(d, 'dist/bundle'), { recursive: true, filter: (p) => !p.endsWith('.v8cache') });
  cpSync(join(ROOT, 'package.json'), join(d, 'package.json'));
  const bundle = join(d, 'dist/bundle');
  return { bin: join(d, 'bin/gatecheck.cjs'), bundle, cacheName: cacheOf(bundle, 'cli') };
}

function run(bin: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const caches = (bundle: string) => readdirSync(bundle).filter((n) => /\.v8cache|\.tmp$/.test(n)).sort();

/** An lcov report of over 1 MiB: reading it tunes V8's heap (src/cli/io.ts, onLargeInput). */
function largeLcov(dir: string): string {
  const file = join(dir, 'large.info');
  writeFileSync(file, lcovOfSize(LARGE_INPUT_BYTES + 1));
  expect(statSync(file).size).toBeGreaterThan(1 << 20);
  return file;
}

describe('the code cache', () => {
  it('the first run writes one for the bundle and for each parser it loaded (JUnit: only that one); later runs read them (not rewritten) and print exactly the same', () => {
    const { bin, bundle, cacheName } = install();
    const first = run(bin, ['evaluate', JUNIT, '--json']);
    expect(first.status).toBe(1);
    expect(caches(bundle)).toEqual([cacheName, cacheOf(bundle, 'parser-junit')]);
    const written = statSync(join(bundle, cacheName));
    expect(written.size).toBeGreaterThan(10_000);
    const second = run(bin, ['evaluate', JUNIT, '--json']);
    expect(second).toEqual(first);
    const after = statSync(join(bundle, cacheName));
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
    expect(caches(bundle)).toEqual([cacheName, cacheOf(bundle, 'parser-junit')]);
    // yargs' commands (help) load their library by require(): the cached bundle runs them too.
    const help = run(bin, ['--help']);
    expect([help.status, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toContain('gatecheck <command> [options]');
  });

  it('a cache V8 refuses is replaced, and the run is as without one', () => {
    const { bin, bundle, cacheName } = install();
    const clean = run(bin, ['evaluate', JUNIT, '--json'], { GATECHECK_NO_CODE_CACHE: '1' });
    const garbage = Buffer.alloc(4096, 7);
    writeFileSync(join(bundle, cacheName), garbage);
    expect(run(bin, ['evaluate', JUNIT, '--json'])).toEqual(clean);
    const now = readFileSync(join(bundle, cacheName));
    expect(now.equals(garbage)).toBe(false);
    expect(now.length).toBeGreaterThan(10_000);
  });

  it('a cache whose bytes were lost (zeros, as after a power cut) is not used: the run is as without one, and replaces it', () => {
    const { bin, bundle, cacheName } = install();
    const clean = run(bin, ['evaluate', JUNIT, '--json'], { GATECHECK_NO_CODE_CACHE: '1' });
    run(bin, ['evaluate', JUNIT, '--json']);
    const good = readFileSync(join(bundle, cacheName));
    // V8 checks the header (its version, flags, the source's length), not the payload: given these, it crashes.
    const zeroed = Buffer.concat([good.subarray(0, 64), Buffer.alloc(good.length - 64)]);
    writeFileSync(join(bundle, cacheName), zeroed);
    expect(run(bin, ['evaluate', JUNIT, '--json'])).toEqual(clean);
    expect(readFileSync(join(bundle, cacheName)).equals(zeroed)).toBe(false);
  });

  it('a cache made before a same-length edit of the bundle (patch-package, a hand fix) is not used: the run has the edit', () => {
    const { bin, bundle, cacheName } = install();
    expect(run(bin, ['evaluate', JUNIT]).stdout).toContain('BLOCKED (exit 1)');
    expect(existsSync(join(bundle, cacheName))).toBe(true);
    const cli = join(bundle, 'cli.cjs');
    const text = readFileSync(cli, 'utf8');
    expect(text).toContain('"BLOCKED"');
    writeFileSync(cli, text.replace('"BLOCKED"', '"HALTED!"'));
    expect(run(bin, ['evaluate', JUNIT]).stdout).toContain('HALTED! (exit 1)');
  });

  it("writing one removes other bundles' caches, other Node versions' not written for 30 days and a killed run's leftovers; it keeps recent ones", () => {
    const { bin, bundle, cacheName } = install();
    const daysAgo = (file: string, days: number) => utimesSync(join(bundle, file), new Date(Date.now() - days * 86_400_000), new Date(Date.now() - days * 86_400_000));
    const stale = 'cli-0123456789abcdef-v20.0.0-x64.v8cache';
    const otherNode = cacheName.replace(process.version, 'v99.0.0');
    const oldNode = cacheName.replace(process.version, 'v98.0.0');
    const otherOptions = cacheName.replace('.v8cache', '-o0badcafe.v8cache');
    const leftover = `${cacheName}.4242.tmp`;
    const writing = `${cacheName}.4343.tmp`;
    for (const f of [stale, otherNode, oldNode, otherOptions, leftover, writing]) writeFileSync(join(bundle, f), 'x');
    daysAgo(oldNode, 31);
    daysAgo(otherOptions, 29);
    daysAgo(leftover, 2);
    run(bin, ['evaluate', JUNIT]);
    expect(caches(bundle)).toEqual([cacheName, otherNode, otherOptions, writing, cacheOf(bundle, 'parser-junit')].sort());
  });

  it('is written by evaluate runs that reach a verdict only: --help, formats, inspect and a usage error write none', () => {
    const { bin, bundle } = install();
    expect(run(bin, ['--help']).status).toBe(0);
    expect(run(bin, ['formats']).status).toBe(0);
    expect(run(bin, ['inspect', JUNIT]).status).toBe(0);
    expect(run(bin, ['evaluate', '--no-such-option', JUNIT]).status).toBe(2);
    expect(caches(bundle)).toEqual([]);
  });

  it('runs under other Node options (NODE_OPTIONS, which V8 checks) keep a cache of their own; neither replaces the other', () => {
    const { bin, bundle, cacheName } = install();
    const withOptions = { NODE_OPTIONS: '--max-old-space-size=512' };
    run(bin, ['evaluate', JUNIT]);
    run(bin, ['evaluate', JUNIT], withOptions);
    const names = caches(bundle).filter((n) => n.startsWith('cli-'));
    expect(names).toHaveLength(2);
    expect(names).toContain(cacheName);
    const tagged = names.find((n) => n !== cacheName)!;
    expect(tagged).toMatch(/-o[0-9a-f]{8}\.v8cache$/);
    const before = names.map((n) => statSync(join(bundle, n)).mtimeMs);
    run(bin, ['evaluate', JUNIT]);
    run(bin, ['evaluate', JUNIT], withOptions);
    expect(names.map((n) => statSync(join(bundle, n)).mtimeMs)).toEqual(before);
  });

  it('is readable by every user of the install, whatever the umask of the run that wrote it', () => {
    const { bin, bundle, cacheName } = install();
    const r = spawnSync('/bin/sh', ['-c', `umask 077 && exec "${process.execPath}" "${bin}" evaluate "${JUNIT}"`], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    expect(r.status).toBe(1);
    expect(statSync(join(bundle, cacheName)).mode & 0o777).toBe(0o644);
  });

  it('GATECHECK_NO_CODE_CACHE=1 reads and writes none', () => {
    const { bin, bundle } = install();
    const r = run(bin, ['evaluate', JUNIT], { GATECHECK_NO_CODE_CACHE: '1' });
    expect(r.status).toBe(1);
    expect(caches(bundle)).toEqual([]);
  });

  it('where it cannot be written: no cache, no message, no leftover file, the same result', () => {
    const { bin, bundle, cacheName } = install();
    const clean = run(bin, ['evaluate', JUNIT, '--json'], { GATECHECK_NO_CODE_CACHE: '1' });
    // A folder where the cache would go: reading it fails, and so does renaming the written file onto it.
    mkdirSync(join(bundle, cacheName));
    expect(run(bin, ['evaluate', JUNIT, '--json'])).toEqual(clean);
    expect(caches(bundle)).toEqual([cacheName, cacheOf(bundle, 'parser-junit')]);
    expect(statSync(join(bundle, cacheName)).isDirectory()).toBe(true);
  });

  it('a run whose large report changed V8 flags writes none (V8 would refuse it); the next run does', () => {
    const { bin, bundle, cacheName } = install();
    const r = run(bin, ['evaluate', largeLcov(join(bundle, '..'))]);
    expect([0, 1]).toContain(r.status);
    expect(caches(bundle)).toEqual([]);
    run(bin, ['evaluate', JUNIT]);
    expect(existsSync(join(bundle, cacheName))).toBe(true);
  });
});
