import type { Artifact, Finding } from '../model/types.js';
import { severityRank } from '../model/severity.js';
import { findingFilter } from './select.js';
import type { Evidence, GateContext, GateHandler } from './types.js';

export interface CountedFinding {
  finding: Finding;
  source: string;
  /** Every tool that reported it (after cross-tool de-duplication). */
  tools: string[];
}

/**
 * The key under which the same issue found by two tools (or two runs) counts once:
 * a vulnerability by id + package + installed version, anything else by fingerprint.
 */
export function dedupeKey(f: Finding): string {
  if (f.package) return `pkg\u0000${f.ruleId}\u0000${f.package.name}\u0000${f.package.version ?? ''}`;
  return `fp\u0000${f.fingerprint}`;
}

/**
 * Findings the gate counts: selected, not suppressed in the report, not waived, and
 * de-duplicated across tools. Also returns how many were set aside and why.
 */
export function countedFindings(
  gateSelect: Parameters<typeof findingFilter>[0],
  inputs: readonly Artifact[],
  ctx: GateContext,
): { counted: CountedFinding[]; suppressed: number; waived: Array<{ finding: Finding; source: string; waiver: string }> } {
  const keep = findingFilter(gateSelect);
  const byKey = new Map<string, CountedFinding>();
  let suppressed = 0;
  const waived: Array<{ finding: Finding; source: string; waiver: string }> = [];
  for (const a of inputs) {
    if (a.payload.kind !== 'findings') continue;
    for (const f of a.payload.findings) {
      if (!keep(f)) continue;
      if (f.suppressed) {
        suppressed++;
        continue;
      }
      const w = ctx.waived?.get(f);
      if (w) {
        waived.push({ finding: f, source: a.source, waiver: `${w.id}: ${w.reason}` });
        continue;
      }
      const key = dedupeKey(f);
      const seen = byKey.get(key);
      if (seen) {
        if (!seen.tools.includes(a.tool.name)) seen.tools.push(a.tool.name);
        // Keep the most severe reading of the same issue.
        if (severityRank(f.severity) > severityRank(seen.finding.severity)) seen.finding = f;
      } else {
        byKey.set(key, { finding: f, source: a.source, tools: [a.tool.name] });
      }
    }
  }
  return { counted: [...byKey.values()].sort(compareCounted), suppressed, waived };
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
  return { type: 'finding', finding: c.finding, source: c.source, tools: c.tools };
}

/** `findings.count`: how many selected findings remain after suppressions, waivers and de-duplication. */
export const findingsCount: GateHandler = (gate, inputs, ctx) => {
  const { counted, suppressed, waived } = countedFindings(gate.select, inputs, ctx);
  const evidence: Evidence[] = counted.slice(0, ctx.maxEvidence).map(findingEvidence);
  for (const w of waived.slice(0, Math.max(0, ctx.maxEvidence - evidence.length))) {
    evidence.push({ type: 'finding', finding: w.finding, source: w.source, waiver: w.waiver });
  }
  const notes: string[] = [];
  if (suppressed) notes.push(`${suppressed} suppressed in the report`);
  if (waived.length) notes.push(`${waived.length} waived`);
  return {
    value: counted.length,
    unit: 'count',
    evidence,
    evidenceTotal: counted.length + waived.length,
    ...(notes.length ? { detail: notes.join(', ') } : {}),
  };
};
