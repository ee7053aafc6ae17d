/**
 * GitHub Actions workflow commands that annotate the run and the pull request's diff:
 *   ::error file=src/a.ts,line=12,endLine=14,title=Linting::message
 * https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions#setting-an-error-message
 *
 * Escaping (as the runner decodes it, and as @actions/core's command encoder does): in the
 * message `%` → `%25`, CR → `%0D`, LF → `%0A`; in a property value additionally `:` → `%3A`
 * and `,` → `%2C`. So no untrusted text can end the command or start a new one.
 *
 * Caps: GitHub shows at most 10 annotations of each type (error, warning, notice) per step and
 * 50 per job, and silently drops the rest. So the most important come first (the verdict,
 * then by level, then by severity) and, when some must be left out, the last notice slot
 * says how many and where to find them.
 */
import type { Action, Evaluation, Evidence, GateResult } from '../gates/types.js';
import { severityRank } from '../model/severity.js';
import { oneLine } from './escape.js';
import { countsText, tally } from './tally.js';
import type { Reporter } from './types.js';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  title?: string;
  file?: string;
  line?: number;
  endLine?: number;
}

export interface AnnotationOptions {
  /** Per type (error / warning / notice) per step. @default 10 */
  perType?: number;
  /** Per job. @default 50 */
  total?: number;
}

const LEVEL_RANK: Record<AnnotationLevel, number> = { error: 0, warning: 1, notice: 2 };
const ACTION_RANK: Record<Action, number> = { rollback: 0, block: 1, approve: 2, log: 3 };

/** Escape a workflow command's message. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a workflow command's property value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line. */
export function formatAnnotation(a: Annotation): string {
  const props: string[] = [];
  if (a.file !== undefined) props.push(`file=${escapeProperty(a.file)}`);
  if (a.line !== undefined) props.push(`line=${a.line}`);
  if (a.endLine !== undefined) props.push(`endLine=${a.endLine}`);
  if (a.title !== undefined) props.push(`title=${escapeProperty(a.title)}`);
  return `::${a.level}${props.length ? ` ${props.join(',')}` : ''}::${escapeData(a.message)}`;
}

function levelOf(g: GateResult): AnnotationLevel {
  if (g.status === 'error') return 'error';
  if (g.action === 'approve') return 'warning';
  if (g.action === 'log') return 'notice';
  return 'error';
}

interface Ranked extends Annotation {
  /** Sort keys: gate action, evidence severity, then order of appearance. */
  action: number;
  severity: number;
  order: number;
}

function located(ev: Evidence): Omit<Annotation, 'level' | 'title'> & { severity: number } | undefined {
  switch (ev.type) {
    case 'finding': {
      const f = ev.finding;
      if (!f.location?.path) return undefined;
      const pkg = f.package ? ` in ${f.package.name}${f.package.version ? `@${f.package.version}` : ''}${f.package.fixedVersion ? ` (fixed in ${f.package.fixedVersion})` : ''}` : '';
      const waived = ev.waiver ? ` (waived: ${ev.waiver})` : '';
      const a: Omit<Annotation, 'level' | 'title'> & { severity: number } = {
        message: `[${f.severity}] ${f.ruleId}${pkg}: ${oneLine(f.title ?? f.message, 500)}${waived}`,
        file: f.location.path,
        severity: severityRank(f.severity),
      };
      if (f.location.line !== undefined) a.line = f.location.line;
      if (f.location.endLine !== undefined && f.location.line !== undefined && f.location.endLine > f.location.line) a.endLine = f.location.endLine;
      return a;
    }
    case 'lines': {
      const first = ev.ranges[0];
      if (!first) return undefined;
      const list = ev.ranges.map(([s, e]) => (s === e ? `${s}` : `${s}-${e}`)).join(', ');
      const a: Omit<Annotation, 'level' | 'title'> & { severity: number } = { message: `changed lines not covered by tests: ${list}`, file: ev.path, line: first[0], severity: 2 };
      if (first[1] > first[0]) a.endLine = first[1];
      return a;
    }
    case 'test': {
      if (!ev.file) return undefined;
      const a: Omit<Annotation, 'level' | 'title'> & { severity: number } = {
        message: `${ev.status}: ${ev.suite} › ${ev.name}${ev.message ? ` — ${oneLine(ev.message, 500)}` : ''}`,
        file: ev.file,
        severity: 3,
      };
      if (ev.line !== undefined) a.line = ev.line;
      return a;
    }
    default:
      return undefined;
  }
}

