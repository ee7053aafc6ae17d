import { computeTotals, lineCounter, percent } from '../model/coverage.js';
import type { Artifact, Counter, CoverageTotals, FileCoverage } from '../model/types.js';
import { compare } from './compare.js';
import { globMatcher, selectBaseline } from './select.js';
import type { Evidence, GateHandler, GateOutcome } from './types.js';

export interface MergedCoverage {
  files: FileCoverage[];
  totals: CoverageTotals;
  headline: 'lines' | 'statements';
}

/**
 * Several coverage reports of one project (CI shards, any mix of formats) merged into one:
 * per file and line, hits are summed, so a line is covered if any shard covered it. Branch
 * outcomes per line keep the larger covered and total counts (shards run the same code;
 * the model keeps counts per line, not per branch, so this is a lower bound when shards
 * cover different branches of one line). Per-file counters without per-line identity
 * (statements, functions, summary-only totals) also keep the larger figure: a lower bound
 * for shards that ran different parts of one file. Concatenate Go profiles (or lcov
 * tracefiles) into one report to merge them exactly.
 */
export function mergeCoverage(inputs: readonly Artifact[], pathFilter?: (p: string) => boolean): MergedCoverage {
  const coverage = inputs.filter((a) => a.payload.kind === 'coverage');
  if (coverage.length === 1 && !pathFilter) {
    // One report: nothing to merge; its files are shared read-only (no copy of a large report).
    const p = coverage[0]!.payload as Extract<Artifact['payload'], { kind: 'coverage' }>;
    const files = [...p.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { files, totals: computeTotals(files), headline: p.headline === 'statements' ? 'statements' : 'lines' };
  }
  const byPath = new Map<string, FileCoverage>();
  let statementsOnly = inputs.length > 0;
  for (const a of inputs) {
    if (a.payload.kind !== 'coverage') continue;
    if (a.payload.headline !== 'statements') statementsOnly = false;
    for (const f of a.payload.files) {
      if (pathFilter && !pathFilter(f.path)) continue;
      const seen = byPath.get(f.path);
      if (!seen) {
        byPath.set(f.path, cloneFile(f));
        continue;
      }
      for (const k in f.lines) {
        const line = k as unknown as number;
        seen.lines[line] = (seen.lines[line] ?? 0) + (f.lines[line] ?? 0);
      }
      if (f.branches) {
        seen.branches ??= {};
        for (const k in f.branches) {
          const line = k as unknown as number;
          const b = f.branches[line]!;
          const s = seen.branches[line];
          seen.branches[line] = s ? { covered: Math.max(s.covered, b.covered), total: Math.max(s.total, b.total) } : { ...b };
        }
      }
      if (f.statements) seen.statements = maxCounter(seen.statements, f.statements);
      if (f.functions) seen.functions = maxCounter(seen.functions, f.functions);
      // Summary-only shards (istanbul-summary, gcovr JaCoCo): counters, no lines to union.
      if (f.lineTotals) seen.lineTotals = maxCounter(seen.lineTotals, f.lineTotals);
      if (f.branchTotals) seen.branchTotals = maxCounter(seen.branchTotals, f.branchTotals);
    }
  }
  const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, totals: computeTotals(files), headline: statementsOnly ? 'statements' : 'lines' };
}

function cloneFile(f: FileCoverage): FileCoverage {
  const c: FileCoverage = { path: f.path, lines: { ...f.lines } };
  if (f.branches) c.branches = { ...f.branches };
  if (f.statements) c.statements = { ...f.statements };
  if (f.functions) c.functions = { ...f.functions };
  if (f.lineTotals) c.lineTotals = { ...f.lineTotals };
  if (f.branchTotals) c.branchTotals = { ...f.branchTotals };
  return c;
}

function maxCounter(a: Counter | undefined, b: Counter): Counter {
  return a ? { covered: Math.max(a.covered, b.covered), total: Math.max(a.total, b.total) } : { ...b };
}

/** Worst files first (lowest percentage, then most uncovered), as evidence. */
function worstFiles(files: readonly FileCoverage[], counter: (f: FileCoverage) => Counter | undefined, max: number): { items: Evidence[]; total: number } {
  const rows: Evidence[] = [];
  for (const f of files) {
    const c = counter(f);
    if (!c || c.total === 0 || c.covered === c.total) continue;
    rows.push({ type: 'file', path: f.path, covered: c.covered, total: c.total, percent: (c.covered / c.total) * 100 });
  }
  rows.sort((a, b) => {
    const x = a as Extract<Evidence, { type: 'file' }>;
    const y = b as Extract<Evidence, { type: 'file' }>;
    return x.percent - y.percent || (y.total - y.covered) - (x.total - x.covered) || x.path.localeCompare(y.path);
  });
  return { items: rows.slice(0, max), total: rows.length };
}

