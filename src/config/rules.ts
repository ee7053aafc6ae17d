/**
 * Semantic checks the schema cannot express, run after normalisation: waiver dates are real
 * calendar days, and every glob in the policy is one picomatch can compile into a pattern
 * that can match something. Each problem is one line starting with its key path.
 */
import { quote } from './messages.js';
import type { WrittenConfig, WrittenGate } from './types.js';
import { picomatch } from '../util/picomatch.js';

/** YYYY-MM-DD that names a real day (2024-02-29 yes, 2023-02-29 and 2024-13-45 no). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Why a glob is unusable, or undefined when it is fine. */
export function globProblem(glob: string): string | undefined {
  let re: RegExp;
  try {
    // strictBrackets: an unclosed [ ( { is an error instead of a literal character that
    // silently matches nothing the user meant.
    re = picomatch().makeRe(glob, { dot: true, strictBrackets: true });
  } catch (e) {
    return `not a valid glob: ${(e as Error).message.replace(/ - use .*$/, '')}`;
  }
  // picomatch compiles a pattern it cannot express (a reversed range such as [z-a]) to /$^/.
  if (re.source === '$^') return 'a glob that can never match';
  return undefined;
}

/** Globs of one written gate, with their key paths under `at`. */
function gateGlobs(g: WrittenGate, at: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  g.select?.paths?.forEach((p, j) => out.push([`${at}.select.paths[${j}]`, p]));
  g.select?.sources?.forEach((p, j) => out.push([`${at}.select.sources[${j}]`, p]));
  g.rules?.forEach((r, j) => out.push([`${at}.rules[${j}].path`, r.path]));
  return out;
}

/** Problems in what the user wrote (the embedded default is checked by its own tests). */
export function semanticProblems(written: WrittenConfig): string[] {
  const problems: string[] = [];
  const globs: Array<[string, string]> = [];
  written.gates?.forEach((g, i) => globs.push(...gateGlobs(g, `gates[${i}]`)));
  written.waivers?.forEach((w, i) => {
    if (w.path !== undefined) globs.push([`waivers[${i}].path`, w.path]);
    if (w.expires !== undefined && !isCalendarDate(w.expires)) problems.push(`waivers[${i}].expires: not a calendar date (got ${quote(w.expires)})`);
  });
  for (const [at, glob] of globs) {
    const p = globProblem(glob);
    if (p) problems.push(`${at}: ${p} (got ${quote(glob)})`);
  }
  return problems;
}
