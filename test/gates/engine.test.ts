/**
 * The engine's contract on small, hand-built artifacts (the parsers' real-input tests live
 * with the parsers): verdict precedence, fail-closed errors, skips with reasons, unrounded
 * comparisons, waivers, determinism.
 */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/config/load.js';
import { evaluate, verdictOf } from '../../src/gates/index.js';
import type { GateResult } from '../../src/gates/types.js';
import { computeTotals } from '../../src/model/coverage.js';
import type { Artifact, Finding, TestCase } from '../../src/model/types.js';

const tests = (cases: Array<Partial<TestCase> & { status: TestCase['status'] }>, source = 'junit.xml', label?: string): Artifact => ({
  format: 'junit',
  tool: { name: 'junit' },
  source,
  ...(label ? { label } : {}),
  payload: { kind: 'tests', cases: cases.map((c, i) => ({ suite: 's', name: `t${i}`, ...c })) },
});

const finding = (over: Partial<Finding>): Finding => ({
  ruleId: 'R1',
  severity: 'high',
  category: 'vulnerability',
  message: 'm',
  fingerprint: `fp-${Math.random()}`,
  suppressed: false,
  ...over,
});

const findings = (list: Finding[], tool = 'trivy'): Artifact => ({ format: tool, tool: { name: tool }, source: `${tool}.json`, payload: { kind: 'findings', findings: list } });

function coverage(lines: Record<number, number>): Artifact {
  const files = [{ path: 'src/a.ts', lines }];
  return { format: 'lcov', tool: { name: 'lcov' }, source: 'lcov.info', payload: { kind: 'coverage', files, totals: computeTotals(files) } };
}

const policy = (yaml: string) => loadPolicy(yaml, 'test.yml');
const gate = (e: ReturnType<typeof evaluate>, id: string) => e.gates.find((g) => g.id === id)!;

describe('verdict', () => {
  const r = (status: GateResult['status'], action: GateResult['action']) => ({ status, action }) as GateResult;
  it('error beats everything, then rollback, block, approve; log never changes it', () => {
    expect(verdictOf([r('fail', 'rollback'), r('error', 'log')])).toBe('error');
    expect(verdictOf([r('fail', 'block'), r('fail', 'rollback')])).toBe('rollback');
    expect(verdictOf([r('fail', 'approve'), r('fail', 'block')])).toBe('blocked');
    expect(verdictOf([r('fail', 'approve'), r('pass', 'block')])).toBe('needs-approval');
    expect(verdictOf([r('fail', 'log'), r('skip', 'block')])).toBe('passed');
  });

  it('maps to the documented exit codes', () => {
    const p = policy('gates:\n  - { id: t, measure: tests.failed, action: approve }\n');
    expect(evaluate([tests([{ status: 'failed' }])], p).exitCode).toBe(3);
    const p2 = policy('gates:\n  - { id: t, measure: tests.failed, action: rollback }\n');
    expect(evaluate([tests([{ status: 'failed' }])], p2).exitCode).toBe(4);
    const p3 = policy('gates:\n  - { id: t, measure: tests.failed, action: log }\n');
    const e3 = evaluate([tests([{ status: 'failed' }])], p3);
    expect(e3.exitCode).toBe(0);
    expect(e3.gates[0]!.status).toBe('fail');
  });
});

