import type { CoverageTotals, Counter, FileCoverage } from './types.js';

export function percent(c: Counter): number | undefined {
  return c.total === 0 ? undefined : (c.covered / c.total) * 100;
}

export function addCounter(a: Counter | undefined, b: Counter | undefined): Counter | undefined {
  if (!a) return b ? { ...b } : undefined;
  if (!b) return a;
  return { covered: a.covered + b.covered, total: a.total + b.total };
}

/** Line counter of one file: every coverable line counts, a line is covered when hit at least once. */
export function lineCounter(f: FileCoverage): Counter {
  if (f.lineTotals) return { ...f.lineTotals };
  let covered = 0;
  let total = 0;
  // Object.values: no string keys are made (for…in over a large line map is several times slower).
  for (const hits of Object.values(f.lines)) {
    total++;
    if (hits > 0) covered++;
  }
  return { covered, total };
}

export function branchCounter(f: FileCoverage): Counter | undefined {
  if (f.branchTotals) return { ...f.branchTotals };
  if (!f.branches) return undefined;
  let covered = 0;
  let total = 0;
  for (const k in f.branches) {
    const b = f.branches[k as unknown as number];
    if (!b) continue;
    covered += b.covered;
    total += b.total;
  }
  return { covered, total };
}

/** Totals recomputed from per-file data (never trusted from a report's own summary fields). */
export function computeTotals(files: readonly FileCoverage[]): CoverageTotals {
  let lines: Counter = { covered: 0, total: 0 };
  let branches: Counter | undefined;
  let functions: Counter | undefined;
  let statements: Counter | undefined;
  for (const f of files) {
    lines = addCounter(lines, lineCounter(f)) as Counter;
    branches = addCounter(branches, branchCounter(f));
    functions = addCounter(functions, f.functions);
    statements = addCounter(statements, f.statements);
  }
  const totals: CoverageTotals = { lines };
  if (branches) totals.branches = branches;
  if (functions) totals.functions = functions;
  if (statements) totals.statements = statements;
  return totals;
}
