/**
 * CycloneDX JSON with a `vulnerabilities` section (VDR / VEX) — https://cyclonedx.org/docs/1.6/json/#vulnerabilities
 * (the same section since spec 1.4). Trivy (`--format cyclonedx`), Grype (`-o cyclonedx-json`)
 * and other scanners emit it.
 *
 * - One finding per vulnerability and affected component (`affects[].ref`, resolved through
 *   `components[].bom-ref`, nested components and `metadata.component` included; a ref that
 *   resolves to nothing but is a purl gives the package from the purl). A vulnerability with
 *   no `affects` is one finding without a package.
 * - Severity: the most severe of its `ratings` (§ vulnerabilities.ratings). A rating's
 *   `severity` word is taken as is (`none` → info); a rating with only a CVSS `score` maps
 *   through the documented score scale. No ratings, or only `unknown` → unknown (never dropped).
 * - `analysis.state` (§ vulnerabilities.analysis, VEX) `not_affected`, `false_positive`,
 *   `resolved` or `resolved_with_pedigree` → suppressed, with the justification.
 *
 * A CycloneDX document WITHOUT a `vulnerabilities` key is an SBOM (an inventory, e.g. from
 * Syft), not a scan result: it is refused with E_INPUT rather than read as "0 vulnerabilities",
 * because nothing scanned it. Scanners that did scan write the key, as an empty list when they
 * found nothing (Trivy's golden `vulnerabilities: []`).
 */
