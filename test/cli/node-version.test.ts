/**
 * The bin on a Node outside package.json's engines: one line naming what it needs, exit 2,
 * before anything that Node lacks can fail as "a bug in gatecheck". Other Node versions are
 * simulated (a preloaded module sets process.version), the verdict for each taken from the
 * engines range by hand.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
const dir = mkdtempSync(join(tmpdir(), 'gatecheck-engines-'));

function runAs(version: string) {
  const preload = join(dir, `as-${version}.cjs`);
  writeFileSync(preload, `Object.defineProperty(process, 'version', { value: 'v${version}' });\nObject.defineProperty(process.versions, 'node', { value: '${version}' });\n`);
  const r = spawnSync(process.execPath, ['-r', preload, join(ROOT, 'bin/gatecheck.cjs'), 'evaluate', join(ROOT, 'examples/tests/junit.xml')], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', GATECHECK_NO_CODE_CACHE: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the bin outside the engines', () => {
  it('the range it enforces is package.json engines', () => {
    expect(engines).toBe('^20.19.0 || ^22.12.0 || >=23');
  });

  it.each(['18.20.4', '20.18.1', '21.7.3', '22.0.0', '22.11.0'])('Node %s: one line, exit 2, nothing on stdout', (v) => {
    expect(runAs(v)).toEqual({ status: 2, stdout: '', stderr: `gatecheck: needs Node.js ^20.19.0, ^22.12.0 or >= 23 (this is v${v}) [E_INTERNAL]\n` });
  });

  it.each(['20.19.0', '20.20.2', '22.12.0', '23.0.0', '24.22.3', '25.1.0'])('Node %s: runs (the JUnit report blocks: exit 1)', (v) => {
    const r = runAs(v);
    expect([r.status, r.stderr]).toEqual([1, '']);
    expect(r.stdout).toContain('Test pass rate');
  });
});
