/**
 * The terminal table. Colour only when asked (the CLI asks when the stream is a TTY and
 * NO_COLOR is unset); plain text otherwise, so logs stay clean.
 */
import { Chalk } from 'chalk';
import { formatValue } from '../gates/compare.js';
import type { Evaluation, GateResult, GateStatus, Verdict } from '../gates/types.js';
import { oneLine } from './escape.js';
import type { Reporter } from './types.js';

const VERDICT_TEXT: Record<Verdict, string> = {
  passed: 'PASSED',
  blocked: 'BLOCKED',
  'needs-approval': 'NEEDS APPROVAL',
  rollback: 'ROLL BACK',
  error: 'COULD NOT EVALUATE',
};

export function verdictLine(e: Evaluation): string {
  const c = e.counts;
  return `gatecheck: ${VERDICT_TEXT[e.verdict]} (exit ${e.exitCode}) — ${c.pass} passed, ${c.fail} failed, ${c.skip} skipped, ${c.error} errors`;
}

function measured(g: GateResult): string {
  return g.value === undefined ? '—' : formatValue(g.value, g.unit);
}

function thresholdText(g: GateResult): string {
  return `${g.operator} ${formatValue(g.threshold, g.unit)}`;
}

/** Strip control characters so untrusted text cannot drive the terminal. */
function plain(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

export const textReporter = {
  id: 'text',
  description: 'a table for the terminal (colour when interactive)',
  render(e, options) {
    const chalk = new Chalk({ level: options.color ? 1 : 0 });
    const paint: Record<GateStatus, (s: string) => string> = {
      pass: chalk.green,
      fail: chalk.red,
      skip: chalk.dim,
      error: chalk.magenta,
    };
    const head = verdictLine(e);
    const verdictPaint = e.verdict === 'passed' ? chalk.green.bold : e.verdict === 'needs-approval' ? chalk.yellow.bold : chalk.red.bold;
    if (options.quiet) return `${verdictPaint(head)}\n`;
    const rows = e.gates.map((g) => [g.status.toUpperCase(), g.title, measured(g), g.status === 'skip' || g.status === 'error' ? '' : thresholdText(g), g.action]);
    const header = ['STATUS', 'GATE', 'MEASURED', 'THRESHOLD', 'ACTION'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => plain(r[i]!).length)));
    const fmt = (cells: string[]) => cells.map((c, i) => plain(c).padEnd(widths[i]!)).join('  ').trimEnd();
    const lines = [chalk.bold(fmt(header))];
    e.gates.forEach((g, i) => {
      lines.push(paint[g.status](fmt(rows[i]!)));
      // The row already shows measured and threshold: under a failed gate say only what adds to it.
      const note = g.status === 'fail' ? g.detail : g.status === 'pass' ? undefined : `${g.message}${g.detail ? ` — ${g.detail}` : ''}`;
      if (note) lines.push(chalk.dim(`        ${plain(note)}`));
      if (g.status === 'fail') {
        for (const ev of g.evidence.slice(0, 5)) lines.push(`        · ${plain(describeEvidence(ev))}`);
        if (g.evidenceTotal > 5) lines.push(chalk.dim(`        …and ${g.evidenceTotal - 5} more`));
      }
    });
    for (const w of e.waivers) {
      if (w.status !== 'active') lines.push(chalk.yellow(`waiver ${plain(w.id)}: ${w.status}${w.expires ? ` (expires ${w.expires})` : ''}`));
    }
    lines.push('', verdictPaint(head));
    return `${lines.join('\n')}\n`;
  },
} satisfies Reporter;

export function describeEvidence(ev: GateResult['evidence'][number]): string {
  switch (ev.type) {
    case 'finding': {
      const f = ev.finding;
      const loc = f.location ? `${f.location.path}${f.location.line ? `:${f.location.line}` : ''}` : f.package ? `${f.package.name}@${f.package.version ?? '?'}` : ev.source;
      return `[${f.severity}] ${f.ruleId} ${loc} — ${oneLine(f.title ?? f.message, 160)}${ev.waiver ? ` (waived: ${ev.waiver})` : ''}`;
    }
    case 'file':
      return `${ev.path}: ${ev.percent.toFixed(2)} % (${ev.covered}/${ev.total})${ev.threshold !== undefined ? ` threshold ${ev.threshold}` : ''}`;
    case 'lines':
      return `${ev.path}: ${ev.ranges.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ')}`;
    case 'test':
      return `${ev.status} ${ev.suite} › ${ev.name}${ev.message ? ` — ${oneLine(ev.message, 160)}` : ''}`;
    case 'metric':
      return `${ev.name}${ev.stat ? ` ${ev.stat}` : ''} = ${ev.unit ? formatValue(ev.value, ev.unit) : ev.value}${ev.note ? ` (${ev.note})` : ''}`;
    case 'note':
      return ev.text;
  }
}
