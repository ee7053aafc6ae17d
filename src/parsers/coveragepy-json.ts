/**
 * coverage.py JSON report (`coverage json`):
 * `{meta{format, version, branch_coverage, …}, files{"<path>": {executed_lines[], missing_lines[],
 * excluded_lines[], executed_branches[[from, to]], missing_branches[[from, to]], summary, functions, classes}},
 * totals{covered_lines, num_statements, covered_branches, num_branches, …}}`.
 * Format: https://coverage.readthedocs.io/en/latest/cmd.html#json-reporting (meta.format 2 and 3).
 *
 * Per file, every executed line has 1 hit and every missing line 0 (the report has no counts);
 * excluded lines are not coverable. Branches: each `[from, to]` arc of `executed_branches`
 * and `missing_branches` is one branch of line `from` (`to` < 0 is an exit arc), so a line's
 * counter is executed arcs / all arcs, the figures coverage.py's `report` prints (Branch,
 * BrPart). Totals are recomputed from the files and equal the report's `totals`
 * (covered_lines/num_statements, covered_branches/num_branches). The file names are relative
 * to where coverage ran, as in its XML and lcov reports.
 */
import { parseError } from '../errors.js';
import type { FileCoverage } from '../model/types.js';
import { addBranches, coverageArtifact, fileOf, resolveReportPath, sortedFiles } from './coverage-common.js';
import { expectObject, isObject, optionalArray } from './shape.js';
import type { SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';
import { quote } from '../util/quote.js';

/** Line numbers past this are not real source lines. */
const MAX_LINE = 10_000_000;

function lineNumber(file: string, v: unknown, where: string): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_LINE) return v;
  throw parseError(file, where, `expected a line number from 1 to ${MAX_LINE} (got ${quote(v)})`);
}

/** Branch arcs `[from, to]` counted per `from` line. */
function arcsByLine(file: string, list: readonly unknown[], where: string): Map<number, number> {
  const out = new Map<number, number>();
  list.forEach((arc, i) => {
    if (!Array.isArray(arc) || arc.length !== 2 || typeof arc[1] !== 'number') throw parseError(file, `${where}[${i}]`, 'expected a [from, to] pair of line numbers');
    const from = lineNumber(file, arc[0], `${where}[${i}][0]`);
    out.set(from, (out.get(from) ?? 0) + 1);
  });
  return out;
}

/**
 * The lines read must be the figures the file's own `summary` gives. Some coverage.py 6.x JSON
 * reports list lines in `executed_lines` that are not statements (seen in 650 of 3,749 files of
 * a 6.5.0 report): read as is, they would raise both covered and total above coverage.py's own
 * numbers, so such a report is refused rather than counted wrong.
 */
function checkSummary(file: string, at: string, summary: unknown, covered: number, statements: number): void {
  if (!isObject(summary)) return;
  const want = { covered_lines: covered, num_statements: statements };
  for (const [key, got] of Object.entries(want)) {
    const v = summary[key];
    if (typeof v === 'number' && v !== got) {
      throw parseError(file, `${at}.summary.${key}`, `the file lists ${got} ${key === 'covered_lines' ? 'executed' : 'executed and missing'} lines but its summary says ${v}: the line lists and coverage.py's own figures disagree (use its XML or lcov report)`);
    }
  }
}

export function parseCoveragepyJson(f: SourceFile, opts: ParseOptions) {
  const root = expectObject(f.path, f.json(), '');
  const meta = expectObject(f.path, root['meta'], 'meta');
  const files = expectObject(f.path, root['files'], 'files');
  const byPath = new Map<string, FileCoverage>();
  for (const [name, raw] of Object.entries(files)) {
    const at = `files[${quote(name)}]`;
    const entry = expectObject(f.path, raw, at);
    const file = fileOf(byPath, resolveReportPath(name, [], opts));
    const read = { executed_lines: 0, missing_lines: 0 };
    for (const [key, hits] of [['executed_lines', 1], ['missing_lines', 0]] as const) {
      const list = optionalArray(f.path, entry[key], `${at}.${key}`);
      read[key] = list.length;
      list.forEach((v, i) => {
        const line = lineNumber(f.path, v, `${at}.${key}[${i}]`);
        file.lines[line] = Math.max(file.lines[line] ?? 0, hits);
      });
    }
    checkSummary(f.path, at, entry['summary'], read.executed_lines, read.executed_lines + read.missing_lines);
    if ('executed_branches' in entry || 'missing_branches' in entry) {
      const hit = arcsByLine(f.path, optionalArray(f.path, entry['executed_branches'], `${at}.executed_branches`), `${at}.executed_branches`);
      const missed = arcsByLine(f.path, optionalArray(f.path, entry['missing_branches'], `${at}.missing_branches`), `${at}.missing_branches`);
      for (const line of new Set([...hit.keys(), ...missed.keys()])) {
        const covered = hit.get(line) ?? 0;
        addBranches(file, line, { covered, total: covered + (missed.get(line) ?? 0) });
      }
    }
  }
  const version = typeof meta['version'] === 'string' ? meta['version'] : undefined;
  return coverageArtifact(f, 'coveragepy-json', version ? { name: 'coverage.py', version } : { name: 'coverage.py' }, sortedFiles(byPath));
}

export const coveragepyJsonFormat = {
  id: 'coveragepy-json',
  kind: 'coverage',
  description: 'coverage.py JSON report (coverage json): executed/missing lines and branch arcs per file',
  detect(f) {
    if (!f.looksLikeJson || !/^\{\s*"meta"\s*:\s*\{/.test(f.head)) return false;
    if (/"branch_coverage"\s*:/.test(f.head) && /"files"\s*:\s*\{/.test(f.head)) return true;
    const j = f.tryJson();
    return isObject(j) && isObject(j['meta']) && 'branch_coverage' in j['meta'] && isObject(j['files']) && isObject(j['totals']);
  },
} satisfies ParserFormat;

export const coveragepyJson = /* @__PURE__ */ defineParser(coveragepyJsonFormat, {
  parse: parseCoveragepyJson,
});
