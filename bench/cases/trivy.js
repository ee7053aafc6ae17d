/* global structuredClone */
// Trivy JSON end to end (detect + JSON.parse + normalise into findings) next to a bare
// JSON.parse of the same bytes. Input: a ~50 MB SchemaVersion 2 report built in memory by
// repeating the Results of two real fixtures (Trivy's own alpine-3.10 image golden: OS
// vulnerabilities; DefectDojo's fs report: pip vulnerabilities, a Dockerfile misconfiguration,
// secrets), each copy with its own Target and package version so findings stay distinct.
import { readFileSync } from 'node:fs';
import { parseReport } from '../internals.js';
import { measureJsonFormat } from '../lib.js';

const FIXTURES = ['image-alpine-310-golden', 'fs-vulns-misconfig-secrets'].map((n) => new URL(`../../fixtures/trivy/${n}/input.json`, import.meta.url));

function repeated(target) {
  const docs = FIXTURES.map((u) => JSON.parse(readFileSync(u, 'utf8')));
  const report = docs[0];
  const base = docs.flatMap((d) => d.Results);
  const one = Buffer.byteLength(JSON.stringify(base));
  const copies = Math.max(1, Math.ceil(target / one));
  const results = [];
  for (let c = 0; c < copies; c++) {
    for (const r of base) {
      const copy = structuredClone(r);
      copy.Target = `copy${c}/${copy.Target}`;
      for (const v of copy.Vulnerabilities ?? []) v.InstalledVersion = `${v.InstalledVersion}+c${c}`;
      results.push(copy);
    }
  }
  report.Results = results;
  return JSON.stringify(report, null, 2);
}

export async function run(log) {
  const label = "Trivy fixtures' Results repeated to ~50 MB (synthetic size, real entry shapes)";
  measureJsonFormat(log, label, 'bench-trivy.json', repeated(50e6), parseReport);
}
