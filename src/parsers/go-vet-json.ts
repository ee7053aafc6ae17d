/**
 * `go vet -json` output (cmd/vet, driven by golang.org/x/tools/go/analysis/unitchecker; the
 * JSON tree is its `analysisflags` printer: https://pkg.go.dev/golang.org/x/tools/go/analysis/internal/analysisflags).
 * One JSON object per package, `{"<package>": {"<analyzer>": [{"posn": "file:line:col",
 * "end": …, "message": …, "suggested_fixes"?: …}]}}`, indented with tabs; a package with
 * nothing to say is `{}`. Go 1.26 writes these objects to stdout and exits 0 even with
 * diagnostics; older releases wrote them to stderr, each after a `# <package>` line.
 *
 * A package that does not build is not analysed: go vet prints `# <package>` and the
 * compiler's errors (`vet: file:line:col: message`) on stderr and exits 1. Captured with
 * `2>&1`, those lines are in the report, and gatecheck fails closed on them: vet did not run
 * on that package, so the report cannot stand for a clean pass (E_INPUT, naming the package
 * and the first error). Any other line that is neither JSON nor a package header is E_PARSE.
 *
 * Every diagnostic is one lint finding (go vet has no severities: medium, as the other plain
 * linters), its rule the analyzer's name (`printf`, `copylocks`, …).
 */
