/**
 * Written config (YAML or JSON) → ajv against schema.json (all errors at once) → defaults
 * and normalisation → semantic rules → ResolvedConfig. Pure: the CLI reads the file.
 */
import { createRequire } from 'node:module';
import { GatecheckError } from '../errors.js';
import type { GateConfig, Operator } from '../gates/types.js';
import { lazyValidator } from '../util/ajv.js';
import { compileLinePattern, PRESETS, type LinePreset } from '../parsers/diagnostics.js';
import { getParser, parsers } from '../parsers/index.js';
import { precompiled } from '../util/precompiled.js';
import { DEFAULT_POLICY_YAML } from './default-policy.js';
import { policyErrorLines, quote } from './messages.js';
import { semanticProblems } from './rules.js';
import schema from './schema.json' with { type: 'json' };
import { didYouMean } from './suggest.js';
import type { ResolvedConfig, WrittenConfig, WrittenGate } from './types.js';

const require = createRequire(import.meta.url);

/** yaml's parseDocument, loaded on first use (~80 ms of a CLI start that may read no policy). */
function parseDocument(...args: Parameters<typeof import('yaml').parseDocument>): ReturnType<typeof import('yaml').parseDocument> {
  return (require('yaml') as typeof import('yaml')).parseDocument(...args);
}

const validate = lazyValidator<WrittenConfig>(schema);

const DEFAULT_ORIGIN = '(default policy)';

/** Default operator per measure, when the gate does not say. */
const DEFAULT_OPERATOR: Record<string, Operator> = {
  'findings.count': '<=',
  'findings.new': '<=',
  'coverage.uncovered-lines': '<=',
  'tests.failed': '<=',
  'tests.new-failures': '<=',
  'performance.k6-thresholds': '<=',
  'performance.metric': '<',
  'performance.regression': '<=',
};

/** Default threshold per measure, where one is natural; other measures must state theirs. */
const DEFAULT_THRESHOLD: Record<string, number> = {
  'findings.count': 0,
  'findings.new': 0,
  'tests.failed': 0,
  'tests.new-failures': 0,
  'tests.pass-rate': 100,
  'coverage.change': 0,
  'performance.k6-thresholds': 0,
};

/** Parse policy text (YAML, of which JSON is a subset) and resolve it. */
export function loadPolicy(text: string, origin: string): ResolvedConfig {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    throw new GatecheckError('E_CONFIG', `not valid YAML/JSON: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`, {
      file: origin,
      ...(pos ? { where: `line ${pos.line} column ${pos.col}` } : {}),
    });
  }
  const data: unknown = doc.toJS() ?? {};
  return resolvePolicy(data, origin);
}

const validateGate = lazyValidator<WrittenGate>({ $ref: `${schema.$id}#/definitions/gate` }, [schema]);

/**
 * Validate a written policy object and apply defaults. A gate whose id is a default gate's
 * starts from that gate and overrides only the keys it gives (with or without
 * `extends: default`); any other gate must name its `measure`. A policy that enables no gate
 * is an error: it would pass anything.
 */
export function resolvePolicy(data: unknown, origin: string): ResolvedConfig {
  if (!validate(data)) throw policyError(policyErrorLines(validate.errors, data, schema), origin);
  return resolveWritten(data, origin, true);
}

function policyError(lines: string[], origin: string): GatecheckError {
  return new GatecheckError('E_CONFIG', `invalid policy:\n  ${lines.join('\n  ')}`, { file: origin });
}

