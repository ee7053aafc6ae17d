import type { Artifact, TestCase } from '../model/types.js';
import type { Evidence, GateContext, GateHandler } from './types.js';

export interface TestTally {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  flaky: number;
  failing: Array<{ test: TestCase; source: string }>;
}

/** Count test cases across reports; a failing test lists first failures, then errors. */
export function tallyTests(inputs: readonly Artifact[]): TestTally {
  const t: TestTally = { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0, flaky: 0, failing: [] };
  for (const a of inputs) {
    if (a.payload.kind !== 'tests') continue;
    for (const c of a.payload.cases) {
      t.total++;
      t[c.status]++;
      if (c.flaky) t.flaky++;
      if (c.status === 'failed' || c.status === 'errored') t.failing.push({ test: c, source: a.source });
    }
  }
  return t;
}

function testEvidence(f: { test: TestCase; source: string }): Evidence {
  const e: Extract<Evidence, { type: 'test' }> = { type: 'test', suite: f.test.suite, name: f.test.name, status: f.test.status, source: f.source };
  if (f.test.message !== undefined) e.message = f.test.message;
  if (f.test.file !== undefined) e.file = f.test.file;
  if (f.test.line !== undefined) e.line = f.test.line;
  return e;
}

function failingEvidence(t: TestTally, ctx: GateContext): Evidence[] {
  return t.failing.slice(0, ctx.maxEvidence).map(testEvidence);
}

function tallyDetail(t: TestTally): string {
  const parts = [`${t.passed} passed`, `${t.failed} failed`, `${t.errored} errored`, `${t.skipped} skipped`];
  if (t.flaky) parts.push(`${t.flaky} flaky`);
  return `${t.total} tests: ${parts.join(', ')}`;
}

/**
 * `tests.pass-rate`: passed / (total − skipped). Skipped tests do not lower the rate but are
 * reported; zero executed tests is an error, never 100 %.
 */
export const testsPassRate: GateHandler = (_gate, inputs, ctx) => {
  const t = tallyTests(inputs);
  const executed = t.total - t.skipped;
  if (executed === 0) {
    return {
      status: 'error',
      reason: t.total === 0 ? 'the test report(s) hold no test cases: nothing to measure' : `all ${t.total} tests were skipped: nothing to measure`,
    };
  }
  return {
    value: (t.passed / executed) * 100,
    unit: 'percent',
    evidence: failingEvidence(t, ctx),
    evidenceTotal: t.failing.length,
    detail: tallyDetail(t),
  };
};

/** `tests.failed`: failed + errored tests. */
export const testsFailed: GateHandler = (_gate, inputs, ctx) => {
  const t = tallyTests(inputs);
  if (t.total === 0) return { status: 'error', reason: 'the test report(s) hold no test cases: nothing to measure' };
  return { value: t.failed + t.errored, unit: 'count', evidence: failingEvidence(t, ctx), evidenceTotal: t.failing.length, detail: tallyDetail(t) };
};
