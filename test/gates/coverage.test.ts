/**
 * Coverage gates on real reports: new-code figures against diff-cover's own output on the same
 * report and change (fixtures/new-code/python-git-change/SOURCE), `--base` through real git,
 * shard merging against lcov -a, and the critical-path / new-code gate rules of issue 4.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../src/diff/unified.js';
import { coverageCriticalPaths, coverageNewCode, mergeCoverage, newCodeCoverage, toRanges } from '../../src/gates/coverage.js';
import type { GateConfig, GateContext } from '../../src/gates/types.js';
import type { Artifact } from '../../src/model/types.js';
import { parseReport } from '../../src/parsers/index.js';
import { cli, FIXTURES } from '../helpers.js';

const CASE = join(FIXTURES, 'new-code', 'python-git-change');
const SHARDS = join(FIXTURES, 'new-code', 'shards');

interface DiffCoverJson {
  total_num_lines: number;
  total_num_violations: number;
  src_stats: Record<string, { violation_lines: number[] }>;
}

function read(dir: string, name: string): Artifact[] {
  return parseReport(join(dir, name), readFileSync(join(dir, name), 'utf8'), { repoRoot: '/nonexistent-root' });
}

/** [[10,12],[40,40]] → [10, 11, 12, 40] */
function expand(ranges: Array<[number, number]>): number[] {
  return ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
}

function expectSameAsDiffCover(newCode: { lines: { covered: number; total: number }; uncovered: Record<string, Array<[number, number]>> }, dc: DiffCoverJson) {
  expect(newCode.lines.total).toBe(dc.total_num_lines);
  expect(newCode.lines.total - newCode.lines.covered).toBe(dc.total_num_violations);
  const fromDiffCover = Object.fromEntries(
    Object.entries(dc.src_stats)
      .filter(([, s]) => s.violation_lines.length > 0)
      .map(([p, s]) => [p, [...s.violation_lines].sort((a, b) => a - b)]),
  );
  const ours = Object.fromEntries(Object.entries(newCode.uncovered).map(([p, r]) => [p, expand(r)]));
  expect(ours).toEqual(fromDiffCover);
}