import { GatecheckError, parseError } from '../errors.js';
import { fingerprintOf } from '../model/fingerprint.js';
import { isAtLeast, severityFromScore, severityFromWord } from '../model/severity.js';
import type { Artifact, Finding, PackageRef, Severity, Tool } from '../model/types.js';
import { packageFingerprint, parsePurl } from '../model/vulnerability.js';
import { expectObject, firstLine, isObject, optionalArray, optionalNumber, optionalString, type JsonObject, findingsArtifact } from './shape.js';
import type { SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';

const VEX_SUPPRESSED = new Set(['not_affected', 'false_positive', 'resolved', 'resolved_with_pedigree']);

export const cyclonedxFormat = {
  id: 'cyclonedx',
  kind: 'findings',
  description: 'CycloneDX JSON with a vulnerabilities section (Trivy, Grype, Syft+scanner VDR/VEX)',
  detect: (f: SourceFile) => f.looksLikeJson && f.head.startsWith('{') && /"bomFormat"\s*:\s*"CycloneDX"/.test(f.head),
} satisfies ParserFormat;

export const cyclonedx = /* @__PURE__ */ defineParser(cyclonedxFormat, {
  parse(f: SourceFile): Artifact {
    const root = expectObject(f.path, f.json(), '');
    if (root['bomFormat'] !== 'CycloneDX') throw parseError(f.path, 'bomFormat', 'not a CycloneDX document (bomFormat is not "CycloneDX")');
    const tool = producer(root);
    if (!('vulnerabilities' in root)) {
      throw new GatecheckError(
        'E_INPUT',
        `CycloneDX document without a "vulnerabilities" section${tool ? ` (written by ${tool.name})` : ''}: an SBOM lists components, it is not a vulnerability scan; scan it (e.g. \`grype sbom:FILE -o cyclonedx-json\` or \`trivy sbom --format cyclonedx FILE\`) and give that report`,
        { file: f.path },
      );
    }
    const components = new Map<string, JsonObject>();
    indexComponents(f.path, root['components'], 'components', components);
    if (isObject(root['metadata']) && isObject(root['metadata']['component'])) indexComponent(root['metadata']['component'], components);
    const vulns = optionalArray(f.path, root['vulnerabilities'], 'vulnerabilities');
    const out: Finding[] = [];
    for (let i = 0; i < vulns.length; i++) readVulnerability(f.path, vulns[i], `vulnerabilities[${i}]`, components, out);
    return findingsArtifact('cyclonedx', f.path, tool?.name ?? 'cyclonedx', tool?.version, out);
  },
});

/** metadata.tools: an array of {vendor, name, version} (1.4) or {components: [...]} (1.5+). */
function producer(root: JsonObject): Tool | undefined {
  const meta = root['metadata'];
  if (!isObject(meta)) return undefined;
  const tools = meta['tools'];
  const list = Array.isArray(tools) ? tools : isObject(tools) && Array.isArray(tools['components']) ? tools['components'] : [];
  for (const t of list) {
    if (!isObject(t) || typeof t['name'] !== 'string' || !t['name']) continue;
    const tool: Tool = { name: t['name'].toLowerCase() };
    if (typeof t['version'] === 'string' && t['version']) tool.version = t['version'];
    return tool;
  }
  return undefined;
}

function indexComponents(file: string, v: unknown, path: string, into: Map<string, JsonObject>): void {
  const list = optionalArray(file, v, path);
  for (let i = 0; i < list.length; i++) {
    const c = expectObject(file, list[i], `${path}[${i}]`);
    indexComponent(c, into);
    if (c['components'] !== undefined) indexComponents(file, c['components'], `${path}[${i}].components`, into);
  }
}

function indexComponent(c: JsonObject, into: Map<string, JsonObject>): void {
  const ref = c['bom-ref'];
  if (typeof ref === 'string' && ref) into.set(ref, c);
}

function readVulnerability(file: string, v: unknown, path: string, components: Map<string, JsonObject>, out: Finding[]): void {
  const o = expectObject(file, v, path);
  const id = optionalString(file, o['id'], `${path}.id`) ?? optionalString(file, o['bom-ref'], `${path}.bom-ref`);
  if (id === undefined) throw parseError(file, `${path}.id`, 'is missing (a vulnerability needs an id or bom-ref)');
  const severity = highestRating(file, o['ratings'], `${path}.ratings`);
  const description = optionalString(file, o['description'], `${path}.description`);
  const detail = optionalString(file, o['detail'], `${path}.detail`);
  const headline = firstLine(description) ?? firstLine(detail) ?? id;
  const fixed = fixedFromRecommendation(optionalString(file, o['recommendation'], `${path}.recommendation`));
  let suppression: Finding['suppression'];
  if (isObject(o['analysis'])) {
    const a = o['analysis'];
    const state = optionalString(file, a['state'], `${path}.analysis.state`);
    if (state !== undefined && VEX_SUPPRESSED.has(state)) {
      const why = [state, optionalString(file, a['justification'], `${path}.analysis.justification`), optionalString(file, a['detail'], `${path}.analysis.detail`)];
      suppression = { kind: 'vex', justification: why.filter(Boolean).join(': ') };
    }
  }
  const cwes = optionalArray(file, o['cwes'], `${path}.cwes`)
    .filter((c): c is number => typeof c === 'number')
    .map((c) => `CWE-${c}`);
  const url = isObject(o['source']) ? optionalString(file, o['source']['url'], `${path}.source.url`) : undefined;

  const make = (pkg: PackageRef | undefined): Finding => {
    const f: Finding = {
      ruleId: id,
      severity: severity.severity,
      category: 'vulnerability',
      message: pkg ? `${pkg.name}${pkg.version ? ` ${pkg.version}` : ''}: ${headline}` : headline,
      fingerprint: pkg ? packageFingerprint(id, pkg) : fingerprintOf('cyclonedx', id),
      suppressed: suppression !== undefined,
    };
    if (severity.word !== undefined) f.toolSeverity = severity.word;
    if (pkg) f.package = pkg;
    if (suppression) f.suppression = suppression;
    if (cwes.length) f.aliases = cwes;
    if (url !== undefined) f.url = url;
    return f;
  };

  const affects = optionalArray(file, o['affects'], `${path}.affects`);
  if (affects.length === 0) {
    out.push(make(undefined));
    return;
  }
  for (let j = 0; j < affects.length; j++) {
    const ap = `${path}.affects[${j}]`;
    const a = expectObject(file, affects[j], ap);
    const ref = optionalString(file, a['ref'], `${ap}.ref`);
    const pkg = ref === undefined ? undefined : resolvePackage(ref, components);
    if (pkg && pkg.version === undefined) {
      // CycloneDX 1.4+: affects[].versions[] lists the affected versions when the component has none.
      for (const ver of optionalArray(file, a['versions'], `${ap}.versions`)) {
        if (isObject(ver) && typeof ver['version'] === 'string' && ver['status'] !== 'unaffected') {
          pkg.version = ver['version'];
          break;
        }
      }
    }
    if (pkg && fixed !== undefined && (fixed.name === undefined || fixed.name === pkg.name)) pkg.fixedVersion = fixed.version;
    out.push(make(pkg));
  }
}

function resolvePackage(ref: string, components: Map<string, JsonObject>): PackageRef | undefined {
  const c = components.get(ref);
  if (c && typeof c['name'] === 'string' && c['name']) {
    const group = typeof c['group'] === 'string' && c['group'] ? c['group'] : undefined;
    const pkg: PackageRef = { name: c['name'] };
    if (typeof c['version'] === 'string' && c['version']) pkg.version = c['version'];
    const purl = typeof c['purl'] === 'string' && c['purl'] ? c['purl'] : undefined;
    if (purl) {
      pkg.purl = purl;
      const p = parsePurl(purl);
      if (p) pkg.ecosystem = p.type;
    } else if (group) {
      pkg.name = `${group}/${c['name']}`;
    }
    return pkg;
  }
  const p = parsePurl(ref);
  if (!p) return undefined;
  const pkg: PackageRef = { name: p.name, ecosystem: p.type, purl: ref };
  if (p.version !== undefined) pkg.version = p.version;
  return pkg;
}

/**
 * The most severe rating. A `severity` word wins over a score in the same rating; a score
 * alone maps through the CVSS scale (only for CVSS methods or no method: OWASP and other
 * methods use other scales).
 */
function highestRating(file: string, v: unknown, path: string): { severity: Severity; word?: string } {
  const ratings = optionalArray(file, v, path);
  let best: { severity: Severity; word?: string } = { severity: 'unknown' };
  for (let i = 0; i < ratings.length; i++) {
    const r = expectObject(file, ratings[i], `${path}[${i}]`);
    const word = optionalString(file, r['severity'], `${path}[${i}].severity`);
    let s: Severity | undefined;
    if (word !== undefined) s = word.toLowerCase() === 'none' ? 'info' : severityFromWord(word);
    if (s === undefined || s === 'unknown') {
      const method = optionalString(file, r['method'], `${path}[${i}].method`);
      const score = optionalNumber(file, r['score'], `${path}[${i}].score`);
      if (score !== undefined && (method === undefined || /^CVSSv/i.test(method))) s = severityFromScore(score);
    }
    if (s !== undefined && s !== 'unknown' && (best.severity === 'unknown' || !isAtLeast(best.severity, s))) {
      best = word !== undefined ? { severity: s, word } : { severity: s };
    }
  }
  return best;
}

/** Trivy writes the fix as `recommendation: "Upgrade NAME to version X"`; nothing else is read from the free text. */
function fixedFromRecommendation(text: string | undefined): { name?: string; version: string } | undefined {
  const m = text ? /^Upgrade (\S+) to version (.+)$/.exec(text.trim()) : null;
  return m ? { name: m[1]!, version: m[2]!.trim() } : undefined;
}