import { boundText, GatecheckError, parseError } from '../errors.js';
import { categoryForTool } from '../model/category.js';
import type { Finding } from '../model/types.js';
import { expectArray, fingerprinter, isObject, pathNormaliser, str } from './finding-helpers.js';
import { expectObject, findingsArtifact, optionalString, requiredString } from './shape.js';
import { HEAD_CHARS, type SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';

/** A package object up to its first diagnostic, as go vet writes it (from the start of the text). */
const DIAGNOSTIC_HEAD = /^\s*\{\s*"[^"\n]+"\s*:\s*\{\s*"[\w-]+"\s*:\s*\[\s*\{\s*"posn"\s*:\s*"/;
/** A clean package's result. */
const EMPTY_OBJECT = /^\{\s*\}$/;
/** `file:line:col` (the file may hold colons itself, e.g. `C:\…`: the numbers are taken from the right). */
const POSN = /^(.*):(\d+):(\d+)$/;

export const goVetJsonFormat = {
  id: 'go-vet-json',
  kind: 'findings',
  description: '`go vet -json` (per package and analyzer; Go 1.26 writes it to stdout): one lint finding per diagnostic; a package that does not build is an error',
  detect(f: SourceFile): boolean {
    // Skip what go vet writes between package objects: `# package` headers, the compiler's
    // lines under a header (a package that does not build), and clean packages' `{}`.
    const whole = f.size <= HEAD_CHARS;
    const lines = f.head.split('\n');
    const complete = whole ? lines.length : lines.length - 1;
    let i = 0;
    let empties = 0;
    let headers = 0;
    let underHeader = false;
    for (; i < complete; i++) {
      const l = lines[i]!.trim();
      if (l === '') continue;
      if (l.startsWith('#')) {
        headers++;
        underHeader = true;
      } else if (EMPTY_OBJECT.test(l)) {
        empties++;
        underHeader = false;
      } else if (!(underHeader && !l.startsWith('{'))) break;
    }
    if (i < complete || !whole) return DIAGNOSTIC_HEAD.test(lines.slice(i).join('\n'));
    // A run with nothing to report: `{}` objects only (with package headers). One `{}` alone is
    // what many tools write for "nothing", and is left to --format.
    return empties >= 2 || (empties >= 1 && headers >= 1);
  },
} satisfies ParserFormat;

export const goVetJson = /* @__PURE__ */ defineParser(goVetJsonFormat, {
  parse: parseGoVetJson,
});

function parseGoVetJson(f: SourceFile, options: ParseOptions) {
  const text = f.text;
  const normalise = pathNormaliser(options);
  const fp = fingerprinter();
  const findings: Finding[] = [];
  const category = categoryForTool('go vet') ?? 'lint';
  let line = 1;
  let header: { pkg: string; line: number } | undefined;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      i++;
      continue;
    }
    if (c === 0x20 || c === 0x09 || c === 0x0d) {
      i++;
      continue;
    }
    if (c === 0x7b /* { */) {
      const end = objectEnd(text, i);
      if (end < 0) throw parseError(f.path, `line ${line}`, 'a JSON object that does not end (the report is cut short)');
      const startLine = line;
      const body = text.slice(i, end);
      let doc: unknown;
      try {
        doc = JSON.parse(body);
      } catch (e) {
        throw parseError(f.path, `line ${startLine}`, `not valid JSON: ${(e as Error).message.slice(0, 120)}`, e);
      }
      readPackages(f.path, doc, startLine, (analyzer, d, where) => {
        const posn = requiredString(f.path, d['posn'], `${where}.posn`);
        const message = optionalString(f.path, d['message'], `${where}.message`) ?? '';
        const finding: Finding = { ruleId: analyzer, severity: 'medium', category, message, fingerprint: '', suppressed: false };
        const m = POSN.exec(posn);
        const path = normalise(m ? m[1]! : posn);
        finding.location = { path };
        if (m) {
          finding.location.line = Number(m[2]);
          finding.location.column = Number(m[3]);
          const endLine = Number(POSN.exec(str(d['end']) ?? '')?.[2]);
          if (endLine > finding.location.line) finding.location.endLine = endLine;
        }
        finding.fingerprint = fp(analyzer, path, undefined, undefined, message);
        findings.push(finding);
      });
      for (let j = i; j < end; j++) if (text.charCodeAt(j) === 0x0a) line++;
      i = end;
      header = undefined;
      continue;
    }
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = text.length;
    const raw = text.slice(i, nl).trim();
    if (raw.startsWith('#')) {
      header = { pkg: raw.slice(1).trim(), line };
    } else if (header) {
      // Not JSON after a package header: the compiler's errors, vet never ran on this package.
      throw new GatecheckError(
        'E_INPUT',
        `go vet could not analyse package ${boundText(header.pkg, 160)} (it does not build): ${JSON.stringify(raw.slice(0, 160))}; a package vet did not run on is not a clean pass`,
        { file: f.path, where: `line ${line}` },
      );
    } else {
      throw parseError(f.path, `line ${line}`, `expected a go vet JSON object or a "# package" line, got ${JSON.stringify(raw.slice(0, 80))}`);
    }
    i = nl;
  }
  if (header) {
    throw new GatecheckError('E_INPUT', `package ${boundText(header.pkg, 160)} has a header but no result: go vet did not finish it`, {
      file: f.path,
      where: `line ${header.line}`,
    });
  }
  return findingsArtifact('go-vet-json', f.path, 'go vet', undefined, findings);
}

/** Each diagnostic of one package object, with its key path for messages. */
function readPackages(
  file: string,
  doc: unknown,
  line: number,
  each: (analyzer: string, d: Record<string, unknown>, where: string) => void,
): void {
  const root = expectObject(file, doc, `line ${line}`);
  for (const [pkg, analyzers] of Object.entries(root)) {
    const pw = `line ${line}: ${JSON.stringify(boundText(pkg, 160))}`;
    for (const [analyzer, list] of Object.entries(expectObject(file, analyzers, pw))) {
      const aw = `${pw}.${boundText(analyzer, 80)}`;
      // An analyzer that failed on a package writes {"error": "…"} in place of its list.
      if (isObject(list) && typeof list['error'] === 'string') {
        throw new GatecheckError('E_INPUT', `go vet's ${boundText(analyzer, 80)} analyzer failed on package ${boundText(pkg, 160)}: ${JSON.stringify(list['error'].slice(0, 160))}`, {
          file,
          where: aw,
        });
      }
      expectArray(file, list, aw).forEach((d, k) => each(analyzer, expectObject(file, d, `${aw}[${k}]`), `${aw}[${k}]`));
    }
  }
}

/** The offset just past the JSON object opening at `start`, or -1 when the text ends first. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}