/** resolvePolicy after the schema check; `checkGates`: also check each gate merged with the default gate it overrides. */
function resolveWritten(written: WrittenConfig, origin: string, checkGates: boolean): ResolvedConfig {
  const problems: string[] = semanticProblems(written);
  const defaults = new Map((defaultWritten().gates ?? []).map((g) => [g.id, g]));
  // Each gate with where it was written, for messages.
  const own = (written.gates ?? []).map((g, i) => {
    const at = `gates[${i}]`;
    const base = defaults.get(g.id);
    if (!base) {
      if (g.measure === undefined) problems.push(`${at}.measure: is required: ${quote(g.id)} is not a default gate${didYouMean(g.id, defaults.keys())}`);
      return { gate: g, at };
    }
    const merged = { ...base, ...g };
    if (checkGates && !validateGate(merged)) problems.push(...policyErrorLines(validateGate.errors, merged, schema.definitions.gate, schema, at));
    return { gate: merged, at };
  });
  let gates = own;
  if (written.extends === 'default') {
    const byId = new Map(own.map((o) => [o.gate.id, o]));
    const base = [...defaults.values()].map((g) => byId.get(g.id) ?? { gate: g, at: `(default gate ${g.id})` });
    gates = [...base, ...own.filter((o) => !defaults.has(o.gate.id))];
  }
  const seen = new Set<string>();
  const resolved: GateConfig[] = [];
  for (const { gate: g, at } of gates) {
    if (seen.has(g.id)) problems.push(`${at}.id: duplicate gate id (got ${quote(g.id)})`);
    seen.add(g.id);
    if (g.enabled === false || g.measure === undefined) continue;
    const measure = g.measure;
    const threshold = g.threshold ?? DEFAULT_THRESHOLD[measure] ?? (g.rules?.every((r) => r.threshold !== undefined) ? 0 : undefined);
    if (threshold === undefined) {
      problems.push(`${at}.threshold: is required for measure ${measure}`);
      continue;
    }
    const { id, title, measure: _m, select, operator, action, required, enabled: _e, threshold: _t, ...options } = g;
    resolved.push({
      id,
      title: title ?? id,
      measure,
      select: select ?? {},
      operator: operator ?? DEFAULT_OPERATOR[measure] ?? '>=',
      threshold,
      action: action ?? 'block',
      required: required ?? false,
      options,
    });
  }
  if (problems.length === 0 && resolved.length === 0) {
    problems.push('gates: the policy enables no gate, so it would pass any report; list gates, or start from the default with `extends: default`');
  }
  const linePatterns = resolveLinePatterns(written, problems);
  if (problems.length > 0) throw policyError(problems, origin);
  const waivers = (written.waivers ?? []).map((w, i) => ({
    ...w,
    id: w.id ?? w.rule ?? w.package ?? w.fingerprint ?? w.path ?? `waiver-${i + 1}`,
  }));
  const paths: ResolvedConfig['paths'] = { stripPrefixes: written.paths?.stripPrefixes ?? [] };
  if (written.paths?.repoRoot !== undefined) paths.repoRoot = written.paths.repoRoot;
  return { gates: resolved, waivers, categories: written.categories ?? {}, paths, formats: written.formats ?? [], linePatterns, origin };
}

/** `diagnostics:` compiled (a pattern must compile and have its groups), and every `formats:` entry naming a known format and preset. */
function resolveLinePatterns(written: WrittenConfig, problems: string[]): Map<string, LinePreset> {
  const out = new Map<string, LinePreset>();
  for (const [name, w] of Object.entries(written.diagnostics ?? {})) {
    if (Object.hasOwn(PRESETS, name)) {
      problems.push(`diagnostics.${name}: is a built-in preset; give yours another name`);
      continue;
    }
    try {
      out.set(name, compileLinePattern(w));
    } catch (e) {
      problems.push(`diagnostics.${name}.${(e as Error).message}`);
    }
  }
  (written.formats ?? []).forEach((f, i) => {
    const [id = '', variant] = f.format.split(':');
    if (!getParser(id)) problems.push(`formats[${i}].format: unknown format "${id}" (known: ${parsers.map((p) => p.id).join(', ')})`);
    else if (variant !== undefined && id !== 'diagnostics') problems.push(`formats[${i}].format: format ${id} has no presets (got "${f.format}")`);
    else if (id === 'diagnostics' && (variant === undefined || (!Object.hasOwn(PRESETS, variant) && !out.has(variant)))) {
      problems.push(`formats[${i}].format: diagnostics needs a preset, diagnostics:NAME (got "${f.format}"; known: ${[...Object.keys(PRESETS), ...out.keys()].join(', ')})`);
    }
  });
  return out;
}

let defaultParsed: WrittenConfig | undefined;

/** The default policy as written (a fresh copy: callers merge into it). The bundle has it read at build time. */
function defaultWritten(): WrittenConfig {
  defaultParsed ??= precompiled.defaultPolicy ?? (parseDocument(DEFAULT_POLICY_YAML).toJS() as WrittenConfig);
  return structuredClone(defaultParsed);
}

/** The embedded default policy, resolved. */
export function defaultPolicy(): ResolvedConfig {
  // The bundle's default policy was checked against the schema when it was built (scripts/build.mjs):
  // checking it again cost ~10 ms of every run without a policy file (loading two validators).
  if (precompiled.defaultPolicy) return resolveWritten(defaultWritten(), DEFAULT_ORIGIN, false);
  return loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_ORIGIN);
}

/**
 * The policy's JSON Schema (src/config/schema.json). Typed as a plain object, not as the JSON
 * file's literal type: a declaration that imports a .json file does not compile for users
 * under `--module nodenext` (TS1543) or `node16` (TS2732) without skipLibCheck.
 */
export const configSchema: Readonly<Record<string, unknown>> = schema;
