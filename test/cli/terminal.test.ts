/** What a person sees in the terminal and the job log (issue 13, "Terminal and files"). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cutMiddle } from '../../src/reporters/escape.js';
import { describeEvidence } from '../../src/reporters/text.js';
import { cli, modelDir } from '../helpers.js';

const tmp = () => realpathSync(mkdtempSync(join(tmpdir(), 'gatecheck-term-')));


const VERDICT = /^gatecheck: PASSED \(exit 0\) — /m;

describe('with only file reporters', () => {
  it('the text table still goes to stdout', async () => {
    const d = modelDir();
    const r = await cli(['evaluate', 'm.json', '-r', 'markdown=out.md', '-r', 'junit=out.xml'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^STATUS\s+GATE/);
    expect(r.stdout).toMatch(VERDICT);
    expect(readFileSync(join(d, 'out.md'), 'utf8')).toContain('gatecheck: passed');
  });

  it('--quiet or an explicit text=FILE keeps stdout empty', async () => {
    const d = modelDir();
    expect((await cli(['evaluate', 'm.json', '-r', 'markdown=out.md', '-q'], { cwd: d })).stdout).toBe('');
    const toFile = await cli(['evaluate', 'm.json', '-r', 'markdown=out.md', '-r', 'text=table.txt'], { cwd: d });
    expect(toFile.stdout).toBe('');
    expect(readFileSync(join(d, 'table.txt'), 'utf8')).toMatch(VERDICT);
  });

  it('--quiet alone is the verdict line', async () => {
    const d = modelDir();
    const r = await cli(['evaluate', 'm.json', '-q'], { cwd: d });
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(VERDICT);
  });
});

describe('skipped gates', () => {
  it('are one line by default, rows with their reasons with --show-skipped', async () => {
    const d = modelDir();
    const r = await cli(['evaluate', 'm.json'], { cwd: d });
    const skipLines = r.stdout.split('\n').filter((l) => l.startsWith('SKIP'));
    expect(skipLines).toHaveLength(1);
    const n = Number(/(\d+) skipped/.exec(r.stdout)![1]);
    expect(n).toBeGreaterThan(5);
    expect(skipLines[0]).toMatch(new RegExp(`^SKIP\\s+${n} gates: Linting, .*Coverage \\(overall\\), .* \\(--show-skipped says why\\)$`));
    const all = await cli(['evaluate', 'm.json', '--show-skipped'], { cwd: d });
    const rows = all.stdout.split('\n').filter((l) => l.startsWith('SKIP'));
    expect(rows).toHaveLength(n);
    expect(all.stdout).toContain('no coverage report given');
    // one skip sentence for every missing input, one apostrophe style
    const reasons = all.stdout.split('\n').filter((l) => /^\s+no .* given/.test(l));
    expect(reasons.length).toBe(n);
    expect(all.stdout).not.toContain('’');
  });
});

describe('colour', () => {
  const coloured = async (env: Record<string, string>, tty: boolean) => (await cli(['evaluate', 'm.json'], { cwd: modelDir(), env, tty })).stdout.includes('\u001b[');

  it('FORCE_COLOR turns it on without a TTY (GitHub Actions logs) and 0 turns it off on one', async () => {
    expect(await coloured({}, false)).toBe(false);
    expect(await coloured({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(await coloured({ FORCE_COLOR: '' }, false)).toBe(true);
    expect(await coloured({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(await coloured({ FORCE_COLOR: 'false' }, true)).toBe(false);
  });

  it('NO_COLOR only when non-empty (no-color.org)', async () => {
    expect(await coloured({}, true)).toBe(true);
    expect(await coloured({ NO_COLOR: '' }, true)).toBe(true);
    expect(await coloured({ NO_COLOR: '1' }, true)).toBe(false);
    expect(await coloured({ TERM: 'dumb' }, true)).toBe(false);
  });
});

describe('run from a subfolder of a git checkout', () => {
  it('absolute report paths are made relative to the git top level, not the current folder', async () => {
    const root = tmp();
    execFileSync('git', ['init', '-q', root]);
    mkdirSync(join(root, 'web', 'reports'), { recursive: true });
    // lcov as `go test`/istanbul write it in CI: absolute source paths under the checkout
    writeFileSync(join(root, 'web', 'reports', 'lcov.info'), `TN:\nSF:${root}/web/src/a.ts\nDA:1,1\nDA:2,0\nLF:2\nLH:1\nend_of_record\nSF:${root}/lib/b.ts\nDA:1,1\nLF:1\nLH:1\nend_of_record\n`);
    const r = await cli(['parse', 'reports/lcov.info'], { cwd: join(root, 'web') });
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { artifacts: Array<{ payload: { files: Array<{ path: string }> } }> };
    expect(doc.artifacts[0]!.payload.files.map((f) => f.path)).toEqual(['lib/b.ts', 'web/src/a.ts']);
    // --repo-root still wins
    const given = await cli(['parse', 'reports/lcov.info', '--repo-root', join(root, 'web')], { cwd: join(root, 'web') });
    expect((JSON.parse(given.stdout) as typeof doc).artifacts[0]!.payload.files.map((f) => f.path)).toContain('src/a.ts');
  });
});

describe('wording', () => {
  it('one file, one input problem: no "(s)"', async () => {
    const d = modelDir();
    mkdirSync(join(d, 'r'));
    writeFileSync(join(d, 'r', 'notes.txt'), 'hello\n');
    writeFileSync(join(d, 'r', 'm.json'), readFileSync(join(d, 'm.json')));
    const skipped = await cli(['evaluate', 'r'], { cwd: d });
    expect(skipped.stderr).toContain('gatecheck: skipped 1 file no parser recognises: r/notes.txt');
    const bad = await cli(['evaluate', 'missing.json'], { cwd: d });
    expect(bad.stderr).toContain('could not evaluate: 1 input problem (exit 2)');
    const failed = await cli(['evaluate', 'm.json'], { cwd: modelDir('failed') });
    expect(failed.stdout).toContain('1 test: 0 passed, 1 failed');
    writeFileSync(join(d, 'lcov.info'), 'TN:\nSF:src/a.ts\nDA:1,1\nDA:2,0\nLF:2\nLH:1\nend_of_record\n');
    expect((await cli(['evaluate', 'lcov.info'], { cwd: d })).stdout).toContain('1 of 2 lines covered across 1 file\n');
  });

  it('long rule ids are cut in the middle, keeping their end', () => {
    const id = 'python.lang.security.audit.dangerous-subprocess-use.dangerous-subprocess-use-tainted-env-args';
    const cut = cutMiddle(id, 48);
    expect(Array.from(cut)).toHaveLength(48);
    expect(cut).toMatch(/^python\.lang\..*….*-use-tainted-env-args$/);
    expect(cutMiddle('short.id', 48)).toBe('short.id');
    const line = describeEvidence(
      { type: 'finding', source: 's.json', finding: { ruleId: id, severity: 'high', category: 'sast', message: 'm', fingerprint: 'f', suppressed: false } },
      48,
    );
    expect(line).toContain(cut);
  });
});
