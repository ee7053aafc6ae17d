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
import { normalisePath } from '../model/paths.js';
import { severityFromWord } from '../model/severity.js';
import type { Artifact, Category, Finding, Location, PackageRef, Suppression } from '../model/types.js';
import { packageFingerprint } from '../model/vulnerability.js';
import { expectObject, isObject, optionalArray, optionalPosition, optionalString, requiredString, firstLine, stringField, type JsonObject, findingsArtifact } from './shape.js';
import type { SourceFile } from './source.js';
import type { ParseOptions, Parser } from './types.js';

/** Result classes whose `Target` is a file path in the scanned tree (os-pkgs targets name an image). */
const FILE_CLASSES = new Set(['lang-pkgs', 'config', 'secret', 'license-file']);

interface Ctx {
  file: string;
  opts: ParseOptions;
  out: Finding[];
}

interface ResultScope {
  target: string | undefined;
  cls: string | undefined;
  type: string | undefined;
  /** `namespace/Kind/name` for Kubernetes resources. */
  resource: string | undefined;
}

export const trivy = {
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
  parse(f: SourceFile, opts: ParseOptions): Artifact {
    const doc = f.json();
    const ctx: Ctx = { file: f.path, opts, out: [] };
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
} satisfies Parser;

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
    const vulns = optionalArray(ctx.file, r['Vulnerabilities'], `${rp}.Vulnerabilities`);
    for (let j = 0; j < vulns.length; j++) ctx.out.push(vulnerability(ctx, scope, vulns[j], `${rp}.Vulnerabilities[${j}]`));
    const misconfs = optionalArray(ctx.file, r['Misconfigurations'], `${rp}.Misconfigurations`);
    for (let j = 0; j < misconfs.length; j++) {
      const m = misconfiguration(ctx, scope, misconfs[j], `${rp}.Misconfigurations[${j}]`);
      if (m) ctx.out.push(m);
    }
    const secrets = optionalArray(ctx.file, r['Secrets'], `${rp}.Secrets`);
    for (let j = 0; j < secrets.length; j++) ctx.out.push(secret(ctx, scope, secrets[j], `${rp}.Secrets[${j}]`));
    const licenses = optionalArray(ctx.file, r['Licenses'], `${rp}.Licenses`);
    for (let j = 0; j < licenses.length; j++) ctx.out.push(license(ctx, scope, licenses[j], `${rp}.Licenses[${j}]`));
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
      if (type === 'vulnerability') found = vulnerability(ctx, scope, m['Finding'], fp);
      else if (type === 'misconfiguration') found = misconfiguration(ctx, scope, m['Finding'], fp, true);
      else if (type === 'secret') found = secret(ctx, scope, m['Finding'], fp);
      else if (type === 'license') found = license(ctx, scope, m['Finding'], fp);
      else throw parseError(ctx.file, `${mp}.Type`, `unknown finding type "${type}" (expected vulnerability, misconfiguration, secret or license)`);
      if (found) ctx.out.push({ ...found, suppressed: true, suppression });
    }
  }
}

