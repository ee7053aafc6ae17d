import type { Artifact, Finding, Severity, TestStatus } from '../model/types.js';

export const OPERATORS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type Operator = (typeof OPERATORS)[number];

/** What happens to the pipeline when a gate fails. */
export const ACTIONS = ['block', 'approve', 'log', 'rollback'] as const;
export type Action = (typeof ACTIONS)[number];

export type GateStatus = 'pass' | 'fail' | 'skip' | 'error';

/** The unit a gate's value is in; drives formatting only (comparisons use raw values). */
export type Unit = 'percent' | 'points' | 'count' | 'ms' | 'ratio' | 'number' | 'per-second';

/** Which artifacts/findings a gate looks at. Every key narrows; absent keys do not. */
export interface Selector {
  /** Tool names (case-insensitive), e.g. `trivy`. */
  tools?: string[];
  /** Parser ids, e.g. `sarif`. */
  formats?: string[];
  /** Labels given with `--input LABEL=PATH`. */
  labels?: string[];
  /** Globs on the report's path as given. */
  sources?: string[];
  /** Findings: categories. */
  categories?: string[];
  /** Findings: at least this severe. */
  minSeverity?: Severity;
  /** Findings: exactly these severities. */
  severities?: Severity[];
  /** Findings and coverage: globs on the code path (finding location / covered file). */
  paths?: string[];
  /** Findings: only those with a known fixed version. */
  fixAvailable?: boolean;
}

/** One gate as the engine reads it (after defaults and normalisation). */
export interface GateConfig {
  /** Dotted id, e.g. `coverage.lines`. Unique within a policy. */
  id: string;
  title: string;
  /** What to compute; picks the handler. */
  measure: string;
  select: Selector;
  operator: Operator;
  threshold: number;
  action: Action;
  /** When true, a missing report for this gate is an error instead of a skip. */
  required: boolean;
  /** Measure-specific options (see the config schema for each measure). */
  options: Record<string, unknown>;
}

export type Evidence =
  | { type: 'finding'; finding: Finding; source: string; tools?: string[]; waiver?: string }
  | {
      type: 'file';
      path: string;
      covered: number;
      total: number;
      percent: number;
      threshold?: number;
      /** coverage.change: the file on the base branch, and the change in percentage points. */
      base?: { covered: number; total: number; percent: number };
      change?: number;
      /** coverage.change: the file has no coverage on the base branch. */
      newFile?: boolean;
    }
  | { type: 'lines'; path: string; ranges: Array<[number, number]> }
  | {
      type: 'test';
      suite: string;
      name: string;
      status: TestStatus;
      message?: string;
      file?: string;
      line?: number;
      source: string;
      flaky?: boolean;
    }
  | { type: 'metric'; name: string; stat?: string; value: number; unit?: Unit; note?: string }
  | { type: 'note'; text: string };

/** What a measure handler returns; the engine turns it into a GateResult. */
export type GateOutcome =
  | {
      /** The measured value; the engine compares it with the threshold. */
      value: number;
      unit: Unit;
      /** Set by handlers that decide pass/fail themselves (several thresholds, e.g. per critical path). */
      decided?: 'pass' | 'fail';
      evidence?: Evidence[];
      /** Evidence count before trimming to the top N. Defaults to evidence.length. */
      evidenceTotal?: number;
      /** A short extra line for people (e.g. "12 suppressed, 3 waived"). */
      detail?: string;
    }
  | { status: 'skip' | 'error'; reason: string; evidence?: Evidence[] };

export interface DiffInfo {
  /** Repository-relative path → added line numbers (new-file numbering). */
  added: Map<string, Set<number>>;
  /** Where the diff came from, for messages (`--diff change.patch`, `git diff origin/main...HEAD`). */
  source: string;
}

export interface GateContext {
  /** All artifacts given (handlers use `inputs`, already selected; some measures need all). */
  artifacts: readonly Artifact[];
  /** The base branch's artifacts, when --baseline was given. */
  baseline?: readonly Artifact[];
  diff?: DiffInfo;
  /** "Today" as YYYY-MM-DD, for waiver expiry. Passed in so gates stay pure. */
  today: string;
  /** How many evidence items to keep per gate. */
  maxEvidence: number;
  /** Findings an active policy waiver covers, with the waiver's id and reason. */
  waived?: ReadonlyMap<Finding, { id: string; reason: string }>;
}

export type GateHandler = (gate: GateConfig, inputs: readonly Artifact[], ctx: GateContext) => GateOutcome;

export interface GateResult {
  id: string;
  title: string;
  measure: string;
  action: Action;
  required: boolean;
  status: GateStatus;
  /** Unrounded measured value, when there is one. */
  value?: number;
  operator: Operator;
  threshold: number;
  unit: Unit;
  /** One line for people: what was measured against what, or why it was skipped / errored. */
  message: string;
  detail?: string;
  evidence: Evidence[];
  evidenceTotal: number;
  /** Report paths the gate read. */
  inputs: string[];
}

export type Verdict = 'passed' | 'blocked' | 'needs-approval' | 'rollback' | 'error';

export interface InputSummary {
  source: string;
  format: string;
  tool: { name: string; version?: string };
  kind: string;
  label?: string;
  /** The parser's warnings about this input (see `Artifact.warnings`). */
  warnings?: string[];
}

/**
 * A report given that was read but that no gate measured: no gate that ran (passed, failed
 * or errored) selected it — or, for findings, none of its findings' categories. Skipped gates
 * measure nothing. Baseline reports are not given reports in this sense.
 */
export interface UnreadInput {
  source: string;
  format: string;
  kind: string;
  label?: string;
}

export interface WaiverReport {
  id: string;
  reason: string;
  expires?: string;
  status: 'active' | 'expired' | 'stale';
  matched: number;
}

export const EVALUATION_SCHEMA_VERSION = '1';

/**
 * One finding as the evaluation saw it, for outputs that need every finding rather than a
 * gate's top N (SARIF, GitLab Code Quality): `open` (counted wherever a gate selects it),
 * `suppressed` in the report itself, or `waived` by the policy.
 */
export interface FindingRecord {
  finding: Finding;
  /** The report it was read from. */
  source: string;
  tool: { name: string; version?: string };
  status: 'open' | 'suppressed' | 'waived';
  /** `id: reason` of the waiver, when waived. */
  waiver?: string;
}

export interface Evaluation {
  gatecheck: 'evaluation';
  schemaVersion: typeof EVALUATION_SCHEMA_VERSION;
  verdict: Verdict;
  exitCode: number;
  counts: Record<GateStatus, number>;
  gates: GateResult[];
  inputs: InputSummary[];
  waivers: WaiverReport[];
  /**
   * Why the verdict is `error` though no gate errored, one line each: every gate was skipped,
   * so nothing given was measured ("nothing evaluated" is never a pass). Absent when none.
   */
  problems?: string[];
  /**
   * Reports given and read that no gate measured (a warning, not a verdict: the exit code does
   * not change). Absent when none, when `problems` already says nothing was measured, and in
   * documents from older builds.
   */
  unread?: UnreadInput[];
  /** Every finding of every input, in input order (absent in documents from older builds). */
  findings?: FindingRecord[];
}
