/**
 * Cobertura XML, as written by coverage.py (`coverage xml`), gcovr, istanbul/nyc/c8
 * (`cobertura` reporter), .NET coverlet / ReportGenerator, luacov, gocover-cobertura and
 * cobertura-maven. DTD: http://cobertura.sourceforge.net/xml/coverage-04.dtd
 * (coverage > sources/source, packages/package/classes/class > methods/method/lines/line, lines/line).
 *
 * - Per-line data only: `<line number hits [branch condition-coverage="50% (1/2)"]>`.
 *   The rate and `lines-valid` attributes are summaries and are not trusted.
 * - Lines inside `<method>` repeat the class's own `<lines>` (coverlet and gcovr list every
 *   line twice; istanbul puts the function's declaration line and call count there, which its
 *   `lines-valid` does not count). A class's own `<lines>` is authoritative; method lines are
 *   used only by a class that has no own lines. The same line listed again (another
 *   class of the same file, e.g. C# partial or nested classes) keeps the larger hits: it is
 *   one line, not two runs.
 * - `<sources>` roots resolve relative `filename`s (see resolveReportPath): whitespace around
 *   a source is trimmed, empty sources and `--flag`-looking sources are ignored, Windows
 *   separators are normalised.
 * - Streaming scan (src/util/xml-scan.ts), not a DOM: Cobertura reports reach hundreds of MB
 *   and are the hot path of CI; the scanner still fails closed on malformed/truncated XML.
 */