type CounterName = 'lines' | 'branches' | 'statements' | 'functions';

function counterOf(name: CounterName): (f: FileCoverage) => Counter | undefined {
  return name === 'lines' ? lineCounter : name === 'branches' ? (f) => computeTotals([f]).branches : (f) => f[name];
}

function percentGate(name: CounterName): GateHandler {
  return (gate, inputs, ctx) => {
    const merged = mergeCoverage(inputs, gate.select.paths ? globMatcher(gate.select.paths) : undefined);
    // Go coverprofiles have statements, not lines: the overall "lines" gate reads their headline figure.
    const effective: CounterName = name === 'lines' && merged.headline === 'statements' ? 'statements' : name;
    const c = merged.totals[effective];
    if (merged.files.length === 0 || !c || c.total === 0) {
      return { status: 'error', reason: `the coverage report(s) hold no ${effective} to measure` };
    }
    const worst = worstFiles(merged.files, counterOf(effective), ctx.maxEvidence);
    return {
      value: percent(c)!,
      unit: 'percent',
      evidence: worst.items,
      evidenceTotal: worst.total,
      detail: `${c.covered} of ${c.total} ${effective} covered across ${merged.files.length} ${merged.files.length === 1 ? 'file' : 'files'}`,
    };
  };
}

export const coverageLines = percentGate('lines');
export const coverageBranches = percentGate('branches');
export const coverageStatements = percentGate('statements');
export const coverageFunctions = percentGate('functions');

/** `coverage.uncovered-lines`: how many coverable lines no test ran. */
export const coverageUncoveredLines: GateHandler = (gate, inputs, ctx) => {
  const merged = mergeCoverage(inputs, gate.select.paths ? globMatcher(gate.select.paths) : undefined);
  const c = merged.totals.lines;
  if (c.total === 0) return { status: 'error', reason: 'the coverage report(s) hold no lines to measure' };
  const worst = worstFiles(merged.files, lineCounter, ctx.maxEvidence);
  return { value: c.total - c.covered, unit: 'count', evidence: worst.items, evidenceTotal: worst.total };
};

/**
 * `coverage.critical-paths`: each rule is a path glob with its own threshold (else the
 * gate's); each file is claimed by the first matching rule. Per group (one figure per
 * rule) or per file. A rule that matches no file is an error, not a pass.
 */
export const coverageCriticalPaths: GateHandler = (gate, inputs, ctx) => {
  const rules = (gate.options['rules'] as Array<{ path: string; threshold?: number }> | undefined) ?? [];
  if (rules.length === 0) return { status: 'skip', reason: 'no critical paths configured (add rules: [{ path: "glob" }])' };
  const per = (gate.options['per'] as 'group' | 'file' | undefined) ?? 'group';
  const kind = (gate.options['metricKind'] as CounterName | undefined) ?? 'lines';
  const merged = mergeCoverage(inputs);
  const eff: CounterName = kind === 'lines' && merged.headline === 'statements' ? 'statements' : kind;
  const count = counterOf(eff);
  const groups = rules.map((r) => ({ rule: r, match: globMatcher([r.path]), files: [] as FileCoverage[] }));
  for (const f of merged.files) groups.find((g) => g.match(f.path))?.files.push(f);
  const empty = groups.filter((g) => g.files.length === 0);
  if (empty.length > 0) {
    return { status: 'error', reason: `critical path rule(s) match no covered file: ${empty.map((g) => g.rule.path).join(', ')}` };
  }
  const rows: Array<Extract<Evidence, { type: 'file' }>> = [];
  for (const g of groups) {
    const threshold = g.rule.threshold ?? gate.threshold;
    const units = per === 'file' ? g.files.map((f) => ({ path: f.path, files: [f] })) : [{ path: g.rule.path, files: g.files }];
    for (const u of units) {
      let covered = 0;
      let total = 0;
      for (const f of u.files) {
        const c = count(f);
        if (c) {
          covered += c.covered;
          total += c.total;
        }
      }
      if (total === 0) continue;
      rows.push({ type: 'file', path: u.path, covered, total, percent: (covered / total) * 100, threshold });
    }
  }
  if (rows.length === 0) return { status: 'error', reason: `the critical paths hold no ${eff} to measure` };
  const failing = rows.filter((r) => !compare(r.percent, gate.operator, r.threshold!));
  rows.sort((a, b) => a.percent - b.percent || a.path.localeCompare(b.path));
  const worst = rows[0]!;
  return {
    value: worst.percent,
    unit: 'percent',
    decided: failing.length > 0 ? 'fail' : 'pass',
    evidence: rows.slice(0, ctx.maxEvidence),
    evidenceTotal: rows.length,
    detail: `${failing.length} of ${rows.length} ${per === 'file' ? 'files' : 'groups'} below their threshold; lowest: ${worst.path}`,
  };
};

