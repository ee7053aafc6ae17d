import type { Waiver } from '../config/types.js';
import type { Artifact, Finding } from '../model/types.js';
import { globMatcher } from './select.js';
import type { WaiverReport } from './types.js';

export interface WaiverMatch {
  id: string;
  reason: string;
}

/**
 * Match the policy's waivers against every finding. An expired waiver stops applying and
 * is reported `expired`; an active one that matched nothing is `stale`.
 */
export function applyWaivers(
  artifacts: readonly Artifact[],
  waivers: ReadonlyArray<Waiver & { id: string }>,
  today: string,
): { waived: Map<Finding, WaiverMatch>; report: WaiverReport[] } {
  const waived = new Map<Finding, WaiverMatch>();
  const report: WaiverReport[] = [];
  const all: Finding[] = [];
  for (const a of artifacts) if (a.payload.kind === 'findings') all.push(...a.payload.findings);
  for (const w of waivers) {
    const expired = w.expires !== undefined && w.expires < today;
    const matches = waiverMatcher(w);
    let matched = 0;
    for (const f of all) {
      if (!matches(f)) continue;
      matched++;
      if (!expired && !waived.has(f)) waived.set(f, { id: w.id, reason: w.reason });
    }
    const r: WaiverReport = { id: w.id, reason: w.reason, status: expired ? 'expired' : matched === 0 ? 'stale' : 'active', matched };
    if (w.expires !== undefined) r.expires = w.expires;
    report.push(r);
  }
  return { waived, report };
}

function waiverMatcher(w: Waiver): (f: Finding) => boolean {
  const path = w.path ? globMatcher([w.path]) : undefined;
  const [pkgName, pkgVersion] = w.package ? splitPackage(w.package) : [undefined, undefined];
  return (f) =>
    (w.rule === undefined || f.ruleId === w.rule || (f.aliases?.includes(w.rule) ?? false)) &&
    (pkgName === undefined ||
      (f.package?.name === pkgName && (pkgVersion === undefined || f.package.version === pkgVersion))) &&
    (path === undefined || (f.location !== undefined && path(f.location.path))) &&
    (w.fingerprint === undefined || f.fingerprint === w.fingerprint);
}

/** `name@version`, allowing scoped npm names (`@scope/pkg@1.2.3`). */
function splitPackage(spec: string): [string, string | undefined] {
  const at = spec.lastIndexOf('@');
  return at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, undefined];
}
