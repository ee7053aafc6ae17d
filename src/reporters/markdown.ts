/**
 * The pull-request comment (and, with other limits, the GitHub job summary): the verdict
 * first, a table of gates, then one collapsed `<details>` per failing or erroring gate with
 * its top evidence, linked to the exact file and line at the head commit.
 *
 * Size: GitHub rejects comment bodies over 65,536 characters and job summaries over 1 MiB.
 * The body is rendered from a budget (evidence items per gate, gates with details, table
 * rows); when it does not fit, the budget shrinks and whole items are replaced by
 * "…and N more" with the exact count of what was left out. Markdown is never cut mid-way.
 *
 * Every untrusted string goes through src/reporters/escape.ts.
 */
import { formatValue } from '../gates/compare.js';
import type { Evaluation, Evidence, GateResult, GateStatus, Operator, Verdict } from '../gates/types.js';
import { cutMiddle, encodeRepoPath, escapeHtml, escapeMarkdown, safeUrl } from './escape.js';
import { shownNotes } from './notes.js';
import { countsText, isLogged, plural, tally } from './tally.js';
import type { LinkContext, Reporter, RenderOptions } from './types.js';

/** GitHub's limit on an issue/PR comment body, in characters. */
export const COMMENT_LIMIT = 65_536;
/** The marker the comment bot finds its own comment by. */
export const COMMENT_MARKER = 'gatecheck:comment';

/** `<!-- gatecheck:comment -->` or `<!-- gatecheck:comment:ID -->` (the id restricted to `[A-Za-z0-9._/-]`). */
export function commentMarker(id?: string): string {
  const clean = id?.replace(/[^A-Za-z0-9._/-]/g, '-');
  return `<!-- ${COMMENT_MARKER}${clean ? `:${clean}` : ''} -->`;
}

const VERDICT_HEAD: Record<Verdict, string> = {
  passed: '✅ gatecheck: passed',
  blocked: '⛔ gatecheck: blocked',
  'needs-approval': '✋ gatecheck: needs approval',
  rollback: '⏪ gatecheck: roll back',
  error: '⚠️ gatecheck: could not evaluate',
};

const STATUS_CELL: Record<GateStatus, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  skip: '⏭️ skip',
  error: '⚠️ error',
};

const OPERATOR_TEXT: Record<Operator, string> = { '<': '&lt;', '<=': '≤', '>': '&gt;', '>=': '≥', '==': '=', '!=': '≠' };

/** What the renderer may show; shrunk step by step until the body fits. */
interface Budget {
  /** Evidence items per gate. */
  items: number;
  /** Failing/erroring gates that get a details section. */
  sections: number;
  /** Rows of the gate table. */
  rows: number;
  /** Skipped-gate reasons, the inputs list and the waiver list. */
  extras: boolean;
}

export interface MarkdownOptions extends RenderOptions {
  /** Hidden marker for the comment bot. @default true */
  marker?: boolean;
  /** Evidence items per gate before any truncation. @default 10 */
  itemsPerGate?: number;
  /** How size is counted: characters (comments) or UTF-8 bytes (job summary). @default "chars" */
  measure?: 'chars' | 'bytes';
  /** What the footer says when the body had to be shortened. */
  truncatedNote?: string;
}

/** Render the Markdown body, shortened to fit `maxLength`. */
export function renderMarkdown(e: Evaluation, options: MarkdownOptions = {}): string {
  const limit = options.maxLength ?? COMMENT_LIMIT;
  const size = options.measure === 'bytes' ? (s: string) => new TextEncoder().encode(s).length : (s: string) => s.length;
  if (options.compactOnPass && e.verdict === 'passed') return compact(e, options);
  const detailed = e.gates.filter((g) => g.status === 'fail' || g.status === 'error');
  const full: Budget = { items: options.itemsPerGate ?? 10, sections: detailed.length, rows: e.gates.length, extras: true };
  const fits = (b: Budget) => size(body(e, options, b, false)) <= limit;
  if (fits(full)) return body(e, options, full, false);
  // Shrink in order of least value lost: extras, then items per gate, then sections, then rows.
  let b: Budget = { ...full, extras: false };
  const fitsCut = (x: Budget) => size(body(e, options, x, true)) <= limit;
  if (!fitsCut(b)) {
    b.items = largest(0, full.items, (k) => fitsCut({ ...b, items: k }));
    if (!fitsCut(b)) {
      b = { ...b, items: 0 };
      b.sections = largest(0, full.sections, (k) => fitsCut({ ...b, sections: k }));
      if (!fitsCut(b)) {
        b = { ...b, sections: 0 };
        b.rows = largest(0, full.rows, (k) => fitsCut({ ...b, rows: k }));
      }
    }
  }
  return body(e, options, b, true);
}

