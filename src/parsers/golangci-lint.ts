/**
 * golangci-lint JSON (`--out-format json`, v2 `--output.json.path`): `{"Issues": [...], "Report": {...}}`.
 * Format: https://golangci-lint.run/usage/configuration/#output-configuration and the
 * `result.Issue` struct (FromLinter, Text, Severity, SourceLines, Pos{Filename, Line, Column}).
 *
 * Severity: golangci-lint's own `Severity` (set by its `severity` config or passed through
 * from gosec as `high`/`medium`/`low`); an empty Severity is golangci-lint's default, which
 * its checkstyle and SARIF printers write as `error` → high, so the three outputs of one run
 * agree. Category: lint, except findings of its gosec linter, which are sast.
 */
import { parseError } from '../errors.js';
import { categoryForTool } from '../model/category.js';
import { severityFromWord } from '../model/severity.js';
import type { Finding, Severity } from '../model/types.js';
import { expectArray, fingerprinter, isObject, pathNormaliser, posInt, str } from './finding-helpers.js';
import { expectObject } from './shape.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';
import { quote } from '../util/quote.js';

/** golangci-lint severities on the documented scale (its default severity is written `error` by its other printers). */
export function golangciSeverity(raw: string): Severity {
  const w = raw.trim().toLowerCase();
  if (w === '' || w === 'error') return 'high';
  if (w === 'warning') return 'medium';
  return severityFromWord(w) ?? 'unknown';
}

export const golangciLintFormat = {
  id: 'golangci-lint',
  kind: 'findings',
  description: 'golangci-lint JSON (Issues[], FromLinter, Severity); its gosec findings are sast',
  detect: (f) => f.looksLikeJson && /^\{\s*"Issues"\s*:/.test(f.head),
} satisfies ParserFormat;

export const golangciLint = /* @__PURE__ */ defineParser(golangciLintFormat, {
  parse(f, options) {
    const root = expectObject(f.path, f.json(), '');
    if (!('Issues' in root)) throw parseError(f.path, 'Issues', 'missing: not a golangci-lint JSON report');
    // golangci-lint writes `"Issues": null` when there are none.
    const issues = root['Issues'] === null ? [] : expectArray(f.path, root['Issues'], 'Issues');
    const normalise = pathNormaliser(options);
    const fp = fingerprinter();
    const findings = issues.map((v, i): Finding => {
      const where = `Issues[${i}]`;
      const issue = expectObject(f.path, v, where);
      const linter = str(issue['FromLinter']);
      if (linter === undefined) throw parseError(f.path, `${where}.FromLinter`, `expected a string, got ${quote(issue['FromLinter'])}`);
      const message = str(issue['Text']) ?? '';
      const rawSeverity = str(issue['Severity']) ?? '';
      const finding: Finding = {
        ruleId: linter,
        severity: golangciSeverity(rawSeverity),
        category: linter === 'gosec' ? 'sast' : (categoryForTool('golangci-lint') ?? 'lint'),
        message,
        fingerprint: '',
        suppressed: false,
      };
      if (rawSeverity !== '') finding.toolSeverity = rawSeverity;
      const pos = isObject(issue['Pos']) ? issue['Pos'] : undefined;
      const file = pos ? str(pos['Filename']) : undefined;
      if (file !== undefined) {
        finding.location = { path: normalise(file) };
        const line = posInt(pos?.['Line']);
        const col = posInt(pos?.['Column']);
        if (line !== undefined) finding.location.line = line;
        if (col !== undefined) finding.location.column = col;
      }
      const lines = Array.isArray(issue['SourceLines']) ? issue['SourceLines'].filter((l) => typeof l === 'string').join('\n') : undefined;
      // The linter name plus the message: gosec's `G115:` prefix keeps gosec rules apart.
      finding.fingerprint = fp(linter, finding.location?.path, undefined, lines === undefined ? message : `${lines}\n${message}`, message);
      return finding;
    });
    return { format: 'golangci-lint', tool: { name: 'golangci-lint' }, source: f.path, payload: { kind: 'findings', findings } };
  },
});
