/**
 * Bandit JSON (`bandit -r DIR -f json`): `{errors[], generated_at, metrics{<file>…, _totals}, results[]}`.
 * Format: Bandit's JSON formatter (https://bandit.readthedocs.io/en/latest/formatters/json.html,
 * `bandit/formatters/json.py`); each result is `{filename, test_id, test_name, issue_text,
 * issue_severity, issue_confidence, issue_cwe{id, link}, line_number, line_range, col_offset,
 * code, more_info}`.
 *
 * - Severity: `issue_severity` as is (HIGH/MEDIUM/LOW; `UNDEFINED` → unknown). Confidence is not
 *   part of the model: filter on it in Bandit (`--confidence-level`). Category: sast.
 * - `errors[]` are files Bandit could not scan (a syntax error, an unreadable file): their code
 *   was not checked, so each is a finding (rule `scan-error`, severity high) that the default
 *   SAST gate blocks on and that names the file (see docs/findings-sarif-lint.md, "Files a tool
 *   could not scan").
 * - `# nosec`: Bandit leaves suppressed results out of `results` and only counts them in
 *   `metrics._totals` (`nosec`: a bare `# nosec`; `skipped_tests`: `# nosec B602`). Each counted
 *   one is kept as a suppressed finding (rule `nosec`, severity unknown, no location), so the
 *   `suppressed` figure equals Bandit's own count.
 * - A report whose `metrics` names no scanned file (`bandit -r` over a folder without Python) is
 *   E_INPUT: nothing was measured.
 * - The version is read from `more_info` links (`…/en/1.9.4/…`): the report has no version field.
 */
import { GatecheckError, parseError } from '../errors.js';
import { severityFromWord } from '../model/severity.js';
import type { Finding, Location } from '../model/types.js';
import { expectArray, fingerprinter, pathNormaliser, posInt, scanErrorFinding, str } from './finding-helpers.js';
import { expectObject, findingsArtifact, isObject, optionalNumber } from './shape.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';

/** More suppressions than this in one report is not a real Bandit count. */
const MAX_SUPPRESSED = 1_000_000;

/** The flagged lines of Bandit's `code` excerpt (`"<n> <text>\n"` per line, with context lines), without their numbers. */
function flaggedLines(code: string | undefined, from: number | undefined, to: number | undefined): string | undefined {
  if (code === undefined || from === undefined) return undefined;
  const last = to ?? from;
  const out: string[] = [];
  for (const line of code.split('\n')) {
    const m = /^(\d+) (.*)$/.exec(line);
    if (m && Number(m[1]) >= from && Number(m[1]) <= last) out.push(m[2]!);
  }
  return out.length > 0 ? out.join('\n') : undefined;
}

export const banditFormat = {
  id: 'bandit',
  kind: 'findings',
  description: 'Bandit JSON (bandit -f json): results, errors (files not scanned), metrics._totals nosec counts',
  detect(f) {
    if (!f.looksLikeJson || !f.head.startsWith('{')) return false;
    if (/"generated_at"\s*:/.test(f.head) && /"metrics"\s*:\s*\{/.test(f.head)) return true;
    // The keys are sorted: a long `errors` list can push the rest past the sniffed head.
    if (!/^\{\s*"errors"\s*:\s*\[/.test(f.head)) return false;
    const j = f.tryJson();
    return isObject(j) && typeof j['generated_at'] === 'string' && isObject(j['metrics']) && Array.isArray(j['results']);
  },
} satisfies ParserFormat;

export const bandit = /* @__PURE__ */ defineParser(banditFormat, {
  parse(f, options) {
    const root = expectObject(f.path, f.json(), '');
    const results = expectArray(f.path, root['results'], 'results');
    const errors = expectArray(f.path, root['errors'], 'errors');
    const metrics = expectObject(f.path, root['metrics'], 'metrics');
    // `metrics` has one key per scanned file besides `_totals`: none (and no error) means no file was scanned.
    if (results.length === 0 && errors.length === 0 && Object.keys(metrics).every((k) => k === '_totals')) {
      throw new GatecheckError('E_INPUT', 'Bandit scanned no file (metrics names none): nothing to measure', { file: f.path });
    }
    const normalise = pathNormaliser(options);
    const fp = fingerprinter();
    let version: string | undefined;
    const findings: Finding[] = results.map((r, i): Finding => {
      const where = `results[${i}]`;
      const res = expectObject(f.path, r, where);
      const ruleId = str(res['test_id']);
      if (ruleId === undefined) throw parseError(f.path, `${where}.test_id`, 'expected a string');
      const path = str(res['filename']);
      if (path === undefined) throw parseError(f.path, `${where}.filename`, 'expected a string');
      const message = str(res['issue_text']) ?? '';
      const raw = str(res['issue_severity']);
      const line = posInt(res['line_number']);
      const range = Array.isArray(res['line_range']) ? res['line_range'] : [];
      const endLine = posInt(range[range.length - 1]);
      const col = res['col_offset'];
      const location: Location = { path: normalise(path) };
      if (line !== undefined) location.line = line;
      if (endLine !== undefined && line !== undefined && endLine > line) location.endLine = endLine;
      if (typeof col === 'number' && Number.isInteger(col) && col >= 0) location.column = col + 1;
      const finding: Finding = {
        ruleId,
        severity: severityFromWord(raw) ?? 'unknown',
        category: 'sast',
        message,
        location,
        fingerprint: fp(ruleId, location.path, undefined, flaggedLines(str(res['code']), line, endLine), message),
        suppressed: false,
      };
      if (raw !== undefined) finding.toolSeverity = raw;
      const title = str(res['test_name']);
      if (title !== undefined) finding.title = title;
      const cwe = isObject(res['issue_cwe']) ? posInt(res['issue_cwe']['id']) : undefined;
      if (cwe !== undefined) finding.aliases = [`CWE-${cwe}`];
      const url = str(res['more_info']);
      if (url !== undefined) {
        finding.url = url;
        version ??= /\/en\/(\d+\.\d+\.\d+)\//.exec(url)?.[1];
      }
      return finding;
    });
    errors.forEach((e, i) => {
      const err = expectObject(f.path, e, `errors[${i}]`);
      const path = str(err['filename']);
      if (path === undefined) throw parseError(f.path, `errors[${i}].filename`, 'expected a string');
      findings.push(scanErrorFinding(fp, 'sast', normalise(path), `Bandit could not scan this file: ${str(err['reason']) ?? 'no reason given'}`));
    });
    // Results suppressed in the source: Bandit writes only their number.
    if (metrics['_totals'] !== undefined) {
      const totals = expectObject(f.path, metrics['_totals'], 'metrics._totals');
      let suppressed = 0;
      for (const key of ['nosec', 'skipped_tests']) {
        const n = optionalNumber(f.path, totals[key], `metrics._totals.${key}`) ?? 0;
        if (!Number.isInteger(n) || n < 0 || n > MAX_SUPPRESSED) {
          throw parseError(f.path, `metrics._totals.${key}`, `expected a count from 0 to ${MAX_SUPPRESSED} (got ${n})`);
        }
        suppressed += n;
      }
      for (let i = 0; i < suppressed; i++) {
        const message = 'a Bandit result suppressed in the source with # nosec (Bandit reports only the count)';
        findings.push({
          ruleId: 'nosec',
          severity: 'unknown',
          category: 'sast',
          message,
          fingerprint: fp('nosec', undefined, undefined, undefined, message),
          suppressed: true,
          suppression: { kind: 'inSource' },
        });
      }
    }
    return findingsArtifact('bandit', f.path, 'bandit', version, findings);
  },
});
