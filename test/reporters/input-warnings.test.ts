/**
 * What gatecheck noticed about its inputs reaches every output people read: the parsers'
 * warnings and the reports no gate measured (src/reporters/notes.ts). Built from real
 * reports (fixtures/outputs/input-warnings/reports.json); the expected warnings are those of
 * the JUnit fixtures' expected.json, whose counts come from outside gatecheck (their SOURCE).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../../src/gates/types.js';
import { getReporter } from '../../src/reporters/index.js';
import { FIXTURES } from '../helpers.js';
import { caseEvaluation } from './cases.js';

const { evaluation, options } = caseEvaluation(join(FIXTURES, 'outputs', 'input-warnings'));
const JUNIT = ['gotestsum-package-failure', 'gotestsum-1.13-vet-build-failures'];
/** `SOURCE: TEXT` for every warning the fixtures' expected.json lists. */
const expectedWarnings = JUNIT.flatMap((c) =>
  (JSON.parse(readFileSync(join(FIXTURES, 'junit', c, 'expected.json'), 'utf8')) as { warnings: string[] }).warnings.map((w) => `fixtures/junit/${c}/input.xml: ${w}`),
);
const K6 = 'fixtures/k6-summary/handle-summary-thresholds-ok/input.json';
const UNREAD = `${K6} (k6-summary, performance): read, but no gate of the policy measures it`;
const render = (id: string, e: Evaluation = evaluation, o = options) => getReporter(id)!.render(e, o);

/** The evaluation with `n` warnings on its first input and none elsewhere. */
function withWarnings(n: number): Evaluation {
  const [first, ...rest] = evaluation.inputs.map(({ warnings: _w, ...i }) => i);
  return { ...evaluation, inputs: [{ ...first!, warnings: Array.from({ length: n }, (_, i) => `warning number ${i + 1}`) }, ...rest], unread: [] };
}

describe('input warnings from real reports', () => {
  it('the evaluation carries the parsers\' warnings and the unread k6 summary; the exit code is the gates\'', () => {
    expect(expectedWarnings).toHaveLength(2);
    expect(evaluation.inputs.flatMap((i) => (i.warnings ?? []).map((w) => `${i.source}: ${w}`))).toEqual(expectedWarnings);
    expect(evaluation.unread).toEqual([{ source: K6, format: 'k6-summary', kind: 'performance' }]);
    expect([evaluation.verdict, evaluation.exitCode]).toEqual(['blocked', 1]);
  });

  it('text: a `warning: …` line each, before the verdict line', () => {
    const lines = render('text').split('\n');
    expect(lines.filter((l) => l.startsWith('warning: '))).toEqual([...expectedWarnings, UNREAD].map((l) => `warning: ${l}`));
    expect(lines.indexOf(`warning: ${UNREAD}`)).toBeLessThan(lines.findIndex((l) => l.startsWith('gatecheck: BLOCKED')));
    expect(render('text', evaluation, { ...options, quiet: true })).not.toContain('warning:');
  });

  it.each(['markdown', 'github-summary'])('%s: an "Input warnings" list above the gate table', (id) => {
    const md = render(id);
    const lines = md.split('\n');
    const start = lines.indexOf('**Input warnings** (they do not change the verdict)');
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThan(lines.indexOf('| Status | Gate | Measured | Threshold | Action |'));
    expect(lines.slice(start + 2, lines.indexOf('', start + 2))).toEqual([...expectedWarnings, UNREAD].map((l) => `- ${l.replace(/</g, '&lt;').replace(/>/g, '&gt;')}`));
  });

  it('JUnit XML: the suite\'s system-err, one line each', () => {
    const xml = render('junit');
    const m = /<system-err>([^<]*)<\/system-err>\n {2}<\/testsuite>/.exec(xml);
    expect(m?.[1]?.split('\n')).toEqual([...expectedWarnings, UNREAD].map((l) => `warning: ${l.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}`));
  });

  it('a passing evaluation with compactOnPass still shows them', () => {
    const passed: Evaluation = { ...evaluation, verdict: 'passed', exitCode: 0, gates: evaluation.gates.map((g) => ({ ...g, status: 'pass' })) };
    const md = render('markdown', passed, { ...options, compactOnPass: true });
    expect(md).toContain('All 2 evaluated gates passed.');
    expect(md).toContain(`- ${UNREAD}\n`);
  });

  it('an evaluation saved by an older build (neither field) renders without them', () => {
    const old: Evaluation = { ...evaluation, inputs: evaluation.inputs.map(({ warnings: _w, ...i }) => i) };
    delete old.unread;
    for (const id of ['text', 'markdown', 'github-summary', 'junit']) expect(render(id, old), id).not.toMatch(/warning|Input warnings|system-err/);
  });
});

describe('input warnings are bounded', () => {
  it('text and Markdown show 10, then "…and N more"; JUnit XML holds up to 100', () => {
    const many = withWarnings(25);
    const text = render('text', many).split('\n').filter((l) => l.startsWith('warning: '));
    expect(text).toHaveLength(11);
    expect(text[9]).toBe(`warning: ${evaluation.inputs[0]!.source}: warning number 10`);
    expect(text[10]).toBe('warning: …and 15 more (the JSON output lists every one)');
    const md = render('markdown', many);
    expect(md).toContain('warning number 10\n- …and 15 more (the JSON output lists every one)\n');
    expect(md).not.toContain('warning number 11');
    expect(render('junit', many)).toContain('warning number 25</system-err>');
    expect(render('junit', withWarnings(130))).toMatch(/warning number 100\nwarning: …and 30 more \(the JSON output lists every one\)<\/system-err>/);
  });
});
