/**
 * The terminal table. Colour only when asked (the CLI decides from the TTY, FORCE_COLOR and
 * NO_COLOR); plain text otherwise, so logs stay clean. It tells the exit code's story: a failed
 * `log` gate is LOGGED (yellow, counted apart from "failed"), and skipped gates are one line
 * unless `showSkipped` asks for their rows.
 */
import { createRequire } from 'node:module';
import { formatValue } from '../gates/compare.js';
import type { Evaluation, GateResult, Verdict } from '../gates/types.js';
import { cutMiddle, oneLine } from './escape.js';
import { shownNotes } from './notes.js';
import { countsText, isLogged, plural, tally } from './tally.js';
import type { Reporter } from './types.js';

const require = createRequire(import.meta.url);

type Paint = (s: string) => string;
type Palette = Record<'yellow' | 'green' | 'red' | 'dim' | 'magenta' | 'bold' | 'greenBold' | 'yellowBold' | 'redBold', Paint>;
const same: Paint = (s) => s;
const PLAIN: Palette = { yellow: same, green: same, red: same, dim: same, magenta: same, bold: same, greenBold: same, yellowBold: same, redBold: same };

/**
 * The table's colours: chalk's, loaded only when colour is on. Loading chalk (it asks node:tty
 * about the terminal as it loads) cost ~3 ms of every start, most of which print no colour (CI logs).
 */
function palette(color: boolean | undefined): Palette {
  if (!color) return PLAIN;
  const { Chalk } = require('chalk') as typeof import('chalk');
  const c = new Chalk({ level: 1 });
  return { yellow: c.yellow, green: c.green, red: c.red, dim: c.dim, magenta: c.magenta, bold: c.bold, greenBold: c.green.bold, yellowBold: c.yellow.bold, redBold: c.red.bold };
}

const VERDICT_TEXT: Record<Verdict, string> = {
  passed: 'PASSED',
  blocked: 'BLOCKED',
  'needs-approval': 'NEEDS APPROVAL',
  rollback: 'ROLL BACK',
  error: 'COULD NOT EVALUATE',
};

/** Rule ids longer than this are cut in the middle in the terminal. */
const RULE_ID_MAX = 48;

export function verdictLine(e: Evaluation): string {
  return `gatecheck: ${VERDICT_TEXT[e.verdict]} (exit ${e.exitCode}) — ${countsText(tally(e))}`;
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

function statusText(g: GateResult): string {
  return isLogged(g) ? 'LOGGED' : g.status.toUpperCase();
}

export const textReporter = {
  id: 'text',
  description: 'a table for the terminal (colour when interactive)',
  render(e, options) {
    const chalk = palette(options.color);
    const paintOf = (g: GateResult): ((s: string) => string) =>
      isLogged(g) ? chalk.yellow : g.status === 'pass' ? chalk.green : g.status === 'fail' ? chalk.red : g.status === 'skip' ? chalk.dim : chalk.magenta;
    const head = verdictLine(e);
    const verdictPaint = e.verdict === 'passed' ? chalk.greenBold : e.verdict === 'needs-approval' ? chalk.yellowBold : chalk.redBold;
    if (options.quiet) return `${verdictPaint(head)}\n`;
    const skipped = e.gates.filter((g) => g.status === 'skip');
    const shown = options.showSkipped ? e.gates : e.gates.filter((g) => g.status !== 'skip');
    const rows = shown.map((g) => [statusText(g), g.title, measured(g), g.status === 'skip' || g.status === 'error' ? '' : thresholdText(g), g.action]);
    const header = ['STATUS', 'GATE', 'MEASURED', 'THRESHOLD', 'ACTION'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => plain(r[i]!).length)));
    const fmt = (cells: string[]) => cells.map((c, i) => plain(c).padEnd(widths[i]!)).join('  ').trimEnd();
    const lines = [chalk.bold(fmt(header))];
    shown.forEach((g, i) => {
      lines.push(paintOf(g)(fmt(rows[i]!)));
      // The row already shows measured and threshold: under a failed gate say only what adds to it.
      const note = g.status === 'fail' ? g.detail : g.status === 'pass' ? undefined : `${g.message}${g.detail ? ` — ${g.detail}` : ''}`;
      if (note) lines.push(chalk.dim(`        ${plain(note)}`));
      if (g.status === 'fail') {
        for (const ev of g.evidence.slice(0, 5)) lines.push(`        · ${plain(describeEvidence(ev, RULE_ID_MAX))}`);
        if (g.evidenceTotal > 5) lines.push(chalk.dim(`        …and ${g.evidenceTotal - 5} more`));
      }
    });
    if (!options.showSkipped && skipped.length > 0) {
      const names = skipped.map((g) => plain(g.title)).join(', ');
      lines.push(chalk.dim(`${'SKIP'.padEnd(widths[0]!)}  ${plural(skipped.length, 'gate')}: ${names} (--show-skipped says why)`));
    }
    for (const w of e.waivers) {
      if (w.status !== 'active') lines.push(chalk.yellow(`waiver ${plain(w.id)}: ${w.status}${w.expires ? ` (expires ${w.expires})` : ''}`));
    }
    lines.push(...warningLines(e).map((l) => chalk.yellow(l)));
    lines.push('', verdictPaint(head));
    return `${lines.join('\n')}\n`;
  },
} satisfies Reporter;

/**
 * What gatecheck noticed about its inputs (src/reporters/notes.ts), `warning: SOURCE: TEXT`
 * each, one line apiece with control characters dropped, at most NOTES_SHOWN of them. The
 * CLI prints the same lines on stderr when this table is not on stdout.
 */
export function warningLines(e: Evaluation): string[] {
  return shownNotes(e).map((l) => `warning: ${plain(oneLine(l, 400))}`);
}

/** One evidence item as one line; `ruleIdMax` cuts long rule ids in the middle (the terminal). */
export function describeEvidence(ev: GateResult['evidence'][number], ruleIdMax = Infinity): string {
  switch (ev.type) {
    case 'finding': {
      const f = ev.finding;
      const loc = f.location ? `${f.location.path}${f.location.line ? `:${f.location.line}` : ''}` : f.package ? `${f.package.name}@${f.package.version ?? '?'}` : ev.source;
      return `[${f.severity}] ${cutMiddle(f.ruleId, ruleIdMax)} ${loc} — ${oneLine(f.title ?? f.message, 160)}${ev.waiver ? ` (waived: ${ev.waiver})` : ''}`;
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
