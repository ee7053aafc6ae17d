/**
 * JaCoCo XML report (jacoco-maven-plugin, Gradle jacocoTestReport, gcovr --jacoco).
 * DTD: https://www.jacoco.org/jacoco/trunk/coverage/report.dtd
 * (report > sessioninfo*, (group | package)*, counter*; package > class*, sourcefile*;
 * sourcefile > line(nr mi ci mb cb)*, counter(type missed covered)*).
 *
 * - Lines: every `<line>` of a `<sourcefile>`; covered when `ci` (covered instructions) > 0,
 *   which is how JaCoCo's own LINE counter counts a line (fully or partly covered).
 * - Branches: `mb + cb` per line, `cb` covered. Functions: the sourcefile's METHOD counter.
 *   INSTRUCTION and COMPLEXITY counters have no place in the model and are not reported.
 * - Path: package name (already `/`-separated) + sourcefile name, e.g.
 *   `com/acme/auth/Login.java`. JaCoCo does not record the source root (`src/main/java`):
 *   new-code coverage matches such paths to the diff by path suffix (see gates/coverage.ts),
 *   `--path-prefix` strips, and critical-path globs should start with `**`.
 * - gcovr's JaCoCo output writes `<line nr>` without mi/ci: such a sourcefile's lines cannot
 *   be told apart, so its LINE and BRANCH counters are used (as lineTotals/branchTotals) and
 *   new-code gates cannot use it.
 * - A report with no sourcefile data (only sessioninfo: no class was loaded) is E_INPUT.
 * Streaming scan (src/util/xml-scan.ts): JaCoCo reports of large multi-module builds reach
 * tens of MB; the report is regular, so no DOM is needed.
 */
import { parseError } from '../errors.js';
import { normalisePath } from '../model/paths.js';
import type { Counter, FileCoverage } from '../model/types.js';
import { attr, scanXml, xmlError } from '../util/xml-scan.js';
import { addBranches, addLine, coverageArtifact, fileOf, sortedFiles, toCount } from './coverage-common.js';
import { detach, type SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';
import { quote } from '../util/quote.js';

interface SourcefileData {
  name: string;
  lines: Array<{ nr: number; ci: number | undefined; mb: number; cb: number }>;
  /** Counter type (`LINE`, `BRANCH`, …, as the report writes it) → counter. */
  counters: Map<string, Counter>;
}

export function parseJacoco(f: SourceFile, opts: ParseOptions) {
  const byPath = new Map<string, FileCoverage>();
  const packages: string[] = [];
  let sf: SourcefileData | undefined;
  const closeSourcefile = () => {
    const s = sf!;
    sf = undefined;
    if (s.lines.length === 0 && !s.counters.get('LINE')) return; // a class with no code (interface, empty enum)
    const pkg = packages[packages.length - 1] ?? '';
    const file = fileOf(byPath, detach(normalisePath(pkg ? `${pkg}/${s.name}` : s.name, opts)));
    const perLine = s.lines.length > 0 && s.lines.every((l) => l.ci !== undefined);
    if (perLine) {
      for (const l of s.lines) {
        addLine(file, l.nr, l.ci!, 'sum');
        if (l.mb + l.cb > 0) addBranches(file, l.nr, { covered: l.cb, total: l.mb + l.cb });
      }
    } else {
      const lc = s.counters.get('LINE');
      if (!lc) throw parseError(f.path, undefined, `sourcefile ${s.name}: lines without mi/ci and no LINE counter`);
      file.lineTotals = lc;
      const bc = s.counters.get('BRANCH');
      if (bc) file.branchTotals = bc;
    }
    const mc = s.counters.get('METHOD');
    if (mc) file.functions = mc;
  };
  scanXml(f.chunks(), f.path, {
    open(name, raw, _selfClosing, offset) {
      switch (name) {
        case 'line': {
          if (!sf) return;
          const nr = toCount(attr(raw, 'nr'));
          if (nr === undefined) throw xmlError(offset, '<line> needs a numeric "nr" attribute');
          const ci = attr(raw, 'ci');
          const l = { nr, ci: ci === undefined ? undefined : toCount(ci), mb: toCount(attr(raw, 'mb')) ?? 0, cb: toCount(attr(raw, 'cb')) ?? 0 };
          if (ci !== undefined && l.ci === undefined) throw xmlError(offset, `<line nr="${nr}"> has a non-numeric ci=${quote(ci)}`);
          sf.lines.push(l);
          break;
        }
        case 'counter': {
          if (!sf) return;
          const type = attr(raw, 'type');
          const missed = toCount(attr(raw, 'missed'));
          const covered = toCount(attr(raw, 'covered'));
          if (!type || missed === undefined || covered === undefined) throw xmlError(offset, '<counter> needs type, missed and covered');
          sf.counters.set(type, { covered, total: covered + missed });
          break;
        }
        case 'sourcefile': {
          const n = attr(raw, 'name');
          if (n === undefined) throw xmlError(offset, '<sourcefile> without a "name" attribute');
          sf = { name: n, lines: [], counters: new Map() };
          break;
        }
        case 'package':
          packages.push(attr(raw, 'name') ?? '');
          break;
      }
    },
    close(name) {
      if (name === 'sourcefile' && sf) closeSourcefile();
      else if (name === 'package') packages.pop();
    },
  }, { name: 'report', format: 'JaCoCo' });
  return coverageArtifact(f, 'jacoco', { name: 'jacoco' }, sortedFiles(byPath));
}

export const jacocoFormat = {
  id: 'jacoco',
  kind: 'coverage',
  description: 'JaCoCo XML report (Maven/Gradle jacoco, gcovr --jacoco)',
  detect: (f) => /^(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE\s+report\b[^>]*>\s*)?<report\b/.test(f.head) && /<(?:sessioninfo|package|counter|group)\b|JACOCO|jacoco/.test(f.head),
} satisfies ParserFormat;

export const jacoco = /* @__PURE__ */ defineParser(jacocoFormat, {
  parse: parseJacoco,
});
