/**
 * gatecheck as a library. Explicit named exports only: this list is the public surface.
 *
 *   import { parseReport, loadPolicy, defaultPolicy, evaluate, render } from 'gatecheck';
 */
export { parseReport, detectFormat, parsers, getParser } from './parsers/index.js';
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
} from './gates/types.js';

export { parseUnifiedDiff, type ParsedDiff } from './diff/unified.js';

export { reporters, getReporter } from './reporters/index.js';
export { commentMarker } from './reporters/markdown.js';
export type { Reporter, RenderOptions, LinkContext } from './reporters/types.js';

export { summarise, type ArtifactSummary } from './model/summary.js';
export { severityFromScore, severityFromSarifLevel, isAtLeast } from './model/severity.js';
export { computeTotals } from './model/coverage.js';
export * from './model/types.js';

export { GatecheckError, type ErrorCode } from './errors.js';
export { runCli } from './cli/index.js';
export type { CliIo } from './cli/io.js';

import { getReporter } from './reporters/index.js';
import type { RenderOptions } from './reporters/types.js';
import type { Evaluation } from './gates/types.js';
import { GatecheckError } from './errors.js';

/** Render an evaluation with the reporter of that id (`text`, `json`, `markdown`, `junit`, …). */
export function render(evaluation: Evaluation, reporterId: string, options: RenderOptions = {}): string {
  const r = getReporter(reporterId);
  if (!r) throw new GatecheckError('E_USAGE', `unknown reporter "${reporterId}"`);
  return r.render(evaluation, options);
}
