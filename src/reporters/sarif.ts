/**
 * Every finding of the evaluation, merged into one SARIF 2.1.0 log for code-scanning upload
 * (github/codeql-action/upload-sarif, GitLab, Azure DevOps).
 * Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html (sections cited below).
 *
 * - One run per tool (§3.14, `tool.driver` §3.18/§3.19), in order of first appearance, so
 *   each result keeps the tool that found it; rules (§3.49) are listed once per run.
 * - `level` (§3.27.10) from the severity: critical/high → error, medium/unknown → warning,
 *   low/info → note. Security categories also carry GitHub's numeric
 *   `security-severity` on the rule (critical 9.5, high 8.0, medium 5.5, low 2.0).
 * - `partialFingerprints["gatecheck/v1"]` (§3.27.17) is the model's line-independent
 *   fingerprint, so code scanning tracks an alert across line shifts.
 * - Suppressed findings carry `suppressions` (§3.27.23, §3.35): `inSource` when the tool saw
 *   an in-source suppression, otherwise `external`; policy waivers are `external` +
 *   `accepted` with the waiver as justification. They stay in the log, as the spec intends.
 * - A finding without a file (a package vulnerability) is located at the report it came
 *   from, because code scanning rejects results without a location.
 */
import type { Log, ReportingDescriptor, Result, Run } from 'sarif';
import type { Evaluation, FindingRecord } from '../gates/types.js';
import { CATEGORIES, type Category, type Severity } from '../model/types.js';
import { severityRank } from '../model/severity.js';
import type { Reporter } from './types.js';

const LEVEL: Record<Severity, Result.level> = { critical: 'error', high: 'error', medium: 'warning', unknown: 'warning', low: 'note', info: 'note' };
const SECURITY_SEVERITY: Partial<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0', info: '0.0' };
const SECURITY: ReadonlySet<Category> = new Set(CATEGORIES.filter((c) => c !== 'lint' && c !== 'license'));

/** A path as a SARIF `uri` (§3.4.3): relative paths stay relative; absolute ones become file URIs. */
export function pathToUri(path: string): string {
  const p = path.replace(/\\/g, '/');
  const encoded = p.split('/').map((s) => encodeURIComponent(s)).join('/');
  if (/^[A-Za-z]:\//.test(p)) return `file:///${p.slice(0, 2)}${encoded.slice(encodeURIComponent(p.slice(0, 2)).length)}`;
  return p.startsWith('/') ? `file://${encoded}` : encoded;
}

interface RunBuilder {
  run: Run & { results: Result[] };
  rules: ReportingDescriptor[];
  ruleIndex: Map<string, number>;
  ruleSeverity: Map<string, Severity>;
}

function result(r: FindingRecord, ruleIndex: number): Result {
  const f = r.finding;
  const loc = f.location ?? { path: r.source };
  const region: NonNullable<NonNullable<Result['locations']>[number]['physicalLocation']>['region'] = {};
  if (f.location?.line !== undefined && f.location.line >= 1) {
    region.startLine = f.location.line;
    if (f.location.endLine !== undefined && f.location.endLine >= f.location.line) region.endLine = f.location.endLine;
    if (f.location.column !== undefined && f.location.column >= 1) region.startColumn = f.location.column;
  }
  const res: Result = {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message.trim() || f.title || f.ruleId },
    locations: [{ physicalLocation: { artifactLocation: { uri: pathToUri(loc.path) }, ...(region.startLine !== undefined ? { region } : {}) } }],
    partialFingerprints: { 'gatecheck/v1': f.fingerprint },
    properties: {
      severity: f.severity,
      category: f.category,
      report: r.source,
      ...(f.toolSeverity !== undefined ? { toolSeverity: f.toolSeverity } : {}),
      ...(f.package ? { package: { ...f.package } } : {}),
      ...(f.aliases?.length ? { aliases: [...f.aliases] } : {}),
    },
  };
  if (r.status === 'suppressed') {
    res.suppressions = [
      { kind: f.suppression?.kind === 'inSource' ? 'inSource' : 'external', ...(f.suppression?.justification ? { justification: f.suppression.justification } : {}) },
    ];
  } else if (r.status === 'waived') {
    res.suppressions = [{ kind: 'external', status: 'accepted', justification: r.waiver ?? 'waived by the gatecheck policy' }];
  }
  return res;
}

/** Build the SARIF log object from the evaluation's findings. */
export function toSarif(e: Evaluation): Log {
  const runs = new Map<string, RunBuilder>();
  const runOf = (tool: { name: string; version?: string }): RunBuilder => {
    const key = tool.name.toLowerCase();
    let b = runs.get(key);
    if (!b) {
      const rules: ReportingDescriptor[] = [];
      b = {
        run: { tool: { driver: { name: tool.name, ...(tool.version ? { version: tool.version } : {}), rules } }, results: [] },
        rules,
        ruleIndex: new Map(),
        ruleSeverity: new Map(),
      };
      runs.set(key, b);
    }
    return b;
  };
  // A tool that ran and found nothing still gets its (empty) run, so code scanning closes
  // the alerts it raised before.
  for (const i of e.inputs) if (i.kind === 'findings') runOf(i.tool);
  for (const r of e.findings ?? []) {
    const b = runOf(r.tool);
    const f = r.finding;
    let idx = b.ruleIndex.get(f.ruleId);
    if (idx === undefined) {
      idx = b.rules.length;
      b.ruleIndex.set(f.ruleId, idx);
      const rule: ReportingDescriptor = { id: f.ruleId, properties: { tags: [f.category] } };
      if (f.title) rule.shortDescription = { text: f.title };
      if (f.url && /^https?:\/\//i.test(f.url)) rule.helpUri = f.url;
      b.rules.push(rule);
    }
    const seen = b.ruleSeverity.get(f.ruleId);
    if (SECURITY.has(f.category) && (seen === undefined || severityRank(f.severity) > severityRank(seen))) {
      b.ruleSeverity.set(f.ruleId, f.severity);
      const sev = SECURITY_SEVERITY[f.severity];
      const props = b.rules[idx]!.properties!;
      if (sev !== undefined) props['security-severity'] = sev;
      if (!(props['tags'] as string[]).includes('security')) (props['tags'] as string[]).push('security');
    }
    b.run.results.push(result(r, idx));
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [...runs.values()].map((b) => b.run),
  };
}

export const sarifReporter = {
  id: 'sarif',
  description: 'every finding merged into one SARIF 2.1.0 log (one run per tool) for code-scanning upload',
  render: (e) => `${JSON.stringify(toSarif(e), null, 2)}\n`,
} satisfies Reporter;