describe('fail closed', () => {
  it('zero tests is an error for the pass rate, not 100 %', () => {
    const e = evaluate([tests([])], policy('gates:\n  - { id: t, measure: tests.pass-rate }\n'));
    expect(e.gates[0]).toMatchObject({ status: 'error' });
    expect(e.gates[0]!.message).toContain('no test cases');
    expect(e.verdict).toBe('error');
    expect(e.exitCode).toBe(2);
  });

  it('all tests skipped is an error too', () => {
    const e = evaluate([tests([{ status: 'skipped' }])], policy('gates:\n  - { id: t, measure: tests.pass-rate }\n'));
    expect(e.gates[0]!.status).toBe('error');
  });

  it('a required gate without its report is an error; a non-required one skips with the reason', () => {
    const p = policy('gates:\n  - { id: a, measure: tests.pass-rate, required: true }\n  - { id: b, measure: coverage.lines, threshold: 80 }\n');
    const e = evaluate([], p);
    expect(gate(e, 'a')).toMatchObject({ status: 'error' });
    expect(gate(e, 'a').message).toContain('required');
    expect(gate(e, 'b')).toMatchObject({ status: 'skip', message: 'no coverage report given' });
  });

  it('coverage with no coverable lines is an error', () => {
    const e = evaluate([coverage({})], policy('gates:\n  - { id: c, measure: coverage.lines, threshold: 80 }\n'));
    expect(e.gates[0]!.status).toBe('error');
  });

  it('a critical-path rule that matches no file is an error', () => {
    const e = evaluate([coverage({ 1: 1 })], policy('gates:\n  - { id: c, measure: coverage.critical-paths, threshold: 95, rules: [{ path: "internal/auth/**" }] }\n'));
    expect(e.gates[0]!.status).toBe('error');
    expect(e.gates[0]!.message).toContain('internal/auth/**');
  });

  it('every gate skipped over the reports given is "nothing evaluated": exit 2, naming the reports', () => {
    const e = evaluate([tests([{ status: 'failed' }], 'it.xml')], policy('gates:\n  - { id: c, measure: coverage.lines, threshold: 80 }\n'));
    expect(e.gates[0]!.status).toBe('skip');
    expect(e.verdict).toBe('error');
    expect(e.exitCode).toBe(2);
    expect(e.problems).toEqual(['nothing evaluated: every gate was skipped, so no gate measured the report given: it.xml (junit, tests)']);
  });

  it('no reports at all is "nothing evaluated" too; one measured gate is enough to judge', () => {
    const p = policy('gates:\n  - { id: c, measure: coverage.lines, threshold: 80 }\n  - { id: t, measure: tests.pass-rate }\n');
    expect(evaluate([], p)).toMatchObject({ verdict: 'error', exitCode: 2, problems: ['nothing evaluated: no reports were given'] });
    const e = evaluate([tests([{ status: 'passed' }])], p);
    expect(e).toMatchObject({ verdict: 'passed', exitCode: 0 });
    expect(e.problems).toBeUndefined();
  });

  it('a missing performance metric is "no data", an error', () => {
    const a: Artifact = { format: 'k6-summary', tool: { name: 'k6' }, source: 'k6.json', payload: { kind: 'performance', metrics: [] } };
    const e = evaluate([a], policy('gates:\n  - { id: p, measure: performance.metric, metric: http_req_duration, stat: "p(95)", threshold: 1000 }\n'));
    expect(e.gates[0]!.status).toBe('error');
  });
});

describe('comparisons', () => {
  it('use unrounded values: 84.999 % is not > 85 though it displays as 85.00 %', () => {
    // 84999 of 100000 lines covered
    const lines: Record<number, number> = {};
    for (let i = 1; i <= 100000; i++) lines[i] = i <= 84999 ? 1 : 0;
    const e = evaluate([coverage(lines)], policy('gates:\n  - { id: c, measure: coverage.lines, operator: ">=", threshold: 85 }\n'));
    expect(e.gates[0]!.value).toBe(84.999);
    expect(e.gates[0]!.status).toBe('fail');
    expect(e.gates[0]!.message).toContain('85.00 %');
  });

  it('skipped tests do not lower the pass rate', () => {
    const e = evaluate([tests([{ status: 'passed' }, { status: 'skipped' }, { status: 'passed' }])], policy('gates:\n  - { id: t, measure: tests.pass-rate }\n'));
    expect(e.gates[0]).toMatchObject({ status: 'pass', value: 100 });
  });
});