/** The largest k in [lo, hi] with ok(k), assuming ok is monotone (lo when none). */
function largest(lo: number, hi: number, ok: (k: number) => boolean): number {
  let best = lo;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ok(mid)) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

function heading(e: Evaluation, options: MarkdownOptions): string {
  const id = options.commentId ? ` (${escapeMarkdown(options.commentId, 80)})` : '';
  return `### ${VERDICT_HEAD[e.verdict]}${id}`;
}

function compact(e: Evaluation, options: MarkdownOptions): string {
  const lines: string[] = [];
  if (options.marker !== false) lines.push(commentMarker(options.commentId));
  const t = tally(e);
  const all = t.pass === 1 ? 'The 1 evaluated gate passed' : `All ${t.pass} evaluated gates passed`;
  const logged = t.logged ? `; ${plural(t.logged, 'failed gate is', 'failed gates are')} only logged (action log)` : '';
  lines.push(heading(e, options), '', `${all}${t.skip ? ` (${t.skip} skipped)` : ''}${logged}.`);
  const notes = inputWarnings(e);
  if (notes.length) lines.push('', ...notes);
  return `${lines.join('\n')}\n`;
}

/**
 * "Input warnings": what gatecheck noticed about the reports (src/reporters/notes.ts), one
 * escaped list item each, at most NOTES_SHOWN; never shortened away, as it is bounded.
 */
function inputWarnings(e: Evaluation): string[] {
  const notes = shownNotes(e);
  if (notes.length === 0) return [];
  return ['**Input warnings** (they do not change the verdict)', '', ...notes.map((l) => `- ${escapeMarkdown(l, 400)}`)];
}

function countsLine(e: Evaluation): string {
  return `${countsText(tally(e), ' · ')} · exit code ${e.exitCode}`;
}

