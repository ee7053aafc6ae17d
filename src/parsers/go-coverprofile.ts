/**
 * Go coverage profile (`go test -coverprofile`), modes set, count and atomic.
 * Format: golang.org/x/tools/cover `ParseProfiles` (profile.go): a `mode: M` line, then one
 * block per line, `import/path/file.go:L0.C0,L1.C1 numStmt count`.
 *
 * - The headline figure is statement coverage, exactly as `go tool cover -func` totals it:
 *   the sum of numStmt over distinct blocks, covered where the block's count is > 0.
 * - Duplicate blocks (the same file and range; `go test -coverpkg` writes one per test
 *   binary, concatenated profiles repeat them) are merged as ParseProfiles does: OR in
 *   `set` mode, summed in `count`/`atomic`. A duplicate with a different numStmt is E_PARSE,
 *   as there.
 * - File names may contain `:` — the block suffix is matched from the right.
 * - Import paths become repository paths by stripping `pathPrefixes` (the module path: the
 *   CLI adds go.mod's `module` line and `--path-prefix`).
 * - Per-line hits are derived for new-code and per-line evidence: every line of a block with
 *   statements is coverable, and covered when any block on it ran (what gcov2lcov and
 *   gocover-cobertura do). These `lines` are secondary; gates use `statements`.
 * Repeated identical `mode:` lines (concatenated profiles) are accepted.
 */
import { parseError } from '../errors.js';
import { normalisePath } from '../model/paths.js';
import type { FileCoverage } from '../model/types.js';
import { addLine, coverageArtifact, fileOf, sortedFiles } from './coverage-common.js';
import { eachLine } from './lines.js';
import { detach, type SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';
import { quote } from '../util/quote.js';

const BLOCK = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/;
/** Source lines the blocks may span in all, per character of the profile, plus a floor (see the check in parse). */
const LINES_PER_CHARACTER = 16;
const MIN_LINE_BUDGET = 1_000_000;
const MODE = /^mode: (set|count|atomic)\s*$/;

interface Block {
  file: FileCoverage;
  startLine: number;
  endLine: number;
  stmts: number;
  count: number;
  /** The profile line that first wrote the block, for messages. */
  at: number;
}

export function parseGoCoverprofile(f: SourceFile, opts: ParseOptions) {
  let mode: string | undefined;
  const blocks = new Map<string, Block>();
  const byPath = new Map<string, FileCoverage>();
  // Each file name as written → its model entry: normalised once, kept as one string (not a
  // slice of a piece of text per block).
  const files = new Map<string, FileCoverage>();
  let lineNo = 0;
  eachLine(f, (text, start, end) => {
    const line = text.slice(start, end);
    lineNo++;
    if (line.trim() === '') return;
    if (line.startsWith('mode:')) {
      const m = MODE.exec(line);
      if (!m) throw parseError(f.path, `line ${lineNo}`, `bad mode line ${quote(line)} (expected mode: set, count or atomic)`);
      if (mode !== undefined && m[1] !== mode) {
        throw parseError(f.path, `line ${lineNo}`, `mode ${m[1]} after mode ${mode}: profiles of different modes cannot be merged`);
      }
      mode = m[1];
      return;
    }
    if (mode === undefined) throw parseError(f.path, `line ${lineNo}`, 'the profile must start with a "mode:" line');
    const m = BLOCK.exec(line);
    if (!m) throw parseError(f.path, `line ${lineNo}`, `not a coverage block: ${quote(line)} (expected file.go:L.C,L.C statements count)`);
    const key = `${m[1]}:${m[2]}.${m[3]},${m[4]}.${m[5]}`;
    const stmts = Number(m[6]);
    const count = Number(m[7]);
    const seen = blocks.get(key);
    if (seen) {
      if (seen.stmts !== stmts) {
        throw parseError(f.path, `line ${lineNo}`, `inconsistent statement count for block ${key}: ${seen.stmts} and ${stmts}`);
      }
      seen.count = mode === 'set' ? (seen.count > 0 || count > 0 ? 1 : 0) : seen.count + count;
    } else {
      let file = files.get(m[1]!);
      if (file === undefined) {
        const raw = detach(m[1]!);
        files.set(raw, (file = fileOf(byPath, detach(normalisePath(raw, opts)))));
      }
      const startLine = Number(m[2]);
      const endLine = Number(m[4]);
      // Positions are 1-based and a block ends where or after it starts (cmd/cover writes
      // token.Position lines); the lines between are expanded below, so they are bounded there.
      if (startLine < 1 || endLine < startLine || !Number.isSafeInteger(endLine)) {
        throw parseError(f.path, `line ${lineNo}`, `block ${quote(key)} ends before it starts (expected 1 <= start line <= end line)`);
      }
      blocks.set(detach(key), { file, startLine, endLine, stmts, count, at: lineNo });
    }
  });
  // Per-line hits are derived by expanding each block's line range: a bounded amount of work
  // for a bounded input. A real profile's blocks span a few lines each; one range like
  // 1.1,4294967295.2 would otherwise take seconds and gigabytes.
  let budget = LINES_PER_CHARACTER * Math.max(f.size, 1) + MIN_LINE_BUDGET;
  if (mode === undefined) throw parseError(f.path, undefined, 'no "mode:" line: not a Go coverage profile');
  for (const b of blocks.values()) {
    const file = b.file;
    const s = (file.statements ??= { covered: 0, total: 0 });
    s.total += b.stmts;
    if (b.count > 0) s.covered += b.stmts;
    if (b.stmts > 0) {
      budget -= b.endLine - b.startLine + 1;
      if (budget < 0) {
        throw parseError(f.path, `line ${b.at}`, `the block spans lines ${b.startLine} to ${b.endLine}: more source lines than a profile of this size can cover`);
      }
      for (let l = b.startLine; l <= b.endLine; l++) addLine(file, l, b.count, 'max');
    }
  }
  return coverageArtifact(f, 'go-coverprofile', { name: 'go' }, sortedFiles(byPath), 'statements');
}

export const goCoverprofileFormat = {
  id: 'go-coverprofile',
  kind: 'coverage',
  description: 'Go coverage profile (go test -coverprofile; set, count, atomic)',
  detect: (f) => /^mode: (?:set|count|atomic)\s*(?:\n|$)/.test(f.head),
} satisfies ParserFormat;

export const goCoverprofile = /* @__PURE__ */ defineParser(goCoverprofileFormat, {
  parse: parseGoCoverprofile,
});
