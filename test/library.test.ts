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
    for (const n of ['evaluate', 'parseReport', 'loadPolicy', 'defaultPolicy', 'render', 'runCli', 'parsers', 'reporters', 'summarise', 'GatecheckError']) {
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

  it('deep imports are not part of the surface', () => {
    const r = runNode("await import('gatecheck/dist/gates/index.js')");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('ships the schemas through the exports map', () => {
    const r = runNode("import { createRequire } from 'node:module'; const req = createRequire(import.meta.url); console.log(req.resolve('gatecheck/schema/config.json'))");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('src/config/schema.json');
  });
});
