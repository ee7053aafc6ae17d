/**
 * Bandit, Checkov, pylint and ShellCheck beyond the fixture loop: files a tool could not scan,
 * in-source suppressions the tool only counts, detection past the sniffed head, bad numbers
 * and shapes with their key paths, fingerprints that survive line shifts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/parsers/index.js';
import { claims, cli, FIXTURES, parseFailure, parseFindings } from '../helpers.js';

type Json = Record<string, unknown>;
const read = (p: string) => readFileSync(join(FIXTURES, p), 'utf8');
const doc = (p: string) => JSON.parse(read(p)) as Json;
const findings = parseFindings;
const fails = parseFailure;
function tempFile(name: string, text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), 'gatecheck-pytools-')), name);
  writeFileSync(p, text);
  return p;
}

describe('bandit', () => {
  const BANDIT = 'bandit/py-sample-1.9.4/input.json';

  it('a file Bandit could not scan is a high sast finding naming the file, and alone blocks the default SAST gate', async () => {
    const d = doc(BANDIT);
    d['results'] = [];
    const fs = findings(JSON.stringify(d));
    expect(fs.filter((f) => !f.suppressed)).toEqual([
      expect.objectContaining({ ruleId: 'scan-error', severity: 'high', category: 'sast', location: { path: 'broken/syntax_error.py' } }),
    ]);
    const r = await cli(['evaluate', tempFile('bandit.json', JSON.stringify(d)), '--json']);
    expect(r.code).toBe(1);
    const gate = (JSON.parse(r.stdout) as { gates: Array<{ id: string; status: string; value: number }> }).gates.find((g) => g.id === 'sast.critical-high');
    expect(gate).toMatchObject({ status: 'fail', value: 1 });
  });

  it('nosec and skipped_tests of metrics._totals are suppressed findings, never gated', () => {
    const fs = findings(read(BANDIT));
    const sup = fs.filter((f) => f.suppressed);
    expect(sup).toHaveLength(2);
    expect(sup.every((f) => f.ruleId === 'nosec' && f.suppression?.kind === 'inSource')).toBe(true);
  });

  it('reads CWE, title, 1-based column, url and the flagged line for the fingerprint', () => {
    const b602 = findings(read(BANDIT)).find((f) => f.ruleId === 'B602')!;
    expect(b602).toMatchObject({
      severity: 'high',
      toolSeverity: 'HIGH',
      title: 'subprocess_popen_with_shell_equals_true',
      aliases: ['CWE-78'],
      location: { path: 'pysample/runner.py', line: 15, column: 12 },
    });
  });

  it('keeps a finding’s fingerprint when code above it moves (line numbers are not part of it)', () => {
    const d = doc(BANDIT);
    const before = findings(JSON.stringify(d)).map((f) => f.fingerprint);
    for (const r of d['results'] as Json[]) {
      r['line_number'] = (r['line_number'] as number) + 5;
      r['line_range'] = (r['line_range'] as number[]).map((n) => n + 5);
      r['code'] = (r['code'] as string).replace(/^(\d+) /gm, (_m, n: string) => `${Number(n) + 5} `);
    }
    expect(findings(JSON.stringify(d)).map((f) => f.fingerprint)).toEqual(before);
  });

  it('is detected when a long errors list pushes the other keys past the first 4 KiB', () => {
    const d = doc(BANDIT);
    d['errors'] = Array.from({ length: 200 }, (_, i) => ({ filename: `gen/f${i}.py`, reason: 'syntax error while parsing AST from file' }));
    const text = JSON.stringify(d, null, 2);
    expect(text.indexOf('"generated_at"')).toBeGreaterThan(4096);
    expect(claims(text)).toEqual(['bandit']);
    expect(findings(text).filter((f) => f.ruleId === 'scan-error')).toHaveLength(200);
  });

  it('a nosec count that is not a count is E_PARSE with the key path', () => {
    const d = doc(BANDIT);
    (d['metrics'] as Record<string, Json>)['_totals']!['nosec'] = -3;
    expect([fails(JSON.stringify(d)).code, fails(JSON.stringify(d)).where]).toEqual(['E_PARSE', 'metrics._totals.nosec']);
    (d['metrics'] as Record<string, Json>)['_totals']!['nosec'] = 1e12;
    expect(fails(JSON.stringify(d)).message).toContain('expected a count');
  });

  it('a result without test_id is E_PARSE at its index', () => {
    const d = doc(BANDIT);
    delete (d['results'] as Json[])[3]!['test_id'];
    expect(fails(JSON.stringify(d)).where).toBe('results[3].test_id');
  });
});

describe('checkov', () => {
  const TF = 'checkov/terraform-3.3.30/input.json';
  const MANY = 'checkov/frameworks-compact-3.3.30/input.json';

  it('a file Checkov could not parse is a high finding naming it; failed checks keep file, lines and resource', () => {
    const fs = findings(read('checkov/parsing-error-3.3.30/input.json'));
    const err = fs.filter((f) => f.ruleId === 'scan-error');
    expect(err).toEqual([expect.objectContaining({ severity: 'high', category: 'misconfiguration', suppressed: false })]);
    expect(err[0]!.location!.path).toMatch(/infra-broken\/main\.tf$/);
  });

  it('skipped checks are suppressed with the checkov:skip reason; failed checks are unsuppressed', () => {
    const fs = findings(read(TF));
    expect(fs.filter((f) => f.suppressed)).toEqual([
      expect.objectContaining({ ruleId: 'CKV_AWS_17', suppression: { kind: 'inSource', justification: 'the database is in a private subnet in this sample' } }),
    ]);
    expect(fs.find((f) => f.ruleId === 'CKV_AWS_24')).toMatchObject({
      message: expect.stringMatching(/: aws_security_group\.web$/),
      location: { path: 'main.tf', line: 14 },
      suppressed: false,
    });
  });

  it('severity is the check’s when Checkov has one (with an API key), unknown when null', () => {
    const d = doc(TF) as { results: { failed_checks: Json[] } };
    expect(findings(JSON.stringify(d)).every((f) => f.severity === 'unknown')).toBe(true);
    d.results.failed_checks[0]!['severity'] = 'CRITICAL';
    d.results.failed_checks[1]!['severity'] = 'LOW';
    const fs = findings(JSON.stringify(d));
    expect([fs[0]!.severity, fs[0]!.toolSeverity, fs[1]!.severity]).toEqual(['critical', 'CRITICAL', 'low']);
  });

  it('the secrets framework’s findings are secrets, the other frameworks’ misconfigurations', () => {
    const fs = findings(read(MANY));
    expect(fs.filter((f) => f.category === 'secret').map((f) => f.ruleId)).toEqual(['CKV_SECRET_6']);
    expect(new Set(fs.filter((f) => f.category !== 'secret').map((f) => f.category))).toEqual(new Set(['misconfiguration']));
  });

  it('an entry of the array that is not a framework report is E_PARSE at its index', () => {
    const d = JSON.parse(read(MANY)) as Json[];
    delete d[2]!['check_type'];
    const e = fails(JSON.stringify(d), 'checkov');
    expect([e.code, e.where]).toEqual(['E_PARSE', '[2].check_type']);
  });

  it('is not claimed by the Semgrep parser (both write check_id)', () => {
    expect(claims(read(TF))).toEqual(['checkov']);
  });
});

describe('pylint', () => {
  const JSON1 = 'pylint/py-sample-json-4.1.4/input.json';
  const JSON2 = 'pylint/py-sample-json2-4.1.4/input.json';

  it('json and json2 of the same run give the same findings (rule = symbol, message id as alias, 1-based column)', () => {
    const a = findings(read(JSON1));
    const b = findings(read(JSON2));
    expect(b).toEqual(a);
    expect(a.find((f) => f.ruleId === 'too-many-arguments')).toMatchObject({
      aliases: ['R0913'],
      severity: 'low',
      toolSeverity: 'refactor',
      location: { path: 'pysample/style.py', line: 8, column: 5 },
    });
  });

  it('maps fatal to critical and info to info; an unknown type is E_PARSE with the key path', () => {
    const d = JSON.parse(read(JSON1)) as Json[];
    d[0]!['type'] = 'fatal';
    d[1]!['type'] = 'info';
    expect(findings(JSON.stringify(d)).slice(0, 2).map((f) => f.severity)).toEqual(['critical', 'info']);
    d[4]!['type'] = 'notice';
    expect([fails(JSON.stringify(d)).code, fails(JSON.stringify(d)).where]).toEqual(['E_PARSE', '[4].type']);
  });

  it('an empty [] is claimed by neither pylint nor shellcheck, and reads as zero findings with --format', () => {
    expect(claims('[]\n')).toEqual([]);
    expect(findings('[]\n', 'pylint')).toEqual([]);
    expect(findings('[]\n', 'shellcheck')).toEqual([]);
  });

  it('a json2 report that linted no module is E_INPUT', () => {
    const d = doc('pylint/clean-json2-4.1.4/input.json') as { statistics: Json };
    d.statistics['modulesLinted'] = 0;
    expect(fails(JSON.stringify(d)).code).toBe('E_INPUT');
  });
});

describe('shellcheck', () => {
  it('-f json and -f json1 of the same run give the same findings: SC rule, wiki url, level as tool severity', () => {
    const a = findings(read('shellcheck/scripts-json-0.9.0/input.json'));
    expect(a).toEqual(findings(read('shellcheck/scripts-json1-0.9.0/input.json')));
    expect(a.find((f) => f.ruleId === 'SC2164')).toMatchObject({
      severity: 'medium',
      toolSeverity: 'warning',
      url: 'https://www.shellcheck.net/wiki/SC2164',
      location: { path: 'deploy.sh', line: 4, column: 1 },
    });
    expect(a.filter((f) => f.location?.path === 'broken.bash').map((f) => f.severity)).toEqual(['high', 'high', 'high', 'high']);
  });

  it('an unknown level or a missing code is E_PARSE with the key path', () => {
    const d = doc('shellcheck/scripts-json1-0.9.0/input.json') as { comments: Json[] };
    d.comments[2]!['level'] = 'fatal';
    expect(fails(JSON.stringify(d)).where).toBe('comments[2].level');
    d.comments[2]!['level'] = 'info';
    delete d.comments[3]!['code'];
    expect(fails(JSON.stringify(d)).where).toBe('comments[3].code');
  });
});

describe('coveragepy-json', () => {
  const JSONCOV = 'coveragepy-json/py-sample-7.17.3/input.json';
  const coverage = (p: string, opts: { repoRoot?: string } = {}) => {
    const a = parseReport(p, read(p), opts)[0]!;
    if (a.payload.kind !== 'coverage') throw new Error('not coverage');
    return a.payload.files;
  };

  it('per file, the same line hits (as covered/uncovered) and branch counters as coverage.py’s Cobertura XML of the same run', () => {
    // The XML's <source> is where make-reports.sh ran; as repository root it makes the names equal.
    const xml = coverage('cobertura/coveragepy-7.17.3-py-sample/input.xml', { repoRoot: '/work/wt/python-tools/fixtures/sources/py-sample' });
    const json = coverage(JSONCOV);
    expect(json.map((f) => f.path)).toEqual(xml.map((f) => f.path));
    const covered = (lines: Record<number, number>) => Object.fromEntries(Object.entries(lines).map(([l, h]) => [l, h > 0]));
    for (const [i, f] of json.entries()) {
      expect(covered(f.lines)).toEqual(covered(xml[i]!.lines));
      expect(f.branches ?? {}).toEqual(xml[i]!.branches ?? {});
    }
  });

  it('a line number that is not one is E_PARSE with the key path; a report of no file is E_INPUT', () => {
    const d = doc(JSONCOV) as { files: Record<string, Json> };
    d.files['pysample/calc.py']!['missing_lines'] = [40, 0];
    const e = fails(JSON.stringify(d));
    expect([e.code, e.where]).toEqual(['E_PARSE', 'files["pysample/calc.py"].missing_lines[1]']);
    d.files = {};
    expect(fails(JSON.stringify(d)).code).toBe('E_INPUT');
  });
});
