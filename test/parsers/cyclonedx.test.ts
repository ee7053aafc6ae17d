/* eslint-disable @typescript-eslint/no-explicit-any -- raw third-party report JSON, read to compute expectations independently */
/** CycloneDX VDR: package resolution, highest rating, VEX analysis, the SBOM-without-vulnerabilities decision. */
import { describe, expect, it } from 'vitest';
import { findingsOf, fixtureJson, fixtureText, parseErrorOf, parseOne } from './container-helpers.js';

describe('cyclonedx', () => {
  it('resolves affects[].ref through components (nested too) and falls back to the purl in the ref', () => {
    const raw = fixtureJson('cyclonedx', 'trivy-0.48.1-multi-affects');
    const byRef = new Map<string, any>();
    const walk = (cs: any[] = []) => cs.forEach((c) => (byRef.set(c['bom-ref'], c), walk(c.components)));
    walk(raw.components);
    const f = findingsOf(parseOne(fixtureText('cyclonedx', 'trivy-0.48.1-multi-affects')));
    const refs = raw.vulnerabilities.flatMap((v: any) => v.affects.map((a: any) => a.ref));
    expect(f).toHaveLength(refs.length);
    refs.forEach((ref: string, i: number) => {
      const c = byRef.get(ref);
      if (c) expect(f[i]!.package).toMatchObject({ name: c.name, version: c.version, purl: c.purl });
      else expect(f[i]!.package).toMatchObject({ purl: ref, name: decodeURIComponent(ref.split('/').pop()!.split('@')[0]!), version: decodeURIComponent(ref.split('@')[1]!.split('?')[0]!) });
    });
    expect(refs.some((r: string) => !byRef.has(r))).toBe(true);
  });

  it('takes the most severe rating; no ratings is unknown, not dropped; VEX not_affected is suppressed', () => {
    const raw = fixtureJson('cyclonedx', 'grype-0.41.0-log4j');
    raw.vulnerabilities[0].ratings = [{ severity: 'low' }, { score: 9.8, method: 'CVSSv31' }, { severity: 'medium' }];
    raw.vulnerabilities[1].ratings = [];
    delete raw.vulnerabilities[2].ratings;
    raw.vulnerabilities[3].analysis = { state: 'not_affected', justification: 'code_not_reachable' };
    const f = findingsOf(parseOne(JSON.stringify(raw)));
    expect(f).toHaveLength(raw.vulnerabilities.length);
    expect(f.slice(0, 3).map((x) => x.severity)).toEqual(['critical', 'unknown', 'unknown']);
    expect(f[3]).toMatchObject({ suppressed: true, suppression: { kind: 'vex', justification: 'not_affected: code_not_reachable' } });
  });

  it('an SBOM without a vulnerabilities key is E_INPUT (not a scan); an empty list is a valid scan with 0', () => {
    const sbom = fixtureJson('cyclonedx', 'syft-sbom-no-vulnerabilities');
    expect(parseErrorOf(JSON.stringify(sbom))).toMatchObject({ code: 'E_INPUT' });
    expect(findingsOf(parseOne(JSON.stringify({ ...sbom, vulnerabilities: [] })))).toEqual([]);
  });

  it('bad input: E_PARSE with the key path', () => {
    expect(parseErrorOf('{"bomFormat": "CycloneDX", "vulnerabilities": [{"id": "CVE-1", "ratings": "high"}]}')).toMatchObject({ code: 'E_PARSE', where: 'vulnerabilities[0].ratings' });
    expect(parseErrorOf('{"bomFormat": "CycloneDX", "vulnerabilities": [{"ratings": []}]}')).toMatchObject({ code: 'E_PARSE', where: 'vulnerabilities[0].id' });
  });
});