describe('selection', () => {
  it('labels select reports; unlabelled gates read all of their kind', () => {
    const p = policy('gates:\n  - { id: it, measure: tests.pass-rate, select: { labels: [integration] } }\n  - { id: all, measure: tests.pass-rate }\n');
    const e = evaluate([tests([{ status: 'passed' }], 'it.xml', 'integration'), tests([{ status: 'failed' }], 'unit.xml')], p);
    expect(gate(e, 'it')).toMatchObject({ status: 'pass', inputs: ['it.xml'] });
    expect(gate(e, 'all')).toMatchObject({ status: 'fail', value: 50 });
  });

  it('severity selectors: minSeverity and exact severities', () => {
    const p = policy('gates:\n  - { id: hi, measure: findings.count, select: { minSeverity: high } }\n  - { id: med, measure: findings.count, select: { severities: [medium] } }\n');
    const e = evaluate([findings([finding({ severity: 'critical' }), finding({ severity: 'high' }), finding({ severity: 'medium' }), finding({ severity: 'unknown' })])], p);
    expect(gate(e, 'hi').value).toBe(2);
    expect(gate(e, 'med').value).toBe(1);
  });
});

describe('findings', () => {
  it('suppressed findings are kept out of counts and said so', () => {
    const e = evaluate([findings([finding({ suppressed: true }), finding({})])], policy('gates:\n  - { id: f, measure: findings.count }\n'));
    expect(e.gates[0]!.value).toBe(1);
    expect(e.gates[0]!.detail).toContain('1 suppressed');
  });

  it('waivers: active ones exclude (visible with reason), expired ones stop applying, unmatched ones are stale', () => {
    const p = policy(
      'gates:\n  - { id: f, measure: findings.count }\nwaivers:\n' +
        '  - { rule: CVE-1, reason: "no fix upstream", expires: "2026-12-31" }\n' +
        '  - { rule: CVE-2, reason: "old", expires: "2026-01-01" }\n' +
        '  - { rule: CVE-9, reason: "gone" }\n',
    );
    const e = evaluate([findings([finding({ ruleId: 'CVE-1' }), finding({ ruleId: 'CVE-2' })])], p, { today: '2026-11-28' });
    expect(e.gates[0]!.value).toBe(1);
    const waived = e.gates[0]!.evidence.find((x) => x.type === 'finding' && x.waiver);
    expect(waived).toMatchObject({ waiver: 'CVE-1: no fix upstream' });
    expect(e.waivers.map((w) => [w.id, w.status])).toEqual([
      ['CVE-1', 'active'],
      ['CVE-2', 'expired'],
      ['CVE-9', 'stale'],
    ]);
  });

  it('the same vulnerability from two tools counts once, listing both tools', () => {
    const pkg = { name: 'openssl', version: '1.1.1' };
    const e = evaluate(
      [findings([finding({ ruleId: 'CVE-7', package: pkg })], 'trivy'), findings([finding({ ruleId: 'CVE-7', package: pkg })], 'grype')],
      policy('gates:\n  - { id: f, measure: findings.count }\n'),
    );
    expect(e.gates[0]!.value).toBe(1);
    expect(e.gates[0]!.evidence[0]).toMatchObject({ tools: ['trivy', 'grype'] });
  });
});

describe('determinism', () => {
  it('the same inputs give byte-identical evaluations', () => {
    const arts = [findings([finding({ ruleId: 'B', fingerprint: 'b' }), finding({ ruleId: 'A', fingerprint: 'a' })]), tests([{ status: 'failed' }])];
    const p = policy('gates:\n  - { id: f, measure: findings.count }\n  - { id: t, measure: tests.failed }\n');
    expect(JSON.stringify(evaluate(arts, p, { today: '2026-01-01' }))).toBe(JSON.stringify(evaluate([...arts], p, { today: '2026-01-01' })));
  });
});

