/**
 * Written config (YAML or JSON) → ajv against schema.json (all errors at once) → defaults
 * and normalisation → semantic rules → ResolvedConfig. Pure: the CLI reads the file.
 */
import { createRequire } from 'node:module';
import { GatecheckError } from '../errors.js';
import type { GateConfig, Operator } from '../gates/types.js';
import { formatAjvErrors, lazyValidator } from '../util/ajv.js';
import { DEFAULT_POLICY_YAML } from './default-policy.js';
import schema from './schema.json' with { type: 'json' };
import type { ResolvedConfig, WrittenConfig, WrittenGate } from './types.js';

const require = createRequire(import.meta.url);

/** yaml's parseDocument, loaded on first use (~80 ms of a CLI start that may read no policy). */
function parseDocument(...args: Parameters<typeof import('yaml').parseDocument>): ReturnType<typeof import('yaml').parseDocument> {
  return (require('yaml') as typeof import('yaml')).parseDocument(...args);
}

const validate = lazyValidator<WrittenConfig>(schema);

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

/** Validate a written policy object and apply defaults. */
export function resolvePolicy(data: unknown, origin: string): ResolvedConfig {
  if (!validate(data)) {
    const errs = formatAjvErrors(validate.errors, data);
    throw new GatecheckError('E_CONFIG', `invalid policy:\n  ${errs.join('\n  ')}`, { file: origin });
  }
  const written = data;
  let gates: WrittenGate[] = written.gates ?? [];
  if (written.extends === 'default') {
    const base = defaultWritten().gates ?? [];
    const byId = new Map(gates.map((g) => [g.id, g]));
    gates = [...base.map((g) => byId.get(g.id) ?? g), ...gates.filter((g) => !base.some((b) => b.id === g.id))];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const resolved: GateConfig[] = [];
  gates.forEach((g, i) => {
    if (seen.has(g.id)) problems.push(`gates[${i}].id: duplicate gate id (got "${g.id}")`);
    seen.add(g.id);
    if (g.enabled === false) return;
    const threshold = g.threshold ?? DEFAULT_THRESHOLD[g.measure] ?? (g.rules?.every((r) => r.threshold !== undefined) ? 0 : undefined);
    if (threshold === undefined) {
      problems.push(`gates[${i}].threshold: is required for measure ${g.measure}`);
      return;
    }
    const { id, title, measure, select, operator, action, required, enabled: _e, threshold: _t, ...options } = g;
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
  });
  const waivers = (written.waivers ?? []).map((w, i) => ({
    ...w,
    id: w.id ?? w.rule ?? w.package ?? w.fingerprint ?? w.path ?? `waiver-${i + 1}`,
  }));
  if (problems.length > 0) {
    throw new GatecheckError('E_CONFIG', `invalid policy:\n  ${problems.join('\n  ')}`, { file: origin });
  }
  const paths: ResolvedConfig['paths'] = { stripPrefixes: written.paths?.stripPrefixes ?? [] };
  if (written.paths?.repoRoot !== undefined) paths.repoRoot = written.paths.repoRoot;
  return { gates: resolved, waivers, categories: written.categories ?? {}, paths, origin };
}

function defaultWritten(): WrittenConfig {
  return parseDocument(DEFAULT_POLICY_YAML).toJS() as WrittenConfig;
}

/** The embedded default policy, resolved. */
export function defaultPolicy(): ResolvedConfig {
  return loadPolicy(DEFAULT_POLICY_YAML, '(default policy)');
}

export { schema as configSchema };
