/* eslint-disable @typescript-eslint/no-explicit-any -- raw third-party report JSON, read to compute expectations independently */
/**
 * Finding gates over real reports: waivers (active/expired/stale, visible with reason),
 * fixAvailable, cross-tool de-duplication (real Trivy + Grype reports of Debian 10 images that
 * share packages), and findings.new against a baseline with new / unchanged / fixed counts.
 * Expected numbers are computed in the test from the raw JSON, never pasted.
 */
import { describe, expect, it } from 'vitest';
import { defaultPolicy, loadPolicy } from '../../src/config/load.js';
import { evaluate } from '../../src/gates/index.js';
import type { Artifact } from '../../src/model/types.js';
import { findingsOf, fixtureJson, fixtureText, parseOne } from '../parsers/container-helpers.js';

const policy = (yaml: string) => loadPolicy(yaml, 'test.yml');
const TODAY = '2026-06-01';

const trivyLegacy = () => parseOne(fixtureText('trivy', 'legacy-array'), 'trivy.json');
const grype070 = () => parseOne(fixtureText('grype', '0.7.0-327-matches'), 'grype.json');

/** (id, package lower-cased, version) tuples of a raw Trivy legacy array / Grype report. */
function trivyTuples(): Set<string> {
  const raw = fixtureJson('trivy', 'legacy-array');
  return new Set(raw.flatMap((r: any) => (r.Vulnerabilities ?? []).map((v: any) => `${v.VulnerabilityID}|${v.PkgName.toLowerCase()}|${v.InstalledVersion}`)));
}
function grypeTuples(): Set<string> {
  const raw = fixtureJson('grype', '0.7.0-327-matches');
  return new Set(raw.matches.map((m: any) => `${m.vulnerability.id}|${m.artifact.name.toLowerCase()}|${m.artifact.version}`));
}

