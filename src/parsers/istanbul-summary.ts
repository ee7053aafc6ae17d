/**
 * Istanbul `coverage-summary.json` (istanbul/nyc/jest/vitest/c8 `json-summary` reporter):
 * `{ total: {lines, statements, functions, branches}, "<file>": {…} }`, each a
 * `{ total, covered, skipped, pct }` counter.
 * Format: istanbul-reports `json-summary` (https://github.com/istanbuljs/istanbuljs/tree/main/packages/istanbul-reports/lib/json-summary).
 *
 * A summary has no per-line data: each file becomes a FileCoverage with empty `lines` and
 * its counters as `lineTotals`/`branchTotals`/`statements`/`functions`. Totals are
 * recomputed from the files and equal the report's `total`. Overall and critical-path gates
 * work on it; new-code gates cannot (they need per-line hits: use coverage-final.json or lcov).
 */
import { parseError } from '../errors.js';
import { normalisePath } from '../model/paths.js';
import type { Counter, FileCoverage } from '../model/types.js';
import { coverageArtifact, fileOf, sortedFiles } from './coverage-common.js';
import type { SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';
import { quote } from '../util/quote.js';

export function parseIstanbulSummary(f: SourceFile, opts: ParseOptions) {
  const doc = f.json();
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw parseError(f.path, '$', 'expected an object');
  const byPath = new Map<string, FileCoverage>();
  for (const [key, raw] of Object.entries(doc as Record<string, unknown>)) {
    if (key === 'total') continue;
    const at = `[${quote(key)}]`;
    const counter = (name: string): Counter => {
      const c = (raw as Record<string, unknown> | null)?.[name] as Record<string, unknown> | undefined;
      const total = c?.['total'];
      const covered = c?.['covered'];
      if (typeof total !== 'number' || typeof covered !== 'number' || covered > total || covered < 0) {
        throw parseError(f.path, `${at}.${name}`, 'expected a {total, covered} counter');
      }
      return { covered, total };
    };
    const file = fileOf(byPath, normalisePath(key, opts));
    file.lineTotals = counter('lines');
    file.branchTotals = counter('branches');
    file.statements = counter('statements');
    file.functions = counter('functions');
  }
  return coverageArtifact(f, 'istanbul-summary', { name: 'istanbul' }, sortedFiles(byPath));
}

export const istanbulSummaryFormat = {
  id: 'istanbul-summary',
  kind: 'coverage',
  description: 'Istanbul coverage-summary.json (json-summary reporter; totals only, no per-line data)',
  detect: (f) => f.looksLikeJson && /^\{\s*"total"\s*:\s*\{\s*"(?:lines|statements|functions|branches)"\s*:\s*\{\s*"total"/.test(f.head),
} satisfies ParserFormat;

export const istanbulSummary = /* @__PURE__ */ defineParser(istanbulSummaryFormat, {
  parse: parseIstanbulSummary,
});
