/**
 * Every output tells the exit code's story (docs/outputs.md, "How each output shows a gate").
 * A failed `log` gate never changes the verdict: no output may show it as a failure. A failed
 * `approve` gate is exit 3, non-zero: outputs show it as a failure / warning that needs a person.
 */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/config/load.js';
import { evaluate } from '../../src/gates/index.js';
import type { Evaluation } from '../../src/gates/types.js';
import { parseReport } from '../../src/parsers/index.js';
import { getReporter } from '../../src/reporters/index.js';

/** Two lint findings (one high, one low) in a model document: the smallest findings input. */
const MODEL = JSON.stringify({
  gatecheck: 'model',
  schemaVersion: '1',
  artifacts: [
    {
      format: 'eslint',
      tool: { name: 'eslint' },
      source: 'eslint.json',
      payload: {
        kind: 'findings',
        findings: [
          { ruleId: 'no-eval', severity: 'high', category: 'lint', message: 'eval is evil', location: { path: 'src/a.js', line: 3 }, fingerprint: 'f1', suppressed: false },
          { ruleId: 'semi', severity: 'low', category: 'lint', message: 'missing semicolon', location: { path: 'src/b.js', line: 9 }, fingerprint: 'f2', suppressed: false },
        ],
      },
    },
  ],
});

function run(action: string): Evaluation {
  const policy = loadPolicy(
    `extends: none\ngates:\n  - { id: lint.ok, title: Lint high, measure: findings.count, select: { minSeverity: high, categories: [lint] }, threshold: 5, action: block }\n  - { id: lint.any, title: Lint any, measure: findings.count, select: { categories: [lint] }, threshold: 0, action: ${action} }\n  - { id: cov, title: Coverage, measure: coverage.lines, threshold: 80, action: block }\n`,
    'policy.yml',
  );
  return evaluate(parseReport('eslint.json', MODEL), policy, { today: '2026-01-01' });
}

const out = (id: string, e: Evaluation) => getReporter(id)!.render(e, {});

describe('a failed log gate (exit 0)', () => {
  const e = run('log');

  it('is exit 0, passed', () => {
    expect([e.verdict, e.exitCode]).toEqual(['passed', 0]);
  });

  it('JUnit: no failure; a passed testcase whose system-out says it was logged', () => {
    const xml = out('junit', e);
    expect(xml).not.toContain('<failure');
    expect(xml).toContain('failures="0"');
    expect(xml).toMatch(/<testcase name="lint\.any: Lint any"[^>]*>\s*<system-out>logged \(action log: does not change the verdict\)/);
    expect(xml).toContain('<property name="logged" value="1"/>');
  });

  it('annotations: notices only, no verdict error', () => {
    const lines = out('github-annotations', e).trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^::notice /);
  });

  it('text, markdown and the job summary: logged, counted apart from failed', () => {
    const text = out('text', e);
    expect(text).toMatch(/^LOGGED\s+Lint any/m);
    expect(text).not.toMatch(/^FAIL/m);
    expect(text).toContain('gatecheck: PASSED (exit 0) — 1 passed, 0 failed, 1 logged, 1 skipped, 0 errors');
    for (const id of ['markdown', 'github-summary']) {
      const md = out(id, e);
      expect(md).toContain('### ✅ gatecheck: passed');
      expect(md).toContain('1 passed · 0 failed · 1 logged · 1 skipped · 0 errors · exit code 0');
      expect(md).toContain('| ⚠️ logged | Lint any |');
      expect(md).not.toContain('❌');
    }
    expect(getReporter('markdown')!.render(e, { compactOnPass: true })).toContain('The 1 evaluated gate passed (1 skipped); 1 failed gate is only logged (action log).');
  });

  it('json: the raw statuses with the verdict (the gate is fail with action log; counts count statuses)', () => {
    const doc = JSON.parse(out('json', e)) as Evaluation;
    expect([doc.verdict, doc.exitCode]).toEqual(['passed', 0]);
    expect(doc.gates.find((g) => g.id === 'lint.any')).toMatchObject({ status: 'fail', action: 'log' });
  });

  it('SARIF and Code Quality list findings, not gates: both findings, whatever the gate', () => {
    const sarif = JSON.parse(out('sarif', e)) as { runs: Array<{ results: unknown[] }> };
    expect(sarif.runs[0]!.results).toHaveLength(2);
    expect(JSON.parse(out('gitlab-codequality', e))).toHaveLength(2);
  });
});

describe('a failed approve gate (exit 3)', () => {
  const e = run('approve');

  it('is a failure in JUnit (type approve), a warning in annotations, "needs approval" elsewhere', () => {
    expect([e.verdict, e.exitCode]).toEqual(['needs-approval', 3]);
    const xml = out('junit', e);
    expect(xml).toContain('failures="1"');
    expect(xml).toMatch(/<failure message="[^"]*" type="approve">/);
    const ann = out('github-annotations', e).trim().split('\n');
    expect(ann[0]).toMatch(/^::warning title=gatecheck%3A needs approval::1 passed, 1 failed, 1 skipped, 0 errors \(exit 3\)$/);
    expect(ann.slice(1).every((l) => l.startsWith('::warning '))).toBe(true);
    expect(out('text', e)).toContain('gatecheck: NEEDS APPROVAL (exit 3) — 1 passed, 1 failed, 1 skipped, 0 errors');
    expect(out('markdown', e)).toContain('### ✋ gatecheck: needs approval');
  });
});

describe('a failed block gate (exit 1)', () => {
  it('is a failure everywhere', () => {
    const e = run('block');
    expect(e.exitCode).toBe(1);
    expect(out('junit', e)).toMatch(/<failure message="[^"]*" type="block">/);
    expect(out('github-annotations', e)).toMatch(/^::error title=gatecheck%3A blocked::/);
    expect(out('text', e)).toMatch(/^FAIL\s+Lint any/m);
  });
});