/** Every annotation the evaluation calls for, most important first (before any cap). */
export function annotationsOf(e: Evaluation): Annotation[] {
  const out: Ranked[] = [];
  let order = 0;
  for (const g of e.gates) {
    if (g.status !== 'fail' && g.status !== 'error') continue;
    const level = levelOf(g);
    const base = { level, title: g.title, action: ACTION_RANK[g.action] };
    const evs = g.evidence.map(located).filter((x): x is NonNullable<typeof x> => x !== undefined);
    if (evs.length === 0) {
      // The gate message already says what was measured against what.
      out.push({ ...base, message: `${g.message}${g.detail ? ` — ${g.detail}` : ''}`, severity: 5, order: order++ });
      continue;
    }
    for (const ev of evs) out.push({ ...base, ...ev, order: order++ });
    const unlisted = Math.max(g.evidenceTotal, g.evidence.length) - g.evidence.length;
    if (unlisted > 0) out.push({ ...base, message: `${g.message}: ${unlisted} more not listed in this evaluation (raise --max-evidence)`, severity: -1, order: order++ });
  }
  out.sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || a.action - b.action || b.severity - a.severity || a.order - b.order);
  const verdict: Annotation[] = [];
  if (e.verdict !== 'passed') {
    verdict.push({
      level: e.verdict === 'needs-approval' ? 'warning' : 'error',
      title: `gatecheck: ${e.verdict === 'error' ? 'could not evaluate' : e.verdict === 'needs-approval' ? 'needs approval' : e.verdict === 'rollback' ? 'roll back' : e.verdict}`,
      message: `${countsText(tally(e))} (exit ${e.exitCode})`,
    });
  }
  return [...verdict, ...out.map(({ action: _a, severity: _s, order: _o, ...a }) => a)];
}

/** Keep the first `perType` of each level and `total` overall, in order. */
function pick(all: readonly Annotation[], caps: Record<AnnotationLevel, number>, total: number): Annotation[] {
  const used: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const out: Annotation[] = [];
  for (const a of all) {
    if (out.length >= total) break;
    if (used[a.level] >= caps[a.level]) continue;
    used[a.level]++;
    out.push(a);
  }
  return out;
}

/** The annotations to print, within GitHub's caps, plus a notice for what was left out. */
export function cappedAnnotations(e: Evaluation, options: AnnotationOptions = {}): Annotation[] {
  const perType = options.perType ?? 10;
  const total = options.total ?? 50;
  const all = annotationsOf(e);
  const caps = { error: perType, warning: perType, notice: perType };
  let chosen = pick(all, caps, total);
  if (chosen.length === all.length) return chosen;
  chosen = pick(all, { ...caps, notice: Math.max(0, perType - 1) }, Math.max(0, total - 1));
  const left = all.length - chosen.length;
  const byLevel = (['error', 'warning', 'notice'] as const)
    .map((l) => [l, all.filter((a) => a.level === l).length - chosen.filter((a) => a.level === l).length] as const)
    .filter(([, n]) => n > 0)
    .map(([l, n]) => `${n} ${l}${n === 1 ? '' : 's'}`);
  chosen.push({
    level: 'notice',
    title: 'gatecheck: more annotations',
    message: `${left} more ${left === 1 ? 'annotation' : 'annotations'} not shown (${byLevel.join(', ')}): GitHub shows at most ${perType} of each type per step and ${total} per job. The job summary lists them.`,
  });
  return chosen;
}

export const githubAnnotationsReporter = {
  id: 'github-annotations',
  description: 'GitHub Actions workflow commands (::error file=…,line=…::), within GitHub\'s caps',
  render(e) {
    const lines = cappedAnnotations(e).map(formatAnnotation);
    return lines.length ? `${lines.join('\n')}\n` : '';
  },
} satisfies Reporter;
