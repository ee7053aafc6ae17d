/**
 * coverage.change on two real coverage.py runs over fixtures/sources/py-sample
 * (make-coverage-change.sh: base = whole suite, now = without test_grade). Expected numbers
 * come from coverage.py's own JSON reports of the same runs (expected-change.py):
 *   now 15/96 = 15.625 %, base 21/96 = 21.875 %, change -6.25 pp;
 *   pysample/calc.py 15/29 now, 21/29 on the base: -20.689655172413794 pp; no other file changed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/config/load.js';
import { evaluate } from '../../src/gates/index.js';
import type { Artifact } from '../../src/model/types.js';
import { parseReport } from '../../src/parsers/index.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { cli, FIXTURES } from '../helpers.js';

const read = (rel: string): Artifact[] => parseReport(`fixtures/${rel}`, readFileSync(join(FIXTURES, rel), 'utf8'));
const now = read('lcov/py-sample-change-now/input.info');
const base = read('lcov/py-sample-change-base/input.info');
const policy = (threshold: number) => loadPolicy(`gates:\n  - { id: cov.change, measure: coverage.change, operator: ">=", threshold: ${threshold} }\n  - { id: coverage.new-code }\n`, 'p.yml');
const gate = (e: ReturnType<typeof evaluate>) => e.gates.find((g) => g.id === 'cov.change')!;

describe('coverage.change (percentage points against --baseline)', () => {
  it('measures now minus base on real reports, with per-file deltas as evidence', () => {
    const g = gate(evaluate(now, policy(-0.5), { baseline: base }));
    expect(g).toMatchObject({ status: 'fail', value: -6.25, unit: 'points' });
    expect(g.evidence.slice(0, 2)).toEqual([
      { type: 'metric', name: 'coverage', stat: 'lines', value: 15.625, unit: 'percent', note: 'now' },
      { type: 'metric', name: 'coverage', stat: 'lines', value: 21.875, unit: 'percent', note: 'base' },
    ]);
    expect(g.evidence.length).toBe(3);
    const f = g.evidence[2]!;
    expect(f).toMatchObject({ type: 'file', path: 'pysample/calc.py', covered: 15, total: 29, base: { covered: 21, total: 29 } });
    expect(f.type === 'file' && f.change).toBeCloseTo(-20.689655172413794, 10);
  });

  it('the boundary is exact: a drop of 6.25 passes ">= -6.25" and fails ">= -6.24"', () => {
    expect(gate(evaluate(now, policy(-6.25), { baseline: base })).status).toBe('pass');
    expect(gate(evaluate(now, policy(-6.24), { baseline: base })).status).toBe('fail');
  });

  it('a rise is positive; a file new since the base is listed as new', () => {
    expect(gate(evaluate(base, policy(0), { baseline: now }))).toMatchObject({ status: 'pass', value: 6.25 });
    const trimmed: Artifact[] = base.map((a) => (a.payload.kind === 'coverage' ? { ...a, payload: { ...a.payload, files: a.payload.files.filter((x) => x.path !== 'pysample/calc.py') } } : a));
    const g = gate(evaluate(now, policy(-100), { baseline: trimmed }));
    expect(g.evidence.find((x) => x.type === 'file' && x.path === 'pysample/calc.py')).toMatchObject({ newFile: true, covered: 15, total: 29 });
  });

  it('skips without --baseline; a baseline with no coverage report is an error, not a pass', () => {
    expect(gate(evaluate(now, policy(0))).status).toBe('skip');
    const k6 = read('k6-summary/legacy-failed-check/input.json');
    expect(gate(evaluate(now, policy(0), { baseline: k6 }))).toMatchObject({ status: 'error', message: 'the --baseline holds no coverage report to compare with' });
  });

  it('threshold defaults to 0 with >=: coverage may not drop', () => {
    const p = loadPolicy('gates:\n  - { id: c, measure: coverage.change }\n', 'p.yml');
    expect(p.gates[0]).toMatchObject({ operator: '>=', threshold: 0 });
  });

  it('the PR comment carries a compact table: now, base, change, new code', () => {
    // Every line of calc.py added: new-code coverage is calc.py's own 15/29 = 51.72 %.
    const diff = { added: new Map([['pysample/calc.py', new Set(Array.from({ length: 400 }, (_v, i) => i + 1))]]), source: '--diff x' };
    const md = renderMarkdown(evaluate(now, policy(-0.5), { baseline: base, diff }));
    expect(md).toContain('| Coverage (lines) | Now | Base | Change | New code |\n| --- | --- | --- | --- | --- |\n| overall | 15.63 % | 21.88 % | -6.25 pp | 51.72 % |');
    expect(md).toContain('pysample/calc.py: 51.72 % (15/29), -20.69 pp (base 72.41 %, 21/29)');
    expect(renderMarkdown(evaluate(now, policy(-0.5)))).not.toContain('| Coverage (lines) |');
  });

  it('end to end: --baseline with the base branch report, exit 1 on a drop past the threshold', async () => {
    const d = mkdtempSync(join(tmpdir(), 'gatecheck-cc-'));
    writeFileSync(join(d, 'gatecheck.yml'), 'gates:\n  - { id: coverage.change, measure: coverage.change, operator: ">=", threshold: -0.5 }\n');
    const r = await cli(['evaluate', join(FIXTURES, 'lcov/py-sample-change-now/input.info'), '--baseline', join(FIXTURES, 'lcov/py-sample-change-base/input.info'), '--json'], { cwd: d });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { gates: Array<{ value: number; unit: string }> }).gates[0]).toMatchObject({ value: -6.25, unit: 'points' });
  });
});
