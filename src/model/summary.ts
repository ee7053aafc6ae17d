/**
 * The `summary` of `gatecheck inspect --json`: public API, documented in the README and
 * kept stable. Every finding read lands in exactly one severity and one category.
 */
import { CATEGORIES, type Artifact, type Category, type Counter, type Severity } from './types.js';
import { emptySeverityCounts } from './severity.js';
import { dict } from '../util/own.js';

export interface FindingsSummary {
  total: number;
  bySeverity: Record<Severity, number>;
  byCategory: Partial<Record<Category, number>>;
  suppressed: number;
}

export interface CoverageSummary {
  lines: Counter;
  branches: Counter;
  functions?: Counter;
  statements?: Counter;
  files: number;
}

export interface TestsSummary {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
}

export interface PerformanceSummary {
  metrics: Record<string, Record<string, number>>;
}

export interface MetricsSummary {
  metrics: Record<string, number>;
}

export type ArtifactSummary = FindingsSummary | CoverageSummary | TestsSummary | PerformanceSummary | MetricsSummary;

export function summarise(a: Artifact): ArtifactSummary {
  const p = a.payload;
  switch (p.kind) {
    case 'findings': {
      const bySeverity = emptySeverityCounts();
      const byCategory: Partial<Record<Category, number>> = {};
      let suppressed = 0;
      for (const f of p.findings) {
        bySeverity[f.severity]++;
        byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
        if (f.suppressed) suppressed++;
      }
      // Stable key order: the documented category order.
      const ordered: Partial<Record<Category, number>> = {};
      for (const c of CATEGORIES) if (byCategory[c] !== undefined) ordered[c] = byCategory[c];
      return { total: p.findings.length, bySeverity, byCategory: ordered, suppressed };
    }
    case 'coverage': {
      const s: CoverageSummary = {
        lines: { ...p.totals.lines },
        branches: p.totals.branches ? { ...p.totals.branches } : { covered: 0, total: 0 },
        files: p.files.length,
      };
      if (p.totals.functions) s.functions = { ...p.totals.functions };
      if (p.totals.statements) s.statements = { ...p.totals.statements };
      return s;
    }
    case 'tests': {
      const s: TestsSummary = { total: p.cases.length, passed: 0, failed: 0, errored: 0, skipped: 0 };
      for (const c of p.cases) s[c.status]++;
      return s;
    }
    case 'performance': {
      // null-prototype tables: a metric or statistic named __proto__ is an entry like any other
      const metrics = dict<Record<string, number>>();
      for (const m of p.metrics) metrics[m.name] = Object.assign(dict<number>(), m.values);
      return { metrics };
    }
    case 'metrics':
      return { metrics: Object.assign(dict<number>(), p.metrics) };
  }
}
