/**
 * Test gates. Policy for the edge cases (docs/tests-performance-health.md):
 * - a test that failed and then passed on a retry counts as passed and is listed as flaky;
 * - the same test written twice (suite + classname + name) is one test (the parsers merge it);
 * - skipped tests do not lower the pass rate but are reported;
 * - zero executed tests is an error for a pass-rate gate, never 100 %.
 */
import { isFailing, type Artifact, type TestCase } from '../model/types.js';
import { selectBaseline } from './select.js';
import type { Evidence, GateConfig, GateContext, GateHandler, GateOutcome } from './types.js';

export interface TestTally {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  flaky: number;
  failing: Array<{ test: TestCase; source: string }>;
  flakyTests: Array<{ test: TestCase; source: string }>;
  /** Reports that held no test case at all. */
  empty: string[];
}

/** Count test cases across reports; a failing test lists first failures, then errors. */
export function tallyTests(inputs: readonly Artifact[]): TestTally {
  const t: TestTally = { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0, flaky: 0, failing: [], flakyTests: [], empty: [] };
  for (const a of inputs) {
    if (a.payload.kind !== 'tests') continue;
    if (a.payload.cases.length === 0) t.empty.push(a.source);
    for (const c of a.payload.cases) {
      t.total++;
      t[c.status]++;
      if (c.flaky) {
        t.flaky++;
        t.flakyTests.push({ test: c, source: a.source });
      }
      if (isFailing(c.status)) t.failing.push({ test: c, source: a.source });
    }
  }
  return t;
}

function testEvidence(f: { test: TestCase; source: string }): Evidence {
  const e: Extract<Evidence, { type: 'test' }> = { type: 'test', suite: f.test.suite, name: f.test.name, status: f.test.status, source: f.source };
  if (f.test.message !== undefined) e.message = f.test.message;
  if (f.test.file !== undefined) e.file = f.test.file;
  if (f.test.line !== undefined) e.line = f.test.line;
  if (f.test.flaky) e.flaky = true;
  return e;
}

/** Failing tests first, then the flaky ones (passed after a retry), up to maxEvidence. */
function failingEvidence(t: TestTally, ctx: GateContext): Evidence[] {
  return [...t.failing, ...t.flakyTests].slice(0, ctx.maxEvidence).map(testEvidence);
}

function tallyDetail(t: TestTally): string {
  const parts = [`${t.passed} passed`, `${t.failed} failed`, `${t.errored} errored`, `${t.skipped} skipped`];
  if (t.flaky) parts.push(`${t.flaky} flaky (passed on retry)`);
  let s = `${t.total} ${t.total === 1 ? 'test' : 'tests'}: ${parts.join(', ')}`;
  if (t.empty.length) s += `; no test cases in ${t.empty.join(', ')}`;
  return s;
}

function nothingToMeasure(t: TestTally): Extract<GateOutcome, { status: string }> {
  const where = t.empty.length ? ` (${t.empty.slice(0, 5).join(', ')}${t.empty.length > 5 ? ', …' : ''})` : '';
  return { status: 'error', reason: `the test report(s) hold no test cases${where}: nothing to measure` };
}

/** Pass rate in percent of executed (not skipped) tests; undefined when none ran. */
function passRate(t: TestTally): number | undefined {
  const executed = t.total - t.skipped;
  return executed === 0 ? undefined : (t.passed / executed) * 100;
}

/**
 * `tests.pass-rate`: passed / (total − skipped). Skipped tests do not lower the rate but are
 * reported; zero executed tests is an error, never 100 %.
 */
export const testsPassRate: GateHandler = (_gate, inputs, ctx) => {
  const t = tallyTests(inputs);
  if (t.total === 0) return nothingToMeasure(t);
  const rate = passRate(t);
  if (rate === undefined) return { status: 'error', reason: `all ${t.total} tests were skipped: nothing to measure` };
  return {
    value: rate,
    unit: 'percent',
    evidence: failingEvidence(t, ctx),
    evidenceTotal: t.failing.length + t.flakyTests.length,
    detail: tallyDetail(t),
  };
};

/** `tests.failed`: failed + errored tests. */
export const testsFailed: GateHandler = (_gate, inputs, ctx) => {
  const t = tallyTests(inputs);
  if (t.total === 0) return nothingToMeasure(t);
  return { value: t.failed + t.errored, unit: 'count', evidence: failingEvidence(t, ctx), evidenceTotal: t.failing.length + t.flakyTests.length, detail: tallyDetail(t) };
};

/** Tally the current and the base branch's tests; a skip/error outcome when either is missing. */
function tallyWithBaseline(gate: GateConfig, inputs: readonly Artifact[], ctx: GateContext): { t: TestTally; b: TestTally } | Extract<GateOutcome, { status: string }> {
  const base = ctx.baseline && selectBaseline(ctx.baseline, 'tests', gate.select);
  if (!base) return { status: 'skip', reason: 'no baseline given: pass --baseline FILE (the base branch\'s test reports or `gatecheck parse` output)' };
  const t = tallyTests(inputs);
  if (t.total === 0) return nothingToMeasure(t);
  return { t, b: tallyTests(base) };
}

const testKey = (c: TestCase) => `${c.suite}\u0000${c.classname ?? ''}\u0000${c.name}`;

/**
 * `tests.new-failures`: failing tests that did not fail on the base branch (`--baseline`).
 * Tests that already failed there are listed separately (a note) and not counted.
 */
export const testsNewFailures: GateHandler = (gate, inputs, ctx) => {
  const both = tallyWithBaseline(gate, inputs, ctx);
  if ('status' in both) return both;
  const { t, b } = both;
  if (b.total === 0) return { status: 'error', reason: 'the baseline holds no test cases: cannot tell new failures from old ones' };
  const failedBefore = new Set(b.failing.map((f) => testKey(f.test)));
  const fresh = t.failing.filter((f) => !failedBefore.has(testKey(f.test)));
  const old = t.failing.filter((f) => failedBefore.has(testKey(f.test)));
  const evidence: Evidence[] = fresh.slice(0, ctx.maxEvidence).map(testEvidence);
  if (old.length) {
    const names = old.slice(0, 10).map((f) => `${f.test.suite ? `${f.test.suite} › ` : ''}${f.test.name}`);
    evidence.push({ type: 'note', text: `already failing on the base (not counted): ${old.length}: ${names.join('; ')}${old.length > 10 ? '; …' : ''}` });
  }
  return {
    value: fresh.length,
    unit: 'count',
    evidence,
    evidenceTotal: fresh.length,
    detail: `${fresh.length} new failing, ${old.length} already failing on the base; ${tallyDetail(t)}`,
  };
};

/**
 * `tests.pass-rate-change`: current pass rate minus the base branch's, in percentage points
 * (`--baseline`). "Pass rate may not drop" is `operator: ">=", threshold: 0`.
 */
export const testsPassRateChange: GateHandler = (gate, inputs, ctx) => {
  const both = tallyWithBaseline(gate, inputs, ctx);
  if ('status' in both) return both;
  const { t, b } = both;
  const now = passRate(t);
  const before = passRate(b);
  if (now === undefined) return { status: 'error', reason: `all ${t.total} tests were skipped: nothing to measure` };
  if (before === undefined) return { status: 'error', reason: 'the baseline holds no executed test: nothing to compare with' };
  return {
    value: now - before,
    unit: 'number',
    evidence: failingEvidence(t, ctx),
    evidenceTotal: t.failing.length + t.flakyTests.length,
    detail: `pass rate ${now.toFixed(2)} % now, ${before.toFixed(2)} % on the base (percentage points); ${tallyDetail(t)}`,
  };
};
