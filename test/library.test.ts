/**
 * The library's public surface through the package's own exports map (self-reference to
 * the built dist/, as a user's `import … from 'gatecheck'` resolves it).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

function runNode(code: string) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
}

describe("import { … } from 'gatecheck'", () => {
  it('exposes the documented functions', () => {
    const r = runNode("const m = await import('gatecheck'); console.log(JSON.stringify(Object.keys(m).sort()))");
    expect(r.stderr).toBe('');
    const names: string[] = JSON.parse(r.stdout);
    for (const n of ['evaluate', 'parseReport', 'loadPolicy', 'defaultPolicy', 'render', 'runCli', 'parsers', 'reporters', 'summarise', 'GatecheckError', 'readReports', 'gitDiff', 'gitTopLevel', 'parseUnifiedDiff']) {
      expect(names).toContain(n);
    }
  });

  it('parses, evaluates and renders end to end', () => {
    const doc = JSON.stringify({
      gatecheck: 'model',
      schemaVersion: '1',
      artifacts: [{ format: 'junit', tool: { name: 'junit' }, source: 'a.xml', payload: { kind: 'tests', cases: [{ suite: 's', name: 'n', status: 'passed' }] } }],
    });
    const r = runNode(
      `import { parseReport, defaultPolicy, evaluate, render } from 'gatecheck';
       const e = evaluate(parseReport('m.json', ${JSON.stringify(doc)}), defaultPolicy(), { today: '2026-01-01' });
       console.log(e.verdict, e.exitCode, render(e, 'json').length > 0);`,
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('passed 0 true');
  });

  it('readReports and gitDiff: what the CLI does with directories and --base, for library users', () => {
    const r = runNode(
      `import { readReports, gitDiff, evaluate, defaultPolicy } from 'gatecheck';
       import { execFileSync } from 'node:child_process';
       const arts = readReports(['examples/'], { cwd: ${JSON.stringify(ROOT)} });
       const kinds = [...new Set(arts.map((a) => a.payload.kind))].sort();
       let bad; try { readReports(['examples/', 'no/such.json'], { cwd: ${JSON.stringify(ROOT)} }); } catch (e) { bad = String(e); }
       const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
       const diff = gitDiff(head, { cwd: ${JSON.stringify(ROOT)} });
       const e = evaluate(arts, defaultPolicy(), { diff });
       console.log(JSON.stringify({ n: arts.length, kinds, bad, source: diff.source, verdict: e.verdict }));`,
    );
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { n: number; kinds: string[]; bad: string; source: string; verdict: string };
    // examples/ holds one report per folder except README.md (not a report: left out)
    expect(out.kinds).toEqual(['findings', 'metrics', 'performance', 'tests']);
    expect(out.n).toBeGreaterThan(5);
    expect(out.bad).toBe('GatecheckError: no/such.json: no such file or directory [E_IO]');
    expect(out.source).toMatch(/^git diff [0-9a-f]{40}\.\.\.HEAD$/);
    expect(out.verdict).toBe('blocked');
  });

  it('evaluate() reads waiver expiry against today by default; parse errors name the file', () => {
    const r = runNode(
      `import { parseReport, loadPolicy, evaluate } from 'gatecheck';
       const doc = JSON.stringify({ gatecheck: 'model', schemaVersion: '1', artifacts: [{ format: 'eslint', tool: { name: 'eslint' }, source: 'e.json', payload: { kind: 'findings', findings: [{ ruleId: 'no-eval', severity: 'high', category: 'lint', message: 'm', fingerprint: 'f', suppressed: false }] } }] });
       const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
       const policy = (exp) => loadPolicy('extends: none\\ngates:\\n  - { id: lint, measure: findings.count, threshold: 0 }\\nwaivers:\\n  - { id: W, rule: no-eval, reason: r, expires: "' + exp + '" }\\n', 'p.yml');
       const arts = parseReport('e.json', doc);
       const past = evaluate(arts, policy(day(-1))), future = evaluate(arts, policy(day(30)));
       let err; try { parseReport('reports/broken.json', '{"version": "2.1.0", "runs": "x"}', { format: 'sarif' }); } catch (e) { err = { file: e.file, text: String(e), stack: e.stack.split('\\n')[0] }; }
       console.log(JSON.stringify({ past: past.waivers[0].status, pastVerdict: past.verdict, future: future.waivers[0].status, futureVerdict: future.verdict, err }));`,
    );
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { past: string; pastVerdict: string; future: string; futureVerdict: string; err: { file: string; text: string; stack: string } };
    expect(out).toMatchObject({ past: 'expired', pastVerdict: 'blocked', future: 'active', futureVerdict: 'passed' });
    expect(out.err.file).toBe('reports/broken.json');
    expect(out.err.text).toMatch(/^GatecheckError: reports\/broken\.json: .*\[E_PARSE\]$/);
    expect(out.err.stack).toBe(out.err.text);
  });

  it('deep imports are not part of the surface', () => {
    const r = runNode("await import('gatecheck/dist/gates/index.js')");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('ships the schemas through the exports map', () => {
    const r = runNode("import { createRequire } from 'node:module'; const req = createRequire(import.meta.url); console.log(req.resolve('gatecheck/schema/config.json'))");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('dist/config/schema.json');
  });
});
