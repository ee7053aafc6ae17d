/**
 * gatecheck as a library. Explicit named exports only: this list is the public surface.
 *
 *   import { parseReport, loadPolicy, defaultPolicy, evaluate, render } from 'gatecheck';
 */
export { detectFormat, parsers, getParser, type FormatId } from './parsers/index.js';
export type { Parser, ParseOptions } from './parsers/types.js';
export { createSource, type SourceFile } from './parsers/source.js';
export { toModelDocument } from './parsers/gatecheck-model.js';

export { loadPolicy, resolvePolicy, defaultPolicy, configSchema } from './config/load.js';
export { DEFAULT_POLICY_YAML } from './config/default-policy.js';
export type { ResolvedConfig, WrittenConfig, WrittenGate, Waiver } from './config/types.js';

export { evaluate, verdictOf, measures, EXIT_CODES, type EvaluateOptions } from './gates/index.js';
export { mergeCoverage, newCodeCoverage } from './gates/coverage.js';
export type {
  Action,
  DiffInfo,
  Evaluation,
  Evidence,
  GateConfig,
  GateResult,
  GateStatus,
  Operator,
  Selector,
  Unit,
  Verdict,
  WaiverReport,
  FindingRecord,
  UnreadInput,
} from './gates/types.js';

export { parseUnifiedDiff, type ParsedDiff } from './diff/unified.js';

export { reporters, getReporter, type ReporterId } from './reporters/index.js';
export { commentMarker } from './reporters/markdown.js';
export type { Reporter, RenderOptions, LinkContext } from './reporters/types.js';

export { summarise, type ArtifactSummary } from './model/summary.js';
export { severityFromScore, severityFromSarifLevel, isAtLeast } from './model/severity.js';
export { computeTotals } from './model/coverage.js';
export * from './model/types.js';

export { GatecheckError, type ErrorCode } from './errors.js';
export { runCli } from './cli/index.js';
// What the CLI does with files and git, for library users (these do I/O; the rest is pure).
export { readReports, type ReadReportsOptions } from './cli/inputs.js';
export { gitDiff, gitTopLevel, type GitOptions } from './cli/git.js';
export type { CliIo } from './cli/io.js';

import { parseReport as parseAnyReport, type FormatId, type ParseReportOptions as AnyParseReportOptions } from './parsers/index.js';
import type { Artifact } from './model/types.js';
import { getReporter, type ReporterId } from './reporters/index.js';
import type { RenderOptions } from './reporters/types.js';
import type { Evaluation } from './gates/types.js';
import { GatecheckError } from './errors.js';

/** Render an evaluation with the reporter of that id (`text`, `json`, `markdown`, `junit`, …). */
export function render(evaluation: Evaluation, reporterId: ReporterId, options: RenderOptions = {}): string {
  const r = getReporter(reporterId);
  if (!r) throw new GatecheckError('E_USAGE', `unknown reporter "${reporterId}"`);
  return r.render(evaluation, options);
}

/** parseReport's options as the library types them: `format` is one of the format ids. */
export interface ParseReportOptions extends Omit<AnyParseReportOptions, 'format'> {
  /** Skip detection and use this parser (`trivy`, `lcov`, `junit`, …). */
  format?: FormatId;
}

/**
 * Parse one report's text into artifacts (detecting its format unless `options.format` names
 * it). Throws GatecheckError (E_DETECT / E_PARSE / E_INPUT) with `file` set to `path`; its
 * `String(e)` and stack name the file.
 */
export const parseReport: (path: string, text: string, options?: ParseReportOptions) => Artifact[] = parseAnyReport;
