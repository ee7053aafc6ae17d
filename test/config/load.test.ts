import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_YAML } from '../../src/config/default-policy.js';
import { defaultPolicy, loadPolicy } from '../../src/config/load.js';
import { GatecheckError } from '../../src/errors.js';

function configError(text: string): GatecheckError {
  try {
    loadPolicy(text, 'gatecheck.yml');
  } catch (e) {
    expect(e).toBeInstanceOf(GatecheckError);
    return e as GatecheckError;
  }
  throw new Error('expected loadPolicy to throw');
}

describe('default policy (the seed pipeline)', () => {
  const p = defaultPolicy();
  const byId = new Map(p.gates.map((g) => [g.id, g]));

  it('holds the seed "Quality Gates Summary" thresholds and actions', () => {
    // Each row: seed table / severity policy → gate.
    expect(byId.get('lint.issues')).toMatchObject({ measure: 'findings.count', operator: '<=', threshold: 0, action: 'block', select: { categories: ['lint'] } });
    expect(byId.get('sast.critical-high')).toMatchObject({ operator: '<=', threshold: 0, action: 'block', select: { categories: ['sast'], minSeverity: 'high' } });
    expect(byId.get('secrets.any')).toMatchObject({ threshold: 0, action: 'block', select: { categories: ['secret'] } });
    expect(byId.get('coverage.overall')).toMatchObject({ measure: 'coverage.lines', operator: '>', threshold: 85, action: 'block' });
    expect(byId.get('coverage.critical-paths')).toMatchObject({ operator: '>', threshold: 95 });
    expect(byId.get('coverage.new-code')).toMatchObject({ operator: '>', threshold: 90 });
    expect(byId.get('tests.pass-rate')).toMatchObject({ operator: '>=', threshold: 100, action: 'block' });
    expect(byId.get('container.critical')).toMatchObject({ action: 'block', select: { severities: ['critical'] } });
    expect(byId.get('container.high')).toMatchObject({ action: 'approve', select: { severities: ['high'] } });
    expect(byId.get('container.medium-low')).toMatchObject({ action: 'log', select: { severities: ['medium', 'low'] } });
    expect(byId.get('performance.p95')).toMatchObject({ operator: '<', threshold: 1000, options: { metric: 'http_req_duration', stat: 'p(95)' } });
    expect(byId.get('performance.error-rate')).toMatchObject({ operator: '<', threshold: 0.01, options: { metric: 'http_req_failed', stat: 'rate' } });
    expect(byId.get('performance.k6-thresholds')).toMatchObject({ measure: 'performance.k6-thresholds', operator: '<=', threshold: 0, action: 'block' });
    expect(byId.get('health.availability')).toMatchObject({ operator: '>', threshold: 99.9, action: 'rollback' });
  });

  it('loads back from the file `gatecheck init` writes to the same resolved policy', () => {
    expect(loadPolicy(DEFAULT_POLICY_YAML, '(default policy)')).toEqual(p);
  });

  it('is a commented file', () => {
    expect(DEFAULT_POLICY_YAML.split('\n').filter((l) => l.trim().startsWith('#')).length).toBeGreaterThan(10);
  });
});

