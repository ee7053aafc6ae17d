/**
 * The gate engine: artifacts + resolved policy in, a deterministic Evaluation out.
 * Pure: no clock (today is passed in), no file system, stable ordering.
 */
import type { ResolvedConfig } from '../config/types.js';
import type { Artifact, ArtifactKind } from '../model/types.js';
import { compare, formatValue } from './compare.js';
import {
  coverageBranches,
  coverageChange,
  coverageCriticalPaths,
  coverageFunctions,
  coverageLines,
  coverageNewCode,
  coverageStatements,
  coverageUncoveredLines,
} from './coverage.js';
import { findingsCount, findingsNew } from './findings.js';
import { metricsValue } from './metrics.js';
import { performanceK6Thresholds, performanceMetric, performanceRegression } from './performance.js';
import { selectArtifacts } from './select.js';
import { testsFailed, testsNewFailures, testsPassRate, testsPassRateChange } from './tests.js';
import {
  EVALUATION_SCHEMA_VERSION,
  type DiffInfo,
  type Evaluation,
  type FindingRecord,
  type GateConfig,
  type GateContext,
  type GateHandler,
  type GateResult,
  type GateStatus,
  type UnreadInput,
  type Verdict,
} from './types.js';
import { applyWaivers } from './waivers.js';

interface Measure {
  /** The artifact kind the measure reads. */
  kind: ArtifactKind;
  handler: GateHandler;
}

/** Every measure a gate can compute: the config schema's `measure` enum lists the same ids. */
export const measures: Record<string, Measure> = {
  'findings.count': { kind: 'findings', handler: findingsCount },
  'findings.new': { kind: 'findings', handler: findingsNew },
  'coverage.lines': { kind: 'coverage', handler: coverageLines },
  'coverage.branches': { kind: 'coverage', handler: coverageBranches },
  'coverage.statements': { kind: 'coverage', handler: coverageStatements },
  'coverage.functions': { kind: 'coverage', handler: coverageFunctions },
  'coverage.uncovered-lines': { kind: 'coverage', handler: coverageUncoveredLines },
  'coverage.critical-paths': { kind: 'coverage', handler: coverageCriticalPaths },
  'coverage.new-code': { kind: 'coverage', handler: coverageNewCode },
  'coverage.change': { kind: 'coverage', handler: coverageChange },
  'tests.pass-rate': { kind: 'tests', handler: testsPassRate },
  'tests.failed': { kind: 'tests', handler: testsFailed },
  'tests.new-failures': { kind: 'tests', handler: testsNewFailures },
  'tests.pass-rate-change': { kind: 'tests', handler: testsPassRateChange },
  'performance.metric': { kind: 'performance', handler: performanceMetric },
  'performance.k6-thresholds': { kind: 'performance', handler: performanceK6Thresholds },
  'performance.regression': { kind: 'performance', handler: performanceRegression },
  'metrics.value': { kind: 'metrics', handler: metricsValue },
};

export interface EvaluateOptions {
  /** Today's date (YYYY-MM-DD) for waiver expiry. @default the current UTC date */
  today?: string;
  diff?: DiffInfo;
  baseline?: readonly Artifact[];
  /** Evidence items kept per gate. @default 20 */
  maxEvidence?: number;
}

/** Exit codes, documented in the README: 0 passed, 1 blocked, 2 could not evaluate, 3 needs approval, 4 roll back. */
export const EXIT_CODES: Record<Verdict, number> = { passed: 0, blocked: 1, error: 2, 'needs-approval': 3, rollback: 4 };