describe('new-code coverage equals diff-cover on the same report and change', () => {
  for (const [report, dcFile] of [
    ['coverage.xml', 'diff-cover-xml.json'],
    ['coverage.info', 'diff-cover-lcov.json'],
    // diff-cover 11.0.1 on the same reports, and on coverage.py 7.17.3's XML and JSON of a rerun
    ['coverage.xml', 'diff-cover-11-xml.json'],
    ['coverage.info', 'diff-cover-11-lcov.json'],
    ['coverage-7.17.3.xml', 'diff-cover-11-xml-7.17.3.json'],
    ['coverage-7.17.3.json', 'diff-cover-11-xml-7.17.3.json'],
  ] as const) {
    for (const diff of ['change.diff', 'change-u0.diff']) {
      it(`${report} + ${diff}`, async () => {
        const dc = JSON.parse(readFileSync(join(CASE, dcFile), 'utf8')) as DiffCoverJson;
        const r = await cli(['inspect', report, '--diff', diff, '--json'], { cwd: CASE });
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expectSameAsDiffCover(JSON.parse(r.stdout).summary.newCode, dc);
      });
    }
  }

  describe('--base REF runs git diff against the merge base', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gatecheck-base-'));
    const clone = join(tmp, 'clone');
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    git(tmp, 'clone', '-q', '--branch', 'feature', join(CASE, 'repo.bundle'), clone);
    git(clone, 'branch', '-q', 'main', 'origin/main');
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    it('gives diff-cover’s figures', async () => {
      const dc = JSON.parse(readFileSync(join(CASE, 'diff-cover-xml.json'), 'utf8')) as DiffCoverJson;
      const r = await cli(['inspect', join(CASE, 'coverage.xml'), '--base', 'main', '--json'], { cwd: clone });
      expect(r.stderr).toBe('');
      expectSameAsDiffCover(JSON.parse(r.stdout).summary.newCode, dc);
    });

    it('a shallow clone without the base says how to fetch it', async () => {
      const shallow = join(tmp, 'shallow');
      git(tmp, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${clone}`, shallow);
      const r = await cli(['inspect', join(CASE, 'coverage.xml'), '--base', 'origin/main', '--json'], { cwd: shallow });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('[E_GIT]');
      expect(r.stderr).toContain('shallow clone');
      expect(r.stderr).toContain('fetch-depth: 0');
    });
  });
});

describe('unified diff edge cases', () => {
  const diff = readFileSync(join(CASE, 'change.diff'), 'utf8');

  it('renamed, new, deleted, binary, CRLF and spaced paths', () => {
    const d = parseUnifiedDiff(diff, 'change.diff');
    expect(d.files).toContain('pkg/new_name.py');
    expect(d.files).not.toContain('pkg/old_name.py');
    expect(d.files).not.toContain('pkg/gone.py');
    expect(d.files).toContain('dir with space/mod.py');
    expect(d.added.has('logo.png')).toBe(false);
    expect([...d.added.get('pkg/fresh.py')!].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(d.added.get('pkg/crlf.py')).toEqual(new Set([4, 5]));
  });

  it('a CRLF-converted diff gives the same lines', () => {
    const a = parseUnifiedDiff(diff);
    const b = parseUnifiedDiff(diff.replace(/\r?\n/g, '\r\n'));
    expect(b.added).toEqual(a.added);
  });

  it('a diff cut inside a hunk is E_PARSE, not a smaller change', () => {
    const cut = diff.slice(0, diff.indexOf('+def mul'));
    expect(() => parseUnifiedDiff(cut, 'cut.diff')).toThrow(/ends inside a hunk/);
  });

  it('C-quoted paths', () => {
    const d = parseUnifiedDiff('diff --git "a/caf\\303\\251.py" "b/caf\\303\\251.py"\n--- "a/caf\\303\\251.py"\n+++ "b/caf\\303\\251.py"\n@@ -0,0 +1 @@\n+x\n');
    expect(d.added.get('café.py')).toEqual(new Set([1]));
  });
});

describe('shards merge before gates run', () => {
  it('two lcov shards: lines as lcov -a, branches as the full run', () => {
    const m = mergeCoverage([...read(SHARDS, 'shard1.info'), ...read(SHARDS, 'shard2.info')]);
    expect(m.totals.lines).toEqual({ covered: 26, total: 38 });
    expect(m.totals.branches).toEqual({ covered: 5, total: 12 });
  });

  it('mixed formats (Cobertura + lcov): lines as lcov -a', () => {
    const m = mergeCoverage([...read(SHARDS, 'shard1.xml'), ...read(SHARDS, 'shard2.info')]);
    expect(m.totals.lines).toEqual({ covered: 26, total: 38 });
  });

  it('a gatecheck model document of one shard merges like the raw report', async () => {
    const doc = await cli(['parse', 'shard1.info'], { cwd: SHARDS });
    expect(doc.code).toBe(0);
    const fromDoc = parseReport('shard1.json', doc.stdout);
    const m = mergeCoverage([...fromDoc, ...read(SHARDS, 'shard2.xml')]);
    expect(m.totals.lines).toEqual({ covered: 26, total: 38 });
  });

  it('evaluate over both shards gates the merged figure', async () => {
    const r = await cli(['evaluate', 'shard1.info', 'shard2.info', '--reporter', 'json'], { cwd: SHARDS });
    const gate = (JSON.parse(r.stdout) as { gates: Array<{ measure: string; value?: number }> }).gates.find((g) => g.measure === 'coverage.lines');
    expect(gate?.value).toBeCloseTo((26 / 38) * 100, 10);
  });
});

function gate(measure: string, options: Record<string, unknown>, threshold = 90): GateConfig {
  return { id: measure, title: measure, measure, select: {}, operator: '>=', threshold, action: 'block', required: false, options };
}
const ctx = (extra: Partial<GateContext> = {}): GateContext => ({ artifacts: [], today: '2025-01-01', maxEvidence: 20, ...extra });

describe('critical paths', () => {
  const arts = read(CASE, 'coverage.info');

  it('first matching rule wins', () => {
    const out = coverageCriticalPaths(gate('coverage.critical-paths', { rules: [{ path: 'pkg/calc.py', threshold: 50 }, { path: 'pkg/**', threshold: 100 }] }), arts, ctx());
    expect('status' in out).toBe(false);
    if ('status' in out) return;
    const rows = out.evidence as Array<{ path: string; threshold: number; covered: number; total: number }>;
    // pkg/calc.py is claimed by the first rule only; the pkg/** group has the other pkg files.
    expect(rows.find((r) => r.path === 'pkg/calc.py')?.threshold).toBe(50);
    const rest = rows.find((r) => r.path === 'pkg/**')!;
    expect(rest.threshold).toBe(100);
    // lcov --summary of the report minus pkg/calc.py (coverage.py report: crlf 6-3, fresh 6-2, new_name 7-2, __init__ 0): 12 of 19
    expect([rest.covered, rest.total]).toEqual([12, 19]);
  });

  it('a glob that matches no file is an error, not a pass', () => {
    const out = coverageCriticalPaths(gate('coverage.critical-paths', { rules: [{ path: 'internal/auth/**' }] }), arts, ctx());
    expect(out).toMatchObject({ status: 'error' });
    expect((out as { reason: string }).reason).toContain('internal/auth/**');
  });

  it('per file: every file must meet the threshold', () => {
    const out = coverageCriticalPaths(gate('coverage.critical-paths', { rules: [{ path: 'pkg/**' }], per: 'file' }, 60), arts, ctx());
    if ('status' in out) throw new Error(out.reason);
    expect(out.decided).toBe('fail');
    // coverage.py report: pkg/crlf.py 3 of 6 statements run = 50 %, the lowest file
    expect(out.evidence?.[0]).toMatchObject({ path: 'pkg/crlf.py', covered: 3, total: 6 });
  });
});

describe('new-code gate', () => {
  const arts = read(CASE, 'coverage.xml');
  const added = parseUnifiedDiff(readFileSync(join(CASE, 'change.diff'), 'utf8')).added;

  it('evidence is the uncovered changed lines as ranges', () => {
    const out = coverageNewCode(gate('coverage.new-code', {}), arts, ctx({ diff: { added, source: 'change.diff' } }));
    if ('status' in out) throw new Error(out.reason);
    expect(out.value).toBeCloseTo((14 / 22) * 100, 10);
    expect(out.evidence).toContainEqual({ type: 'lines', path: 'pkg/calc.py', ranges: [[13, 13], [20, 21]] });
  });

  it('skips below minLines', () => {
    const out = coverageNewCode(gate('coverage.new-code', { minLines: 23 }), arts, ctx({ diff: { added, source: 'change.diff' } }));
    expect(out).toMatchObject({ status: 'skip' });
  });

  it('is an error for files only a summary covers', () => {
    const summary: Artifact = {
      format: 'istanbul-summary',
      tool: { name: 'istanbul' },
      source: 's.json',
      payload: { kind: 'coverage', files: [{ path: 'pkg/calc.py', lines: {}, lineTotals: { covered: 1, total: 2 } }], totals: { lines: { covered: 1, total: 2 } } },
    };
    const out = coverageNewCode(gate('coverage.new-code', {}), [summary], ctx({ diff: { added, source: 'change.diff' } }));
    expect(out).toMatchObject({ status: 'error' });
  });

  it('matches JaCoCo-style package paths to the diff by suffix', () => {
    const files = [{ path: 'com/acme/Login.java', lines: { 3: 0, 4: 2 } }];
    const r = newCodeCoverage(files, new Map([['src/main/java/com/acme/Login.java', new Set([3, 4, 5])]]));
    expect(r.lines).toEqual({ covered: 1, total: 2 });
  });

  it('toRanges', () => {
    expect(toRanges([10, 11, 12, 40])).toEqual([
      [10, 12],
      [40, 40],
    ]);
  });
});
