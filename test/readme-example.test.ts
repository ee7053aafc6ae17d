/**
 * The README's library example is real code: its ```ts block (under "## Library") is compiled
 * with the devDependency TypeScript under `--module nodenext` against the built package's types,
 * imported as a user imports it (`node_modules/gatecheck` → this package), then run over
 * examples/ as `reports/`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README library example', () => {
  it('compiles under --module nodenext and runs', () => {
    const section = readme.slice(readme.indexOf('## Library'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code, 'README has a ```ts block under ## Library').toBeDefined();
    const d = mkdtempSync(join(tmpdir(), 'gatecheck-readme-'));
    mkdirSync(join(d, 'node_modules'));
    symlinkSync(ROOT, join(d, 'node_modules', 'gatecheck'), 'dir');
    symlinkSync(join(ROOT, 'node_modules', '@types'), join(d, 'node_modules', '@types'), 'dir');
    symlinkSync(join(ROOT, 'examples'), join(d, 'reports'), 'dir');
    writeFileSync(join(d, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    writeFileSync(join(d, 'example.ts'), code!);
    writeFileSync(
      join(d, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, types: ['node'], outDir: 'out', skipLibCheck: true },
        files: ['example.ts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    let out = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', d], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(out).toBe('');
    const r = spawnSync(process.execPath, [join(d, 'out', 'example.js')], { cwd: d, encoding: 'utf8', env: { ...process.env, BASE_REF: '' } });
    expect(r.stderr).toBe('');
    // examples/ holds failing lint, SAST, tests and error rate: blocked, exit 1
    expect(r.stdout).toContain('### ⛔ gatecheck: blocked');
    expect(r.status).toBe(1);
  });
});
