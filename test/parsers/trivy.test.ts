/* eslint-disable @typescript-eslint/no-explicit-any -- raw third-party report JSON, read to compute expectations independently */
/**
 * Trivy behaviour the generic fixture test does not cover: the ambiguous `null` file, package
 * fields, Kubernetes resources, and the sections no real fixture carries (Licenses,
 * ExperimentalModifiedFindings, PASS/EXCEPTION misconfigurations) — derived from real reports
 * by adding entries in the documented shape.
 */
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers.js';
import { findingsOf, fixtureJson, fixtureText, parseErrorOf, parseOne } from './container-helpers.js';

describe('trivy', () => {
  it('reads the legacy `null` file as zero findings when --format trivy says so', async () => {
    const r = await cli(['inspect', 'fixtures/trivy/legacy-null/input.json', '--json', '--format', 'trivy']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.total).toBe(0);
  });

  it('carries package name, installed and fixed version, purl and ecosystem from the report', () => {
    const raw = fixtureJson('trivy', 'image-alpine-310-golden');
    const f = findingsOf(parseOne(fixtureText('trivy', 'image-alpine-310-golden')));
    const vulns = raw.Results.flatMap((r: { Vulnerabilities?: unknown[]; Type: string }) => (r.Vulnerabilities ?? []).map((v) => ({ v, type: r.Type })));
    expect(f).toHaveLength(vulns.length);
    vulns.forEach(({ v, type }: { v: Record<string, any>; type: string }, i: number) => {
      expect(f[i]!.ruleId).toBe(v.VulnerabilityID);
      expect(f[i]!.package).toEqual({ name: v.PkgName, version: v.InstalledVersion, fixedVersion: v.FixedVersion, ecosystem: type, purl: v.PkgIdentifier.PURL });
      expect(f[i]!.severity).toBe(v.Severity.toLowerCase());
      expect(f[i]!.location).toBeUndefined(); // os-pkgs: the target is an image, not a file
    });
  });

  it('aliases: VendorIDs then CweIDs as written, empty strings skipped, none when both are absent', () => {
    const all: Array<Record<string, any>> = [];
    for (const name of ['legacy-array', 'k8s-cluster']) {
      // Every vulnerability entry in document order (the order the parser reads them).
      const vulns: Array<Record<string, any>> = [];
      const walk = (x: unknown): void => {
        if (Array.isArray(x)) x.forEach(walk);
        else if (x && typeof x === 'object') {
          if ('VulnerabilityID' in x) vulns.push(x as Record<string, any>);
          else Object.values(x).forEach(walk);
        }
      };
      walk(fixtureJson('trivy', name));
      const f = findingsOf(parseOne(fixtureText('trivy', name))).filter((x) => x.category === 'vulnerability');
      expect(f).toHaveLength(vulns.length);
      vulns.forEach((v, i) => {
        expect(f[i]!.ruleId).toBe(v.VulnerabilityID);
        const expected = [...(v.VendorIDs ?? []), ...(v.CweIDs ?? [])];
        if (expected.length === 0) expect(f[i]!.aliases).toBeUndefined();
        else expect(f[i]!.aliases).toEqual(expected);
      });
      all.push(...vulns);
    }
    // The real files have entries with both lists, and entries with neither.
    expect(all.some((v) => v.VendorIDs?.length && v.CweIDs?.length)).toBe(true);
    expect(all.some((v) => !v.VendorIDs && !v.CweIDs)).toBe(true);

    const doc = fixtureJson('trivy', 'image-alpine-310-golden');
    const v0 = doc.Results[0].Vulnerabilities[0];
    v0.VendorIDs = ['', 'DSA-1'];
    v0.CweIDs = ['CWE-79'];
    expect(findingsOf(parseOne(JSON.stringify(doc)))[0]!.aliases).toEqual(['DSA-1', 'CWE-79']);
    v0.CweIDs = 'CWE-79';
    expect(parseErrorOf(JSON.stringify(doc))).toMatchObject({ code: 'E_PARSE', where: 'Results[0].Vulnerabilities[0].CweIDs', message: expect.stringContaining('expected an array (got string)') });
    v0.CweIDs = [7];
    expect(parseErrorOf(JSON.stringify(doc))).toMatchObject({ code: 'E_PARSE', where: 'Results[0].Vulnerabilities[0].CweIDs[0]' });
  });

  it('Kubernetes: names the resource in the message and gives no file location', () => {
    const raw = fixtureJson('trivy', 'k8s-cluster');
    const f = findingsOf(parseOne(fixtureText('trivy', 'k8s-cluster')));
    const first = raw.Vulnerabilities[0];
    expect(f[0]!.message.startsWith(`${first.Namespace}/${first.Kind}/${first.Name}: `)).toBe(true);
    expect(f.every((x) => x.location === undefined)).toBe(true);
    // Same check on two deployments: two findings with different fingerprints.
    const misconf = f.filter((x) => x.category === 'misconfiguration');
    expect(new Set(misconf.map((x) => x.fingerprint)).size).toBe(misconf.length);
  });

  it('misconfigurations: PASS is not a finding, EXCEPTION is kept as suppressed, a missing Status counts', () => {
    const raw = fixtureJson('trivy', 'config-dockerfile-golden');
    const fail = raw.Results[0].Misconfigurations[0];
    raw.Results[0].Misconfigurations.push({ ...fail, ID: 'DS-0001', Status: 'PASS' }, { ...fail, ID: 'DS-0005', Status: 'EXCEPTION' }, { ...fail, ID: 'DS-0006', Status: undefined });
    const f = findingsOf(parseOne(JSON.stringify(raw)));
    expect(f.map((x) => [x.ruleId, x.suppressed])).toEqual([
      [fail.ID, false],
      ['DS-0005', true],
      ['DS-0006', false],
    ]);
    expect(f[0]!.location).toEqual({ path: 'Dockerfile', line: fail.CauseMetadata.StartLine, ...(fail.CauseMetadata.EndLine > fail.CauseMetadata.StartLine ? { endLine: fail.CauseMetadata.EndLine } : {}) });
  });

  it('Licenses become license findings; ExperimentalModifiedFindings are kept as suppressed with the statement', () => {
    const raw = fixtureJson('trivy', 'image-alpine-310-golden');
    const r0 = raw.Results[0];
    const vuln = r0.Vulnerabilities.shift();
    r0.ExperimentalModifiedFindings = [{ Type: 'vulnerability', Status: 'not_affected', Statement: 'vulnerable_code_not_in_execute_path', Source: 'openvex.json', Finding: vuln }];
    r0.Licenses = [{ Severity: 'HIGH', Category: 'restricted', PkgName: 'musl', FilePath: '', Name: 'GPL-2.0', Confidence: 1, Link: '' }];
    const f = findingsOf(parseOne(JSON.stringify(raw)));
    const sup = f.filter((x) => x.suppressed);
    expect(sup).toHaveLength(1);
    expect(sup[0]).toMatchObject({ ruleId: vuln.VulnerabilityID, category: 'vulnerability', suppression: { kind: 'vex', justification: 'vulnerable_code_not_in_execute_path — openvex.json' } });
    const lic = f.filter((x) => x.category === 'license');
    expect(lic).toHaveLength(1);
    expect(lic[0]).toMatchObject({ ruleId: 'GPL-2.0', severity: 'high', package: { name: 'musl' } });
  });

  it('never copies a secret match or code lines into the model', () => {
    const raw = fixtureJson('trivy', 'fs-secrets-golden');
    const text = JSON.stringify(parseOne(fixtureText('trivy', 'fs-secrets-golden')));
    for (const s of raw.Results[0].Secrets) {
      expect(text).not.toContain(s.Match);
      for (const l of s.Code.Lines) if (l.IsCause) expect(text).not.toContain(l.Content);
    }
  });

  it('bad input: E_PARSE with the key path, never a TypeError', () => {
    expect(parseErrorOf('{"SchemaVersion": 2, "ArtifactName": "x", "Results": [{"Target": "t", "Secrets": {"RuleID": "x"}}]}')).toMatchObject({ code: 'E_PARSE', where: 'Results[0].Secrets' });
    expect(parseErrorOf('{"SchemaVersion": 2, "ArtifactName": "x", "Results": [{"Target": "t", "Vulnerabilities": [{"PkgName": "p"}]}]}')).toMatchObject({ code: 'E_PARSE', where: 'Results[0].Vulnerabilities[0].VulnerabilityID' });
    expect(parseErrorOf('{"ClusterName": "c", "Resources": [{"Name": "n", "Results": 3}]}')).toMatchObject({ code: 'E_PARSE', where: 'Resources[0].Results' });
    expect(parseErrorOf('"just a string"', 'trivy')).toMatchObject({ code: 'E_PARSE' });
  });
});