/** covered/total × 100, and a − b of two such, each from one division (so −0.5 is exactly −0.5). */
function pointsBetween(now: Counter, base: Counter): number {
  return ((now.covered * base.total - base.covered * now.total) * 100) / (now.total * base.total);
}

type FileEvidence = Extract<Evidence, { type: 'file' }>;

/**
 * `coverage.change`: overall coverage now minus on the base branch (`--baseline`), in
 * percentage points — Codecov's "project" status. "May not drop more than 0.5" is
 * `operator: ">=", threshold: -0.5`. Evidence: the two overall figures (metric items noted
 * `now` and `base`), then the files whose coverage changed, largest drop first, then files
 * new since the base (lowest coverage first). Without --baseline it skips.
 */
export const coverageChange: GateHandler = (gate, inputs, ctx) => {
  if (!ctx.baseline) return { status: 'skip', reason: "no baseline given: pass --baseline FILE (the base branch's coverage report or `gatecheck parse` output)" };
  const base = selectBaseline(ctx.baseline, 'coverage', gate.select);
  if (base.length === 0) return { status: 'error', reason: 'the --baseline holds no coverage report to compare with' };
  const filter = gate.select.paths ? globMatcher(gate.select.paths) : undefined;
  const now = mergeCoverage(inputs, filter);
  const before = mergeCoverage(base, filter);
  const kind = (gate.options['metricKind'] as CounterName | undefined) ?? 'lines';
  const eff: CounterName = kind === 'lines' && now.headline === 'statements' ? 'statements' : kind;
  const c = now.totals[eff];
  const b = before.totals[eff];
  if (!c || c.total === 0) return { status: 'error', reason: `the coverage report(s) hold no ${eff} to measure` };
  if (!b || b.total === 0) return { status: 'error', reason: `the baseline coverage holds no ${eff} to compare with` };
  const count = counterOf(eff);
  const baseByPath = new Map(before.files.map((f) => [f.path, f]));
  const changed: FileEvidence[] = [];
  const added: FileEvidence[] = [];
  for (const f of now.files) {
    const cn = count(f);
    if (!cn || cn.total === 0) continue;
    const item: FileEvidence = { type: 'file', path: f.path, covered: cn.covered, total: cn.total, percent: (cn.covered / cn.total) * 100 };
    const bf = baseByPath.get(f.path);
    const cb = bf ? count(bf) : undefined;
    if (!cb || cb.total === 0) {
      added.push({ ...item, newFile: true });
      continue;
    }
    const change = pointsBetween(cn, cb);
    if (change !== 0) changed.push({ ...item, base: { covered: cb.covered, total: cb.total, percent: (cb.covered / cb.total) * 100 }, change });
  }
  changed.sort((x, y) => x.change! - y.change! || x.path.localeCompare(y.path));
  added.sort((x, y) => x.percent - y.percent || x.path.localeCompare(y.path));
  const files = [...changed, ...added];
  const nowPct = percent(c)!;
  const basePct = percent(b)!;
  return {
    value: pointsBetween(c, b),
    unit: 'points',
    evidence: [
      { type: 'metric', name: 'coverage', stat: eff, value: nowPct, unit: 'percent', note: 'now' },
      { type: 'metric', name: 'coverage', stat: eff, value: basePct, unit: 'percent', note: 'base' },
      ...files.slice(0, ctx.maxEvidence),
    ],
    evidenceTotal: files.length + 2,
    detail: `${eff}: ${nowPct.toFixed(2)} % now (${c.covered}/${c.total}), ${basePct.toFixed(2)} % on the base (${b.covered}/${b.total}); ${changed.length} ${changed.length === 1 ? 'file' : 'files'} changed, ${added.length} new`,
  };
};

