/**
 * Trivy JSON reports — https://trivy.dev/latest/docs/configuration/reporting/#json
 * (Go types: aquasecurity/trivy `pkg/types/report.go`, `pkg/types/finding.go`).
 *
 * Shapes read:
 * - SchemaVersion 2: `{SchemaVersion, Trivy?, ArtifactName, Results: [{Target, Class, Type,
 *   Vulnerabilities?, Misconfigurations?, Secrets?, Licenses?, ExperimentalModifiedFindings?}]}`.
 *   Every list is `omitempty` in Trivy's Go types, so a missing key is an empty list.
 * - legacy (before SchemaVersion, Trivy < 0.20): a bare array of results; the file `null`
 *   is what those versions wrote for "no findings" (valid, zero findings).
 * - Kubernetes (`trivy k8s --format json`): `{ClusterName, Vulnerabilities|Misconfigurations|Resources:
 *   [{Namespace, Kind, Name, Results}]}`.
 *
 * Misconfigurations: only `Status: FAIL` is a finding (`PASS` entries appear with
 * `--include-non-failures` and are not findings); `EXCEPTION` (excepted by a Rego exception)
 * is kept as suppressed. `ExperimentalModifiedFindings` (findings a VEX document or
 * `.trivyignore` turned off: `{Type, Status, Statement, Source, Finding}`) are kept as suppressed.
 */