/** Evaluate every gate of the policy over the artifacts. */
export function evaluate(artifacts: readonly Artifact[], policy: ResolvedConfig, options: EvaluateOptions = {}): Evaluation {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const withCategories = applyCategoryOverrides(artifacts, policy.categories);
  const { waived, report } = applyWaivers(withCategories, policy.waivers, today);
  const ctx: GateContext = {
    artifacts: withCategories,
    today,
    maxEvidence: options.maxEvidence ?? 20,
    waived,
    ...(options.diff ? { diff: options.diff } : {}),
    ...(options.baseline ? { baseline: options.baseline } : {}),
  };
  const measured = new Set<Artifact>();
  const gates = policy.gates.map((g) => evaluateGate(g, ctx, measured));
  const counts: Record<GateStatus, number> = { pass: 0, fail: 0, skip: 0, error: 0 };
  for (const g of gates) counts[g.status]++;
  const problems = nothingMeasured(withCategories, counts);
  // When nothing was measured, `problems` names every report already.
  const unread = problems.length > 0 ? [] : unreadInputs(withCategories, measured);
  const verdict = problems.length > 0 ? 'error' : verdictOf(gates);
  return {
    gatecheck: 'evaluation',
    schemaVersion: EVALUATION_SCHEMA_VERSION,
    verdict,
    exitCode: EXIT_CODES[verdict],
    counts,
    gates,
    inputs: withCategories.map((a) => ({
      source: a.source,
      format: a.format,
      tool: a.tool,
      kind: a.payload.kind,
      ...(a.label !== undefined ? { label: a.label } : {}),
      ...(a.warnings?.length ? { warnings: [...a.warnings] } : {}),
    })),
    waivers: report,
    ...(problems.length > 0 ? { problems } : {}),
    ...(unread.length > 0 ? { unread } : {}),
    findings: findingRecords(withCategories, waived),
  };
}

/**
 * Fail closed on "nothing evaluated": when every gate was skipped, no report given was
 * measured, and a pass would say nothing about them. One line naming what was given.
 */
function nothingMeasured(artifacts: readonly Artifact[], counts: Record<GateStatus, number>): string[] {
  if (counts.pass + counts.fail + counts.error > 0) return [];
  if (artifacts.length === 0) return ['nothing evaluated: no reports were given'];
  const shown = artifacts.slice(0, 10).map((a) => `${a.source} (${a.format}, ${a.payload.kind}${a.label !== undefined ? `, label ${a.label}` : ''})`);
  const more = artifacts.length > 10 ? `, and ${artifacts.length - 10} more` : '';
  return [`nothing evaluated: every gate was skipped, so no gate measured ${artifacts.length === 1 ? 'the report' : `any of the ${artifacts.length} reports`} given: ${shown.join(', ')}${more}`];
}

/** The reports given that no gate measured, in input order. */
function unreadInputs(artifacts: readonly Artifact[], measured: ReadonlySet<Artifact>): UnreadInput[] {
  return artifacts
    .filter((a) => !measured.has(a))
    .map((a) => ({ source: a.source, format: a.format, kind: a.payload.kind, ...(a.label !== undefined ? { label: a.label } : {}) }));
}

/**
 * Whether a gate that ran measured this report: a findings gate restricted to categories
 * measures a report with findings only when one of them is of those categories (a lint gate
 * does not measure a secret scan's findings by counting none of them).
 */
function measuredBy(gate: GateConfig, a: Artifact): boolean {
  const cats = gate.select.categories;
  if (!cats || a.payload.kind !== 'findings' || a.payload.findings.length === 0) return true;
  return a.payload.findings.some((f) => cats.includes(f.category));
}

/** Every finding with its status, for outputs that list all of them (SARIF, Code Quality). */
function findingRecords(artifacts: readonly Artifact[], waived: GateContext['waived']): FindingRecord[] {
  const out: FindingRecord[] = [];
  for (const a of artifacts) {
    if (a.payload.kind !== 'findings') continue;
    for (const f of a.payload.findings) {
      const w = f.suppressed ? undefined : waived?.get(f);
      const r: FindingRecord = { finding: f, source: a.source, tool: a.tool, status: f.suppressed ? 'suppressed' : w ? 'waived' : 'open' };
      if (w) r.waiver = `${w.id}: ${w.reason}`;
      out.push(r);
    }
  }
  return out;
}

/**
 * Any error → "could not evaluate"; otherwise the most urgent failed action wins:
 * rollback, then block, then approve. Failed `log` gates never change the verdict.
 */
