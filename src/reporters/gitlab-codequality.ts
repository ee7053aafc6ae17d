/**
 * GitLab Code Quality report (artifacts:reports:codequality), which GitLab shows in the
 * merge request widget and the diff. Format (GitLab docs, "Code Quality report format"):
 * a JSON array of `{ description, check_name, fingerprint, severity, location: { path,
 * lines: { begin } } }`, severity one of info | minor | major | critical | blocker, path
 * repository-relative without a leading `./`.
 *
 * GitLab matches issues between the base and the head pipeline by `fingerprint`, so it must
 * not contain the line number (an unrelated edit above would make every issue "new") and
 * must be unique within the report (duplicates are dropped). It is a hash of the tool, the
 * rule, the path, the model's line-independent fingerprint and, for identical findings in
 * one file, their occurrence number.
 *
 * Only open findings are listed: Code Quality has no notion of a suppressed or waived issue,
 * and listing them would show them as problems in the merge request.
 */
import type { Evaluation } from '../gates/types.js';
import { fingerprintOf } from '../model/fingerprint.js';
import type { Severity } from '../model/types.js';
import type { Reporter } from './types.js';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

/** One scale onto the other, step by step; `unknown` is treated as `minor` (never silenced to info). */
export const CODE_QUALITY_SEVERITY: Record<Severity, CodeQualitySeverity> = {
  critical: 'blocker',
  high: 'critical',
  medium: 'major',
  low: 'minor',
  unknown: 'minor',
  info: 'info',
};

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
}

/** The Code Quality issues for the evaluation's open findings. */
export function toCodeQuality(e: Evaluation): CodeQualityIssue[] {
  const occurrences = new Map<string, number>();
  const out: CodeQualityIssue[] = [];
  for (const r of e.findings ?? []) {
    if (r.status !== 'open') continue;
    const f = r.finding;
    const path = (f.location?.path ?? r.source).replace(/\\/g, '/').replace(/^(\.\/)+/, '');
    const key = fingerprintOf(r.tool.name.toLowerCase(), f.ruleId, path, f.fingerprint);
    const n = occurrences.get(key) ?? 0;
    occurrences.set(key, n + 1);
    const pkg = f.package ? ` (${f.package.name}${f.package.version ? `@${f.package.version}` : ''}${f.package.fixedVersion ? `, fixed in ${f.package.fixedVersion}` : ''})` : '';
    out.push({
      description: `${f.title && f.title !== f.message ? `${f.title}: ` : ''}${f.message}${pkg}`.trim() || f.ruleId,
      check_name: `${r.tool.name}:${f.ruleId}`,
      fingerprint: n === 0 ? key : fingerprintOf(key, n),
      severity: CODE_QUALITY_SEVERITY[f.severity],
      location: { path, lines: { begin: f.location?.line !== undefined && f.location.line >= 1 ? f.location.line : 1 } },
    });
  }
  return out;
}

export const gitlabCodeQualityReporter = {
  id: 'gitlab-codequality',
  description: 'GitLab Code Quality JSON of the open findings (line-independent fingerprints)',
  render: (e) => `${JSON.stringify(toCodeQuality(e), null, 2)}\n`,
} satisfies Reporter;