describe('policy validation', () => {
  it('rejects a threshold of 850 % with the key path and the value', () => {
    const e = configError('gates:\n  - id: coverage.x\n    measure: coverage.lines\n    threshold: 850\n');
    expect(e.code).toBe('E_CONFIG');
    expect(e.message).toContain('gates[0].threshold: must be <= 100 (got 850)');
  });

  it('rejects an unknown key, naming it', () => {
    const e = configError('gates: []\nthreshholds: 3\n');
    expect(e.message).toContain('threshholds: unknown key');
  });

  it('reports all errors at once', () => {
    const e = configError('gates:\n  - id: a\n    measure: nope\n  - id: b\n    measure: findings.count\n    action: explode\n');
    expect(e.message).toContain('gates[0].measure: unknown measure (got "nope"); measures: findings.count, findings.new,');
    expect(e.message).toContain('gates[1].action: must be one of "block", "approve", "log", "rollback" (got "explode")');
  });

  it('rejects YAML syntax errors with a line number', () => {
    const e = configError('gates:\n  - id: a\n   measure: [\n');
    expect(e.code).toBe('E_CONFIG');
    expect(e.where).toMatch(/^line \d+ column \d+$/);
  });

  it('requires metric and stat for performance gates', () => {
    const e = configError('gates:\n  - id: p\n    measure: performance.metric\n    threshold: 1\n');
    expect(e.message).toContain('gates[0].metric: is required');
    expect(e.message).toContain('gates[0].stat: is required');
  });

  it('requires a threshold where there is no natural default', () => {
    const e = configError('gates:\n  - id: c\n    measure: coverage.lines\n');
    expect(e.message).toContain('gates[0].threshold: is required for measure coverage.lines');
  });

  it('rejects duplicate gate ids', () => {
    const e = configError('gates:\n  - { id: a, measure: findings.count }\n  - { id: a, measure: tests.failed }\n');
    expect(e.message).toContain('gates[1].id: duplicate gate id (got "a")');
  });

  it('rejects a waiver without a reason or a matcher: one sentence each', () => {
    const e = configError('waivers:\n  - rule: CVE-1\n  - reason: because\n');
    expect(e.message.split('\n')).toEqual(['invalid policy:', '  waivers[0].reason: is required', '  waivers[1]: needs one of rule, package, path or fingerprint']);
  });

  it.each(['2024-13-45', '2099-02-30', '2023-02-29', '2026-04-31', '2026-00-10'])('rejects waiver expiry %s: not a calendar day', (date) => {
    const e = configError(`gates: [{ id: t, measure: tests.failed }]\nwaivers:\n  - { rule: CVE-1, reason: r, expires: ${date} }\n`);
    expect(e.code).toBe('E_CONFIG');
    expect(e.message).toContain(`waivers[0].expires: not a calendar date (got "${date}")`);
  });

  it('accepts real days at the edges of months (2024-02-29, 2026-12-31)', () => {
    const p = loadPolicy('gates: [{ id: t, measure: tests.failed }]\nwaivers:\n  - { rule: A, reason: r, expires: 2024-02-29 }\n  - { rule: B, reason: r, expires: 2026-12-31 }\n', 'x.yml');
    expect(p.waivers.map((w) => w.expires)).toEqual(['2024-02-29', '2026-12-31']);
  });

  it('accepts JSON as well as YAML', () => {
    const p = loadPolicy('{"gates":[{"id":"t","measure":"tests.failed"}]}', 'gatecheck.json');
    expect(p.gates).toEqual([
      { id: 't', title: 't', measure: 'tests.failed', select: {}, operator: '<=', threshold: 0, action: 'block', required: false, options: {} },
    ]);
  });

  it('extends the default: same id replaces, enabled:false removes, new ids append', () => {
    const p = loadPolicy(
      'extends: default\ngates:\n  - { id: coverage.overall, measure: coverage.lines, threshold: 70 }\n  - { id: lint.issues, measure: findings.count, enabled: false }\n  - { id: extra.one, measure: tests.failed }\n',
      'x.yml',
    );
    const ids = p.gates.map((g) => g.id);
    expect(ids).not.toContain('lint.issues');
    expect(ids[ids.length - 1]).toBe('extra.one');
    expect(p.gates.find((g) => g.id === 'coverage.overall')?.threshold).toBe(70);
    expect(p.gates.length).toBe(defaultPolicy().gates.length); // one removed, one added
  });
});

describe('a policy that enables no gate is an error (it would pass anything)', () => {
  it.each([
    ['an empty file (-c /dev/null)', ''],
    ['only version: 1', 'version: 1\n'],
    ['only waivers', 'waivers:\n  - { rule: CVE-2023-44487, reason: tracked }\n'],
    ['an empty gates list', 'gates: []\n'],
    ['every gate disabled', 'gates:\n  - { id: t, measure: tests.failed, enabled: false }\n'],
  ])('%s', (_what, text) => {
    const e = configError(text);
    expect(e.code).toBe('E_CONFIG');
    expect(e.message).toContain('gates: the policy enables no gate, so it would pass any report; list gates, or start from the default with `extends: default`');
  });
});

