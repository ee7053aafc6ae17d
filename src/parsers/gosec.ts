/**
 * gosec's own JSON report (`gosec -fmt json ./...`, the default machine format): the
 * `ReportInfo` struct of github.com/securego/gosec/v2 (report/core.go), written in field order:
 * `{"Golang errors": {path: [{line, column, error}]}, "Issues": [...], "Stats": {files, lines,
 * nosec, found}, "GosecVersion": "…"}`. An issue (issue/issue.go) is `{severity, confidence,
 * cwe: {id, url}, rule_id, details, file, code, line, column, nosec, suppressions, autofix}`;
 * `line` is a string, a range `"12-14"` for a multi-line node.
 *
 * - Severity: gosec's HIGH / MEDIUM / LOW as high / medium / low; the confidence is kept in
 *   `toolSeverity` (`HIGH (confidence MEDIUM)`), it does not move the severity.
 * - Category: sast.
 * - `#nosec`: by default a suppressed issue is left out of `Issues` and only counted in
 *   `Stats.nosec`; with `-track-suppressions` it is listed with `suppressions: [{kind,
 *   justification}]` and read here as a suppressed finding (kept and counted, never gated).
 * - `Golang errors`: packages gosec could not type-check, so its rules did not see them whole.
 *   gatecheck fails closed on them (E_INPUT naming the file and the first error): a scan that
 *   did not cover the code is not a clean pass. Fix the build, or leave the package out of the
 *   scan (`-exclude-dir`).
 */
import { boundText, GatecheckError } from '../errors.js';
import { categoryForTool } from '../model/category.js';
import { severityFromWord } from '../model/severity.js';
import type { Finding, Severity, Suppression } from '../model/types.js';
import { expectArray, fingerprinter, isObject, pathNormaliser, str } from './finding-helpers.js';
import { expectObject, findingsArtifact, requiredString } from './shape.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';

/** A line number gosec wrote as a string (`"33"`, or `"12-14"` for a node over several lines). */
const LINE = /^(\d{1,9})(?:-(\d{1,9}))?$/;

/** The line numbers gosec puts before each line of an issue's `code`. */
const CODE_LINE_NUMBER = /^\d+: /gm;

export const gosecFormat = {
  id: 'gosec',
  kind: 'findings',
  description: 'gosec JSON (-fmt json): Issues with severity, confidence and CWE, `#nosec` suppressions (-track-suppressions); `Golang errors` are an error',
  // `Golang errors` is the struct's first field, so gosec always writes it first.
  detect: (f) => f.looksLikeJson && /^\{\s*"Golang errors"\s*:/.test(f.head),
} satisfies ParserFormat;

export const gosec = /* @__PURE__ */ defineParser(gosecFormat, {
  parse(f, options) {
    const root = expectObject(f.path, f.json(), '');
    const errors = root['Golang errors'];
    if (errors !== undefined && errors !== null) golangErrors(f.path, expectObject(f.path, errors, '"Golang errors"'));
    // gosec writes `"Issues": []` when it finds nothing; null is read the same.
    const issues = root['Issues'] === null ? [] : expectArray(f.path, root['Issues'], 'Issues');
    const version = str(root['GosecVersion']);
    const normalise = pathNormaliser(options);
    const fp = fingerprinter();
    const category = categoryForTool('gosec') ?? 'sast';
    const findings = issues.map((v, i): Finding => {
      const where = `Issues[${i}]`;
      const issue = expectObject(f.path, v, where);
      const ruleId = requiredString(f.path, issue['rule_id'], `${where}.rule_id`);
      const rawSeverity = str(issue['severity']);
      const severity: Severity = severityFromWord(rawSeverity) ?? 'unknown';
      const message = str(issue['details']) ?? '';
      const finding: Finding = { ruleId, severity, category, message, fingerprint: '', suppressed: false };
      const confidence = str(issue['confidence']);
      if (rawSeverity !== undefined) finding.toolSeverity = confidence !== undefined ? `${rawSeverity} (confidence ${confidence})` : rawSeverity;
      const file = str(issue['file']);
      if (file !== undefined) {
        finding.location = { path: normalise(file) };
        const m = LINE.exec(str(issue['line']) ?? '');
        if (m) {
          finding.location.line = Number(m[1]);
          if (m[2] !== undefined && Number(m[2]) > finding.location.line) finding.location.endLine = Number(m[2]);
        }
        const col = Number(str(issue['column']));
        if (Number.isInteger(col) && col > 0) finding.location.column = col;
      }
      const cwe = isObject(issue['cwe']) ? issue['cwe'] : undefined;
      const cweId = cwe ? (str(cwe['id']) ?? (typeof cwe['id'] === 'number' ? String(cwe['id']) : undefined)) : undefined;
      if (cweId) finding.aliases = [`CWE-${cweId}`];
      const url = cwe ? str(cwe['url']) : undefined;
      if (url) finding.url = url;
      const suppression = suppressionOf(f.path, issue['suppressions'], `${where}.suppressions`);
      if (suppression) {
        finding.suppressed = true;
        finding.suppression = suppression;
      }
      // `code` numbers its lines ("32: …"): without the numbers, so the fingerprint survives a line shift.
      const code = str(issue['code'])?.replace(CODE_LINE_NUMBER, '');
      finding.fingerprint = fp(ruleId, finding.location?.path, undefined, code, message);
      return finding;
    });
    return findingsArtifact('gosec', f.path, 'gosec', version, findings);
  },
});

/**
 * Fail closed on `Golang errors`, naming the first one: a file's own entry (`{line, column, error}`)
 * before the package-wide entry gosec files under `""` (the whole compiler output, line 0).
 */
function golangErrors(file: string, errors: Record<string, unknown>): void {
  let count = 0;
  let first: { where: string; path: string; e: Record<string, unknown> } | undefined;
  for (const [path, list] of Object.entries(errors)) {
    const where = `"Golang errors".${JSON.stringify(boundText(path, 160))}`;
    const items = expectArray(file, list, where);
    count += items.length;
    if (items.length > 0 && (first === undefined || first.path === '')) first = { where: `${where}[0]`, path, e: expectObject(file, items[0], `${where}[0]`) };
  }
  if (first === undefined) return;
  const { line, column } = first.e;
  const at = typeof line === 'number' && line > 0 ? `:${line}${typeof column === 'number' && column > 0 ? `:${column}` : ''}` : '';
  // The package-wide entry is the compiler's output: its first line is a `# package` header.
  const error = first.e['error'];
  const text = (typeof error === 'string' ? error : '').split('\n').find((l) => l.trim() !== '' && !l.startsWith('#')) ?? '';
  throw new GatecheckError(
    'E_INPUT',
    `gosec could not type-check ${boundText(first.path, 160) || 'a package'}${at}: ${JSON.stringify(text.slice(0, 160))} (${count} error${count === 1 ? '' : 's'}); code gosec did not fully scan is not a clean pass`,
    { file, where: first.where },
  );
}

/** The first of an issue's suppressions (`-track-suppressions`): `[{kind: "inSource" | "external", justification}]`. */
function suppressionOf(file: string, v: unknown, where: string): Suppression | undefined {
  if (v === undefined || v === null) return undefined;
  const first = expectArray(file, v, where)[0];
  if (first === undefined) return undefined;
  const s = expectObject(file, first, `${where}[0]`);
  const out: Suppression = { kind: str(s['kind']) ?? 'inSource' };
  const justification = str(s['justification']);
  if (justification) out.justification = justification;
  return out;
}
