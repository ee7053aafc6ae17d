/**
 * What gatecheck noticed about the reports it was given, one line each, for every output people
 * read: the parsers' warnings (a JUnit suite declaring more failures than it holds) and the
 * reports no gate measured. Warnings, not verdicts: they never change the exit code. The lines
 * hold report text (paths, suite names): each output escapes them its own way.
 */
import type { Evaluation, UnreadInput } from '../gates/types.js';

/** Notes the terminal table and the Markdown outputs show before "…and N more". */
const NOTES_SHOWN = 10;

/** `SOURCE (FORMAT, KIND[, label L]): read, but no gate of the policy measures it` */
function unreadLine(u: UnreadInput): string {
  return `${u.source} (${u.format}, ${u.kind}${u.label !== undefined ? `, label ${u.label}` : ''}): read, but no gate of the policy measures it`;
}

/**
 * Every input warning as `SOURCE: TEXT`, then every unread report, in input order. An
 * evaluation saved by an older build has neither field, and gives none.
 */
function inputNotes(e: Evaluation): string[] {
  const out: string[] = [];
  for (const i of e.inputs) for (const w of i.warnings ?? []) out.push(`${i.source}: ${w}`);
  for (const u of e.unread ?? []) out.push(unreadLine(u));
  return out;
}

/**
 * The notes an output shows: every one, or the first `max` and a last line saying how many more
 * the JSON output holds. Each output escapes the lines its own way.
 */
export function shownNotes(e: Evaluation, max = NOTES_SHOWN): string[] {
  const lines = inputNotes(e);
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max), `…and ${lines.length - max} more (the JSON output lists every one)`];
}