/** Contiguous runs of sorted line numbers: [10, 11, 12, 40] → [[10, 12], [40, 40]]. */
export function toRanges(lines: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const n of lines) {
    const last = out[out.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

export interface NewCodeResult {
  lines: Counter;
  /** path → uncovered changed lines, as ranges. */
  uncovered: Map<string, Array<[number, number]>>;
  /** Changed files whose coverage has no per-line data (summary-only reports): not measurable. */
  unmeasurable: string[];
}

/**
 * The coverage file for a diff path: the same path, else the one file whose path is a
 * suffix of it or has it as a suffix at a `/` boundary (JaCoCo's `com/acme/X.java` for
 * `src/main/java/com/acme/X.java`, an unstripped Go import path for `route.go`). An
 * ambiguous suffix matches nothing.
 */
export function coverageFileFinder(files: readonly FileCoverage[]): (diffPath: string) => FileCoverage | undefined {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const byBase = new Map<string, FileCoverage[]>();
  for (const f of files) {
    const base = f.path.slice(f.path.lastIndexOf('/') + 1);
    const list = byBase.get(base);
    if (list) list.push(f);
    else byBase.set(base, [f]);
  }
  return (p) => {
    const exact = byPath.get(p);
    if (exact) return exact;
    const sameBase = byBase.get(p.slice(p.lastIndexOf('/') + 1)) ?? [];
    const hits = sameBase.filter((f) => p.endsWith(`/${f.path}`) || f.path.endsWith(`/${p}`));
    return hits.length === 1 ? hits[0] : undefined;
  };
}

/**
 * New-code coverage: added lines (new-file numbering) intersected with coverable lines.
 * Added lines a report does not list (blank lines, comments, declarations) and files no
 * report covers are not coverable — the same rule as diff-cover, so the measured and
 * uncovered counts equal its `total_num_lines` and `total_num_violations`.
 */
export function newCodeCoverage(files: readonly FileCoverage[], added: ReadonlyMap<string, ReadonlySet<number>>): NewCodeResult {
  const find = coverageFileFinder(files);
  let covered = 0;
  let total = 0;
  const uncovered = new Map<string, Array<[number, number]>>();
  const unmeasurable: string[] = [];
  for (const [path, set] of [...added].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const f = find(path);
    if (!f) continue;
    if (f.lineTotals) {
      unmeasurable.push(path);
      continue;
    }
    const missed: number[] = [];
    for (const line of [...set].sort((a, b) => a - b)) {
      const hits = f.lines[line];
      if (hits === undefined) continue;
      total++;
      if (hits > 0) covered++;
      else missed.push(line);
    }
    if (missed.length) uncovered.set(path, toRanges(missed));
  }
  return { lines: { covered, total }, uncovered, unmeasurable };
}

/** `coverage.new-code`: coverage of the lines the change adds; needs --diff or --base. */
export const coverageNewCode: GateHandler = (gate, inputs, ctx): GateOutcome => {
  if (!ctx.diff) return { status: 'skip', reason: 'no diff given: pass --diff FILE or --base REF' };
  const merged = mergeCoverage(inputs, gate.select.paths ? globMatcher(gate.select.paths) : undefined);
  const r = newCodeCoverage(merged.files, ctx.diff.added);
  if (r.unmeasurable.length > 0) {
    return {
      status: 'error',
      reason: `changed file(s) covered only by a summary without per-line data (e.g. coverage-summary.json): ${r.unmeasurable.slice(0, 5).join(', ')}; give a per-line report (lcov, coverage-final.json, Cobertura)`,
    };
  }
  const minLines = (gate.options['minLines'] as number | undefined) ?? 0;
  if (r.lines.total === 0) return { status: 'skip', reason: `the change adds no coverable lines (${ctx.diff.source})` };
  if (r.lines.total < minLines) {
    return { status: 'skip', reason: `only ${r.lines.total} changed coverable lines, fewer than minLines ${minLines}` };
  }
  const evidence: Evidence[] = [...r.uncovered].map(([path, ranges]) => ({ type: 'lines', path, ranges }));
  return {
    value: (r.lines.covered / r.lines.total) * 100,
    unit: 'percent',
    evidence: evidence.slice(0, ctx.maxEvidence),
    evidenceTotal: evidence.length,
    detail: `${r.lines.covered} of ${r.lines.total} changed lines covered (${ctx.diff.source})`,
  };
};
