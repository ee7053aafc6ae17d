/**
 * The one normalised model. Every parser produces `Artifact`s of this shape; every gate
 * and reporter reads only this shape. It serialises as-is to the versioned model document
 * (`src/model/schema.json`), which gatecheck also accepts back as an input format.
 */

/** One severity scale for every tool, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info', 'unknown'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a finding is about. */
export const CATEGORIES = [
  'lint',
  'sast',
  'secret',
  'vulnerability',
  'misconfiguration',
  'dast',
  'license',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const ARTIFACT_KINDS = ['findings', 'coverage', 'tests', 'performance', 'metrics'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

export interface Tool {
  name: string;
  version?: string;
}

/** A place in the code under review. Paths are repository-relative with `/` separators where the parser could tell. */
export interface Location {
  path: string;
  line?: number;
  endLine?: number;
  column?: number;
}

/** The package a vulnerability (or license finding) is in. */
export interface PackageRef {
  name: string;
  version?: string;
  /** The version(s) that fix it, as the scanner wrote them; absent when no fix is known. */
  fixedVersion?: string;
  /** e.g. `npm`, `deb`, `go-module`, a purl type. */
  ecosystem?: string;
  purl?: string;
}

export interface Suppression {
  /** `inSource`, `external`, `waiver`, `ignored` (tool-specific ignore list), ... */
  kind: string;
  justification?: string;
}

export interface Finding {
  /** The rule id or vulnerability id (CVE/GHSA/...). */
  ruleId: string;
  severity: Severity;
  category: Category;
  message: string;
  /** A short title when the format has one separate from the message. */
  title?: string;
  location?: Location;
  package?: PackageRef;
  /** Stable across line shifts: used for baselines, de-duplication and waivers. */
  fingerprint: string;
  /** Suppressed in the report itself (SARIF suppressions, Grype ignoredMatches, ...): kept and counted, never gated. */
  suppressed: boolean;
  suppression?: Suppression;
  /** Other ids for the same issue (a CVE behind a GHSA, CWE ids, ...). */
  aliases?: string[];
  /** Link to the rule or advisory. */
  url?: string;
  /** Tool-reported extra: the raw severity string as the tool wrote it. */
  toolSeverity?: string;
}

export interface Counter {
  covered: number;
  total: number;
}

export interface FileCoverage {
  /** Repository-relative path, `/` separators. */
  path: string;
  /** Line number → hit count, for every coverable line. */
  lines: Record<number, number>;
  /** Line number → branch outcomes on that line. */
  branches?: Record<number, Counter>;
  functions?: Counter;
  statements?: Counter;
  /**
   * Line counter of a file whose report has no per-line data (istanbul `coverage-summary.json`).
   * When set, `lines` is empty and the totals use this counter; new-code gates cannot use the file.
   */
  lineTotals?: Counter;
  /** Branch counter of a file whose report has no per-line branch data (see `lineTotals`). */
  branchTotals?: Counter;
}

export interface CoverageTotals {
  lines: Counter;
  branches?: Counter;
  functions?: Counter;
  statements?: Counter;
}

export interface CoveragePayload {
  kind: 'coverage';
  files: FileCoverage[];
  /** Totals as gatecheck computed them from the per-file data (never trusted from summary fields). */
  totals: CoverageTotals;
  /**
   * The counter the producing tool reports as its headline figure, when it is not lines
   * (Go coverprofiles: `statements`, as `go tool cover -func` prints). @default "lines"
   */
  headline?: 'lines' | 'statements';
}

export const TEST_STATUSES = ['passed', 'failed', 'errored', 'skipped'] as const;
export type TestStatus = (typeof TEST_STATUSES)[number];

/** A test that did not pass: it failed an assertion or errored. */
export function isFailing(status: TestStatus): boolean {
  return status === 'failed' || status === 'errored';
}

export interface TestCase {
  suite: string;
  name: string;
  classname?: string;
  status: TestStatus;
  durationMs?: number;
  /** Failure/error/skip message, trimmed. */
  message?: string;
  file?: string;
  line?: number;
  /** Failed at least once, then passed on a retry. Counts as passed. */
  flaky?: boolean;
}

export interface TestsPayload {
  kind: 'tests';
  cases: TestCase[];
}

export type PerformanceMetricType = 'trend' | 'rate' | 'counter' | 'gauge';

export interface PerformanceThreshold {
  /** The threshold expression as the tool wrote it, e.g. `p(95)<1000`. */
  expression: string;
  /** The tool's own outcome, when the report records it. */
  ok?: boolean;
}

export interface PerformanceMetric {
  /** Full metric name, including a sub-metric selector, e.g. `http_req_duration{expected_response:true}`. */
  name: string;
  type: PerformanceMetricType;
  /** Statistic → value: `avg`, `min`, `med`, `max`, `p(90)`, `p(95)`, `rate`, `count`, `value`, `passes`, `fails`. */
  values: Record<string, number>;
  thresholds?: PerformanceThreshold[];
}

export interface PerformancePayload {
  kind: 'performance';
  metrics: PerformanceMetric[];
}

export interface MetricsPayload {
  kind: 'metrics';
  /** Named service-level numbers, e.g. `availability: 99.95` (percent) or `error_rate: 0.002`. */
  metrics: Record<string, number>;
}

export interface FindingsPayload {
  kind: 'findings';
  findings: Finding[];
}

export type Payload = FindingsPayload | CoveragePayload | TestsPayload | PerformancePayload | MetricsPayload;

/** One input report, normalised. */
export interface Artifact {
  /** Parser id that read it, e.g. `sarif`, `junit`, `lcov`. */
  format: string;
  tool: Tool;
  /** The path it was read from, as given on the command line. */
  source: string;
  /** A user-given label (`--input integration=reports/it/*.xml`), used by gates to select. */
  label?: string;
  /**
   * What the parser read but could not square, without it being an error (a JUnit suite whose
   * own `failures` count disagrees with the failures read). Printed by the CLI and shown in the
   * outputs; never dropped.
   */
  warnings?: string[];
  payload: Payload;
}

export type ArtifactOf<K extends ArtifactKind> = Artifact & { payload: Extract<Payload, { kind: K }> };

export function isKind<K extends ArtifactKind>(a: Artifact, kind: K): a is ArtifactOf<K> {
  return a.payload.kind === kind;
}

/** The versioned model document: what `gatecheck parse` writes and what the `gatecheck-model` parser reads back. */
export const MODEL_SCHEMA_VERSION = '1';
export interface ModelDocument {
  gatecheck: 'model';
  schemaVersion: typeof MODEL_SCHEMA_VERSION;
  artifacts: Artifact[];
}