import { counterOf } from '../model/coverage.js';
import type { Counter, FileCoverage, Tool } from '../model/types.js';
import { attrAt, attrValueEnd, countOf, decodeEntities, digitsAt, nextAttr, scanXmlTags, xmlError } from '../util/xml-scan.js';
import { addBranches, addLine, coverageArtifact, fileOf, resolveReportPath, sortedFiles } from './coverage-common.js';
import { detach, type SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';
import { quote } from '../util/quote.js';

const CONDITION = /\((\d+)\/(\d+)\)/;

interface ClassData {
  file: FileCoverage;
  /** The class listed lines of its own (outside <method>). */
  own: boolean;
  /** Lines listed under methods: used only when the class lists none of its own. */
  methodLines: number[];
  methodBranches: Array<[number, Counter]>;
}

export function parseCobertura(f: SourceFile, opts: ParseOptions) {
  const sources: string[] = [];
  // Keyed by the filename as written; resolved against <sources> at the end.
  const byRawName = new Map<string, FileCoverage>();
  let version: string | undefined;
  let sourceText: string | undefined;
  let cls: ClassData | undefined;
  let inMethod = false;
  // One pass over a <line>'s attributes (number, hits, condition-coverage), no string made.
  const at = new Int32Array(4);
  const lineElement = (text: string, s: number, e: number, offset: number) => {
    if (!cls) return;
    let number: number | undefined = -1;
    let hits: number | undefined = -1;
    let cc = -1;
    for (let i = s; nextAttr(text, i, e, at); i = at[3]! + 1) {
      const ns = at[0]!;
      const len = at[1]! - ns;
      if (len === 6 && number === -1 && text.startsWith('number', ns)) {
        number = digitsAt(text, at[2]!, at[3]!);
        if (number === -1) number = countOf(text.slice(at[2]!, at[3]!));
      } else if (len === 4 && hits === -1 && text.startsWith('hits', ns)) {
        hits = digitsAt(text, at[2]!, at[3]!);
        if (hits === -1) hits = countOf(text.slice(at[2]!, at[3]!));
      } else if (len === 18 && cc === -1 && text.startsWith('condition-coverage', ns)) {
        cc = at[2]!;
      }
    }
    if (number === undefined || number === -1 || hits === undefined || hits === -1) {
      throw xmlError(offset, '<line> needs numeric "number" and "hits" attributes');
    }
    let branch: Counter | undefined;
    if (cc !== -1) {
      branch = conditionAt(text, cc);
      if (!branch) {
        const v = attrAt(text, s, e, 'condition-coverage')!;
        const m = CONDITION.exec(v);
        if (!m) throw xmlError(offset, `condition-coverage ${quote(v)} is not "N% (covered/total)"`);
        branch = counterOf(Number(m[1]), Number(m[2]));
      }
    }
    if (inMethod) {
      cls.methodLines.push(number, hits);
      if (branch) cls.methodBranches.push([number, branch]);
    } else {
      cls.own = true;
      addLine(cls.file, number, hits, 'max');
      if (branch) addBranches(cls.file, number, branch);
    }
  };
  const closeClass = () => {
    const c = cls!;
    cls = undefined;
    if (c.own) return;
    for (let i = 0; i < c.methodLines.length; i += 2) addLine(c.file, c.methodLines[i]!, c.methodLines[i + 1]!, 'max');
    for (const [line, b] of c.methodBranches) addBranches(c.file, line, b);
  };
  scanXmlTags(f.chunks(), f.path, {
    open(text, name, s, e, selfClosing, offset) {
      switch (name) {
        case 'coverage': {
          // the root (the scanner checks that it is): gcovr writes its version here
          const v = attrAt(text, s, e, 'version');
          if (v !== undefined) version = detach(v);
          break;
        }
        case 'line':
          lineElement(text, s, e, offset);
          break;
        case 'class': {
          if (cls) throw xmlError(offset, '<class> inside another <class>');
          const raw = attrAt(text, s, e, 'filename');
          const filename = raw === undefined ? undefined : detach(raw);
          if (filename === undefined) throw xmlError(offset, '<class> without a "filename" attribute');
          cls = { file: fileOf(byRawName, filename), own: false, methodLines: [], methodBranches: [] };
          break;
        }
        case 'method':
          inMethod = !selfClosing;
          break;
        case 'source':
          if (!selfClosing) sourceText = '';
          else sources.push('');
          break;
      }
    },
    close(_text, name) {
      if (name === 'class' && cls) closeClass();
      else if (name === 'method') inMethod = false;
      else if (name === 'source' && sourceText !== undefined) {
        sources.push(detach(decodeEntities(sourceText)));
        sourceText = undefined;
      }
    },
    text(text, start, end) {
      if (sourceText !== undefined) sourceText += text.slice(start, end);
    },
  }, { name: 'coverage', format: 'Cobertura' });
  // Resolve paths once all <source> roots are known; two spellings of one file merge.
  const byPath = new Map<string, FileCoverage>();
  for (const raw of byRawName.values()) {
    const path = resolveReportPath(raw.path, sources, opts);
    const seen = byPath.get(path);
    if (!seen) {
      raw.path = path;
      byPath.set(path, raw);
      continue;
    }
    for (const [k, hits] of Object.entries(raw.lines)) addLine(seen, Number(k), hits, 'max');
    if (raw.branches) for (const [k, b] of Object.entries(raw.branches)) addBranches(seen, Number(k), b);
  }
  return coverageArtifact(f, 'cobertura', toolOf(f.head, version), sortedFiles(byPath));
}

/**
 * `(covered/total)` in the condition-coverage value starting at `vs` (`50% (1/2)`), read from
 * the characters; undefined when it is not there in plain form (the caller then decodes the
 * value and reports it).
 */
function conditionAt(text: string, vs: number): Counter | undefined {
  const ve = attrValueEnd(text, vs);
  for (let i = text.indexOf('(', vs); i !== -1 && i < ve; i = text.indexOf('(', i + 1)) {
    let j = i + 1;
    let covered = 0;
    for (; j < ve; j++) {
      const c = text.charCodeAt(j);
      if (c < 48 || c > 57) break;
      covered = covered * 10 + (c - 48);
    }
    if (j === i + 1 || text.charCodeAt(j) !== 47 /* / */) continue;
    const k0 = ++j;
    let total = 0;
    for (; j < ve; j++) {
      const c = text.charCodeAt(j);
      if (c < 48 || c > 57) break;
      total = total * 10 + (c - 48);
    }
    if (j > k0 && text.charCodeAt(j) === 41 /* ) */) return counterOf(covered, total);
  }
  return undefined;
}

/** coverage.py and gcovr say who they are; others write a format version. */
function toolOf(head: string, version: string | undefined): Tool {
  // Older coverage.py puts its version in the comment's URL; newer ones write a bare URL and
  // their version in the root's `version` attribute (the match stays on the comment's line).
  const py = /Generated by coverage\.py([^\n]*)/.exec(head);
  if (py) {
    const v = /\d[\w.]*/.exec(py[1]!)?.[0] ?? version;
    return v ? { name: 'coverage.py', version: v } : { name: 'coverage.py' };
  }
  if (version?.startsWith('gcovr ')) return { name: 'gcovr', version: version.slice(6) };
  return { name: 'cobertura' };
}

export const coberturaFormat = {
  id: 'cobertura',
  kind: 'coverage',
  description: 'Cobertura XML: coverage.py, gcovr, istanbul/nyc/c8, coverlet, cobertura-maven, …',
  detect: (f) => /<coverage\b[^>]*\b(?:line-rate|lines-valid)=/.test(f.head) && !/<coverage\b[^>]*\bclover=/.test(f.head),
} satisfies ParserFormat;

export const cobertura = /* @__PURE__ */ defineParser(coberturaFormat, {
  parse: parseCobertura,
});