describe('findings gates', () => {
  it('the same CVE in the same package from Trivy and Grype counts once; evidence lists both tools', () => {
    const t = trivyTuples();
    const g = grypeTuples();
    const both = [...t].filter((x) => g.has(x));
    expect(both.length).toBeGreaterThan(0); // the two real reports overlap (Debian 10 packages)
    const e = evaluate([trivyLegacy(), grype070()], policy('gates:\n  - { id: v, measure: findings.count, select: { categories: [vulnerability] } }\n'), { today: TODAY, maxEvidence: 10_000 });
    const g0 = e.gates[0]!;
    expect(g0.value).toBe(new Set([...t, ...g]).size);
    const multi = g0.evidence.filter((x) => x.type === 'finding' && (x.tools?.length ?? 0) > 1);
    expect(multi).toHaveLength(both.length);
    expect(multi.every((x) => x.type === 'finding' && x.tools!.includes('trivy') && x.tools!.includes('grype'))).toBe(true);
    expect(g0.detail).toContain(`${both.length} found by more than one tool`);
  });

  it("a GHSA from one tool meets the CVE alias of the other (Grype's relatedVulnerabilities)", () => {
    // No real Trivy report of the same image as the GHSA-bearing Grype report exists in the
    // fixtures, so the Trivy side is built from the Grype match's own fields: same CVE, same package.
    const grype = parseOne(fixtureText('grype', '0.64.2-ghsa-related-cve'), 'grype.json');
    const ghsa = findingsOf(grype).find((f) => f.ruleId.startsWith('GHSA') && f.aliases?.some((a) => a.startsWith('CVE-')))!;
    const cve = ghsa.aliases!.find((a) => a.startsWith('CVE-'))!;
    const trivyDoc = { SchemaVersion: 2, ArtifactName: 'juice-shop', Results: [{ Target: 'package-lock.json', Class: 'lang-pkgs', Type: 'npm', Vulnerabilities: [{ VulnerabilityID: cve, PkgName: ghsa.package!.name, InstalledVersion: ghsa.package!.version, Severity: 'MEDIUM' }] }] };
    const trivy = parseOne(JSON.stringify(trivyDoc), 'trivy.json');
    const only = (arts: Artifact[]) => evaluate(arts, policy(`gates:\n  - { id: v, measure: findings.count, select: { categories: [vulnerability] } }\n`), { today: TODAY, maxEvidence: 10_000 }).gates[0]!.value;
    expect(only([grype, trivy])).toBe(only([grype]));
  });

  it('waivers: by rule (matching an alias too), package@version, path glob, fingerprint; expired ones stop applying; stale ones are reported; waived findings stay in evidence with the reason', () => {
    const a = grype070();
    const fs = findingsOf(a);
    const byRule = fs.find((f) => f.severity === 'critical')!;
    const withPkg = fs.find((f) => f.package?.name !== byRule.package?.name && f.severity === 'high')!;
    const byFp = fs.find((f) => f !== byRule && f.package?.name !== withPkg.package?.name)!;
    const p = policy(
      'gates:\n  - { id: v, measure: findings.count, select: { categories: [vulnerability] } }\nwaivers:\n' +
        `  - { rule: ${byRule.ruleId}, reason: "not reachable", expires: "2026-12-31" }\n` +
        `  - { package: "${withPkg.package!.name}@${withPkg.package!.version}", reason: "base image, tracked in JIRA-1" }\n` +
        `  - { fingerprint: "${byFp.fingerprint}", reason: "accepted" }\n` +
        `  - { rule: CVE-1999-0001, reason: "gone" }\n` +
        `  - { path: "/nonexistent/**", reason: "never" }\n` +
        `  - { id: old, rule: ${byFp.ruleId}, reason: "was accepted", expires: "2026-01-01" }\n`,
    );
    const e = evaluate([a], p, { today: TODAY, maxEvidence: 5 });
    const g = e.gates[0]!;
    const waivedTotal = fs.filter((f) => f.ruleId === byRule.ruleId || (f.package?.name === withPkg.package!.name && f.package?.version === withPkg.package!.version) || f.fingerprint === byFp.fingerprint).length;
    expect(e.waivers.map((w) => [w.id, w.status])).toEqual([
      [byRule.ruleId, 'active'],
      [`${withPkg.package!.name}@${withPkg.package!.version}`, 'active'],
      [byFp.fingerprint, 'active'],
      ['CVE-1999-0001', 'stale'],
      ['/nonexistent/**', 'stale'],
      ['old', 'expired'],
    ]);
    // The counted ones fill the evidence (5), and the waived ones are still listed after them.
    const waivedEv = g.evidence.filter((x) => x.type === 'finding' && x.waiver);
    expect(waivedEv.length).toBe(Math.min(5, waivedTotal));
    expect(waivedEv.some((x) => x.type === 'finding' && x.waiver === `${byRule.ruleId}: not reachable`)).toBe(true);
    expect(g.detail).toContain(`waived (${byRule.ruleId}`);
    // Value: every selected finding minus the waived, after de-duplication (grype's own duplicates count once).
    const keys = new Set(fs.filter((f) => !(f.ruleId === byRule.ruleId || (f.package?.name === withPkg.package!.name && f.package?.version === withPkg.package!.version) || f.fingerprint === byFp.fingerprint)).map((f) => `${f.ruleId}|${f.package!.name.toLowerCase()}|${f.package!.version}`));
    expect(g.value).toBe(keys.size);
  });

  it('fixAvailable counts only vulnerabilities with a fixed version', () => {
    const raw = fixtureJson('grype', '0.96.0-missing-severity');
    const a = parseOne(JSON.stringify(raw), 'grype.json');
    const fixable = new Set(raw.matches.filter((m: any) => m.vulnerability.fix?.state === 'fixed' && m.vulnerability.fix.versions.length).map((m: any) => `${m.vulnerability.id}|${m.artifact.name.toLowerCase()}|${m.artifact.version}`));
    const e = evaluate([a], policy('gates:\n  - { id: fix, measure: findings.count, select: { categories: [vulnerability], fixAvailable: true } }\n'), { today: TODAY });
    expect(e.gates[0]!.value).toBe(fixable.size);
    expect(fixable.size).toBeLessThan(raw.matches.length);
  });

  it('findings.new: new / unchanged / fixed against a baseline (real Trivy now, real Grype as the base)', () => {
    const t = trivyTuples();
    const g = grypeTuples();
    const added = [...t].filter((x) => !g.has(x)).length;
    const unchanged = [...t].filter((x) => g.has(x)).length;
    const fixed = [...g].filter((x) => !t.has(x)).length;
    const p = policy('gates:\n  - { id: new, measure: findings.new, select: { categories: [vulnerability] } }\n');
    const e = evaluate([trivyLegacy()], p, { today: TODAY, baseline: [grype070()] });
    expect(e.gates[0]).toMatchObject({ status: 'fail', value: added, detail: `${added} new, ${unchanged} unchanged, ${fixed} fixed` });
    // Against itself: nothing new, nothing fixed.
    const same = evaluate([trivyLegacy()], p, { today: TODAY, baseline: [trivyLegacy()] }).gates[0]!;
    expect(same).toMatchObject({ status: 'pass', value: 0, detail: `0 new, ${t.size} unchanged, 0 fixed` });
  });

  it('findings.new skips without a baseline, and when the baseline has no report the gate selects (error if required)', () => {
    const p = policy('gates:\n  - { id: new, measure: findings.new, select: { tools: [trivy] } }\n  - { id: req, measure: findings.new, select: { tools: [trivy] }, required: true }\n');
    const none = evaluate([trivyLegacy()], p, { today: TODAY });
    expect(none.gates.map((x) => x.status)).toEqual(['skip', 'error']);
    expect(none.gates[0]!.message).toContain('--baseline');
    const other = evaluate([trivyLegacy()], p, { today: TODAY, baseline: [grype070()] });
    expect(other.gates.map((x) => x.status)).toEqual(['skip', 'error']);
  });

  it('default policy: dast.new skips without a baseline and counts ZAP instances the base scan did not have', () => {
    const zapNow = parseOne(fixtureText('zap', '2.14.0-multi-site'), 'zap.json');
    const dast = (baseline?: Artifact[]) => evaluate([zapNow], defaultPolicy(), { today: TODAY, ...(baseline ? { baseline } : {}) }).gates.find((x) => x.id === 'dast.new')!;
    expect(dast()).toMatchObject({ status: 'skip', action: 'block' });
    expect(dast([zapNow])).toMatchObject({ status: 'pass', value: 0 });
    // Base scan of another site: every open instance of today's scan is new.
    const zapBase = parseOne(fixtureText('zap', '2.8.0-no-programname'), 'zap-base.json');
    const open = new Set(findingsOf(zapNow).filter((f) => !f.suppressed).map((f) => f.fingerprint)).size;
    expect(dast([zapBase])).toMatchObject({ status: 'fail', value: open });
  });
});
