/**
 * Clover XML (OpenClover, istanbul/jest `clover` reporter, gcovr --clover, PHPUnit).
 * Format: OpenClover's clover.xsd (https://bitbucket.org/openclover/clover/src/master/etc/schema/clover.xsd):
 * coverage > project > (package >)? file > metrics, class*, line(num type count truecount falsecount).
 *
 * - Statements: each `<file>`'s `<metrics statements coveredstatements>`; their sum is what
 *   the project-level metrics report, so that is the headline figure Clover users know.
 * - Lines: `<line type="stmt">` and `type="cond"` elements, covered when `count` > 0.
 *   `type="method"` lines mark declarations (their count is the call count) and are not
 *   coverable lines.
 * - Branches: the file metrics' `conditionals`/`coveredconditionals` (kept as branchTotals).
 *   Per-line `truecount`/`falsecount` mean different things per writer (OpenClover: times
 *   true/false; istanbul: covered/uncovered branch count), so they are not read.
 * - Functions: the file metrics' `methods`/`coveredmethods`.
 * - Path: the file's `path` attribute (absolute for istanbul: made relative to the
 *   repository root), else its `name` under its package.
 * Streaming scan (src/util/xml-scan.ts): Clover reports are line-per-element like Cobertura.
 */
import { normalisePath } from '../model/paths.js';
import type { Counter, FileCoverage } from '../model/types.js';
import { attr, scanXml, xmlError } from '../util/xml-scan.js';
import { addLine, coverageArtifact, fileOf, sortedFiles, sumCounter, toCount } from './coverage-common.js';
import { detach, type SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';
import { quote } from '../util/quote.js';

export function parseClover(f: SourceFile, opts: ParseOptions) {
  const byPath = new Map<string, FileCoverage>();
  let pkg: string | undefined;
  let file: FileCoverage | undefined;
  /** Inside a <class> of the current file: its <metrics> repeat part of the file's. */
  let inClass = false;
  const counter = (raw: string, total: string, covered: string, offset: number): Counter | undefined => {
    const t = attr(raw, total);
    const c = attr(raw, covered);
    if (t === undefined && c === undefined) return undefined;
    const tn = toCount(t);
    const cn = toCount(c);
    if (tn === undefined || cn === undefined || cn > tn) throw xmlError(offset, `<metrics> ${covered}=${quote(c)} ${total}=${quote(t)} are not counts`);
    return { covered: cn, total: tn };
  };
  scanXml(f.chunks(), f.path, {
    open(name, raw, _selfClosing, offset) {
      switch (name) {
        case 'package':
          pkg = attr(raw, 'name');
          break;
        case 'file': {
          const p = attr(raw, 'path') ?? (pkg && attr(raw, 'name') ? `${pkg.replace(/\./g, '/')}/${attr(raw, 'name')}` : attr(raw, 'name'));
          if (p === undefined) throw xmlError(offset, '<file> without "path" or "name"');
          file = fileOf(byPath, detach(normalisePath(p, opts)));
          break;
        }
        case 'class':
          inClass = true;
          break;
        case 'metrics': {
          if (!file || inClass) return;
          const s = counter(raw, 'statements', 'coveredstatements', offset);
          if (s) file.statements = sumCounter(file.statements, s.covered, s.total);
          const b = counter(raw, 'conditionals', 'coveredconditionals', offset);
          if (b) file.branchTotals = sumCounter(file.branchTotals, b.covered, b.total);
          const m = counter(raw, 'methods', 'coveredmethods', offset);
          if (m) file.functions = sumCounter(file.functions, m.covered, m.total);
          break;
        }
        case 'line': {
          if (!file) return;
          const type = attr(raw, 'type');
          if (type === 'method') return;
          const num = toCount(attr(raw, 'num'));
          const count = toCount(attr(raw, 'count')) ?? (type === 'cond' ? condHits(raw) : undefined);
          if (num === undefined || count === undefined) throw xmlError(offset, '<line> needs numeric "num" and "count" attributes');
          addLine(file, num, count, 'max');
          break;
        }
      }
    },
    close(name) {
      if (name === 'file') file = undefined;
      else if (name === 'class') inClass = false;
      else if (name === 'package') pkg = undefined;
    },
  }, { name: 'coverage', format: 'Clover' });
  return coverageArtifact(f, 'clover', { name: 'clover' }, sortedFiles(byPath));
}

/** A cond line without `count` (OpenClover): it ran if either outcome was seen. */
function condHits(raw: string): number | undefined {
  const t = toCount(attr(raw, 'truecount'));
  const fc = toCount(attr(raw, 'falsecount'));
  return t === undefined && fc === undefined ? undefined : (t ?? 0) + (fc ?? 0);
}

export const cloverFormat = {
  id: 'clover',
  kind: 'coverage',
  description: 'Clover XML: OpenClover, istanbul/jest clover reporter, gcovr --clover, PHPUnit',
  detect: (f) => /<coverage\b[^>]*\bclover=/.test(f.head) || /<coverage\b[^>]*>\s*<project\b/.test(f.head),
} satisfies ParserFormat;

export const clover = /* @__PURE__ */ defineParser(cloverFormat, {
  parse: parseClover,
});