import { parseError } from '../errors.js';
import { fingerprintOf, normaliseSnippet } from '../model/fingerprint.js';
import { severityFromWord } from '../model/severity.js';
import type { Artifact, Category, Finding, Location, PackageRef, Suppression } from '../model/types.js';
import { packageFingerprint } from '../model/vulnerability.js';
import { pathNormaliser } from './finding-helpers.js';
import { expectObject, isObject, jsonType, optionalArray, stringField, optionalPosition, optionalString, requiredString, firstLine, type JsonObject, findingsArtifact } from './shape.js';
import type { SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';
import { quote } from '../util/quote.js';

/** Result classes whose `Target` is a file path in the scanned tree (os-pkgs targets name an image). */
const FILE_CLASSES = new Set(['lang-pkgs', 'config', 'secret', 'license-file']);

interface Ctx {
  file: string;
  /** normalisePath with the parse options, cached per raw path. */
  normalise: (raw: string) => string;
  /** normaliseSnippet results by input text: check messages and masked matches repeat across targets. */
  snippets: Map<string, string>;
  out: Finding[];
}

interface ResultScope {
  target: string | undefined;
  cls: string | undefined;
  type: string | undefined;
  /** `namespace/Kind/name` for Kubernetes resources. */
  resource: string | undefined;
}

export const trivyFormat = {
  id: 'trivy',
  kind: 'findings',
  description: 'Trivy JSON (SchemaVersion 2, legacy array, Kubernetes): vulnerabilities, misconfigurations, secrets, licenses',
  detect(f: SourceFile): boolean {
    if (!f.looksLikeJson) return false;
    const h = f.head;
    if (h.startsWith('{')) {
      if (/^\{\s*"SchemaVersion"\s*:\s*\d/.test(h) || (/"SchemaVersion"\s*:\s*\d/.test(h) && /"Artifact(Name|Type)"\s*:|"Results"\s*:/.test(h))) {
        return true;
      }
      return /^\{\s*"ClusterName"\s*:/.test(h);
    }
    // Legacy: a bare array of results, each opening with "Target".
    return /^\[\s*\{\s*"Target"\s*:/.test(h);
  },
} satisfies ParserFormat;

export const trivy = /* @__PURE__ */ defineParser(trivyFormat, {
  parse(f: SourceFile, opts: ParseOptions): Artifact {
    const doc = f.json();
    const ctx: Ctx = { file: f.path, normalise: pathNormaliser(opts), snippets: new Map(), out: [] };
    let version: string | undefined;
    if (doc === null) {
      // Legacy Trivy wrote `null` when nothing was found: a valid, empty report.
    } else if (Array.isArray(doc)) {
      readResults(ctx, doc, '', undefined);
    } else {
      const root = expectObject(f.path, doc, '');
      if (isObject(root['Trivy'])) version = optionalString(f.path, root['Trivy']['Version'], 'Trivy.Version');
      if ('ClusterName' in root) {
        readKubernetes(ctx, root);
      } else if ('SchemaVersion' in root || 'Results' in root) {
        readResults(ctx, root['Results'], 'Results', undefined);
      } else {
        throw parseError(f.path, undefined, 'not a Trivy report: expected SchemaVersion and Results, a ClusterName, or a legacy array of results');
      }
    }
    return findingsArtifact('trivy', f.path, 'trivy', version, ctx.out);
  },
});

function readKubernetes(ctx: Ctx, root: JsonObject): void {
  for (const key of ['Resources', 'Vulnerabilities', 'Misconfigurations']) {
    const list = optionalArray(ctx.file, root[key], key);
    list.forEach((r, i) => {
      const path = `${key}[${i}]`;
      const res = expectObject(ctx.file, r, path);
      const parts = [res['Namespace'], res['Kind'], res['Name']].filter((p): p is string => typeof p === 'string' && p !== '');
      readResults(ctx, res['Results'], `${path}.Results`, parts.join('/') || undefined);
    });
  }
}

function readResults(ctx: Ctx, v: unknown, path: string, resource: string | undefined): void {
  const results = optionalArray(ctx.file, v, path || '(root)');
  for (let i = 0; i < results.length; i++) {
    const rp = `${path}[${i}]`;
    const r = expectObject(ctx.file, results[i], rp);
    const scope: ResultScope = {
      target: stringField(ctx.file, r, 'Target', rp),
      cls: stringField(ctx.file, r, 'Class', rp),
      type: stringField(ctx.file, r, 'Type', rp),
      resource,
    };
    // Entry key paths (`Results[3].Vulnerabilities[7]`) are built only when an entry is malformed.
    const vl = `${rp}.Vulnerabilities`;
    const vulns = optionalArray(ctx.file, r['Vulnerabilities'], vl);
    for (let j = 0; j < vulns.length; j++) ctx.out.push(vulnerability(ctx, scope, vulns[j], vl, j));
    const ml = `${rp}.Misconfigurations`;
    const misconfs = optionalArray(ctx.file, r['Misconfigurations'], ml);
    for (let j = 0; j < misconfs.length; j++) {
      const m = misconfiguration(ctx, scope, misconfs[j], ml, j);
      if (m) ctx.out.push(m);
    }
    const sl = `${rp}.Secrets`;
    const secrets = optionalArray(ctx.file, r['Secrets'], sl);
    for (let j = 0; j < secrets.length; j++) ctx.out.push(secret(ctx, scope, secrets[j], sl, j));
    const ll = `${rp}.Licenses`;
    const licenses = optionalArray(ctx.file, r['Licenses'], ll);
    for (let j = 0; j < licenses.length; j++) ctx.out.push(license(ctx, scope, licenses[j], ll, j));
    const modified = optionalArray(ctx.file, r['ExperimentalModifiedFindings'], `${rp}.ExperimentalModifiedFindings`);
    for (let j = 0; j < modified.length; j++) {
      const mp = `${rp}.ExperimentalModifiedFindings[${j}]`;
      const m = expectObject(ctx.file, modified[j], mp);
      const type = requiredString(ctx.file, m['Type'], `${mp}.Type`);
      const status = optionalString(ctx.file, m['Status'], `${mp}.Status`);
      const statement = optionalString(ctx.file, m['Statement'], `${mp}.Statement`);
      const src = optionalString(ctx.file, m['Source'], `${mp}.Source`);
      const why = [statement, src].filter(Boolean).join(' — ');
      const suppression: Suppression = { kind: status === 'not_affected' ? 'vex' : 'ignored', ...(why ? { justification: why } : {}) };
      const fp = `${mp}.Finding`;
      let found: Finding | undefined;
      if (type === 'vulnerability') found = vulnerability(ctx, scope, m['Finding'], fp, -1);
      else if (type === 'misconfiguration') found = misconfiguration(ctx, scope, m['Finding'], fp, -1, true);
      else if (type === 'secret') found = secret(ctx, scope, m['Finding'], fp, -1);
      else if (type === 'license') found = license(ctx, scope, m['Finding'], fp, -1);
      else throw parseError(ctx.file, `${mp}.Type`, `unknown finding type ${quote(type)} (expected vulnerability, misconfiguration, secret or license)`);
      if (found) ctx.out.push({ ...found, suppressed: true, suppression });
    }
  }
}

function fileLocation(ctx: Ctx, scope: ResultScope, line?: number, endLine?: number): Location | undefined {
  if (!scope.target || scope.resource !== undefined || !scope.cls || !FILE_CLASSES.has(scope.cls)) return undefined;
  const path = ctx.normalise(scope.target);
  if (line === undefined) return { path };
  return endLine !== undefined && endLine > line ? { path, line, endLine } : { path, line };
}

/** normaliseSnippet, cached per input text for the report. */
function snippet(ctx: Ctx, text: string | undefined): string {
  if (text === undefined) return '';
  let n = ctx.snippets.get(text);
  if (n === undefined) {
    n = normaliseSnippet(text);
    ctx.snippets.set(text, n);
  }
  return n;
}

/** The key path of entry `j` of `list` (`j < 0`: `list` names the entry itself); built only for error messages. */
function entryPath(list: string, j: number): string {
  return j < 0 ? list : `${list}[${j}]`;
}

/** `o[key]` as an optional string (empty = absent); a wrong type is E_PARSE naming the key path, built only then. */
function field(ctx: Ctx, o: JsonObject, key: string, list: string, j: number): string | undefined {
  const v = o[key];
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (v === undefined || v === null) return undefined;
  throw parseError(ctx.file, `${entryPath(list, j)}.${key}`, `expected a string (got ${jsonType(v)})`);
}

/** `o[key]` as a required, non-empty string; the key path is built only on error. */
function required(ctx: Ctx, o: JsonObject, key: string, list: string, j: number): string {
  const v = o[key];
  if (typeof v === 'string' && v !== '') return v;
  return requiredString(ctx.file, v, `${entryPath(list, j)}.${key}`);
}

/** A line number (positive), as optionalPosition reads it; the key path is built only for a value that is not a number. */
function position(ctx: Ctx, o: JsonObject, key: string, list: string, j: number, sub: string): number | undefined {
  const v = o[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v >= 1 ? Math.trunc(v) : undefined;
  if (v === undefined || v === null) return undefined;
  return optionalPosition(ctx.file, v, `${entryPath(list, j)}${sub}.${key}`);
}

function severityOf(word: string | undefined): Finding['severity'] {
  return severityFromWord(word) ?? 'unknown';
}

function base(ruleId: string, category: Category, severity: string | undefined, message: string, fingerprint: string): Finding {
  const f: Finding = { ruleId, severity: severityOf(severity), category, message, fingerprint, suppressed: false };
  if (severity !== undefined) f.toolSeverity = severity;
  return f;
}

function withResource(scope: ResultScope, message: string): string {
  return scope.resource ? `${scope.resource}: ${message}` : message;
}

function vulnerability(ctx: Ctx, scope: ResultScope, v: unknown, list: string, j: number): Finding {
  const o = isObject(v) ? v : expectObject(ctx.file, v, entryPath(list, j));
  const id = required(ctx, o, 'VulnerabilityID', list, j);
  const name = required(ctx, o, 'PkgName', list, j);
  const version = field(ctx, o, 'InstalledVersion', list, j);
  const fixed = field(ctx, o, 'FixedVersion', list, j);
  const title = field(ctx, o, 'Title', list, j);
  const pid = o['PkgIdentifier'];
  const purl = isObject(pid) ? purlOf(ctx, pid, list, j) : undefined;
  const pkg = packageRef(name, version, fixed, scope.type, purl);
  const headline = title ?? firstLine(field(ctx, o, 'Description', list, j)) ?? id;
  const toolSeverity = field(ctx, o, 'Severity', list, j);
  const message = withResource(scope, version ? `${name} ${version}: ${headline}` : `${name}: ${headline}`);
  const pkgPath = field(ctx, o, 'PkgPath', list, j);
  const location = pkgPath ? { path: ctx.normalise(pkgPath) } : fileLocation(ctx, scope);
  const url = field(ctx, o, 'PrimaryURL', list, j);
  const aliases = aliasesOf(ctx, o, list, j);
  const severity = severityOf(toolSeverity);
  const fingerprint = packageFingerprint(id, pkg);
  // The usual shape (tool severity, title and url known) as one literal, allocated at its final
  // size; other shapes add their keys in the same order (the JSON output keeps one key order).
  if (toolSeverity !== undefined && title !== undefined && url !== undefined) {
    if (location === undefined) {
      if (aliases === undefined) return { ruleId: id, severity, category: 'vulnerability', message, fingerprint, suppressed: false, toolSeverity, package: pkg, title, url };
      return { ruleId: id, severity, category: 'vulnerability', message, fingerprint, suppressed: false, toolSeverity, package: pkg, title, url, aliases };
    }
    if (aliases === undefined) return { ruleId: id, severity, category: 'vulnerability', message, fingerprint, suppressed: false, toolSeverity, package: pkg, title, location, url };
    return { ruleId: id, severity, category: 'vulnerability', message, fingerprint, suppressed: false, toolSeverity, package: pkg, title, location, url, aliases };
  }
  const f = base(id, 'vulnerability', toolSeverity, message, fingerprint);
  f.package = pkg;
  if (title !== undefined) f.title = title;
  if (location) f.location = location;
  if (url !== undefined) f.url = url;
  if (aliases !== undefined) f.aliases = aliases;
  return f;
}

function misconfiguration(ctx: Ctx, scope: ResultScope, v: unknown, list: string, j: number, modified = false): Finding | undefined {
  const o = isObject(v) ? v : expectObject(ctx.file, v, entryPath(list, j));
  const status = field(ctx, o, 'Status', list, j);
  // PASS is a check that passed, not a finding (trivy --include-non-failures).
  if (status === 'PASS' && !modified) return undefined;
  const ownId = field(ctx, o, 'ID', list, j);
  const avd = field(ctx, o, 'AVDID', list, j);
  const id = ownId ?? avd ?? required(ctx, o, 'ID', list, j);
  const title = field(ctx, o, 'Title', list, j);
  const message = field(ctx, o, 'Message', list, j) ?? title ?? id;
  const cm = o['CauseMetadata'];
  const cause = isObject(cm) ? cm : {};
  const line = position(ctx, cause, 'StartLine', list, j, '.CauseMetadata');
  const endLine = position(ctx, cause, 'EndLine', list, j, '.CauseMetadata');
  const cr = cause['Resource'];
  const causeResource = typeof cr === 'string' ? cr || undefined : optionalString(ctx.file, cr, `${entryPath(list, j)}.CauseMetadata.Resource`);
  const fp = fingerprintOf('trivy-misconfiguration', id, scope.resource, scope.target, causeResource, snippet(ctx, message));
  const f = base(id, 'misconfiguration', field(ctx, o, 'Severity', list, j), withResource(scope, message), fp);
  if (title !== undefined) f.title = title;
  const loc = fileLocation(ctx, scope, line, endLine);
  if (loc) f.location = loc;
  const url = field(ctx, o, 'PrimaryURL', list, j);
  if (url !== undefined) f.url = url;
  if (avd !== undefined && avd !== id) f.aliases = [avd];
  if (status === 'EXCEPTION') {
    f.suppressed = true;
    f.suppression = { kind: 'exception', justification: 'Trivy policy exception (Status EXCEPTION)' };
  }
  return f;
}

function secret(ctx: Ctx, scope: ResultScope, v: unknown, list: string, j: number): Finding {
  const o = isObject(v) ? v : expectObject(ctx.file, v, entryPath(list, j));
  const id = required(ctx, o, 'RuleID', list, j);
  const title = field(ctx, o, 'Title', list, j) ?? id;
  const line = position(ctx, o, 'StartLine', list, j, '');
  const endLine = position(ctx, o, 'EndLine', list, j, '');
  // Trivy masks the secret in Match and Code (`****`), but the model never carries either:
  // the fingerprint hashes the masked match so it survives line shifts without holding text.
  const fp = fingerprintOf('trivy-secret', id, scope.resource, scope.target, snippet(ctx, field(ctx, o, 'Match', list, j)));
  const category = field(ctx, o, 'Category', list, j);
  const f = base(id, 'secret', field(ctx, o, 'Severity', list, j), withResource(scope, `${title}${category ? ` (${category})` : ''}`), fp);
  f.title = title;
  const loc = fileLocation(ctx, scope.cls !== undefined ? scope : { ...scope, cls: 'secret' }, line, endLine);
  if (loc) f.location = loc;
  return f;
}

function license(ctx: Ctx, scope: ResultScope, v: unknown, list: string, j: number): Finding {
  const o = isObject(v) ? v : expectObject(ctx.file, v, entryPath(list, j));
  const name = required(ctx, o, 'Name', list, j);
  const pkgName = field(ctx, o, 'PkgName', list, j);
  const filePath = field(ctx, o, 'FilePath', list, j);
  const category = field(ctx, o, 'Category', list, j);
  const subject = pkgName ?? filePath ?? scope.target ?? 'the scanned artifact';
  const fp = fingerprintOf('trivy-license', name, scope.resource, scope.target, pkgName, filePath);
  const f = base(name, 'license', field(ctx, o, 'Severity', list, j), withResource(scope, `${subject}: license ${name}${category ? ` (${category})` : ''}`), fp);
  if (pkgName !== undefined) f.package = { name: pkgName };
  const loc = filePath ? { path: ctx.normalise(filePath) } : fileLocation(ctx, scope);
  if (loc) f.location = loc;
  const url = field(ctx, o, 'Link', list, j);
  if (url !== undefined) f.url = url;
  return f;
}

function purlOf(ctx: Ctx, pid: JsonObject, list: string, j: number): string | undefined {
  const v = pid['PURL'];
  if (typeof v === 'string') return v === '' ? undefined : v;
  return optionalString(ctx.file, v, `${entryPath(list, j)}.PkgIdentifier.PURL`);
}

/** A PackageRef with its keys in the model's order; the usual shapes are one literal each (allocated at their final size). */
function packageRef(name: string, version: string | undefined, fixedVersion: string | undefined, ecosystem: string | undefined, purl: string | undefined): PackageRef {
  if (version !== undefined && ecosystem !== undefined) {
    if (fixedVersion !== undefined) return purl !== undefined ? { name, version, fixedVersion, ecosystem, purl } : { name, version, fixedVersion, ecosystem };
    return purl !== undefined ? { name, version, ecosystem, purl } : { name, version, ecosystem };
  }
  const pkg: PackageRef = { name };
  if (version !== undefined) pkg.version = version;
  if (fixedVersion !== undefined) pkg.fixedVersion = fixedVersion;
  if (ecosystem !== undefined) pkg.ecosystem = ecosystem;
  if (purl !== undefined) pkg.purl = purl;
  return pkg;
}

/** The vulnerability's other ids: `VendorIDs` then `CweIDs`, each an optional list of strings (empty ones skipped); wrong types are E_PARSE. */
function aliasesOf(ctx: Ctx, o: JsonObject, list: string, j: number): string[] | undefined {
  const vendor = stringList(ctx, o, 'VendorIDs', list, j);
  const cwe = stringList(ctx, o, 'CweIDs', list, j);
  if (vendor === undefined) return cwe;
  return cwe === undefined ? vendor : vendor.concat(cwe);
}

/**
 * The optional list `o[key]` as a new array of its non-empty strings, or undefined when it is
 * absent or holds none. The usual all-strings list is copied whole (`slice`, allocated at its
 * final size; pushing into an empty array reserves room for 17 entries).
 */
function stringList(ctx: Ctx, o: JsonObject, key: string, list: string, j: number): string[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw parseError(ctx.file, `${entryPath(list, j)}.${key}`, `expected an array (got ${jsonType(v)})`);
  let clean = true;
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (typeof x !== 'string' || x === '') {
      clean = false;
      break;
    }
  }
  if (clean) return v.length > 0 ? (v.slice() as string[]) : undefined;
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    const s = typeof x === 'string' ? (x === '' ? undefined : x) : optionalString(ctx.file, x, `${entryPath(list, j)}.${key}[${i}]`);
    if (s !== undefined) out.push(s);
  }
  return out.length > 0 ? out : undefined;
}
