import type { CoverageTotals, Counter, FileCoverage } from './types.js';

/** Shared counters for the small (covered, total) pairs that nearly every branch line has. */
const SMALL = 16;
let shared: Counter[] | undefined;

/** The shared counters, made on first use (256 frozen objects: ~0.3 ms of a CLI start that reads no coverage). */
function sharedCounters(): Counter[] {
  const out: Counter[] = [];
  for (let total = 0; total < SMALL; total++) {
    for (let covered = 0; covered < SMALL; covered++) out.push(Object.freeze({ covered, total }));
  }
  return out;
}

/**
 * A counter `{ covered, total }`. Per-line branch counters of a large report are mostly the
 * same few pairs (`0/2`, `1/2`, `2/2`): those are one shared, frozen object each instead of one
 * object per line (on a 32 MB coverage.py report, 116,885 objects and ~5 MB). Frozen, so code
 * that would add into one fails loudly; build sums in a counter of your own.
 */
export function counterOf(covered: number, total: number): Counter {
  return covered >= 0 && covered < SMALL && total >= 0 && total < SMALL && Number.isInteger(covered) && Number.isInteger(total)
    ? (shared ??= sharedCounters())[total * SMALL + covered]!
    : { covered, total };
}

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
