/**
 * The evaluation as JUnit XML, so Jenkins, GitLab's test report and the test-reporter
 * actions show each gate as a test: pass → a plain testcase, fail → `<failure>`, error →
 * `<error>`, skip → `<skipped/>`. The XML tells the exit code's story: a failed `log` gate
 * never changes the verdict, so it is a passed testcase whose `<system-out>` says it was
 * logged (not `<skipped>`: the gate was evaluated, and test reports read skipped as "did not
 * run"); a failed `approve` gate is a `<failure type="approve">`, as its exit code 3 fails the
 * job unless the pipeline lets exit 3 through. Structure follows the Ant/Surefire JUnit schema as
 * Jenkins' xUnit plugin publishes it (junit-10.xsd; the test validates against it): a
 * `<testsuites>` root with one `<testsuite name tests failures errors skipped time>`.
 * What gatecheck noticed about its inputs (parser warnings, reports no gate measured) is the
 * suite's `<system-err>`, a `warning: …` line each.
 * All text is XML-escaped, and characters XML 1.0 cannot hold are replaced (escape.ts).
 */
import type { Evaluation, GateResult } from '../gates/types.js';
import { escapeXml } from './escape.js';
import { shownNotes } from './notes.js';
import { isLogged, tally } from './tally.js';
import { describeEvidence } from './text.js';
import type { Reporter } from './types.js';

function body(g: GateResult): string {
  const lines = [`gate ${g.id} (${g.measure}), action ${g.action}${g.required ? ', required' : ''}`, g.message];
  if (g.detail) lines.push(g.detail);
  if (g.inputs.length) lines.push(`reports: ${g.inputs.join(', ')}`);
  for (const ev of g.evidence) lines.push(`- ${describeEvidence(ev)}`);
  const more = Math.max(g.evidenceTotal, g.evidence.length) - g.evidence.length;
  if (more > 0) lines.push(`…and ${more} more`);
  return escapeXml(lines.join('\n'));
}

function testcase(g: GateResult): string {
  const open = `    <testcase name="${escapeXml(`${g.id}: ${g.title}`)}" classname="gatecheck" time="0"`;
  if (isLogged(g)) return `${open}>\n      <system-out>${escapeXml('logged (action log: does not change the verdict)')}\n${body(g)}</system-out>\n    </testcase>`;
  switch (g.status) {
    case 'pass':
      return `${open}/>`;
    case 'skip':
      return `${open}>\n      <skipped message="${escapeXml(g.message)}"/>\n    </testcase>`;
    case 'fail':
      return `${open}>\n      <failure message="${escapeXml(g.message)}" type="${g.action}">${body(g)}</failure>\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error message="${escapeXml(g.message)}" type="error">${body(g)}</error>\n    </testcase>`;
  }
}

/** Lines of the suite's `<system-err>` before "…and N more" (the JSON output has them all). */
const NOTES_IN_XML = 100;

/** What gatecheck noticed about its inputs (src/reporters/notes.ts), as the suite's `<system-err>`, one warning a line. */
function systemErr(e: Evaluation): string[] {
  const lines = shownNotes(e, NOTES_IN_XML).map((l) => `warning: ${l.replace(/[\r\n]+/g, ' ')}`);
  return lines.length === 0 ? [] : [`    <system-err>${escapeXml(lines.join('\n'))}</system-err>`];
}

/** Render the evaluation as a JUnit XML document. */
export function renderJunit(e: Evaluation): string {
  const c = tally(e);
  const n = e.gates.length;
  const props = [
    ['verdict', e.verdict],
    ['exitCode', String(e.exitCode)],
    ...(c.logged > 0 ? [['logged', String(c.logged)]] : []),
    ...e.inputs.map((i, k) => [`input.${k}`, `${i.source} (${i.format}, ${i.tool.name}${i.tool.version ? ` ${i.tool.version}` : ''})`]),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gatecheck" tests="${n}" failures="${c.fail}" errors="${c.error}" time="0">`,
    `  <testsuite name="gatecheck" tests="${n}" failures="${c.fail}" errors="${c.error}" skipped="${c.skip}" time="0">`,
    '    <properties>',
    ...props.map(([k, v]) => `      <property name="${escapeXml(k!)}" value="${escapeXml(v!)}"/>`),
    '    </properties>',
    ...e.gates.map(testcase),
    ...systemErr(e),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export const junitReporter = {
  id: 'junit',
  description: 'JUnit XML: each gate a testcase (fail → failure, error → error, skip → skipped, logged → passed with system-out)',
  render: (e) => renderJunit(e),
} satisfies Reporter;