export function verdictOf(gates: readonly GateResult[]): Verdict {
  if (gates.some((g) => g.status === 'error')) return 'error';
  const failed = new Set(gates.filter((g) => g.status === 'fail').map((g) => g.action));
  if (failed.has('rollback')) return 'rollback';
  if (failed.has('block')) return 'blocked';
  if (failed.has('approve')) return 'needs-approval';
  return 'passed';
}

/** One gate's result; the reports it measured (when it did not skip) are added to `measured`. */
function evaluateGate(gate: GateConfig, ctx: GateContext, measured: Set<Artifact>): GateResult {
  const { result, read } = gateResult(gate, ctx);
  if (result.status !== 'skip') for (const a of read) if (measuredBy(gate, a)) measured.add(a);
  return result;
}

function gateResult(gate: GateConfig, ctx: GateContext): { result: GateResult; read: readonly Artifact[] } {
  const base = {
    id: gate.id,
    title: gate.title,
    measure: gate.measure,
    action: gate.action,
    required: gate.required,
    operator: gate.operator,
    threshold: gate.threshold,
  };
  const measure = Object.hasOwn(measures, gate.measure) ? measures[gate.measure as keyof typeof measures] : undefined;
  if (!measure) {
    return { result: { ...base, status: 'error', unit: 'number', message: `measure ${gate.measure} is not available in this build`, evidence: [], evidenceTotal: 0, inputs: [] }, read: [] };
  }
  const inputs = selectArtifacts(ctx.artifacts, measure.kind, gate.select);
  const sources = inputs.map((a) => a.source);
  if (inputs.length === 0) {
    const what = `no ${measure.kind} report given${describeSelect(gate)}`;
    const result: GateResult = gate.required
      ? { ...base, status: 'error', unit: 'number', message: `${what}, and the gate is required`, evidence: [], evidenceTotal: 0, inputs: [] }
      : { ...base, status: 'skip', unit: 'number', message: what, evidence: [], evidenceTotal: 0, inputs: [] };
    return { result, read: [] };
  }
  const out = measure.handler(gate, inputs, ctx);
  if ('status' in out) {
    return { result: { ...base, status: out.status, unit: 'number', message: out.reason, evidence: out.evidence ?? [], evidenceTotal: out.evidence?.length ?? 0, inputs: sources }, read: inputs };
  }
  const ok = out.decided ? out.decided === 'pass' : compare(out.value, gate.operator, gate.threshold);
  const shown = formatValue(out.value, out.unit);
  const limit = formatValue(gate.threshold, out.unit);
  const result: GateResult = {
    ...base,
    status: ok ? 'pass' : 'fail',
    value: out.value,
    unit: out.unit,
    message: out.decided ? `${shown} (lowest); each must be ${gate.operator} its threshold` : `${shown} (must be ${gate.operator} ${limit})`,
    evidence: out.evidence ?? [],
    evidenceTotal: out.evidenceTotal ?? out.evidence?.length ?? 0,
    inputs: sources,
  };
  if (out.detail !== undefined) result.detail = out.detail;
  return { result, read: inputs };
}

function describeSelect(gate: GateConfig): string {
  const s = gate.select;
  const parts: string[] = [];
  if (s.labels) parts.push(`label ${s.labels.join('|')}`);
  if (s.tools) parts.push(`tool ${s.tools.join('|')}`);
  if (s.formats) parts.push(`format ${s.formats.join('|')}`);
  if (s.sources) parts.push(`path ${s.sources.join('|')}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The policy's `categories` (tool → category) override, applied on copies. */
function applyCategoryOverrides(artifacts: readonly Artifact[], overrides: Record<string, string>): Artifact[] {
  const keys = Object.keys(overrides);
  if (keys.length === 0) return [...artifacts];
  const lower = new Map(keys.map((k) => [k.toLowerCase(), overrides[k]!]));
  return artifacts.map((a) => {
    const cat = lower.get(a.tool.name.toLowerCase());
    if (!cat || a.payload.kind !== 'findings') return a;
    return { ...a, payload: { ...a.payload, findings: a.payload.findings.map((f) => ({ ...f, category: cat as typeof f.category })) } };
  });
}

export type { Evaluation, GateResult } from './types.js';
