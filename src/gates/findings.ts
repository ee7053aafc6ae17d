/**
 * Finding gates: `findings.count` (how many selected findings remain after report
 * suppressions, policy waivers and cross-tool de-duplication) and `findings.new` (how many of
 * those the base branch did not have, with new / unchanged / fixed counts).
 */
import type { Artifact, Finding } from '../model/types.js';
import { severityRank } from '../model/severity.js';
import { advisoryIds } from '../model/vulnerability.js';
import { findingFilter, selectBaseline } from './select.js';
import type { Evidence, GateContext, GateHandler, Selector } from './types.js';

export interface CountedFinding {
  finding: Finding;
  source: string;
  /** Every tool that reported it (after cross-tool de-duplication). */
  tools: string[];
}

export interface WaivedFinding extends CountedFinding {
  /** `id: reason` of the waiver that covers it. */
  waiver: string;
}

/**
 * The keys under which the same issue found by two tools (or two runs) counts once. A
 * package finding has one key per advisory id it carries (its id and its CVE/GHSA aliases)
 * with the package name (case-folded) and installed version, so Grype's GHSA with a related
 * CVE meets Trivy's CVE. Anything else is keyed by its fingerprint.
 */
export function dedupeKeys(f: Finding): string[] {
  if (!f.package) return [`fp\u0000${f.fingerprint}`];
  const name = f.package.name.toLowerCase();
  const version = f.package.version ?? '';
  return advisoryIds(f).map((id) => `pkg\u0000${id.toUpperCase()}\u0000${name}\u0000${version}`);
}

/**
 * Groups findings that are the same issue: a finding joins the group of the first key it
 * shares with one already seen; all its keys then point at that group.
 */
function groupFindings<T extends CountedFinding>(): { add(f: Finding, source: string, tool: string, make: () => T): void; values(): T[] } {
  const byKey = new Map<string, T>();
  const order: T[] = [];
  return {
    add(f, source, tool, make) {
      const keys = dedupeKeys(f);
      let seen: T | undefined;
      for (const k of keys) {
        seen = byKey.get(k);
        if (seen) break;
      }
      if (seen) {
        if (!seen.tools.includes(tool)) seen.tools.push(tool);
        // Keep the most severe reading of the same issue.
        if (severityRank(f.severity) > severityRank(seen.finding.severity)) {
          seen.finding = f;
          seen.source = source;
        }
      } else {
        seen = make();
        order.push(seen);
      }
      for (const k of keys) if (!byKey.has(k)) byKey.set(k, seen);
    },
    values: () => order,
  };
}

export interface CountedFindings {
  counted: CountedFinding[];
  /** Selected findings the report itself suppressed. */
  suppressed: number;
  /** Selected findings a policy waiver covers, de-duplicated like the counted ones. */
  waived: WaivedFinding[];
}

/**
 * Findings the gate counts: selected, not suppressed in the report, not waived, and
 * de-duplicated across tools. Also returns what was set aside and why.
 */
export function countedFindings(gateSelect: Selector, inputs: readonly Artifact[], ctx: Pick<GateContext, 'waived'>): CountedFindings {
  const keep = findingFilter(gateSelect);
  const counted = groupFindings<CountedFinding>();
  const waived = groupFindings<WaivedFinding>();
  let suppressed = 0;
  for (const a of inputs) {
    if (a.payload.kind !== 'findings') continue;
    const tool = a.tool.name;
    for (const f of a.payload.findings) {
      if (!keep(f)) continue;
      if (f.suppressed) {
        suppressed++;
        continue;
      }
      const w = ctx.waived?.get(f);
      if (w) {
        waived.add(f, a.source, tool, () => ({ finding: f, source: a.source, tools: [tool], waiver: `${w.id}: ${w.reason}` }));
        continue;
      }
      counted.add(f, a.source, tool, () => ({ finding: f, source: a.source, tools: [tool] }));
    }
  }
  return { counted: counted.values().sort(compareCounted), suppressed, waived: waived.values().sort(compareCounted) };
}

/** Most severe first, then by path, line and rule, so evidence is deterministic. */
export function compareCounted(a: CountedFinding, b: CountedFinding): number {
  return (
    severityRank(b.finding.severity) - severityRank(a.finding.severity) ||
    (a.finding.location?.path ?? '').localeCompare(b.finding.location?.path ?? '') ||
    (a.finding.location?.line ?? 0) - (b.finding.location?.line ?? 0) ||
    a.finding.ruleId.localeCompare(b.finding.ruleId) ||
    a.finding.fingerprint.localeCompare(b.finding.fingerprint)
  );
}

export function findingEvidence(c: CountedFinding): Evidence {
  return { type: 'finding', finding: c.finding, source: c.source, tools: [...c.tools] };
}

function waivedEvidence(w: WaivedFinding): Evidence {
  return { type: 'finding', finding: w.finding, source: w.source, tools: [...w.tools], waiver: w.waiver };
}

