/**
 * The shipped CLI's lazy parsers (scripts/build.mjs: its registry holds each format, and a
 * parser's code is a file of its own, dist/bundle/parser-<id>.cjs, loaded on first parse) read
 * every format exactly as the sources do: the same formats in the same order, and for one report
 * of each format (and one broken report, where a format has one) the same output, errors and
 * exit code from the bin as from runCli in-process.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsers } from '../../src/parsers/index.js';
import { cli, fixtureCases, ROOT, type FixtureCase } from '../helpers.js';

const BIN = join(ROOT, 'bin/gatecheck.cjs');

function bin(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', GATECHECK_NO_CODE_CACHE: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Per format: its first case that parses and its first that must fail (cases are sorted by name). */
function samples(): FixtureCase[] {
  const picked = new Map<string, FixtureCase>();
  for (const c of fixtureCases()) {
    if (c.broken) continue;
    const key = `${c.format}:${c.expectedError ? 'error' : 'ok'}`;
    if (!picked.has(key)) picked.set(key, c);
  }
  return [...picked.values()];
}

const cases = samples();

describe('the CLI bundle and its lazily loaded parsers', () => {
  it('list the same formats as the sources, in the same order', async () => {
    const want = await cli(['formats']);
    const got = bin(['formats']);
    expect(got).toEqual({ code: want.code, stdout: want.stdout, stderr: want.stderr });
    expect(got.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(34);
  });

  it('have a report of every format to read', () => {
    const covered = new Set(cases.map((c) => c.format));
    expect(parsers.map((p) => p.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(cases.map((c) => [`${c.format}/${c.name}`, c] as const))('%s: the same output, errors and exit code as the sources', async (_, c) => {
    const args = ['inspect', c.input, '--json', ...(c.forceFormat ? ['--format', c.forceFormat] : []), ...(c.config ? ['--config', c.config] : [])];
    const want = await cli(args);
    expect(bin(args)).toEqual({ code: want.code, stdout: want.stdout, stderr: want.stderr });
  });

  it("a parser's missing file is a broken install: exit 2, a line naming the file (not the report as unreadable, nor a bug)", () => {
    const d = mkdtempSync(join(tmpdir(), 'gatecheck-lazy-broken-'));
    cpSync(join(ROOT, 'bin'), join(d, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist/bundle'), join(d, 'dist/bundle'), { recursive: true, filter: (p) => !p.endsWith('.v8cache') });
    cpSync(join(ROOT, 'package.json'), join(d, 'package.json'));
    rmSync(join(d, 'dist/bundle/parser-junit.cjs'));
    const r = spawnSync(process.execPath, [join(d, 'bin/gatecheck.cjs'), 'evaluate', join(ROOT, 'examples/tests/junit.xml')], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    expect([r.status, r.stdout]).toEqual([2, '']);
    // The line, then the count every input problem ends with.
    expect(r.stderr).toMatch(/^gatecheck: \S*junit\.xml: cannot load the junit parser \(dist\/bundle\/parser-junit\.cjs\): ENOENT[^\n]*; reinstall gatecheck \[E_INTERNAL\]\ngatecheck: could not evaluate: 1 input problem \(exit 2\)\n$/);
    // A file only `null` is in, which sniffing hands to every parser: the missing one is named, not left out of the list.
    writeFileSync(join(d, 'null.json'), 'null\n');
    const n = spawnSync(process.execPath, [join(d, 'bin/gatecheck.cjs'), 'evaluate', 'null.json'], { cwd: d, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    expect([n.status, n.stdout]).toEqual([2, '']);
    expect(n.stderr).toMatch(/^gatecheck: null\.json: cannot load the junit parser \(dist\/bundle\/parser-junit\.cjs\): ENOENT[^\n]*; reinstall gatecheck \[E_INTERNAL\]\n/);
  });
});
