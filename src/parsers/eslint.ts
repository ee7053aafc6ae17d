/**
 * ESLint's JSON formatter (`eslint -f json`): an array of
 * `{filePath, messages[], suppressedMessages[], errorCount, warningCount, …}`.
 * Format: https://eslint.org/docs/latest/use/formatters/#json and the LintResult /
 * LintMessage types (https://eslint.org/docs/latest/integrate/nodejs-api#-lintresult-type).
 *
 * Severity: ESLint's 2 ("error") → high, 1 ("warning") → medium — the same levels ESLint's
 * SARIF formatter writes (`error`/`warning`), so both outputs of one run agree; a fatal
 * parse error is high. Category: lint; rules of eslint-plugin-security (`security/…`,
 * `security-node/…`) are sast. `suppressedMessages` (eslint-disable comments) are kept as
 * suppressed findings.
 *
 * A plain empty array `[]` is what several tools print for "nothing found" (ESLint, gitleaks,
 * …), so detection never claims it: pass `--format eslint` for such a file and it reads as
 * zero findings.
 */
import { parseError } from '../errors.js';
import type { Finding, Severity } from '../model/types.js';
import { isSecurityLintRule } from './checkstyle.js';
import { expectArray, fingerprinter, pathNormaliser, posInt, str } from './finding-helpers.js';
import { expectObject, isObject, optionalArray } from './shape.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';

function eslintSeverity(v: unknown, fatal: boolean): Severity {
  if (fatal || v === 2) return 'high';
  if (v === 1) return 'medium';
  if (v === 0) return 'info';
  return 'unknown';
}

export const eslintFormat = {
  id: 'eslint',
  kind: 'findings',
  description: 'ESLint JSON formatter output (-f json); an empty [] needs --format eslint',
  detect: (f) => f.looksLikeJson && /^\[\s*\{\s*"filePath"\s*:/.test(f.head),
} satisfies ParserFormat;

export const eslint = /* @__PURE__ */ defineParser(eslintFormat, {
  parse(f, options) {
    const results = expectArray(f.path, f.json(), '');
    const normalise = pathNormaliser(options);
    const fp = fingerprinter();
    const findings: Finding[] = [];
    results.forEach((r, i) => {
      const result = expectObject(f.path, r, `[${i}]`);
      const filePath = str(result['filePath']);
      if (filePath === undefined) throw parseError(f.path, `[${i}].filePath`, 'expected a string');
      const path = normalise(filePath);
      const read = (key: 'messages' | 'suppressedMessages') => {
        optionalArray(f.path, result[key], `[${i}].${key}`).forEach((m, j) => {
          const msg = expectObject(f.path, m, `[${i}].${key}[${j}]`);
          const fatal = msg['fatal'] === true;
          const ruleId = str(msg['ruleId']) ?? (fatal ? 'fatal' : 'eslint');
          const message = str(msg['message']) ?? '';
          const line = posInt(msg['line']);
          const column = posInt(msg['column']);
          const finding: Finding = {
            ruleId,
            severity: eslintSeverity(msg['severity'], fatal),
            category: isSecurityLintRule(ruleId) ? 'sast' : 'lint',
            message,
            location: { path, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) },
            fingerprint: fp(ruleId, path, undefined, undefined, message),
            suppressed: key === 'suppressedMessages',
          };
          if (finding.suppressed) {
            const s = Array.isArray(msg['suppressions']) ? msg['suppressions'].find(isObject) : undefined;
            const kind = (s && str(s['kind'])) ?? 'directive';
            const justification = s ? str(s['justification']) : undefined;
            finding.suppression = justification ? { kind, justification } : { kind };
          }
          findings.push(finding);
        });
      };
      read('messages');
      read('suppressedMessages');
    });
    return { format: 'eslint', tool: { name: 'eslint' }, source: f.path, payload: { kind: 'findings', findings } };
  },
});
