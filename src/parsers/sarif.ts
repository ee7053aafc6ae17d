/**
 * SARIF 2.1.0 from any producer.
 * Spec: OASIS "Static Analysis Results Interchange Format (SARIF) Version 2.1.0",
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html (section numbers below).
 *
 * One artifact per `run` (§3.14); a log with `runs: []` is a valid report with zero findings
 * and gives one empty artifact. Producer quirks handled (see docs/findings-sarif-lint.md):
 * - CodeQL / LGTM: results carry no `level`; severity is on the rule (`security-severity`,
 *   `problem.severity`); rules may live in `tool.extensions` (result.rule.toolComponent).
 * - Semgrep: `security-severity` is a word ("HIGH"); the fingerprint may be the placeholder
 *   "requires login", which is not a fingerprint.
 * - gosec: `level` folds MEDIUM and HIGH into `error`; the real severity is a rule tag.
 * - Bandit: the severity is `issue_severity` in the result's property bag.
 * - golangci-lint: no `rules` array at all; gitleaks: results without `ruleId`.
 * - Trivy / Grype / Docker Scout: vulnerabilities; the package is recovered from the purl
 *   property, the rule help or the message, and Grype's `CVE-…-<package>` rule ids are cut
 *   back to the vulnerability id so they de-duplicate against other scanners.
 */
import { parseError } from '../errors.js';
import { categoryForTool } from '../model/category.js';
import { severityFromSarifLevel, severityFromScore, severityFromWord } from '../model/severity.js';
import type { Artifact, Category, Finding, Location, PackageRef, Severity } from '../model/types.js';
import {
  expectArray,
  fingerprinter,
  isObject,
  pathNormaliser,
  posInt,
  str,
  type Json,
} from './finding-helpers.js';
import { expectObject, optionalArray } from './shape.js';
import type { SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';
import { own } from '../util/own.js';
import { quote } from '../util/quote.js';

/** Driver names that spell a known tool differently from the category table. */
const TOOL_ALIASES: Record<string, string> = {
  'lgtm.com': 'lgtm',
  nodejsscan: 'njsscan',
  'trivy vulnerability scanner': 'trivy',
};

const SEVERITY_TAGS = new Set(['critical', 'high', 'medium', 'low']);

/** CodeQL's `problem.severity` vocabulary (its query metadata), on the documented scale. */
const PROBLEM_SEVERITY: Record<string, Severity> = { error: 'high', warning: 'medium', recommendation: 'low' };

/** The end of a log whose last key is `version` "2.1.0" or a `$schema` naming SARIF (§3.13.2, §3.13.3). */
const SARIF_END = /(?:"version"\s*:\s*"2\.1\.0"|"\$schema"\s*:\s*"[^"]*sarif[^"]*")\s*\}$/i;

/** Semgrep writes this instead of a real fingerprint when not logged in. */
const PLACEHOLDER_FINGERPRINTS = new Set(['requires login', '']);

