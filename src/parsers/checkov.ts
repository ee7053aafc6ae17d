/**
 * Checkov JSON (`checkov -d DIR -o json`): one report object per framework —
 * `{check_type, results{passed_checks[], failed_checks[], skipped_checks[], parsing_errors[]}, summary{passed,
 * failed, skipped, parsing_errors, resource_count, checkov_version}}` — written as the object alone when one
 * framework ran and as an array when several did. A run that found nothing to scan writes only a
 * summary object. Format: https://www.checkov.io/2.Basics/Reviewing%20Scan%20Results.html and
 * Checkov's `Report.get_dict` / `Record` (checkov/common/output/report.py, record.py).
 *
 * - Failed checks are findings: category misconfiguration (the `secrets` framework's: secret),
 *   rule `check_id`, title `check_name`, message `check_name: resource`, location `file_path` and
 *   `file_line_range`, url `guideline`.
 * - Severity: the check's `severity` (CRITICAL…INFO) when present. Checkov fills it only with a
 *   Prisma Cloud API key; without one it is `null` for every check and the finding's severity is
 *   `unknown` (never guessed): gate Checkov with a count over the category, not `minSeverity`.
 * - Skipped checks (`checkov:skip=` comments, `--skip-check`) are suppressed findings with the
 *   skip comment as justification; passed checks are not findings.
 * - `parsing_errors` are files Checkov could not parse: each is a `scan-error` finding (high)
 *   naming the file, as for Bandit's errors.
 * - The summary-only object (no framework found anything to scan) is E_INPUT: nothing measured.
 * - `file_path` is relative to the scanned folder with a leading `/` (`/main.tf` under `-d
 *   infra/terraform`): that `/` is dropped when `file_abs_path` ends with it; run Checkov with
 *   `-d .` from the repository root to get repository paths.
 */
import { GatecheckError, parseError } from '../errors.js';
import { categoryForTool } from '../model/category.js';
import { severityFromWord } from '../model/severity.js';
import type { Category, Finding, Location } from '../model/types.js';
import { fingerprinter, pathNormaliser, posInt, scanErrorFinding, str, type Fingerprinter } from './finding-helpers.js';
import { expectObject, findingsArtifact, isObject, optionalArray, type JsonObject } from './shape.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';

/** The keys of the summary-only object Checkov writes when it found nothing to scan. */
function isBareSummary(o: JsonObject): boolean {
  return !('check_type' in o) && 'checkov_version' in o && 'resource_count' in o;
}

interface Ctx {
  file: string;
  normalise: (raw: string) => string;
  fp: Fingerprinter;
  findings: Finding[];
}

function readCheck(ctx: Ctx, v: unknown, where: string, category: Category, skipped: boolean): void {
  const c = expectObject(ctx.file, v, where);
  const ruleId = str(c['check_id']);
  if (ruleId === undefined) throw parseError(ctx.file, `${where}.check_id`, 'expected a string');
  const title = str(c['check_name']) ?? ruleId;
  const resource = str(c['resource']);
  const message = resource !== undefined ? `${title}: ${resource}` : title;
  const raw = str(c['severity']);
  const finding: Finding = {
    ruleId,
    severity: severityFromWord(raw) ?? 'unknown',
    category,
    message,
    title,
    fingerprint: '',
    suppressed: skipped,
  };
  const path = str(c['file_path']);
  if (path !== undefined) {
    const abs = str(c['file_abs_path']);
    const relative = path.startsWith('/') && abs !== undefined && abs !== path && abs.endsWith(path);
    const location: Location = { path: ctx.normalise(relative ? path.slice(1) : path) };
    const range = Array.isArray(c['file_line_range']) ? c['file_line_range'] : [];
    const line = posInt(range[0]);
    const end = posInt(range[1]);
    if (line !== undefined) location.line = line;
    if (line !== undefined && end !== undefined && end > line) location.endLine = end;
    finding.location = location;
  }
  finding.fingerprint = ctx.fp(ruleId, finding.location?.path, undefined, resource, message);
  if (raw !== undefined) finding.toolSeverity = raw;
  const url = str(c['guideline']);
  if (url !== undefined) finding.url = url;
  if (skipped) {
    const result = isObject(c['check_result']) ? c['check_result'] : {};
    const why = str(result['suppress_comment']);
    finding.suppression = why !== undefined && why.trim() !== '' ? { kind: 'inSource', justification: why } : { kind: 'inSource' };
  }
  ctx.findings.push(finding);
}

export const checkovFormat = {
  id: 'checkov',
  kind: 'findings',
  description: 'Checkov JSON (checkov -o json; one framework or an array of several): failed, skipped checks, parsing errors',
  detect(f) {
    if (!f.looksLikeJson) return false;
    if (/^\[?\s*\{\s*"check_type"\s*:/.test(f.head)) return true;
    return /^\{\s*"passed"\s*:\s*\d+\s*,\s*"failed"\s*:/.test(f.head) && /"checkov_version"\s*:/.test(f.head);
  },
} satisfies ParserFormat;

export const checkov = /* @__PURE__ */ defineParser(checkovFormat, {
  parse(f, options) {
    const root = f.json();
    const reports = Array.isArray(root) ? root : [root];
    const ctx: Ctx = { file: f.path, normalise: pathNormaliser(options), fp: fingerprinter(), findings: [] };
    let version: string | undefined;
    let frameworks = 0;
    reports.forEach((r, i) => {
      const base = Array.isArray(root) ? `[${i}]` : '';
      const at = (key: string) => (base ? `${base}.${key}` : key);
      const report = expectObject(f.path, r, base);
      if (isBareSummary(report)) return;
      const checkType = str(report['check_type']);
      if (checkType === undefined) throw parseError(f.path, at('check_type'), 'expected a string: not a Checkov report');
      frameworks++;
      const category: Category = checkType === 'secrets' ? 'secret' : (categoryForTool('checkov') ?? 'misconfiguration');
      const results = expectObject(f.path, report['results'], at('results'));
      optionalArray(f.path, results['failed_checks'], at('results.failed_checks')).forEach((c, j) => readCheck(ctx, c, at(`results.failed_checks[${j}]`), category, false));
      optionalArray(f.path, results['skipped_checks'], at('results.skipped_checks')).forEach((c, j) => readCheck(ctx, c, at(`results.skipped_checks[${j}]`), category, true));
      optionalArray(f.path, results['parsing_errors'], at('results.parsing_errors')).forEach((p, j) => {
        const path = str(p);
        if (path === undefined) throw parseError(f.path, at(`results.parsing_errors[${j}]`), 'expected a file path');
        ctx.findings.push(scanErrorFinding(ctx.fp, category, ctx.normalise(path), `Checkov could not parse this file (${checkType})`));
      });
      const summary = isObject(report['summary']) ? report['summary'] : undefined;
      version ??= str(summary?.['checkov_version']);
    });
    if (frameworks === 0) {
      throw new GatecheckError('E_INPUT', 'Checkov found nothing to scan (only a summary, resource_count 0): nothing to measure', { file: f.path });
    }
    return findingsArtifact('checkov', f.path, 'checkov', version, ctx.findings);
  },
});