describe('a gate named after a default gate overrides only the keys it gives', () => {
  const defaults = new Map(defaultPolicy().gates.map((g) => [g.id, g]));

  it('- id: coverage.overall with only threshold: 90 keeps the title, measure, operator and action', () => {
    for (const ext of ['', 'extends: default\n']) {
      const p = loadPolicy(`${ext}gates:\n  - id: coverage.overall\n    threshold: 90\n`, 'x.yml');
      const g = p.gates.find((x) => x.id === 'coverage.overall');
      expect(g).toEqual({ ...defaults.get('coverage.overall'), threshold: 90 });
      expect(g).toMatchObject({ title: 'Coverage (overall)', measure: 'coverage.lines', operator: '>', action: 'block' });
    }
  });

  it('keeps its place among the default gates with extends: default', () => {
    const p = loadPolicy('extends: default\ngates:\n  - { id: container.high, action: block }\n', 'x.yml');
    expect(p.gates.map((g) => g.id)).toEqual([...defaults.keys()]);
    expect(p.gates.find((g) => g.id === 'container.high')).toEqual({ ...defaults.get('container.high'), action: 'block' });
  });

  it('the merged gate is validated: a coverage threshold of 850 names the key path', () => {
    const e = configError('gates:\n  - id: coverage.overall\n    threshold: 850\n');
    expect(e.message).toContain('gates[0].threshold: must be <= 100 (got 850)');
  });

  it('a misspelled id without a measure is an error that suggests the default gate', () => {
    const e = configError('extends: default\ngates:\n  - id: coverage.overal\n    threshold: 90\n');
    expect(e.message.split('\n')).toEqual(['invalid policy:', '  gates[0].measure: is required: "coverage.overal" is not a default gate; did you mean coverage.overall?']);
  });

  it('a percentile written p95 suggests k6\'s p(95)', () => {
    const e = configError('gates:\n  - { id: performance.p95, stat: p95 }\n');
    expect(e.message).toContain('gates[0].stat: must match pattern');
    expect(e.message).toContain('(got "p95"); did you mean p(95)?');
  });

  it('quotes a bounded prefix of a long id, not all of it', () => {
    const e = configError(`gates:\n  - id: ${'b'.repeat(5000)}\n`);
    expect(e.message.length).toBeLessThan(300);
    expect(e.message).toContain('is not a default gate');
  });

  it('an unknown key suggests the known one', () => {
    const e = configError('gates:\n  - id: coverage.overall\n    threshhold: 90\n');
    expect(e.message.split('\n')).toEqual(['invalid policy:', '  gates[0].threshhold: unknown key; did you mean threshold?']);
  });

  it('an unknown measure suggests the known one instead of listing the enum', () => {
    const e = configError('gates:\n  - { id: cov.b, measure: coverage.brnaches, threshold: 80 }\n');
    expect(e.message.split('\n')).toEqual(['invalid policy:', '  gates[0].measure: unknown measure (got "coverage.brnaches"); did you mean coverage.branches?']);
  });

  it('a misspelled enum value elsewhere says which one was meant', () => {
    const e = configError('gates:\n  - { id: t, measure: tests.failed, action: blcok }\n');
    expect(e.message).toContain('gates[0].action: must be one of "block", "approve", "log", "rollback" (got "blcok"); did you mean block?');
  });
});

describe('globs in the policy are checked when it loads', () => {
  it.each([
    ['gates:\n  - id: coverage.critical-paths\n    rules: [{ path: "src/[auth/**" }]\n', 'gates[0].rules[0].path: not a valid glob: Missing closing: "]" (got "src/[auth/**")'],
    ['gates:\n  - { id: c, measure: coverage.lines, threshold: 80, select: { paths: ["src/{a,b"] } }\n', 'gates[0].select.paths[0]: not a valid glob: Missing closing: "}" (got "src/{a,b")'],
    ['gates:\n  - { id: c, measure: coverage.lines, threshold: 80, select: { sources: ["cov/[z-a]/*.xml"] } }\n', 'gates[0].select.sources[0]: a glob that can never match (got "cov/[z-a]/*.xml")'],
    ['gates: [{ id: t, measure: tests.failed }]\nwaivers:\n  - { path: "vendor/(x/**", reason: r }\n', 'waivers[0].path: not a valid glob: Missing closing: ")" (got "vendor/(x/**")'],
  ])('%s', (text, message) => {
    const e = configError(text);
    expect(e.code).toBe('E_CONFIG');
    expect(e.message).toContain(message);
  });
});