/**
 * Counted findings first (up to maxEvidence), then waived ones (up to maxEvidence of their
 * own), so a waived finding is always visible with its reason even when the gate fails on
 * many others.
 */
function evidenceOf(counted: readonly CountedFinding[], waived: readonly WaivedFinding[], max: number): Evidence[] {
  return [...counted.slice(0, max).map(findingEvidence), ...waived.slice(0, max).map(waivedEvidence)];
}

function setAsideNotes(suppressed: number, waived: readonly WaivedFinding[]): string[] {
  const notes: string[] = [];
  if (suppressed) notes.push(`${suppressed} suppressed in the report`);
  if (waived.length) {
    const ids = [...new Set(waived.map((w) => w.waiver.slice(0, w.waiver.indexOf(':'))))];
    notes.push(`${waived.length} waived (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})`);
  }
  return notes;
}

/** `findings.count`: how many selected findings remain after suppressions, waivers and de-duplication. */
export const findingsCount: GateHandler = (gate, inputs, ctx) => {
  const { counted, suppressed, waived } = countedFindings(gate.select, inputs, ctx);
  const notes = setAsideNotes(suppressed, waived);
  const dupes = counted.filter((c) => c.tools.length > 1).length;
  if (dupes) notes.push(`${dupes} found by more than one tool, counted once`);
  return {
    value: counted.length,
    unit: 'count',
    evidence: evidenceOf(counted, waived, ctx.maxEvidence),
    evidenceTotal: counted.length + waived.length,
    ...(notes.length ? { detail: notes.join(', ') } : {}),
  };
};

export interface BaselineComparison {
  /** Counted now, not in the baseline. */
  added: CountedFinding[];
  /** Counted now and in the baseline. */
  unchanged: CountedFinding[];
  /** Counted in the baseline, not found now at all. */
  fixed: CountedFinding[];
  /** Set aside now: suppressed in the report, and waived by the policy. */
  suppressed: number;
  waived: ReturnType<typeof countedFindings>['waived'];
}

/**
 * Compare the counted findings with the baseline's. A finding is known when any of its
 * de-duplication keys (fingerprint; for packages id/aliases + package + installed version)
 * appears among the baseline's selected findings, suppressed and waived ones included (a
 * finding the base branch already had is not new because it was waived there). A baseline
 * finding is fixed when none of its keys appears among today's selected findings.
 */
export function compareWithBaseline(gate: { select: Selector }, inputs: readonly Artifact[], base: readonly Artifact[], ctx: Pick<GateContext, 'waived'>): BaselineComparison {
  const keep = findingFilter(gate.select);
  const keysOf = (artifacts: readonly Artifact[]) => {
    const keys = new Set<string>();
    for (const a of artifacts) {
      if (a.payload.kind !== 'findings') continue;
      for (const f of a.payload.findings) if (keep(f)) for (const k of dedupeKeys(f)) keys.add(k);
    }
    return keys;
  };
  const known = keysOf(base);
  const now = keysOf(inputs);
  const { counted, suppressed, waived } = countedFindings(gate.select, inputs, ctx);
  const added: CountedFinding[] = [];
  const unchanged: CountedFinding[] = [];
  for (const c of counted) (dedupeKeys(c.finding).some((k) => known.has(k)) ? unchanged : added).push(c);
  // Waivers are the current policy's: they apply to the baseline's findings as well.
  const baseCounted = countedFindings(gate.select, base, {}).counted;
  const fixed = baseCounted.filter((c) => !dedupeKeys(c.finding).some((k) => now.has(k)));
  return { added, unchanged, fixed, suppressed, waived };
}

/**
 * `findings.new`: selected findings (after suppressions, waivers and de-duplication) that the
 * baseline (`--baseline`) did not have. Skips when no baseline was given; when the baseline
 * holds no findings report this gate selects, it skips too (an error if the gate is required),
 * since "everything is new" would be a guess.
 */
export const findingsNew: GateHandler = (gate, inputs, ctx) => {
  if (!ctx.baseline) {
    const reason = 'no baseline given: pass --baseline FILE (the base branch\'s reports or `gatecheck parse` output)';
    return { status: gate.required ? 'error' : 'skip', reason };
  }
  const base = selectBaseline(ctx.baseline, 'findings', gate.select);
  if (base.length === 0) {
    return { status: gate.required ? 'error' : 'skip', reason: 'the baseline holds no findings report this gate selects' };
  }
  const { added, unchanged, fixed, suppressed, waived } = compareWithBaseline(gate, inputs, base, ctx);
  const notes = [`${added.length} new, ${unchanged.length} unchanged, ${fixed.length} fixed`, ...setAsideNotes(suppressed, waived)];
  return {
    value: added.length,
    unit: 'count',
    evidence: evidenceOf(added, waived, ctx.maxEvidence),
    evidenceTotal: added.length + waived.length,
    detail: notes.join(', '),
  };
};
