/* eslint-disable @typescript-eslint/no-explicit-any -- raw third-party report JSON, read to compute expectations independently */
/** Grype behaviour beyond the fixture counts: aliases, fix states, ignoredMatches (derived from a real report), bad input. */
import { describe, expect, it } from 'vitest';
import { findingsOf, fixtureJson, fixtureText, parseErrorOf, parseOne } from './container-helpers.js';

describe('grype', () => {
  it('a GHSA match carries its related CVE as an alias', () => {
    const raw = fixtureJson('grype', '0.64.2-ghsa-related-cve');
    const f = findingsOf(parseOne(fixtureText('grype', '0.64.2-ghsa-related-cve')));
    let checked = 0;
    raw.matches.forEach((m: any, i: number) => {
      const related = (m.relatedVulnerabilities ?? []).map((r: { id: string }) => r.id).filter((id: string) => id !== m.vulnerability.id);
      if (m.vulnerability.id.startsWith('GHSA') && related.length) {
        expect(f[i]!.aliases).toEqual(related);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(0);
  });

  it('only fix.state "fixed" gives a fixed version (wont-fix versions are not a fix)', () => {
    const raw = fixtureJson('grype', '0.28.0-negligible-wont-fix');
    const f = findingsOf(parseOne(fixtureText('grype', '0.28.0-negligible-wont-fix')));
    raw.matches.forEach((m: any, i: number) => {
      const fix = m.vulnerability.fix;
      expect(f[i]!.package?.fixedVersion).toBe(fix.state === 'fixed' && fix.versions.length ? fix.versions.join(', ') : undefined);
    });
    expect(raw.matches.some((m: any) => m.vulnerability.fix.state === 'wont-fix' && m.vulnerability.fix.versions.length)).toBe(true);
  });

  it('ignoredMatches are kept, counted as suppressed, with the ignore rule', () => {
    const raw = fixtureJson('grype', '0.28.0-negligible-wont-fix');
    const moved = raw.matches.pop();
    raw.ignoredMatches = [{ ...moved, appliedIgnoreRules: [{ vulnerability: moved.vulnerability.id, reason: 'not reachable' }] }];
    const f = findingsOf(parseOne(JSON.stringify(raw)));
    expect(f).toHaveLength(raw.matches.length + 1);
    expect(f.filter((x) => x.suppressed)).toEqual([
      expect.objectContaining({ ruleId: moved.vulnerability.id, suppression: { kind: 'ignored', justification: `grype ignore rule: vulnerability=${moved.vulnerability.id} reason=not reachable` } }),
    ]);
  });

  it('a missing severity falls back to the highest CVSS base score, else unknown', () => {
    const raw = fixtureJson('grype', '0.96.0-missing-severity');
    const i = raw.matches.findIndex((m: any) => m.vulnerability.severity === undefined);
    expect(findingsOf(parseOne(JSON.stringify(raw)))[i]!.severity).toBe('unknown'); // its cvss list is empty
    raw.matches[i].vulnerability.cvss = [{ metrics: { baseScore: 5.5 } }, { metrics: { baseScore: 7.5 } }];
    expect(findingsOf(parseOne(JSON.stringify(raw)))[i]!.severity).toBe('high');
  });

  it('bad input: E_PARSE with the key path', () => {
    expect(parseErrorOf('{"matches": [{"vulnerability": {"id": "CVE-1", "severity": "Bogus"}, "artifact": {"name": "a"}}], "descriptor": {"name": "grype"}}')).toMatchObject({ code: 'E_PARSE', where: 'matches[0].vulnerability.severity' });
    expect(parseErrorOf('{"matches": [{"vulnerability": {"id": 7}, "artifact": {"name": "a"}}], "descriptor": {"name": "grype"}}')).toMatchObject({ code: 'E_PARSE', where: 'matches[0].vulnerability.id' });
    expect(parseErrorOf('[]', 'grype')).toMatchObject({ code: 'E_PARSE' });
  });
});
