/**
 * Test, load-test and health gates on real reports (fixtures/) and on small built
 * artifacts where a baseline is needed. k6 thresholds are checked against k6's own recorded
 * outcomes in the real summaries (legacy export: true = failed).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPolicy, loadPolicy } from '../../src/config/load.js';
import { evaluate } from '../../src/gates/index.js';
import { evaluateK6Threshold, parseK6Threshold } from '../../src/gates/k6-threshold.js';
import type { Artifact, PerformanceMetric, TestCase } from '../../src/model/types.js';
import { parseReport } from '../../src/parsers/index.js';
import { cli, FIXTURES } from '../helpers.js';

const read = (rel: string, label?: string): Artifact[] =>
  parseReport(`fixtures/${rel}`, readFileSync(join(FIXTURES, rel), 'utf8'), label ? { label } : {});
const policy = (yaml: string) => loadPolicy(yaml, 'test.yml');
const gate = (e: ReturnType<typeof evaluate>, id: string) => e.gates.find((g) => g.id === id)!;

const tests = (cases: Array<Pick<TestCase, 'name' | 'status'>>, source = 'junit.xml'): Artifact => ({
  format: 'junit',
  tool: { name: 'junit' },
  source,
  payload: { kind: 'tests', cases: cases.map((c) => ({ suite: 's', ...c })) },
});

describe('k6 thresholds agree with k6’s own outcomes in real summaries', () => {
  const cases: Array<[string, number]> = [
    ['k6-summary/handle-summary-thresholds-ok/input.json', 2],
    ['k6-summary/legacy-threshold-crossed/input.json', 1],
    ['k6-summary/handle-summary-failed-thresholds/input.json', 3],
    ['k6-summary/legacy-nested-groups/input.json', 2],
  ];
  for (const [file, count] of cases) {
    it(file, () => {
      const [a] = read(file);
      const metrics = (a!.payload as { metrics: PerformanceMetric[] }).metrics;
      const checked = metrics.flatMap((m) =>
        (m.thresholds ?? []).map((t) => {
          const r = evaluateK6Threshold(m, t.expression);
          return { metric: m.name, expression: t.expression, k6: t.ok, gatecheck: r.status === 'pass' };
        }),
      );
      expect(checked).toHaveLength(count);
      for (const c of checked) expect(c.gatecheck, `${c.metric} ${c.expression}`).toBe(c.k6);
    });
  }

  it('the legacy export’s `true` is read as failed (p(95)<50 crossed; p(95) there is 266.59 ms)', () => {
    const [a] = read('k6-summary/legacy-threshold-crossed/input.json');
    const d = (a!.payload as { metrics: PerformanceMetric[] }).metrics.find((m) => m.name === 'http_req_duration')!;
    expect(d.thresholds).toEqual([{ expression: 'p(95)<50', ok: false }]);
  });
});

describe('k6 threshold grammar', () => {
  it('parses every statistic and operator k6 documents', () => {
    expect(parseK6Threshold('p(99.9) <= 250')).toEqual({ stat: 'p(99.9)', operator: '<=', value: 250 });
    expect(parseK6Threshold('rate<0.01')).toEqual({ stat: 'rate', operator: '<', value: 0.01 });
    for (const op of ['<', '<=', '>', '>=', '==', '===', '!=']) expect(parseK6Threshold(`count${op}10`).operator).toBe(op);
    for (const s of ['avg', 'min', 'max', 'med', 'value']) expect(parseK6Threshold(`${s}>1`).stat).toBe(s);
    expect(() => parseK6Threshold('p95<1000')).toThrow(/not a k6 threshold/);
    expect(() => parseK6Threshold('p(95)=<1000')).toThrow();
  });

  const trend: PerformanceMetric = { name: 'd', type: 'trend', values: { avg: 10, 'p(95)': 20 } };
  it('allows only the statistics of the metric’s type', () => {
    expect(evaluateK6Threshold(trend, 'rate<0.1')).toMatchObject({ status: 'invalid' });
    expect(evaluateK6Threshold({ name: 'r', type: 'rate', values: { rate: 0.5, passes: 1, fails: 1 } }, 'avg<1')).toMatchObject({ status: 'invalid' });
    expect(evaluateK6Threshold(trend, 'p(95)===20')).toMatchObject({ status: 'pass', value: 20 });
    expect(evaluateK6Threshold(trend, 'p(95)!=20')).toMatchObject({ status: 'fail' });
  });

  it('a metric with no samples is no data (k6 would pass it)', () => {
    expect(evaluateK6Threshold({ name: 'r', type: 'rate', values: { rate: 0, passes: 0, fails: 0 } }, 'rate<0.01')).toMatchObject({ status: 'no-data' });
    expect(evaluateK6Threshold({ name: 'r', type: 'rate', values: { rate: 0, matches: 0, total: 0 } }, 'rate<0.01')).toMatchObject({ status: 'no-data' });
    expect(evaluateK6Threshold({ name: 'd', type: 'trend', values: {} }, 'p(95)<1')).toMatchObject({ status: 'no-data' });
    expect(evaluateK6Threshold(trend, 'p(99)<1')).toMatchObject({ status: 'no-data' });
  });
});

describe('performance gates', () => {
  const k6 = policy('gates:\n  - { id: k6, measure: performance.k6-thresholds }\n');

  it('performance.k6-thresholds counts failed thresholds (legacy true = failed)', () => {
    const g = gate(evaluate(read('k6-summary/legacy-threshold-crossed/input.json'), k6), 'k6');
    expect([g.status, g.value]).toEqual(['fail', 1]);
    const ok = gate(evaluate(read('k6-summary/handle-summary-thresholds-ok/input.json'), k6), 'k6');
    expect([ok.status, ok.value]).toEqual(['pass', 0]);
  });

  it('a threshold on a metric that does not exist is an error, not a pass', () => {
    const p = policy('gates:\n  - id: k6\n    measure: performance.k6-thresholds\n    thresholds: { "grpc_req_duration": ["p(95)<100"] }\n');
    const g = gate(evaluate(read('k6-summary/handle-summary-thresholds-ok/input.json'), p), 'k6');
    expect(g.status).toBe('error');
    expect(g.message).toContain('no data: metric grpc_req_duration is not in the load-test report');
    // …and lists the metrics the summary does have (jq -r '.metrics | keys[]' input.json)
    expect(g.message).toContain('(the summary has: checks, data_received, data_sent, group_duration, http_req_blocked,');
  });

  it('a performance.metric gate on a metric the summary lacks lists the metrics it has', () => {
    const p = policy('gates:\n  - { id: g, measure: performance.metric, metric: grpc_req_duration, stat: p(95), threshold: 100 }\n');
    const g = gate(evaluate(read('k6-summary/legacy-failed-check/input.json'), p), 'g');
    const names = Object.keys(JSON.parse(readFileSync(join(FIXTURES, 'k6-summary/legacy-failed-check/input.json'), 'utf8')).metrics).sort();
    expect(g).toMatchObject({ status: 'error', message: `no data: metric grpc_req_duration is not in the load-test report(s) (the summary has: ${names.join(', ')})` });
  });

  it('default policy: a threshold the k6 script set blocks even when the p95 and error-rate gates pass (real failed-thresholds run)', () => {
    const a = read('k6-summary/handle-summary-failed-thresholds/input.json');
    const e = evaluate(a, defaultPolicy());
    // k6 recorded ok:false for p(95)<500, rate<0.01 and errors rate<0.05 (jq '.metrics | map_values(.thresholds // empty)')
    expect(gate(e, 'performance.k6-thresholds')).toMatchObject({ status: 'fail', value: 3, action: 'block' });
    const loose = policy('extends: default\ngates:\n  - { id: performance.p95, threshold: 60000 }\n  - { id: performance.error-rate, threshold: 0.05 }\n');
    const l = evaluate(a, loose);
    expect(gate(l, 'performance.p95').status).toBe('pass');
    expect(gate(l, 'performance.error-rate').status).toBe('pass');
    expect(l).toMatchObject({ verdict: 'blocked', exitCode: 1 });
    expect(gate(l, 'performance.k6-thresholds').evidence.map((x) => (x.type === 'metric' ? `${x.name} ${x.note}` : ''))).toEqual([
      "http_req_duration threshold 'p(95)<500' failed (k6: failed)",
      "http_req_failed threshold 'rate<0.01' failed (k6: failed)",
      "errors threshold 'rate<0.05' failed (k6: failed)",
    ]);
  });

  it('the machine-readable summary records no thresholds: the gate skips (errors when required) unless the policy names some', () => {
    const a = read('k6-summary/machine-readable-handmade/input.json');
    expect(gate(evaluate(a, k6), 'k6')).toMatchObject({ status: 'skip', message: expect.stringContaining('no thresholds to evaluate') });
    const required = policy('gates:\n  - { id: k6, measure: performance.k6-thresholds, required: true }\n');
    expect(gate(evaluate(a, required), 'k6').status).toBe('error');
    const p = policy('gates:\n  - id: k6\n    measure: performance.k6-thresholds\n    thresholds: { "http_req_duration{expected_response:true}": ["p(95)<1000"], "http_req_failed": ["rate<0.01"] }\n');
    const g = gate(evaluate(a, p), 'k6');
    // http_req_failed rate is 0.3975 in that sample: 1 of 2 fails
    expect([g.status, g.value]).toEqual(['fail', 1]);
  });

  it('default policy: p95 and error rate from a real handleSummary; throughput as an opt-in gate', () => {
    const a = read('k6-summary/handle-summary-thresholds-ok/input.json');
    const e = evaluate(a, defaultPolicy());
    expect(gate(e, 'performance.p95')).toMatchObject({ status: 'pass', value: 30.0256841 });
    expect(gate(e, 'performance.error-rate')).toMatchObject({ status: 'fail', value: 0.39749430523917995 });
    const t = policy('gates:\n  - { id: throughput, measure: performance.metric, metric: http_reqs, stat: rate, operator: ">=", threshold: 50 }\n');
    expect(gate(evaluate(a, t), 'throughput')).toMatchObject({ status: 'fail', value: 35.94634922417172, unit: 'per-second' });
  });

  it('performance.regression: relative change of p95 against the baseline, skip without one', () => {
    const perf = (p95: number): Artifact => ({ format: 'k6-summary', tool: { name: 'k6' }, source: 'k6.json', payload: { kind: 'performance', metrics: [{ name: 'http_req_duration', type: 'trend', values: { 'p(95)': p95 } }] } });
    const p = policy('gates:\n  - { id: r, measure: performance.regression, metric: http_req_duration, stat: p(95), threshold: 2 }\n');
    expect(gate(evaluate([perf(102)], p, { baseline: [perf(100)] }), 'r')).toMatchObject({ status: 'pass', value: 2 });
    expect(gate(evaluate([perf(102.5)], p, { baseline: [perf(100)] }), 'r')).toMatchObject({ status: 'fail', value: 2.5 });
    expect(gate(evaluate([perf(102.5)], p), 'r').status).toBe('skip');
  });
});

describe('test gates', () => {
  it('a JUnit file with no test case makes the pass-rate gate error, naming the file', () => {
    const g = gate(evaluate(read('junit/jest-junit-empty/input.xml'), defaultPolicy()), 'tests.pass-rate');
    expect(g.status).toBe('error');
    expect(g.message).toContain('fixtures/junit/jest-junit-empty/input.xml');
  });

  it('a flaky Surefire test passes the gate and is listed as flaky', () => {
    const g = gate(evaluate(read('junit/surefire-3-flaky-rerun/input.xml'), defaultPolicy()), 'tests.pass-rate');
    expect(g.status).toBe('pass');
    expect(g.detail).toContain('1 flaky');
    expect(g.evidence).toEqual([expect.objectContaining({ type: 'test', name: 'testFlaky', flaky: true })]);
  });

  it('integration and staging gates read only their labelled reports', () => {
    const it = read('junit/go-junit-report-v2/input.xml', 'integration');
    const st = read('junit/jest-junit-typescript/input.xml', 'staging');
    const e = evaluate([...it, ...st], defaultPolicy());
    expect(gate(e, 'tests.integration')).toMatchObject({ status: 'fail', value: (2 / 3) * 100 });
    expect(gate(e, 'tests.staging')).toMatchObject({ status: 'pass', value: 100 });
    expect(gate(evaluate(st, defaultPolicy()), 'tests.integration').status).toBe('skip');
  });

  it('failing evidence carries the message, file and line', () => {
    const g = gate(evaluate(read('junit/pytest-xunit2/input.xml'), defaultPolicy()), 'tests.pass-rate');
    expect(g.evidence[0]).toMatchObject({ name: 'test_fails', status: 'failed', file: 'test_sample.py', line: 7 });
    expect((g.evidence[0] as { message: string }).message).toMatch(/^assert \[1, 2\] == \[1, 3\]/);
  });

  it('tests.new-failures lists new failures and leaves failures already on the base aside', () => {
    const p = policy('gates:\n  - { id: n, measure: tests.new-failures }\n  - { id: d, measure: tests.pass-rate-change, operator: ">=", threshold: 0 }\n');
    const base = tests([{ name: 'a', status: 'failed' }, { name: 'b', status: 'passed' }, { name: 'c', status: 'passed' }]);
    const now = tests([{ name: 'a', status: 'failed' }, { name: 'b', status: 'failed' }, { name: 'c', status: 'passed' }]);
    const e = evaluate([now], p, { baseline: [base] });
    expect(gate(e, 'n')).toMatchObject({ status: 'fail', value: 1 });
    expect(gate(e, 'n').evidence).toEqual([expect.objectContaining({ name: 'b' }), { type: 'note', text: 'already failing on the base (not counted): 1: s › a' }]);
    expect(gate(e, 'd')).toMatchObject({ status: 'fail' });
    expect(gate(e, 'd').value).toBeCloseTo(100 / 3 - 200 / 3);
    expect(gate(evaluate([now], p), 'n').status).toBe('skip');
  });
});

describe('health gates', () => {
  it('availability below 99.9 % rolls back (exit 4), from real Prometheus responses', async () => {
    // Both files are real /api/v1/query responses (see their SOURCE): 100 % and 50 % availability.
    const ok = evaluate(read('prometheus/vector-availability/input.json'), defaultPolicy());
    expect(gate(ok, 'health.availability')).toMatchObject({ status: 'pass', value: 100 });
    const down = evaluate(read('prometheus/vector-degraded-availability/input.json'), defaultPolicy());
    expect(gate(down, 'health.availability')).toMatchObject({ status: 'fail', value: 50 });
    expect([down.verdict, down.exitCode]).toEqual(['rollback', 4]);
    const r = await cli(['evaluate', 'fixtures/prometheus/vector-degraded-availability/input.json', '--reporter', 'json']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).verdict).toBe('rollback');
  });
});
