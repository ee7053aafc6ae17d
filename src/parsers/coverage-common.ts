/**
 * Helpers shared by the coverage parsers: per-file accumulation, report-root path
 * resolution and the final artifact (totals recomputed from per-file data; a report with no
 * file is E_INPUT, never an empty pass).
 */
import { GatecheckError } from '../errors.js';
import { computeTotals, counterOf } from '../model/coverage.js';
import { normalisePath } from '../model/paths.js';
import type { Artifact, Counter, CoveragePayload, FileCoverage, Tool } from '../model/types.js';
import type { SourceFile } from './source.js';
import type { ParseOptions } from './types.js';

/** The (possibly new) entry for an already-normalised path: the same file may appear in several records of one report. */
export function fileOf(byPath: Map<string, FileCoverage>, path: string): FileCoverage {
  let f = byPath.get(path);
  if (!f) {
    f = { path, lines: {} };
    byPath.set(path, f);
  }
  return f;
}

/** Files sorted by path (deterministic output). */
export function sortedFiles(byPath: Map<string, FileCoverage>): FileCoverage[] {
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Add `hits` to a line: `sum` for records of separate runs, `max` for the same line listed twice. */
export function addLine(f: FileCoverage, line: number, hits: number, mode: 'sum' | 'max'): void {
  const seen = f.lines[line];
  f.lines[line] = seen === undefined ? hits : mode === 'sum' ? seen + hits : Math.max(seen, hits);
}

/** Record branch outcomes on a line, keeping the larger counts when the line is listed twice. */
export function addBranches(f: FileCoverage, line: number, c: Counter): void {
  const branches = (f.branches ??= {});
  const seen = branches[line];
  branches[line] = seen ? counterOf(Math.max(seen.covered, c.covered), Math.max(seen.total, c.total)) : c;
}

/** `a + b` for optional counters. */
export function sumCounter(a: Counter | undefined, covered: number, total: number): Counter {
  return a ? { covered: a.covered + covered, total: a.total + total } : { covered, total };
}

const ABSOLUTE = /^(?:\/|[A-Za-z]:[\\/]|\\\\)/;

export function isAbsolutePath(p: string): boolean {
  return ABSOLUTE.test(p.trim());
}

/** True when an absolute path lies under the repository root or one of the strip prefixes. */
function underRoot(abs: string, opts: ParseOptions): boolean {
  const p = abs.replace(/\\/g, '/');
  for (const root of [opts.repoRoot, ...(opts.pathPrefixes ?? [])]) {
    if (!root) continue;
    const r = root.replace(/\\/g, '/').replace(/\/+$/, '');
    if (r && (p === r || p.startsWith(`${r}/`) || p.toLowerCase().startsWith(`${r.toLowerCase()}/`))) return true;
  }
  return false;
}

/**
 * A file name from a report with source roots (Cobertura `<sources>`, …) → repository path.
 * An absolute name is made relative to the repository root. A relative name is joined to the
 * first root that is relative or lies under the repository root; when every root is an
 * absolute path elsewhere (the CI machine's checkout), the name is taken as relative to the
 * repository root, which is what coverage.py, gcovr and istanbul mean when they write one
 * source and relative file names. Empty roots and roots that start with `-` (a command-line
 * flag that leaked into the report) are ignored.
 */
export function resolveReportPath(name: string, roots: readonly string[], opts: ParseOptions): string {
  const n = name.trim();
  if (isAbsolutePath(n)) return normalisePath(n, opts);
  for (const raw of roots) {
    const root = raw.trim();
    if (root === '' || root.startsWith('-')) continue;
    if (isAbsolutePath(root) && !underRoot(root, opts)) continue;
    const sep = /[\\/]$/.test(root) ? '' : '/';
    return normalisePath(`${root}${sep}${n}`, opts);
  }
  return normalisePath(n, opts);
}

/** The coverage artifact; a report that names no file has nothing to measure (E_INPUT). */
export function coverageArtifact(
  file: SourceFile,
  format: string,
  tool: Tool,
  files: FileCoverage[],
  headline?: CoveragePayload['headline'],
): Artifact {
  if (files.length === 0) {
    throw new GatecheckError('E_INPUT', 'the report covers no file: nothing to measure', { file: file.path });
  }
  const payload: CoveragePayload = { kind: 'coverage', files, totals: computeTotals(files) };
  if (headline) payload.headline = headline;
  return { format, tool, source: file.path, payload };
}

/** A non-negative integer attribute/field, or undefined when absent or not a number. */
export function toCount(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