function fileLocation(ctx: Ctx, scope: ResultScope, line?: number, endLine?: number): Location | undefined {
  if (!scope.target || scope.resource !== undefined || !scope.cls || !FILE_CLASSES.has(scope.cls)) return undefined;
  const loc: Location = { path: normalisePath(scope.target, ctx.opts) };
  if (line !== undefined) loc.line = line;
  if (endLine !== undefined && line !== undefined && endLine > line) loc.endLine = endLine;
  return loc;
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

function vulnerability(ctx: Ctx, scope: ResultScope, v: unknown, path: string): Finding {
  const o = expectObject(ctx.file, v, path);
  const s = (k: string) => stringField(ctx.file, o, k, path);
  const id = requiredString(ctx.file, o['VulnerabilityID'], `${path}.VulnerabilityID`);
  const name = requiredString(ctx.file, o['PkgName'], `${path}.PkgName`);
  const version = s('InstalledVersion');
  const fixed = s('FixedVersion');
  const title = s('Title');
  const pkg: PackageRef = { name };
  if (version !== undefined) pkg.version = version;
  if (fixed !== undefined) pkg.fixedVersion = fixed;
  if (scope.type !== undefined) pkg.ecosystem = scope.type;
  if (isObject(o['PkgIdentifier'])) {
    const purl = optionalString(ctx.file, o['PkgIdentifier']['PURL'], `${path}.PkgIdentifier.PURL`);
    if (purl !== undefined) pkg.purl = purl;
  }
  const headline = title ?? firstLine(s('Description')) ?? id;
  const f = base(id, 'vulnerability', s('Severity'), withResource(scope, `${name}${version ? ` ${version}` : ''}: ${headline}`), packageFingerprint(id, pkg));
  f.package = pkg;
  if (title !== undefined) f.title = title;
  const pkgPath = s('PkgPath');
  const loc = pkgPath ? { path: normalisePath(pkgPath, ctx.opts) } : fileLocation(ctx, scope);
  if (loc) f.location = loc;
  const url = s('PrimaryURL');
  if (url !== undefined) f.url = url;
  const aliases = [...strings(ctx, o['VendorIDs'], `${path}.VendorIDs`), ...strings(ctx, o['CweIDs'], `${path}.CweIDs`)];
  if (aliases.length) f.aliases = aliases;
  return f;
}

function misconfiguration(ctx: Ctx, scope: ResultScope, v: unknown, path: string, modified = false): Finding | undefined {
  const o = expectObject(ctx.file, v, path);
  const s = (k: string) => stringField(ctx.file, o, k, path);
  const status = s('Status');
  // PASS is a check that passed, not a finding (trivy --include-non-failures).
  if (status === 'PASS' && !modified) return undefined;
  const id = s('ID') ?? s('AVDID') ?? requiredString(ctx.file, o['ID'], `${path}.ID`);
  const title = s('Title');
  const message = s('Message') ?? title ?? id;
  const cause = isObject(o['CauseMetadata']) ? o['CauseMetadata'] : {};
  const line = optionalPosition(ctx.file, cause['StartLine'], `${path}.CauseMetadata.StartLine`);
  const endLine = optionalPosition(ctx.file, cause['EndLine'], `${path}.CauseMetadata.EndLine`);
  const causeResource = optionalString(ctx.file, cause['Resource'], `${path}.CauseMetadata.Resource`);
  const fp = fingerprintOf('trivy-misconfiguration', id, scope.resource, scope.target, causeResource, normaliseSnippet(message));
  const f = base(id, 'misconfiguration', s('Severity'), withResource(scope, message), fp);
  if (title !== undefined) f.title = title;
  const loc = fileLocation(ctx, scope, line, endLine);
  if (loc) f.location = loc;
  const url = s('PrimaryURL');
  if (url !== undefined) f.url = url;
  const avd = s('AVDID');
  if (avd !== undefined && avd !== id) f.aliases = [avd];
  if (status === 'EXCEPTION') {
    f.suppressed = true;
    f.suppression = { kind: 'exception', justification: 'Trivy policy exception (Status EXCEPTION)' };
  }
  return f;
}

function secret(ctx: Ctx, scope: ResultScope, v: unknown, path: string): Finding {
  const o = expectObject(ctx.file, v, path);
  const s = (k: string) => stringField(ctx.file, o, k, path);
  const id = requiredString(ctx.file, o['RuleID'], `${path}.RuleID`);
  const title = s('Title') ?? id;
  const line = optionalPosition(ctx.file, o['StartLine'], `${path}.StartLine`);
  const endLine = optionalPosition(ctx.file, o['EndLine'], `${path}.EndLine`);
  // Trivy masks the secret in Match and Code (`****`), but the model never carries either:
  // the fingerprint hashes the masked match so it survives line shifts without holding text.
  const fp = fingerprintOf('trivy-secret', id, scope.resource, scope.target, normaliseSnippet(s('Match')));
  const category = s('Category');
  const f = base(id, 'secret', s('Severity'), withResource(scope, `${title}${category ? ` (${category})` : ''}`), fp);
  f.title = title;
  const loc = fileLocation(ctx, { ...scope, cls: scope.cls ?? 'secret' }, line, endLine);
  if (loc) f.location = loc;
  return f;
}

function license(ctx: Ctx, scope: ResultScope, v: unknown, path: string): Finding {
  const o = expectObject(ctx.file, v, path);
  const s = (k: string) => stringField(ctx.file, o, k, path);
  const name = requiredString(ctx.file, o['Name'], `${path}.Name`);
  const pkgName = s('PkgName');
  const filePath = s('FilePath');
  const category = s('Category');
  const subject = pkgName ?? filePath ?? scope.target ?? 'the scanned artifact';
  const fp = fingerprintOf('trivy-license', name, scope.resource, scope.target, pkgName, filePath);
  const f = base(name, 'license', s('Severity'), withResource(scope, `${subject}: license ${name}${category ? ` (${category})` : ''}`), fp);
  if (pkgName !== undefined) f.package = { name: pkgName };
  const loc = filePath ? { path: normalisePath(filePath, ctx.opts) } : fileLocation(ctx, scope);
  if (loc) f.location = loc;
  const url = s('Link');
  if (url !== undefined) f.url = url;
  return f;
}

function strings(ctx: Ctx, v: unknown, path: string): string[] {
  const list = optionalArray(ctx.file, v, path);
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const s = optionalString(ctx.file, list[i], `${path}[${i}]`);
    if (s !== undefined) out.push(s);
  }
  return out;
}
