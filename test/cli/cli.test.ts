import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_YAML } from '../../src/config/default-policy.js';
import { cli, ROOT } from '../helpers.js';
import { fakeGithub } from '../comment/fake-servers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'gatecheck-cli-'));

/** A model document holding one tests artifact: the smallest valid input that needs no other parser. */
function modelDoc(cases: Array<{ name: string; status: string }>): string {
  return JSON.stringify({
    gatecheck: 'model',
    schemaVersion: '1',
    artifacts: [{ format: 'junit', tool: { name: 'junit' }, source: 'junit.xml', payload: { kind: 'tests', cases: cases.map((c) => ({ suite: 's', ...c })) } }],
  });
}

describe('gatecheck (in-process)', () => {
  it('--help lists the commands and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['evaluate', 'inspect', 'init', 'schema', 'formats']) expect(r.stdout).toContain(c);
  });

  it('a usage error is one line, exit 2', async () => {
    const r = await cli(['evaluate', '--no-such-flag', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('[E_USAGE]');
  });

  it('evaluate with no reports is a usage error', async () => {
    const r = await cli(['evaluate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no reports given');
  });

  it('a missing file names the file, exit 2', async () => {
    const r = await cli(['evaluate', 'does/not/exist.xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does/not/exist.xml: no such file or directory [E_IO]');
  });

  it('an invalid policy file: every error with its key path, exit 2, no stack', async () => {
    const d = tmp();
    writeFileSync(join(d, 'gatecheck.yml'), 'gates:\n  - id: c\n    measure: coverage.lines\n    threshold: 850\nbogus: 1\n');
    writeFileSync(join(d, 'm.json'), modelDoc([{ name: 'a', status: 'passed' }]));
    const r = await cli(['evaluate', 'm.json'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('gatecheck.yml');
    expect(r.stderr).toContain('gates[0].threshold: must be <= 100 (got 850)');
    expect(r.stderr).toContain('bogus: unknown key');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('-c /dev/null is a policy with no gate: E_CONFIG, exit 2, not a pass', async () => {
    const d = tmp();
    writeFileSync(join(d, 'm.json'), modelDoc([{ name: 'a', status: 'failed' }]));
    const r = await cli(['evaluate', '-c', '/dev/null', 'm.json'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/dev/null: invalid policy:\n  gates: the policy enables no gate');
    expect(r.stderr).toContain('[E_CONFIG]');
  });

  it('reports no gate measures: exit 2 with one line naming them', async () => {
    const d = tmp();
    writeFileSync(join(d, 'gatecheck.yml'), 'gates:\n  - { id: tests.pass-rate }\n');
    const k6 = join(ROOT, 'fixtures/k6-summary/legacy-failed-check/input.json');
    const r = await cli(['evaluate', k6, '-q'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gatecheck: nothing evaluated: every gate was skipped, so no gate measured the report given: ${k6} (k6-summary, performance) [E_INPUT]\n`);
  });

  it('a real k6 run that crossed its own thresholds is blocked by the default policy even with p95 and error rate loosened (exit 1)', async () => {
    const d = tmp();
    writeFileSync(join(d, 'gatecheck.yml'), 'extends: default\ngates:\n  - { id: performance.p95, threshold: 60000 }\n  - { id: performance.error-rate, threshold: 0.05 }\n');
    const r = await cli(['evaluate', join(ROOT, 'fixtures/k6-summary/handle-summary-failed-thresholds/input.json'), '--json'], { cwd: d });
    expect(r.code).toBe(1);
    const e = JSON.parse(r.stdout) as { verdict: string; gates: Array<{ id: string; status: string; value?: number }> };
    expect(e.verdict).toBe('blocked');
    expect(e.gates.filter((g) => g.status === 'fail').map((g) => [g.id, g.value])).toEqual([['performance.k6-thresholds', 3]]);
  });

  it('evaluate picks up ./gatecheck.yml, prints the table and exits with the verdict code', async () => {
    const d = tmp();
    writeFileSync(join(d, 'gatecheck.yml'), 'gates:\n  - { id: tests.pass-rate, measure: tests.pass-rate, action: approve }\n');
    writeFileSync(join(d, 'm.json'), modelDoc([{ name: 'a', status: 'passed' }, { name: 'b', status: 'failed' }]));
    const r = await cli(['evaluate', 'm.json'], { cwd: d });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('NEEDS APPROVAL');
    expect(r.stdout).toContain('50.00 %');
    expect(r.stdout).not.toContain('\u001b['); // not a TTY: no colour
  });

  it('colours only on a TTY without NO_COLOR', async () => {
    const d = tmp();
    writeFileSync(join(d, 'm.json'), modelDoc([{ name: 'a', status: 'passed' }]));
    expect((await cli(['evaluate', 'm.json'], { cwd: d, tty: true })).stdout).toContain('\u001b[');
    expect((await cli(['evaluate', 'm.json'], { cwd: d, tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });

  it('repeatable flags take one value each, so report paths may follow them', async () => {
    const d = tmp();
    writeFileSync(join(d, 'it.json'), modelDoc([{ name: 'a', status: 'passed' }]));
    writeFileSync(join(d, 'unit.json'), modelDoc([{ name: 'b', status: 'failed' }]));
    const r = await cli(['evaluate', '--input', 'integration=it.json', '--reporter', 'json', 'unit.json'], { cwd: d });
    expect(r.stderr).toBe('');
    const ev = JSON.parse(r.stdout);
    expect(ev.inputs.map((i: { label?: string }) => i.label ?? '-')).toEqual(['-', 'integration']);
    expect(ev.gates.find((g: { id: string }) => g.id === 'tests.integration').status).toBe('pass');
  });

  it('--reporter json=PATH writes the evaluation; text still goes to stdout when asked', async () => {
    const d = tmp();
    writeFileSync(join(d, 'm.json'), modelDoc([{ name: 'a', status: 'passed' }]));
    const r = await cli(['evaluate', 'm.json', '--reporter', 'json=out/eval.json', '--reporter', 'text'], { cwd: d });
    expect(r.code).toBe(0);
    const ev = JSON.parse(readFileSync(join(d, 'out/eval.json'), 'utf8'));
    expect(ev).toMatchObject({ gatecheck: 'evaluation', schemaVersion: '1', verdict: 'passed', exitCode: 0 });
    expect(r.stdout).toContain('PASSED');
  });

  it('--json is the evaluation on stdout; two reporters on stdout are a usage error, not output run together', async () => {
    const d = tmp();
    writeFileSync(join(d, 'm.json'), modelDoc([{ name: 'a', status: 'failed' }]));
    const json = await cli(['evaluate', 'm.json', '--json'], { cwd: d });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ gatecheck: 'evaluation', verdict: 'blocked', exitCode: 1 });
    for (const args of [
      ['--json', '--reporter', 'text'],
      ['--reporter', 'json', '--reporter', 'markdown'],
    ]) {
      const r = await cli(['evaluate', 'm.json', ...args], { cwd: d });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/would both write to standard output: give all but one a path .*\[E_USAGE\]/);
    }
    const split = await cli(['evaluate', 'm.json', '--json', '--reporter', 'text=out/table.txt'], { cwd: d });
    expect(split.code).toBe(1);
    expect(JSON.parse(split.stdout).verdict).toBe('blocked');
    expect(readFileSync(join(d, 'out/table.txt'), 'utf8')).toContain('BLOCKED');
  });

  it('init writes the commented default policy, refuses to overwrite, and it loads back', async () => {
    const d = tmp();
    expect((await cli(['init'], { cwd: d })).code).toBe(0);
    const schemaLines = '# yaml-language-server: $schema=./node_modules/gatecheck/dist/config/schema.json\n# $schema: ./node_modules/gatecheck/dist/config/schema.json\n';
    expect(readFileSync(join(d, 'gatecheck.yml'), 'utf8')).toBe(`${schemaLines}${DEFAULT_POLICY_YAML}`);
    const again = await cli(['init'], { cwd: d });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    writeFileSync(join(d, 'm.json'), modelDoc([{ name: 'a', status: 'passed' }]));
    const withFile = await cli(['evaluate', 'm.json', '--reporter', 'json'], { cwd: d });
    const withDefault = await cli(['evaluate', join(d, 'm.json'), '--reporter', 'json'], { cwd: ROOT });
    expect(JSON.parse(withFile.stdout).gates).toEqual(JSON.parse(withDefault.stdout).gates);
  });

  it('init points the editor comments at the installed package schema, relative to the file written', async () => {
    const d = tmp();
    // package.json "files" ships dist/ (the exports map's gatecheck/schema/config.json), so npm puts it here:
    mkdirSync(join(d, 'node_modules/gatecheck/dist/config'), { recursive: true });
    writeFileSync(join(d, 'node_modules/gatecheck/dist/config/schema.json'), '{}');
    mkdirSync(join(d, 'ci/policy'), { recursive: true });
    expect((await cli(['init', '-o', 'policy/gatecheck.yml'], { cwd: join(d, 'ci') })).code).toBe(0);
    const head = readFileSync(join(d, 'ci/policy/gatecheck.yml'), 'utf8').split('\n').slice(0, 2);
    expect(head).toEqual(['# yaml-language-server: $schema=../../node_modules/gatecheck/dist/config/schema.json', '# $schema: ../../node_modules/gatecheck/dist/config/schema.json']);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[]; exports: Record<string, unknown> };
    expect(pkg.files).toContain('dist');
    expect(pkg.exports['./schema/config.json']).toBe('./dist/config/schema.json');
  });

  it('schema prints the policy JSON Schema; --model the model schema', async () => {
    const r = await cli(['schema']);
    expect(JSON.parse(r.stdout).title).toBe('gatecheck policy');
    const m = await cli(['schema', '--model']);
    expect(JSON.parse(m.stdout).title).toBe('gatecheck model document');
  });

  it('parse writes a model document that reads back to the same artifacts', async () => {
    const d = tmp();
    writeFileSync(join(d, 'm.json'), modelDoc([{ name: 'a', status: 'failed' }]));
    expect((await cli(['parse', 'm.json', '-o', 'model.json'], { cwd: d })).code).toBe(0);
    const a = await cli(['inspect', 'm.json', '--json'], { cwd: d });
    const b = await cli(['inspect', 'model.json', '--json'], { cwd: d });
    expect(b.stdout).toBe(a.stdout);
  });

  it('a model document that breaks the schema is an E_PARSE naming the key path', async () => {
    const d = tmp();
    writeFileSync(join(d, 'm.json'), JSON.stringify({ gatecheck: 'model', schemaVersion: '1', artifacts: [{ format: 'x', tool: { name: 't' }, source: 's', payload: { kind: 'tests', cases: 'lots' } }] }));
    const r = await cli(['inspect', 'm.json'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('artifacts[0].payload.cases: must be array');
  });
});

describe('empty output of tools that print nothing when clean', () => {
  it('is refused when it has to be sniffed, and zero findings with --format gofmt', async () => {
    const d = tmp();
    writeFileSync(join(d, 'gofmt.txt'), '');
    const sniffed = await cli(['inspect', 'gofmt.txt', '--json'], { cwd: d });
    expect(sniffed.code).toBe(2);
    expect(sniffed.stderr).toContain('gofmt.txt: file is empty');
    const named = await cli(['inspect', 'gofmt.txt', '--json', '--format', 'gofmt'], { cwd: d });
    expect(named.code).toBe(0);
    expect(JSON.parse(named.stdout).summary.total).toBe(0);
  });

  it('a bare null or [] names the tools that write it for "nothing found"', async () => {
    const d = tmp();
    writeFileSync(join(d, 'null.json'), 'null\n');
    writeFileSync(join(d, 'arr.json'), '[]');
    const n = await cli(['inspect', 'null.json'], { cwd: d });
    expect(n.code).toBe(2);
    expect(n.stderr).toContain('the file holds only null, which trivy, gitleaks write for "nothing found"');
    const a = await cli(['inspect', 'arr.json'], { cwd: d });
    expect(a.stderr).toContain('eslint');
    expect(a.stderr).toContain('[E_DETECT]');
    const named = await cli(['inspect', 'null.json', '--json', '--format', 'gitleaks'], { cwd: d });
    expect(JSON.parse(named.stdout).summary.total).toBe(0);
  });

  // `gatecheck evaluate "$REPORTS"` with REPORTS unset: an empty path is a mistake, not "the
  // current directory" (which was scanned, each file then looked for under / instead of here).
  it.each([
    [['evaluate', '']],
    [['evaluate', '--input', 'unit=']],
    [['evaluate', 'm.json', '--baseline', '']],
    [['inspect', '']],
  ])('an empty report path is one error, exit 2: %j', async (args) => {
    const d = tmp();
    writeFileSync(join(d, 'm.json'), modelDoc([{ name: 'a', status: 'passed' }]));
    const r = await cli(args, { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gatecheck: empty report path \(an unset variable\?\): name a file, directory or glob \[E_INPUT\]\n/);
    expect(r.stderr).not.toContain('m.json');
  });

  it('formats that do not accept empty input still refuse it with --format', async () => {
    const d = tmp();
    writeFileSync(join(d, 'junit.xml'), '');
    const r = await cli(['inspect', 'junit.xml', '--format', 'junit'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('file is empty');
  });
});

describe('the real binary', () => {
  it('runs, exits with the verdict code and prints no stack on bad input', () => {
    const d = tmp();
    writeFileSync(join(d, 'm.json'), modelDoc([{ name: 'a', status: 'failed' }]));
    writeFileSync(join(d, 'empty.xml'), '');
    const bin = join(ROOT, 'bin/gatecheck.cjs');
    const ok = spawnSync(process.execPath, [bin, 'evaluate', 'm.json'], { cwd: d, encoding: 'utf8' });
    expect(ok.status).toBe(1);
    expect(ok.stdout).toContain('BLOCKED');
    const bad = spawnSync(process.execPath, [bin, 'evaluate', 'empty.xml'], { cwd: d, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('empty.xml: file is empty');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('a real k6 summary no gate measures, next to a JUnit report: "no gate measures it" in the table and the Markdown, exit code unchanged', () => {
    const d = tmp();
    writeFileSync(join(d, 'gatecheck.yml'), 'version: 1\nextends: none\ngates:\n  - { id: tests.pass-rate, title: Test pass rate, measure: tests.pass-rate, operator: ">=", threshold: 100, action: block }\n');
    const bin = join(ROOT, 'bin/gatecheck.cjs');
    // 60 test cases, 13 failed (fixtures/junit/gotestsum-package-failure/SOURCE): blocked either way.
    const junit = join(ROOT, 'fixtures/junit/gotestsum-package-failure/input.xml');
    const k6 = join(ROOT, 'fixtures/k6-summary/handle-summary-thresholds-ok/input.json');
    const alone = spawnSync(process.execPath, [bin, 'evaluate', junit], { cwd: d, encoding: 'utf8' });
    const both = spawnSync(process.execPath, [bin, 'evaluate', junit, k6, '--reporter', 'markdown=out/comment.md'], { cwd: d, encoding: 'utf8' });
    expect(alone.status).toBe(1);
    expect(both.status).toBe(alone.status);
    const line = `${k6} (k6-summary, performance): read, but no gate of the policy measures it`;
    expect(alone.stdout).not.toContain('no gate of the policy measures it');
    expect(both.stdout).toContain(`warning: ${line}\n`);
    expect(readFileSync(join(d, 'out/comment.md'), 'utf8')).toContain(`- ${line.replace(/_/g, '\\_')}\n`);
    // The declared-count warning of the JUnit report (14 declared, 13 read) is in the table, and
    // not on stderr as well: the table is on stdout.
    expect(both.stdout).toContain(`warning: ${junit}: line 2 column 1: <testsuites name="test"> declares 14 failure(s) and error(s), but 13 failing test case(s) were read in it\n`);
    expect(both.stderr).toBe('');
    // Without the table on stdout, stderr carries both lines, once each.
    const json = spawnSync(process.execPath, [bin, 'evaluate', junit, k6, '--json'], { cwd: d, encoding: 'utf8' });
    expect(json.status).toBe(1);
    expect(json.stderr.split('\n').filter((l) => l.startsWith('gatecheck: warning: '))).toEqual([
      `gatecheck: warning: ${junit}: line 2 column 1: <testsuites name="test"> declares 14 failure(s) and error(s), but 13 failing test case(s) were read in it`,
      `gatecheck: warning: ${line}`,
    ]);
    expect(JSON.parse(json.stdout).unread).toEqual([{ source: k6, format: 'k6-summary', kind: 'performance' }]);
  });

  // The shipped CLI's comment client: bin/gatecheck.cjs → dist/bundle/cli.cjs, which require()s
  // the ES module dist/bundle/octokit.mjs next to it when the first comment is posted (the Action
  // test covers the ES module bundle, the tarball test the library through node_modules).
  it('posts the pull request comment through the bundled Octokit, with nothing else on stderr', async () => {
    const d = tmp();
    writeFileSync(join(d, 'm.json'), modelDoc([{ name: 'a', status: 'failed' }]));
    const server = await fakeGithub({ login: 'github-actions[bot]' });
    try {
      const env = { PATH: process.env['PATH'] ?? '', GITHUB_TOKEN: 'ghs_test_token_value_123', GITHUB_API_URL: server.url, NO_COLOR: '1' };
      const r = await promisify(execFile)(process.execPath, [join(ROOT, 'bin/gatecheck.cjs'), 'evaluate', 'm.json', '--comment', '--repo', 'o/r', '--pr', '3', '-q'], { cwd: d, env }).catch(
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
      expect(r).toMatchObject({ code: 1, stderr: 'gatecheck: comment created on o/r#3\n' });
      expect(server.comments).toHaveLength(1);
      expect(server.comments[0]!.body).toMatch(/^<!-- gatecheck:comment -->\n### ⛔ gatecheck: blocked/);
    } finally {
      await server.close();
    }
  });

  // A checkout that was never built (or an install whose dist/ is gone): the bin cannot load its
  // bundle. That is a broken install, not a verdict: one line naming the fix, exit 2, no stack.
  it('without its bundle: one line, exit 2 (not a stack trace and exit 1)', () => {
    const d = tmp();
    mkdirSync(join(d, 'bin'));
    copyFileSync(join(ROOT, 'bin/gatecheck.cjs'), join(d, 'bin/gatecheck.cjs'));
    copyFileSync(join(ROOT, 'package.json'), join(d, 'package.json'));
    const r = spawnSync(process.execPath, [join(d, 'bin/gatecheck.cjs'), 'evaluate', 'x.xml'], { cwd: d, encoding: 'utf8' });
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^gatecheck: cannot load .*dist\/bundle\/cli\.cjs.*npm run build.* \[E_INTERNAL\]\n$/);
    // --version needs no bundle.
    const v = spawnSync(process.execPath, [join(d, 'bin/gatecheck.cjs'), '--version'], { cwd: d, encoding: 'utf8' });
    expect([v.status, v.stdout.trim(), v.stderr]).toEqual([0, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version, '']);
  });

  it('prints no stack and keeps its exit code when the reader closes the pipe early (`| head`)', () => {
    const bin = join(ROOT, 'bin/gatecheck.cjs');
    const report = join(ROOT, 'fixtures/grype/0.7.0-327-matches/input.json');
    // ~165 KB of model document into `head -c 1`, which exits after one byte: later writes hit a closed pipe
    const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${bin}" parse "${report}" | head -c 1 >/dev/null; exit 0`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    // the exit code of gatecheck itself (first command of the pipe) is still its own: 0 for parse
    const s = spawnSync('/bin/bash', ['-c', `"${process.execPath}" "${bin}" parse "${report}" | head -c 1 >/dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(s.stdout.trim()).toBe('0');
  });
});