export const sarifFormat = {
  id: 'sarif',
  kind: 'findings',
  description: 'SARIF 2.1.0 from any producer (CodeQL, Semgrep, gosec, Bandit, golangci-lint, ESLint, Trivy, Grype, Docker Scout, gitleaks, …)',
  detect(f) {
    if (!f.looksLikeJson || !/"runs"\s*:\s*\[/.test(f.head)) return false;
    if (/"gatecheck"\s*:\s*"model"/.test(f.head)) return false;
    // §3.13: `version` "2.1.0" and/or a `$schema` naming SARIF; njsscan writes neither, but its runs have `tool.driver`.
    if (/"version"\s*:\s*"2\.1\.0"/.test(f.head) || /sarif/i.test(f.head.slice(0, 400)) || /"driver"\s*:\s*\{/.test(f.head)) return true;
    // gosec writes `runs` first (results before `tool`) and `$schema`/`version` last: once its results
    // pass the head, the log's own last keys (§3.13.2 `version`, §3.13.3 `$schema`) say SARIF.
    return SARIF_END.test(f.tail);
  },
} satisfies ParserFormat;

export const sarif = /* @__PURE__ */ defineParser(sarifFormat, {
  parse: parseSarif,
});

/** Parse a SARIF log (already-parsed JSON is accepted through `f.json()`). */
export function parseSarif(f: SourceFile, options: ParseOptions): Artifact[] {
  const root = f.json();
  const log = expectObject(f.path, root, '');
  if (log['version'] !== undefined && log['version'] !== '2.1.0') {
    throw parseError(f.path, 'version', `unsupported SARIF version ${quote(log['version'])} (gatecheck reads 2.1.0)`);
  }
  const runs = expectArray(f.path, log['runs'], 'runs');
  const normalise = pathNormaliser(options);
  if (runs.length === 0) {
    return [{ format: 'sarif', tool: { name: 'sarif' }, source: f.path, payload: { kind: 'findings', findings: [] } }];
  }
  return runs.map((run, i) => parseRun(f.path, `runs[${i}]`, expectObject(f.path, run, `runs[${i}]`), normalise));
}

interface RunContext {
  file: string;
  where: string;
  driverRules: readonly unknown[];
  extensions: readonly unknown[];
  ruleById: Map<string, Json>;
  /** Rules tagged `security` or carrying security-severity (computed once per run). */
  securityRules: Set<Json>;
  /** The snippet of the last primary location read (saves a wrapper object per result). */
  snippet: string | undefined;
  baseIds: Json;
  artifacts: readonly unknown[];
  baseCategory: Category;
  toolKey: string;
  normalise: (raw: string) => string;
  pathCache: Map<string, string>;
  /** The last artifact location resolved (uri, base id) and its path. */
  lastUri: string | undefined;
  lastBaseId: string | undefined;
  lastPath: string;
  fingerprint: ReturnType<typeof fingerprinter>;
  /** Per-rule facts, worked out once per rule object rather than once per result. */
  ruleInfo: Map<Json, RuleInfo>;
}

/** What a rule contributes to each of its results (severity steps, category, title, url). */
interface RuleInfo {
  id: string | undefined;
  props: Json | undefined;
  category: Category;
  /** Rule `security-severity` mapped (step 1 of the documented order, after the result's own). */
  securitySeverity: Severity | undefined;
  /** First severity word among the rule's tags (gosec, Docker Scout). */
  tagSeverity: Severity | undefined;
  /** CodeQL `problem.severity` mapped. */
  problemSeverity: Severity | undefined;
  /** `defaultConfiguration.level` mapped. */
  defaultLevel: Severity | undefined;
  /** Raw rule `security-severity` and `problem.severity` values, for `toolSeverity`. */
  rawSecuritySeverity: unknown;
  rawProblemSeverity: unknown;
  title: string | undefined;
  url: string | undefined;
}

function parseRun(file: string, where: string, run: Json, normalise: (raw: string) => string): Artifact {
  const tool = expectObject(file, run['tool'], `${where}.tool`);
  const driver = expectObject(file, tool['driver'], `${where}.tool.driver`);
  const name = str(driver['name']) ?? 'unknown';
  const version = str(driver['version']) ?? str(driver['semanticVersion']);
  const driverRules = optionalArray(file, driver['rules'], `${where}.tool.driver.rules`);
  const extensions = optionalArray(file, tool['extensions'], `${where}.tool.extensions`);
  const ruleById = new Map<string, Json>();
  const securityRules = new Set<Json>();
  const addRules = (rules: readonly unknown[]) => {
    for (const r of rules) {
      if (!isObject(r)) continue;
      const id = str(r['id']);
      if (id !== undefined && !ruleById.has(id)) ruleById.set(id, r);
      if (isSecurityRule(r)) securityRules.add(r);
    }
  };
  addRules(driverRules);
  extensions.forEach((ext, i) => {
    if (isObject(ext)) addRules(optionalArray(file, ext['rules'], `${where}.tool.extensions[${i}].rules`));
  });
  const lower = name.trim().toLowerCase();
  const toolKey = own(TOOL_ALIASES, lower) ?? lower;
  // Unknown producers: sast when their rules look like security rules, else lint (README category table).
  const baseCategory = categoryForTool(toolKey) ?? (securityRules.size > 0 ? 'sast' : 'lint');
  const ctx: RunContext = {
    file,
    where,
    driverRules,
    extensions,
    ruleById,
    securityRules,
    snippet: undefined,
    baseIds: isObject(run['originalUriBaseIds']) ? run['originalUriBaseIds'] : {},
    artifacts: Array.isArray(run['artifacts']) ? run['artifacts'] : [],
    baseCategory,
    toolKey,
    normalise,
    pathCache: new Map(),
    lastUri: undefined,
    lastBaseId: undefined,
    lastPath: '',
    fingerprint: fingerprinter(),
    ruleInfo: new Map(),
  };
  const results = optionalArray(file, run['results'], `${where}.results`);
  const findings: Finding[] = [];
  for (let i = 0; i < results.length; i++) {
    const finding = readResult(ctx, i, results[i]);
    if (finding) findings.push(finding);
  }
  return {
    format: 'sarif',
    tool: version !== undefined ? { name, version } : { name },
    source: file,
    payload: { kind: 'findings', findings },
  };
}

function readResult(ctx: RunContext, i: number, value: unknown): Finding | undefined {
  // Key paths are built only on the error path: a string per result is a real cost on large logs.
  const result = isObject(value) ? value : expectObject(ctx.file, value, `${ctx.where}.results[${i}]`);
  // §3.27.9: `pass` and `notApplicable` results record that nothing is wrong; they are not findings.
  const kind = result['kind'];
  if (kind === 'pass' || kind === 'notApplicable') return undefined;
  const rule = findRule(ctx, result);
  const info = rule ? ruleInfoOf(ctx, rule) : undefined;
  let ruleId = str(result['ruleId']) ?? info?.id ?? (isObject(result['rule']) ? str(result['rule']['id']) : undefined);
  const rp = result['properties'];
  const resultProps = isObject(rp) ? rp : undefined;
  const message = messageText(result, rule);
  ruleId ??= 'unknown';

  const level = result['level'];
  const severity = severityOf(level, info, resultProps, kind);
  // golangci-lint's SARIF has no rules: a result's ruleId is the linter, and its gosec linter is sast (as in its JSON and checkstyle).
  const category = info ? info.category : ruleId === 'gosec' && ctx.toolKey === 'golangci-lint' ? 'sast' : ctx.baseCategory;
  const location = primaryLocation(ctx, i, result);
  const title = info !== undefined && info.title !== ruleId ? info.title : undefined;
  const url = info?.url;
  const toolSev = toolSeverityText(info, resultProps, level);
  let pkg: PackageRef | undefined;
  if (category === 'vulnerability') {
    // Grype names its rules `<vulnerability>-<package>`: keep the vulnerability id so scanners de-duplicate.
    const m = VULN_ID.exec(ruleId);
    if (m && m[1] !== ruleId) ruleId = m[1]!;
    pkg = packageOf(message, rule, info?.props, resultProps);
  }
  const sup = suppressionOf(result['suppressions']);
  const fingerprint = ctx.fingerprint(ruleId, location?.path, toolFingerprint(result), location ? ctx.snippet : undefined, message);
  // One literal for the usual shape (location, title, url and tool severity all known), so the
  // object is allocated at its final size; other shapes add their keys in the same order.
  let finding: Finding;
  if (location !== undefined && title !== undefined && url !== undefined && toolSev !== undefined) {
    finding = { ruleId, severity, category, message, fingerprint, suppressed: false, location, title, url, toolSeverity: toolSev };
  } else if (location !== undefined && title === undefined && url === undefined && toolSev !== undefined) {
    finding = { ruleId, severity, category, message, fingerprint, suppressed: false, location, toolSeverity: toolSev };
  } else {
    finding = { ruleId, severity, category, message, fingerprint, suppressed: false };
    if (location !== undefined) finding.location = location;
    if (title !== undefined) finding.title = title;
    if (url !== undefined) finding.url = url;
    if (toolSev !== undefined) finding.toolSeverity = toolSev;
  }
  if (pkg !== undefined) finding.package = pkg;
  if (sup) {
    finding.suppressed = true;
    finding.suppression = sup;
  }
  return finding;
}

function ruleInfoOf(ctx: RunContext, rule: Json): RuleInfo {
  let info = ctx.ruleInfo.get(rule);
  if (info !== undefined) return info;
  const p = rule['properties'];
  const props = isObject(p) ? p : undefined;
  const tags = props && Array.isArray(props['tags']) ? props['tags'] : undefined;
  let category = ctx.baseCategory;
  if (category === 'lint' && ctx.securityRules.has(rule)) category = 'sast';
  if (ctx.toolKey === 'trivy' && tags) {
    // Trivy SARIF carries vulnerabilities, misconfigurations and secrets in one run; its rule tags say which.
    if (tags.includes('misconfiguration')) category = 'misconfiguration';
    else if (tags.includes('secret')) category = 'secret';
  }
  let tagSeverity: Severity | undefined;
  if (tags) {
    for (const t of tags) {
      if (typeof t === 'string' && SEVERITY_TAGS.has(t.toLowerCase())) {
        tagSeverity = t.toLowerCase() as Severity;
        break;
      }
    }
  }
  const ps = props?.['problem.severity'];
  const dc = rule['defaultConfiguration'];
  info = {
    id: str(rule['id']),
    props,
    category,
    securitySeverity: securitySeverity(props),
    tagSeverity,
    problemSeverity: typeof ps === 'string' ? own(PROBLEM_SEVERITY, ps) : undefined,
    defaultLevel: isObject(dc) ? severityFromSarifLevel(dc['level']) : undefined,
    rawSecuritySeverity: props?.['security-severity'],
    rawProblemSeverity: ps,
    title: textOf(rule['shortDescription']) ?? str(rule['name']),
    url: str(rule['helpUri']),
  };
  ctx.ruleInfo.set(rule, info);
  return info;
}

/**
 * §3.52.3 / §3.27.6–7: `result.rule` (with `toolComponent.index` into `tool.extensions`,
 * CodeQL's layout) or `ruleIndex` into the driver's rules, else look the id up.
 */
function findRule(ctx: RunContext, result: Json): Json | undefined {
  const ref = result['rule'];
  if (isObject(ref)) {
    const idx = ref['index'];
    const comp = isObject(ref['toolComponent']) ? ref['toolComponent']['index'] : undefined;
    if (typeof idx === 'number') {
      const rules = typeof comp === 'number' ? extensionRules(ctx, comp) : ctx.driverRules;
      const r = rules[idx];
      if (isObject(r)) return r;
    }
    const id = str(ref['id']);
    if (id !== undefined) {
      const r = ctx.ruleById.get(id);
      if (r) return r;
    }
  }
  const ruleId = str(result['ruleId']);
  const idx = result['ruleIndex'];
  if (typeof idx === 'number') {
    const r = ctx.driverRules[idx];
    // A ruleIndex that disagrees with ruleId is a producer bug; the id wins (§3.27.5 says they must agree).
    if (isObject(r) && (ruleId === undefined || r['id'] === ruleId)) return r;
  }
  if (ruleId !== undefined) {
    const r = ctx.ruleById.get(ruleId);
    if (r) return r;
    // §3.27.5: hierarchical ids `parent/child` may name the parent rule.
    const slash = ruleId.indexOf('/');
    if (slash > 0) return ctx.ruleById.get(ruleId.slice(0, slash));
  }
  return undefined;
}

function extensionRules(ctx: RunContext, index: number): readonly unknown[] {
  const ext = ctx.extensions[index];
  return isObject(ext) && Array.isArray(ext['rules']) ? ext['rules'] : [];
}

function isSecurityRule(rule: Json): boolean {
  const p = rule['properties'];
  if (!isObject(p)) return false;
  if (p['security-severity'] !== undefined && p['security-severity'] !== '') return true;
  const tags = p['tags'];
  return Array.isArray(tags) && tags.some((t) => typeof t === 'string' && t.toLowerCase() === 'security');
}

/**
 * The documented order: security-severity (number, then word) on the result, then the rule;
 * then the tool's own severity (rule severity tags as gosec/Docker Scout write them, Bandit's
 * `issue_severity`, CodeQL's `problem.severity`); then the SARIF level of the result, the
 * rule's `defaultConfiguration.level`, else `warning` (§3.27.10; `none` when the result's
 * `kind` is not `fail`). The rule's steps come precomputed in its RuleInfo.
 */
function severityOf(level: unknown, info: RuleInfo | undefined, resultProps: Json | undefined, kind: unknown): Severity {
  const ss = securitySeverity(resultProps) ?? info?.securitySeverity ?? info?.tagSeverity;
  if (ss) return ss;
  const bandit = resultProps ? severityFromWord(resultProps['issue_severity']) : undefined;
  if (bandit) return bandit;
  const sev = info?.problemSeverity ?? severityFromSarifLevel(level) ?? info?.defaultLevel;
  if (sev) return sev;
  return kind === undefined || kind === 'fail' ? 'medium' : 'info';
}

function securitySeverity(props: Json | undefined): Severity | undefined {
  if (!props) return undefined;
  const v = props['security-severity'];
  if (typeof v === 'number') return severityFromScore(v);
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? severityFromScore(n) : severityFromWord(v);
}

function toolSeverityText(info: RuleInfo | undefined, resultProps: Json | undefined, level: unknown): string | undefined {
  const v = resultProps?.['security-severity'] ?? info?.rawSecuritySeverity ?? resultProps?.['issue_severity'] ?? info?.rawProblemSeverity ?? level;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** §3.11: `text`, else a `messageStrings` entry named by `id` with `{n}` arguments filled in. */
function messageText(result: Json, rule: Json | undefined): string {
  const m = result['message'];
  if (isObject(m)) {
    const t = str(m['text']) ?? str(m['markdown']);
    if (t !== undefined) return t;
    const id = str(m['id']);
    const strings = rule && isObject(rule['messageStrings']) ? rule['messageStrings'] : undefined;
    const template = id !== undefined && strings ? textOf(own(strings, id)) : undefined;
    if (template !== undefined) {
      const args = Array.isArray(m['arguments']) ? m['arguments'] : [];
      return template.replace(/\{(\d+)\}/g, (all, n: string) => {
        const a: unknown = args[Number(n)];
        return typeof a === 'string' ? a : all;
      });
    }
  }
  return (rule && (textOf(rule['shortDescription']) ?? textOf(rule['fullDescription']))) ?? '';
}

function textOf(v: unknown): string | undefined {
  return isObject(v) ? (str(v['text']) ?? str(v['markdown'])) : undefined;
}

/** A real tool fingerprint (§3.27.16 `fingerprints`, then §3.27.17 `partialFingerprints`), as one stable string. */
function toolFingerprint(result: Json): string | undefined {
  // Two plain property reads (a computed key here made every result pay a generic lookup).
  const full = result['fingerprints'];
  const own = full !== undefined && isObject(full) ? fingerprintText('fingerprints', full) : undefined;
  if (own !== undefined) return own;
  const partial = result['partialFingerprints'];
  return partial !== undefined && isObject(partial) ? fingerprintText('partialFingerprints', partial) : undefined;
}

function fingerprintText(key: string, fp: Json): string | undefined {
  let out = '';
  for (const k of Object.keys(fp).sort()) {
    const v = fp[k];
    if (typeof v !== 'string' || PLACEHOLDER_FINGERPRINTS.has(v.trim().toLowerCase())) continue;
    out += `${k}=${v};`;
  }
  return out !== '' ? `${key}:${out}` : undefined;
}

/** §3.27.23 / §3.35.3: suppressed when some suppression is accepted (or has no status); `underReview`/`rejected` ones do not suppress. */
function suppressionOf(v: unknown): { kind: string; justification?: string } | undefined {
  if (!Array.isArray(v)) return undefined;
  for (const s of v) {
    if (!isObject(s)) continue;
    const status = s['status'];
    if (status !== undefined && status !== 'accepted') continue;
    const kind = str(s['kind']) ?? 'external';
    const justification = str(s['justification']);
    return justification !== undefined ? { kind, justification } : { kind };
  }
  return undefined;
}

function primaryLocation(ctx: RunContext, i: number, result: Json): Location | undefined {
  ctx.snippet = undefined;
  const locs = result['locations'];
  if (locs === undefined || locs === null) return undefined;
  const arr = Array.isArray(locs) ? locs : expectArray(ctx.file, locs, `${ctx.where}.results[${i}].locations`);
  const first = arr[0];
  if (!isObject(first)) return undefined;
  const phys = first['physicalLocation'];
  if (!isObject(phys)) return undefined;
  const path = artifactPath(ctx, phys['artifactLocation']);
  if (path === undefined) return undefined;
  const region = phys['region'];
  if (!isObject(region)) return { path };
  const line = posInt(region['startLine']);
  const e = posInt(region['endLine']);
  const endLine = e !== line ? e : undefined;
  const column = posInt(region['startColumn']);
  const snippet = region['snippet'];
  ctx.snippet = isObject(snippet) ? str(snippet['text']) : undefined;
  // The usual shapes as one literal each (allocated at their final size), keys in one order.
  if (line !== undefined && column !== undefined) return endLine === undefined ? { path, line, column } : { path, line, endLine, column };
  const location: Location = { path };
  if (line !== undefined) location.line = line;
  if (endLine !== undefined) location.endLine = endLine;
  if (column !== undefined) location.column = column;
  return location;
}

/**
 * §3.4 / §3.14.14: `uri` (percent-encoded, possibly relative to `uriBaseId`, or taken from
 * `run.artifacts[index]`). A base resolved through `originalUriBaseIds` is joined in front;
 * when that gives an absolute path outside the repository root, the relative `uri` is kept,
 * since the base is by convention the analysed source root (%SRCROOT%).
 */
function artifactPath(ctx: RunContext, al: unknown): string | undefined {
  if (!isObject(al)) return undefined;
  let uri = str(al['uri']);
  let baseId = str(al['uriBaseId']);
  if (uri === undefined && typeof al['index'] === 'number') {
    const art = ctx.artifacts[al['index']];
    const loc = isObject(art) && isObject(art['location']) ? art['location'] : undefined;
    uri = loc ? str(loc['uri']) : undefined;
    baseId = loc ? str(loc['uriBaseId']) : undefined;
  }
  if (uri === undefined) return undefined;
  // Results come grouped by file: comparing with the last uri is cheaper than the Map lookup,
  // which hashes every fresh uri string in full first.
  if (uri === ctx.lastUri && baseId === ctx.lastBaseId) return ctx.lastPath;
  const key = baseId === undefined ? uri : `${baseId}\u0000${uri}`;
  let p = ctx.pathCache.get(key);
  if (p === undefined) {
    p = resolveUri(ctx, uri, baseId);
    ctx.pathCache.set(key, p);
  }
  ctx.lastUri = uri;
  ctx.lastBaseId = baseId;
  ctx.lastPath = p;
  return p;
}

function resolveUri(ctx: RunContext, uri: string, baseId: string | undefined): string {
  const rel = decodeUri(uri);
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || baseId === undefined) return ctx.normalise(/^file:/i.test(uri) ? uri : rel);
  const base = resolveBase(ctx, baseId, 0);
  if (base === undefined) return ctx.normalise(rel);
  const joined = ctx.normalise(base.replace(/\/?$/, '/') + uri);
  return joined.startsWith('/') || /^[A-Za-z]:\//.test(joined) ? ctx.normalise(rel) : joined;
}

function resolveBase(ctx: RunContext, id: string, depth: number): string | undefined {
  const b = own(ctx.baseIds, id);
  if (!isObject(b) || depth > 8) return undefined;
  const uri = str(b['uri']);
  const parent = str(b['uriBaseId']);
  if (uri === undefined) return parent !== undefined ? resolveBase(ctx, parent, depth + 1) : undefined;
  if (parent === undefined) return uri;
  const pb = resolveBase(ctx, parent, depth + 1);
  return pb === undefined ? uri : pb.replace(/\/?$/, '/') + uri;
}

function decodeUri(uri: string): string {
  if (!uri.includes('%')) return uri;
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

const VULN_ID = /^(CVE-\d{4}-\d{4,}|GHSA(?:-[0-9a-z]{4}){3})/i;

/** Package facts for container scanners' SARIF: a purl property (Docker Scout), else the help/message text (Trivy, Grype). */
function packageOf(message: string, rule: Json | undefined, ruleProps: Json | undefined, resultProps: Json | undefined): PackageRef | undefined {
  const purls = resultProps?.['purls'] ?? ruleProps?.['purls'];
  const purl = Array.isArray(purls) ? str(purls[0]) : undefined;
  const text = `${message}\n${rule ? (textOf(rule['help']) ?? '') : ''}`;
  const field = (re: RegExp) => {
    const r = re.exec(text);
    const v = r?.[1]?.trim();
    return v ? v : undefined;
  };
  const pkgField = field(/^[ \t]*Package[ \t]*:[ \t]*(\S+)/m);
  let pkg: PackageRef | undefined = purl ? fromPurl(purl) : pkgField?.startsWith('pkg:') ? fromPurl(pkgField) : pkgField ? { name: pkgField } : undefined;
  if (!pkg) return undefined;
  pkg = { ...pkg };
  const version = field(/^[ \t]*(?:Installed )?Version[ \t]*:[ \t]*(\S+)/m);
  if (pkg.version === undefined && version !== undefined) pkg.version = version;
  const fixed = str(ruleProps?.['fixed_version']) ?? field(/^[ \t]*Fix(?:ed)?[ \t]+version[ \t]*:[ \t]*(\S+)/im);
  if (fixed !== undefined && fixed !== '') pkg.fixedVersion = fixed;
  return pkg;
}

/** `pkg:type/namespace/name@version?qualifiers#subpath` (package-url spec). */
function fromPurl(purl: string): PackageRef | undefined {
  const m = /^pkg:([^/]+)\/([^@?#]+)(?:@([^?#]+))?/.exec(purl);
  if (!m) return undefined;
  const segments = m[2]!.split('/');
  const name = decodeUri(segments[segments.length - 1]!);
  const ref: PackageRef = { name, ecosystem: m[1]!, purl };
  if (m[3] !== undefined) ref.version = decodeUri(m[3]);
  return ref;
}