function body(e: Evaluation, options: MarkdownOptions, b: Budget, cut: boolean): string {
  const out: string[] = [];
  if (options.marker !== false) out.push(commentMarker(options.commentId));
  out.push(heading(e, options), '', countsLine(e), '');
  for (const p of e.problems ?? []) out.push(`> ⚠️ ${escapeMarkdown(p, 600)}`, '');
  const notes = inputWarnings(e);
  if (notes.length) out.push(...notes, '');
  out.push('| Status | Gate | Measured | Threshold | Action |', '| --- | --- | --- | --- | --- |');
  for (const g of e.gates.slice(0, b.rows)) {
    const status = isLogged(g) ? '⚠️ logged' : STATUS_CELL[g.status];
    out.push(`| ${status} | ${escapeMarkdown(g.title, 120)} | ${measuredCell(g)} | ${thresholdCell(g)} | ${g.action} |`);
  }
  if (e.gates.length > b.rows) out.push('', `…and ${e.gates.length - b.rows} more gates`);
  out.push('', ...coverageTable(e));
  const detailed = e.gates.filter((g) => g.status === 'fail' || g.status === 'error');
  for (const g of detailed.slice(0, b.sections)) out.push(...details(g, b.items, options.links));
  if (detailed.length > b.sections) {
    const n = detailed.length - b.sections;
    out.push(`…and ${n} more failing ${n === 1 ? 'gate' : 'gates'} without details`, '');
  }
  if (b.extras) out.push(...extras(e));
  if (cut) out.push(`_${options.truncatedNote ?? 'Shortened to fit the size limit; the JSON report and the job summary carry everything.'}_`, '');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/**
 * Coverage against the base branch, when a coverage.change gate measured it: overall now, on
 * the base, the change, and new-code coverage (from a coverage.new-code gate, when it ran).
 */
function coverageTable(e: Evaluation): string[] {
  const change = e.gates.find((g) => g.measure === 'coverage.change' && g.value !== undefined);
  if (!change) return [];
  const figure = (note: string) => change.evidence.find((x): x is Extract<Evidence, { type: 'metric' }> => x.type === 'metric' && x.note === note);
  const now = figure('now');
  const base = figure('base');
  if (!now || !base) return [];
  const newCode = e.gates.find((g) => g.measure === 'coverage.new-code' && g.value !== undefined);
  const pct = (v: number) => formatValue(v, 'percent');
  const kind = escapeMarkdown(now.stat ?? 'lines', 20);
  return [
    `| Coverage (${kind}) | Now | Base | Change | New code |`,
    '| --- | --- | --- | --- | --- |',
    `| overall | ${pct(now.value)} | ${pct(base.value)} | ${formatValue(change.value!, 'points')} | ${newCode ? pct(newCode.value!) : '—'} |`,
    '',
  ];
}

function measuredCell(g: GateResult): string {
  return g.value === undefined ? '—' : escapeMarkdown(formatValue(g.value, g.unit));
}

function thresholdCell(g: GateResult): string {
  return g.status === 'skip' || g.status === 'error' ? '—' : `${OPERATOR_TEXT[g.operator]} ${escapeMarkdown(formatValue(g.threshold, g.unit))}`;
}

function details(g: GateResult, items: number, links: LinkContext | undefined): string[] {
  const icon = g.status === 'error' || isLogged(g) ? '⚠️' : '❌';
  const out = [`<details><summary>${icon} <b>${escapeHtml(g.title, 120)}</b>: ${escapeHtml(g.message, 200)}</summary>`, ''];
  const info = [`Gate \`${g.id.replace(/[^A-Za-z0-9._-]/g, '-')}\` · action **${g.action}**`];
  if (g.detail) info.push(escapeMarkdown(g.detail));
  out.push(info.join(' · '), '');
  const shown = g.evidence.slice(0, items);
  for (const ev of shown) out.push(`- ${evidenceItem(ev, links)}`);
  const more = Math.max(g.evidenceTotal, g.evidence.length) - shown.length;
  if (more > 0) out.push(`- …and ${more} more`);
  out.push('', '</details>', '');
  return out;
}

/** A link to a file (and line range) at the head commit, or undefined when no safe link can be built. */
export function fileUrl(links: LinkContext | undefined, path: string, line?: number, endLine?: number): string | undefined {
  if (!links) return undefined;
  const server = safeUrl(links.serverUrl)?.replace(/\/+$/, '');
  const repo = /^[\w.-]+(\/[\w.-]+)+$/.test(links.repository) ? links.repository : undefined;
  const sha = /^[0-9a-f]{7,64}$/i.test(links.sha) ? links.sha : undefined;
  const p = encodeRepoPath(path);
  if (!server || !repo || !sha || !p) return undefined;
  const gitlab = links.provider === 'gitlab';
  let anchor = '';
  if (line !== undefined && Number.isInteger(line) && line > 0) {
    anchor = `#L${line}`;
    if (endLine !== undefined && Number.isInteger(endLine) && endLine > line) anchor += gitlab ? `-${endLine}` : `-L${endLine}`;
  }
  return `${server}/${repo}${gitlab ? '/-' : ''}/blob/${sha}/${p}${anchor}`;
}

function place(links: LinkContext | undefined, path: string, line?: number, endLine?: number): string {
  const text = escapeMarkdown(`${path}${line ? `:${line}` : ''}`, 200);
  const url = fileUrl(links, path, line, endLine);
  return url ? `[${text}](${url})` : text;
}

function ranges(rs: ReadonlyArray<[number, number]>, link: (from: number, to: number) => string | undefined): string {
  return rs
    .map(([a, z]) => {
      const text = a === z ? `${a}` : `${a}–${z}`;
      const url = link(a, z);
      return url ? `[${text}](${url})` : text;
    })
    .join(', ');
}

function evidenceItem(ev: Evidence, links: LinkContext | undefined): string {
  switch (ev.type) {
    case 'finding': {
      const f = ev.finding;
      const url = safeUrl(f.url);
      const id = escapeMarkdown(cutMiddle(f.ruleId, 120), 120);
      const rule = url ? `[${id}](${url})` : id;
      const where: string[] = [];
      if (f.location) where.push(place(links, f.location.path, f.location.line, f.location.endLine));
      if (f.package) {
        const pkg = `${f.package.name}${f.package.version ? `@${f.package.version}` : ''}`;
        where.push(`${escapeMarkdown(pkg, 160)}${f.package.fixedVersion ? ` (fixed in ${escapeMarkdown(f.package.fixedVersion, 80)})` : ''}`);
      }
      const text = escapeMarkdown(f.title ?? f.message, 240);
      const tools = ev.tools && ev.tools.length > 1 ? ` _(${ev.tools.map((t) => escapeMarkdown(t, 40)).join(', ')})_` : '';
      const waived = ev.waiver ? ` — _waived: ${escapeMarkdown(ev.waiver, 160)}_` : '';
      return `**${f.severity}** ${rule}${where.length ? ` ${where.join(' ')}` : ''} — ${text}${tools}${waived}`;
    }
    case 'file': {
      const vsBase = ev.base && ev.change !== undefined ? `, ${formatValue(ev.change, 'points')} (base ${ev.base.percent.toFixed(2)} %, ${ev.base.covered}/${ev.base.total})` : ev.newFile ? ', new file' : '';
      return `${place(links, ev.path)}: ${ev.percent.toFixed(2)} % (${ev.covered}/${ev.total})${ev.threshold !== undefined ? `, needs ${ev.threshold} %` : ''}${vsBase}`;
    }
    case 'lines': {
      // The file, then each uncovered range linked to its lines at the head commit.
      const url = fileUrl(links, ev.path);
      const name = escapeMarkdown(ev.path, 200);
      return `${url ? `[${name}](${url})` : name}: not covered ${ranges(ev.ranges, (a, z) => fileUrl(links, ev.path, a, z))}`;
    }
    case 'test': {
      const where = ev.file ? ` (${place(links, ev.file, ev.line)})` : '';
      const msg = ev.message ? ` — ${escapeMarkdown(ev.message, 300)}` : '';
      return `**${ev.status}** ${escapeMarkdown(ev.suite, 120)} › ${escapeMarkdown(ev.name, 200)}${where}${msg}`;
    }
    case 'metric': {
      const value = ev.unit ? formatValue(ev.value, ev.unit) : String(ev.value);
      return `${escapeMarkdown(ev.name, 120)}${ev.stat ? ` ${escapeMarkdown(ev.stat, 40)}` : ''} = ${escapeMarkdown(value)}${ev.note ? ` (${escapeMarkdown(ev.note, 160)})` : ''}`;
    }
    case 'note':
      return escapeMarkdown(ev.text, 300);
  }
}

function extras(e: Evaluation): string[] {
  const out: string[] = [];
  const skipped = e.gates.filter((g) => g.status === 'skip');
  if (skipped.length) {
    out.push(`<details><summary>${skipped.length} skipped ${skipped.length === 1 ? 'gate' : 'gates'}</summary>`, '');
    for (const g of skipped) out.push(`- ${escapeMarkdown(g.title, 120)}: ${escapeMarkdown(g.message, 200)}`);
    out.push('', '</details>', '');
  }
  if (e.waivers.length) {
    out.push(`<details><summary>${e.waivers.length} ${e.waivers.length === 1 ? 'waiver' : 'waivers'}</summary>`, '');
    out.push('| Waiver | Status | Matched | Expires | Reason |', '| --- | --- | --- | --- | --- |');
    for (const w of e.waivers) {
      out.push(`| ${escapeMarkdown(w.id, 80)} | ${w.status} | ${w.matched} | ${w.expires ? escapeMarkdown(w.expires, 20) : '—'} | ${escapeMarkdown(w.reason, 200)} |`);
    }
    out.push('', '</details>', '');
  }
  if (e.inputs.length) {
    out.push(`<details><summary>${e.inputs.length} ${e.inputs.length === 1 ? 'report' : 'reports'} read</summary>`, '');
    for (const i of e.inputs) {
      const tool = `${i.tool.name}${i.tool.version ? ` ${i.tool.version}` : ''}`;
      out.push(`- ${escapeMarkdown(i.source, 200)}: ${escapeMarkdown(i.format, 40)} (${escapeMarkdown(tool, 80)}), ${i.kind}${i.label ? `, label ${escapeMarkdown(i.label, 40)}` : ''}`);
    }
    out.push('', '</details>', '');
  }
  return out;
}

export const markdownReporter = {
  id: 'markdown',
  description: 'the pull-request comment body (verdict, gate table, collapsed details; ≤ 65,536 characters)',
  render: (e, options) => renderMarkdown(e, options),
} satisfies Reporter;
