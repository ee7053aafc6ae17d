/**
 * SARIF behaviour the generic fixture test does not cover: severity precedence per producer,
 * fingerprints across a line shift, suppressions, ruleIndex vs ruleId, uriBaseId, BOM, bad
 * input with key paths, and a ~50 MB log built in memory from a real fixture.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GatecheckError } from '../../src/errors.js';
import type { Artifact, Finding } from '../../src/model/types.js';
import { parseReport } from '../../src/parsers/index.js';
import { FIXTURES } from '../helpers.js';

// Real logs edited in place: loosely typed on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
type Log = { runs: Array<Record<string, Loose>> } & Record<string, Loose>;

function fixture(name: string): Log {
  return JSON.parse(readFileSync(join(FIXTURES, 'sarif', name, 'input.sarif'), 'utf8')) as Log;
}
function parse(log: unknown, text?: string): Artifact[] {
  return parseReport('t.sarif', text ?? JSON.stringify(log), { format: 'sarif' });
}
function findings(log: unknown): Finding[] {
  return parse(log).flatMap((a) => (a.payload.kind === 'findings' ? a.payload.findings : []));
}
function parseFails(text: string): GatecheckError {
  try {
    parseReport('bad.sarif', text, { format: 'sarif' });
  } catch (e) {
    expect(e).toBeInstanceOf(GatecheckError);
    return e as GatecheckError;
  }
  throw new Error('expected a parse error');
}

describe('sarif severity precedence', () => {
  it('numeric security-severity on the result beats the rule and the level', () => {
    const log = fixture('trivy-alpine');
    const r = log.runs[0]!.results[0];
    r.properties = { 'security-severity': '9.8' };
    expect(findings(log)[0]!.severity).toBe('critical');
    r.properties = { 'security-severity': 0 };
    expect(findings(log)[0]!.severity).toBe('info');
  });

  it('Semgrep: security-severity words on the rule are taken as is (results have no level)', () => {
    const log = fixture('semgrep-oss-words');
    const run = log.runs[0]!;
    const res = run.results.find((x: Loose) => x.ruleId === run.tool.driver.rules[1].id);
    expect(run.tool.driver.rules[1].properties['security-severity']).toBe('CRITICAL');
    expect(res.level).toBeUndefined();
    const f = findings(log).find((x) => x.ruleId === res.ruleId)!;
    expect(f.severity).toBe('critical');
  });

  it('gosec: the severity tag on the rule beats the merged level (MEDIUM and HIGH are both `error`)', () => {
    const log = fixture('gosec-no-results');
    const run = log.runs[0]!;
    // gosec's formatter writes rules as {id, properties: {tags: ["security", SEVERITY], precision}, defaultConfiguration: {level}}.
    run.tool.driver.rules = [
      { id: 'G101', properties: { tags: ['security', 'HIGH'], precision: 'low' }, defaultConfiguration: { level: 'error' } },
      { id: 'G104', properties: { tags: ['security', 'MEDIUM'], precision: 'high' }, defaultConfiguration: { level: 'error' } },
      { id: 'G307', properties: { tags: ['security', 'LOW'], precision: 'high' }, defaultConfiguration: { level: 'warning' } },
    ];
    run.results = ['G101', 'G104', 'G307'].map((id, i) => ({
      ruleId: id,
      ruleIndex: i,
      level: i < 2 ? 'error' : 'warning',
      message: { text: id },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'main.go' }, region: { startLine: 10 + i } } }],
    }));
    const fs = findings(log);
    expect(fs.map((f) => f.severity)).toEqual(['high', 'medium', 'low']);
    expect(fs.every((f) => f.category === 'sast')).toBe(true);
  });

  it('CodeQL: problem.severity on the rule when there is no security-severity; rules found through tool.extensions', () => {
    const log = fixture('codeql-2.5.4-python');
    const run = log.runs[0]!;
    // CodeQL 2.5.4 lists its query packs in tool.extensions; newer CodeQL puts the rules there too.
    const ext = 3;
    expect(run.tool.extensions.length).toBeGreaterThan(ext);
    const rule = { id: 'py/in-extension', properties: { 'problem.severity': 'error' }, defaultConfiguration: { level: 'note' } };
    run.tool.extensions[ext].rules = [rule];
    run.results = [{ rule: { id: rule.id, index: 0, toolComponent: { index: ext } }, message: { text: 'x' } }];
    const [f] = findings(log);
    expect(f!.ruleId).toBe(rule.id);
    expect(f!.severity).toBe('high');
  });

  it('falls back to result level, then rule defaultConfiguration.level, then warning', () => {
    const log = fixture('dockle-no-locations');
    const run = log.runs[0]!;
    run.tool.driver.rules[0].defaultConfiguration = { level: 'note' };
    run.results = [
      { ruleId: run.tool.driver.rules[0].id, level: 'none', message: { text: 'a' } },
      { ruleId: run.tool.driver.rules[0].id, message: { text: 'b' } },
      { ruleId: 'no-such-rule', message: { text: 'c' } },
      { ruleId: 'no-such-rule', kind: 'informational', message: { text: 'd' } },
    ];
    expect(findings(log).map((f) => f.severity)).toEqual(['info', 'low', 'medium', 'info']);
  });

  it('Bandit: issue_severity in the result properties', () => {
    const log = fixture('bandit-one-result');
    expect(findings(log)[0]!.severity).toBe('medium');
    log.runs[0]!.results[0].properties.issue_severity = 'HIGH';
    expect(findings(log)[0]!.severity).toBe('high');
  });
});

describe('sarif rules, paths and categories', () => {
  it('ruleIndex resolves a result without ruleId (gitleaks SARIF); a disagreeing ruleIndex loses to ruleId', () => {
    const log = fixture('njsscan-no-version');
    const run = log.runs[0]!;
    const [a, b] = run.results;
    delete a.ruleId;
    a.ruleIndex = 1;
    b.ruleIndex = 0; // ruleId says node_password (index 1)
    const fs = findings(log);
    expect(fs[0]!.ruleId).toBe(run.tool.driver.rules[1].id);
    expect(fs[1]!.ruleId).toBe('node_password');
    expect(fs[1]!.title).toBe('NodePassword');
  });

  it('results without locations and without any rule id are still counted', () => {
    const log = fixture('dockle-no-locations');
    log.runs[0]!.results.push({ message: { text: 'no rule at all' } });
    const fs = findings(log);
    expect(fs).toHaveLength(5);
    expect(fs[4]!.ruleId).toBe('unknown');
    expect(fs[4]!.location).toBeUndefined();
  });

  it('uriBaseId resolved through originalUriBaseIds, percent-decoded, relative to the repository', () => {
    const log = fixture('njsscan-no-version');
    const run = log.runs[0]!;
    run.originalUriBaseIds = { SRC: { uri: 'file:///work/repo/' }, PKG: { uri: 'packages/web/', uriBaseId: 'SRC' } };
    run.results[0].locations[0].physicalLocation.artifactLocation = { uri: 'src/my%20file.js', uriBaseId: 'PKG' };
    run.results[1].locations[0].physicalLocation.artifactLocation = { uri: 'lib/a.js', uriBaseId: '%SRCROOT%' };
    const arts = parseReport('t.sarif', JSON.stringify(log), { format: 'sarif', repoRoot: '/work/repo' });
    const fs = arts[0]!.payload.kind === 'findings' ? arts[0]!.payload.findings : [];
    expect(fs[0]!.location!.path).toBe('packages/web/src/my file.js');
    expect(fs[1]!.location!.path).toBe('lib/a.js');
  });

  it('the same uri under two bases in consecutive results gives two paths (the last-location memo keys on both)', () => {
    const log = fixture('njsscan-no-version');
    const run = log.runs[0]!;
    run.originalUriBaseIds = { WEB: { uri: 'web/' }, API: { uri: 'api/' } };
    run.results[0].locations[0].physicalLocation.artifactLocation = { uri: 'src/a.js', uriBaseId: 'WEB' };
    run.results[1].locations[0].physicalLocation.artifactLocation = { uri: 'src/a.js', uriBaseId: 'API' };
    run.results.push(JSON.parse(JSON.stringify(run.results[0])));
    expect(findings(log).map((f) => f.location?.path)).toEqual(['web/src/a.js', 'api/src/a.js', 'web/src/a.js']);
  });

  it('unknown producer: sast when its rules carry security tags, else lint; a lint tool rule tagged security is sast', () => {
    const log = fixture('njsscan-no-version');
    const run = log.runs[0]!;
    run.tool.driver.name = 'some-new-linter';
    expect(findings(log).map((f) => f.category)).toEqual(['lint', 'lint']);
    run.tool.driver.rules[1].properties = { tags: ['security'] };
    expect(findings(log).map((f) => f.category)).toEqual(['sast', 'sast']);
    run.tool.driver.name = 'ESLint';
    expect(findings(log).map((f) => f.category)).toEqual(['lint', 'sast']);
  });

  it('container scanners: package, fixed version and the bare vulnerability id', () => {
    const scout = findings(fixture('docker-scout-cves'))[0]!;
    expect(scout.package).toMatchObject({ name: 'pillow', version: '9.4.0', fixedVersion: '10.3.0', ecosystem: 'pypi' });
    const grype = findings(fixture('grype-java'))[0]!;
    expect(grype.ruleId).toBe('CVE-2008-0732');
    expect(grype.package).toEqual({ name: 'geronimo-j2ee-management_1.1_spec', version: '1.0.1' });
    const trivy = findings(fixture('trivy-alpine'))[0]!;
    expect(trivy.package).toEqual({ name: 'libcrypto1.1', version: '1.1.1c-r0', fixedVersion: '1.1.1d-r0' });
  });

  it('several runs give several artifacts; runs: [] gives one empty artifact', () => {
    expect(parse(fixture('lgtm-two-runs'))).toHaveLength(2);
    const empty = parse(fixture('empty-runs'));
    expect(empty).toHaveLength(1);
    expect(empty[0]!.payload).toEqual({ kind: 'findings', findings: [] });
  });

  it('reads a log with a UTF-8 BOM', () => {
    const text = readFileSync(join(FIXTURES, 'sarif', 'bandit-one-result', 'input.sarif'), 'utf8');
    expect(findings(JSON.parse(text))).toHaveLength(1);
    expect(parseReport('bom.sarif', `\uFEFF${text}`).length).toBe(1);
  });
});

describe('sarif suppressions', () => {
  it('accepted or status-less suppressions suppress; underReview and rejected do not', () => {
    const log = fixture('njsscan-no-version');
    const [a, b] = log.runs[0]!.results;
    a.suppressions = [{ kind: 'inSource', justification: 'test data' }];
    b.suppressions = [{ kind: 'external', status: 'rejected' }, { kind: 'external', status: 'underReview' }];
    const fs = findings(log);
    expect(fs[0]!.suppressed).toBe(true);
    expect(fs[0]!.suppression).toEqual({ kind: 'inSource', justification: 'test data' });
    expect(fs[1]!.suppressed).toBe(false);
    b.suppressions.push({ kind: 'external', status: 'accepted' });
    expect(findings(log)[1]!.suppressed).toBe(true);
  });
});

describe('sarif fingerprints', () => {
  it('survive a line shift (no tool fingerprint: rule + path + snippet/message)', () => {
    const log = fixture('bandit-one-result');
    const before = findings(log)[0]!.fingerprint;
    log.runs[0]!.results[0].locations[0].physicalLocation.region.startLine += 7;
    expect(findings(log)[0]!.fingerprint).toBe(before);
    log.runs[0]!.results[0].locations[0].physicalLocation.region.snippet.text = '    eval(other)\n';
    expect(findings(log)[0]!.fingerprint).not.toBe(before);
  });

  it('use real partialFingerprints and survive a line shift; Semgrep "requires login" is not a fingerprint', () => {
    const log = fixture('codeql-2.5.4-python');
    const fs = findings(log);
    log.runs[0]!.results[0].locations[0].physicalLocation.region.startLine += 3;
    expect(findings(log)[0]!.fingerprint).toBe(fs[0]!.fingerprint);
    log.runs[0]!.results[0].partialFingerprints.primaryLocationLineHash = 'ffffffffffffffff:1';
    expect(findings(log)[0]!.fingerprint).not.toBe(fs[0]!.fingerprint);

    const sg = fixture('semgrep-oss-words');
    const [r0, r1] = sg.runs[0]!.results;
    r0.fingerprints = { 'matchBasedId/v1': 'requires login' };
    r1.fingerprints = { 'matchBasedId/v1': 'requires login' };
    const sf = findings(sg);
    expect(sf[0]!.fingerprint).not.toBe(sf[1]!.fingerprint); // fell back to rule + path + snippet, which differ
  });

  it('two identical results in one file stay two fingerprints, and all fingerprints of a report are distinct', () => {
    const fs = findings(fixture('flawfinder-pass-result'));
    // FF1048 at lines 29 and 75 of src/tree/param.cc share Flawfinder's contextHash.
    const same = fs.filter((f) => f.ruleId === 'FF1048' && f.location?.path === 'src/tree/param.cc');
    expect(same.length).toBeGreaterThanOrEqual(2);
    expect(new Set(fs.map((f) => f.fingerprint)).size).toBe(fs.length);
  });
});

describe('sarif bad input', () => {
  it('truncated JSON: E_PARSE with line and column', () => {
    const text = readFileSync(join(FIXTURES, 'sarif', 'trivy-alpine', 'input.sarif'), 'utf8');
    const e = parseFails(text.slice(0, 3000));
    expect(e.code).toBe('E_PARSE');
    expect(e.where).toMatch(/line \d+/);
  });

  it('wrong root, runs as a string, results as an object, a result that is not an object', () => {
    expect(parseFails('[1,2]').code).toBe('E_PARSE');
    let e = parseFails('{"version":"2.1.0","runs":"none"}');
    expect([e.code, e.where, e.message]).toEqual(['E_PARSE', 'runs', 'expected an array (got string)']);
    const log = fixture('njsscan-no-version');
    log.runs[0]!.results = { a: 1 };
    e = parseFails(JSON.stringify(log));
    expect([e.where, e.message]).toEqual(['runs[0].results', 'expected an array (got object)']);
    log.runs[0]!.results = [{ ruleId: 'x', message: { text: 'ok' } }, 'oops'];
    e = parseFails(JSON.stringify(log));
    expect(e.where).toBe('runs[0].results[1]');
    e = parseFails('{"version":"2.1.0","runs":[{"tool":{}}]}');
    expect(e.where).toBe('runs[0].tool.driver');
    e = parseFails('{"version":"1.0.0","runs":[]}');
    expect(e.where).toBe('version');
  });

  it('a ~50 MB log built from a real one parses to exactly the repeated count', () => {
    const log = fixture('codeql-2.5.4-python');
    const base = log.runs[0]!.results as unknown[];
    const copies = Math.ceil(50e6 / JSON.stringify(base).length);
    const results: unknown[] = [];
    for (let c = 0; c < copies; c++) for (const r of base) results.push(r);
    log.runs[0]!.results = results;
    const text = JSON.stringify(log);
    expect(text.length).toBeGreaterThan(50e6);
    const fs = findings(JSON.parse(text));
    expect(fs).toHaveLength(copies * base.length);
    // Identical copies in one report are distinct occurrences, never merged.
    expect(new Set(fs.map((f) => f.fingerprint)).size).toBe(fs.length);
  }, 120_000);
});