describe('reports given that no gate measured (Evaluation.unread)', () => {
  const perf: Artifact = { format: 'k6-summary', tool: { name: 'k6' }, source: 'k6.json', payload: { kind: 'performance', metrics: [] } };
  const unread = (e: ReturnType<typeof evaluate>) => (e.unread ?? []).map((u) => u.source);

  it('a report of a kind no gate reads is listed; the verdict and exit code are those without it', () => {
    const p = policy('extends: none\ngates:\n  - { id: t, measure: tests.failed, operator: "<=", threshold: 0 }\n');
    const alone = evaluate([tests([{ status: 'failed' }])], p);
    const both = evaluate([tests([{ status: 'failed' }]), perf], p);
    expect(both.unread).toEqual([{ source: 'k6.json', format: 'k6-summary', kind: 'performance' }]);
    expect([both.verdict, both.exitCode]).toEqual([alone.verdict, alone.exitCode]);
    expect(alone.unread).toBeUndefined();
  });

  it('a labelled report no gate selects is listed with its label', () => {
    const p = policy('extends: none\ngates:\n  - { id: t, measure: tests.failed, operator: "<=", threshold: 0, select: { labels: [unit] } }\n');
    const e = evaluate([tests([{ status: 'passed' }], 'unit.xml', 'unit'), tests([{ status: 'passed' }], 'it.xml', 'integration')], p);
    expect(e.unread).toEqual([{ source: 'it.xml', format: 'junit', kind: 'tests', label: 'integration' }]);
  });

  it('a gate that skipped measured nothing; one that errored read its reports; a baseline is never listed', () => {
    const p = policy('extends: none\ngates:\n  - { id: t, measure: tests.failed, operator: "<=", threshold: 0 }\n  - { id: c, measure: coverage.change, operator: ">=", threshold: -1 }\n');
    const cov = coverage({ 1: 1, 2: 0 });
    const noBase = evaluate([tests([{ status: 'passed' }]), cov], p);
    expect(gate(noBase, 'c').status).toBe('skip');
    expect(unread(noBase)).toEqual(['lcov.info']);
    const withBase = evaluate([tests([{ status: 'passed' }]), cov], p, { baseline: [coverage({ 1: 1, 2: 1 }), perf] });
    expect(gate(withBase, 'c').status).not.toBe('skip');
    expect(withBase.unread).toBeUndefined();
    // Coverage with no coverable lines is an error of the gate: the report was read, the verdict says so.
    const errored = evaluate([tests([{ status: 'passed' }]), coverage({})], policy('extends: none\ngates:\n  - { id: t, measure: tests.failed, operator: "<=", threshold: 0 }\n  - { id: c, measure: coverage.lines, threshold: 80, required: true }\n'));
    expect(gate(errored, 'c').status).toBe('error');
    expect(errored.unread).toBeUndefined();
  });

  it('findings: a category-restricted gate does not measure a report whose findings are all of other categories; waived findings were measured', () => {
    const p = policy('extends: none\ngates:\n  - { id: lint, measure: findings.count, select: { categories: [lint] }, operator: "<=", threshold: 0 }\nwaivers:\n  - { rule: L1, reason: "known" }\n');
    const lint = findings([finding({ ruleId: 'L1', category: 'lint' })], 'eslint');
    const secrets = findings([finding({ ruleId: 'S1', category: 'secret' })], 'gitleaks');
    const clean = findings([], 'semgrep');
    const e = evaluate([lint, secrets, clean], p);
    expect(gate(e, 'lint')).toMatchObject({ status: 'pass', value: 0 });
    expect(unread(e)).toEqual(['gitleaks.json']);
  });

  it('when every gate skipped, problems names the reports and unread is absent (exit 2 as before)', () => {
    const e = evaluate([perf], policy('extends: none\ngates:\n  - { id: t, measure: tests.failed, operator: "<=", threshold: 0 }\n'));
    expect(e.exitCode).toBe(2);
    expect(e.problems).toHaveLength(1);
    expect(e.unread).toBeUndefined();
  });
});
