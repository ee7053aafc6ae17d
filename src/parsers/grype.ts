/**
 * Grype JSON (`grype -o json`) — https://github.com/anchore/grype, presenter
 * `grype/presenter/models/document.go`: `{matches, ignoredMatches?, source, distro, descriptor}`;
 * a match is `{vulnerability, relatedVulnerabilities?, matchDetails, artifact}`.
 *
 * - `vulnerability.severity` is Title-case (`Critical` … `Negligible`, `Unknown`) or missing;
 *   Negligible → info. Missing → the highest CVSS base score in `vulnerability.cvss`, else unknown.
 * - `vulnerability.fix = {versions, state}`; state is `fixed`, `not-fixed`, `wont-fix` or
 *   `unknown`. Only `fixed` with versions gives a fixed version (a `wont-fix` entry may still
 *   list versions that will not ship).
 * - When the id is a GHSA, the CVE is in `relatedVulnerabilities[].id`: kept as aliases, so
 *   waivers by CVE and cross-tool de-duplication with Trivy work.
 * - `ignoredMatches` (matches an ignore rule in .grype.yaml turned off) are kept as suppressed.
 * - Grype 0.7-era reports: no `fix`, `cvssV2`, `links`, `matchDetails` as an object.
 */
import { parseError } from '../errors.js';
import { normalisePath } from '../model/paths.js';
import { severityFromScore, severityFromWord } from '../model/severity.js';
import type { Artifact, Finding, PackageRef, Severity } from '../model/types.js';
import { packageFingerprint } from '../model/vulnerability.js';
import { expectObject, isObject, optionalArray, optionalNumber, optionalString, requiredString, firstLine, findingsArtifact } from './shape.js';
import type { SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';
import { quote } from '../util/quote.js';

export const grypeFormat = {
  id: 'grype',
  kind: 'findings',
  description: 'Grype JSON (grype -o json): matches and ignoredMatches',
  detect(f: SourceFile): boolean {
    if (!f.looksLikeJson || !f.head.startsWith('{')) return false;
    const h = f.head;
    // The descriptor names the tool; key order varies (some writers sort keys, so `db` comes first).
    if (/"descriptor"\s*:\s*\{/.test(h) && /"name"\s*:\s*"grype"/.test(h)) return true;
    // Large reports put `matches` first and the descriptor at the end, beyond the sniffed head.
    return /^\{\s*"matches"\s*:\s*\[/.test(h) && (/^\{\s*"matches"\s*:\s*\[\s*\]/.test(h) ? /"descriptor"\s*:/.test(h) : /"vulnerability"\s*:\s*\{/.test(h));
  },
} satisfies ParserFormat;

export const grype = /* @__PURE__ */ defineParser(grypeFormat, {
  parse(f: SourceFile, opts: ParseOptions): Artifact {
    const root = expectObject(f.path, f.json(), '');
    if (!('matches' in root)) throw parseError(f.path, undefined, 'not a Grype report: no "matches" key');
    const out: Finding[] = [];
    const matches = optionalArray(f.path, root['matches'], 'matches');
    for (let i = 0; i < matches.length; i++) out.push(match(f.path, opts, matches[i], `matches[${i}]`));
    const ignored = optionalArray(f.path, root['ignoredMatches'], 'ignoredMatches');
    for (let i = 0; i < ignored.length; i++) {
      const path = `ignoredMatches[${i}]`;
      const finding = match(f.path, opts, ignored[i], path);
      finding.suppressed = true;
      const rules = optionalArray(f.path, (ignored[i] as Record<string, unknown>)['appliedIgnoreRules'], `${path}.appliedIgnoreRules`);
      const why = rules.map(describeRule).filter(Boolean).join('; ');
      finding.suppression = { kind: 'ignored', ...(why ? { justification: `grype ignore rule: ${why}` } : {}) };
      out.push(finding);
    }
    let version: string | undefined;
    if (isObject(root['descriptor'])) version = optionalString(f.path, root['descriptor']['version'], 'descriptor.version');
    // Development builds write "[not provided]": not a version.
    if (version !== undefined && version.startsWith('[')) version = undefined;
    return findingsArtifact('grype', f.path, 'grype', version, out);
  },
});

function match(file: string, opts: ParseOptions, v: unknown, path: string): Finding {
  const m = expectObject(file, v, path);
  const vuln = expectObject(file, m['vulnerability'], `${path}.vulnerability`);
  const art = expectObject(file, m['artifact'], `${path}.artifact`);
  const vp = `${path}.vulnerability`;
  const ap = `${path}.artifact`;
  const id = requiredString(file, vuln['id'], `${vp}.id`);
  const name = requiredString(file, art['name'], `${ap}.name`);
  const pkg: PackageRef = { name };
  const version = optionalString(file, art['version'], `${ap}.version`);
  if (version !== undefined) pkg.version = version;
  const fixed = fixedVersion(file, vuln['fix'], `${vp}.fix`);
  if (fixed !== undefined) pkg.fixedVersion = fixed;
  const type = optionalString(file, art['type'], `${ap}.type`);
  if (type !== undefined) pkg.ecosystem = type;
  const purl = optionalString(file, art['purl'], `${ap}.purl`);
  if (purl !== undefined) pkg.purl = purl;

  const word = optionalString(file, vuln['severity'], `${vp}.severity`);
  const description = optionalString(file, vuln['description'], `${vp}.description`);
  const finding: Finding = {
    ruleId: id,
    severity: severityOf(file, vuln, vp, word),
    category: 'vulnerability',
    message: `${name}${version ? ` ${version}` : ''}: ${firstLine(description) ?? id}`,
    fingerprint: packageFingerprint(id, pkg),
    suppressed: false,
    package: pkg,
  };
  if (word !== undefined) finding.toolSeverity = word;
  const locations = optionalArray(file, art['locations'], `${ap}.locations`);
  if (locations.length > 0) {
    const loc = expectObject(file, locations[0], `${ap}.locations[0]`);
    const p = optionalString(file, loc['path'], `${ap}.locations[0].path`);
    if (p !== undefined) finding.location = { path: normalisePath(p, opts) };
  }
  const aliases: string[] = [];
  const related = optionalArray(file, m['relatedVulnerabilities'], `${path}.relatedVulnerabilities`);
  for (let i = 0; i < related.length; i++) {
    const r = expectObject(file, related[i], `${path}.relatedVulnerabilities[${i}]`);
    const rid = optionalString(file, r['id'], `${path}.relatedVulnerabilities[${i}].id`);
    if (rid !== undefined && rid !== id && !aliases.includes(rid)) aliases.push(rid);
  }
  if (aliases.length) finding.aliases = aliases;
  const url = optionalString(file, vuln['dataSource'], `${vp}.dataSource`) ?? firstString(vuln['urls']) ?? firstString(vuln['links']);
  if (url !== undefined) finding.url = url;
  return finding;
}

/** Grype's words: Critical, High, Medium, Low, Negligible, Unknown (Title-case). */
function severityOf(file: string, vuln: Record<string, unknown>, path: string, word: string | undefined): Severity {
  if (word !== undefined) {
    if (word.toLowerCase() === 'negligible') return 'info';
    const s = severityFromWord(word);
    if (s) return s;
    throw parseError(file, `${path}.severity`, `unknown severity ${quote(word)} (Grype writes Critical, High, Medium, Low, Negligible or Unknown)`);
  }
  let best: number | undefined;
  const cvss = optionalArray(file, vuln['cvss'], `${path}.cvss`);
  for (let i = 0; i < cvss.length; i++) {
    const c = cvss[i];
    if (!isObject(c) || !isObject(c['metrics'])) continue;
    const score = optionalNumber(file, c['metrics']['baseScore'], `${path}.cvss[${i}].metrics.baseScore`);
    if (score !== undefined && (best === undefined || score > best)) best = score;
  }
  return best === undefined ? 'unknown' : severityFromScore(best);
}

function fixedVersion(file: string, v: unknown, path: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  const fix = expectObject(file, v, path);
  const state = optionalString(file, fix['state'], `${path}.state`);
  const versions = optionalArray(file, fix['versions'], `${path}.versions`).filter((x): x is string => typeof x === 'string' && x !== '');
  return state === 'fixed' && versions.length > 0 ? versions.join(', ') : undefined;
}

function describeRule(r: unknown): string {
  if (!isObject(r)) return '';
  const parts: string[] = [];
  for (const k of ['vulnerability', 'fix-state', 'namespace', 'reason']) {
    const v = r[k];
    if (typeof v === 'string' && v) parts.push(`${k}=${v}`);
  }
  if (isObject(r['package'])) {
    const p = r['package'];
    const n = [p['name'], p['version']].filter((x) => typeof x === 'string' && x).join('@');
    if (n) parts.push(`package=${n}`);
  }
  return parts.join(' ');
}

function firstString(v: unknown): string | undefined {
  return Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
}
