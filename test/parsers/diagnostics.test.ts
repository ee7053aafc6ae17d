/**
 * The diagnostics line format beyond the fixture loop: every preset has a real fixture,
 * choosing a preset, lines that are not diagnostics, the tools' own counts, empty files,
 * notes and continuation lines, and the policy's own presets and `formats:`.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/config/load.js';
import { GatecheckError } from '../../src/errors.js';
import { PRESETS } from '../../src/parsers/diagnostics.js';
import { parseReport } from '../../src/parsers/index.js';
import { cli, FIXTURES, parseFailure, parseFindings } from '../helpers.js';

const read = (c: string) => readFileSync(join(FIXTURES, 'diagnostics', c, 'input.txt'), 'utf8');
const findings = parseFindings;
const fails = parseFailure;

describe('diagnostics presets', () => {
  it('every preset has a real fixture read with it', () => {
    const dir = join(FIXTURES, 'diagnostics');
    const used = new Set(
      readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && !d.name.startsWith('malformed') && !d.name.startsWith('policy-'))
        .map((d) => readFileSync(join(dir, d.name, 'FORMAT'), 'utf8').trim()),
    );
    expect([...used].sort()).toEqual(Object.keys(PRESETS).map((p) => `diagnostics:${p}`).sort());
  });

  it('needs a known preset; other formats take none', () => {
    expect(fails('a.go:1:1: x\n', 'diagnostics').code).toBe('E_USAGE');
    expect(fails('a.go:1:1: x\n', 'diagnostics').message).toContain('known: go-vet, staticcheck');
    expect(fails('a.go:1:1: x\n', 'diagnostics:nope').message).toContain('unknown diagnostics preset "nope"');
    expect(fails('{}', 'sarif:go-vet').message).toContain('format sarif has no variants');
  });

  it('a line that is not a diagnostic is E_PARSE with its number and text, never skipped', () => {
    const text = `${read('go-vet')}panic: runtime error: index out of range [3] with length 3\n`;
    const e = fails(text, 'diagnostics:go-vet');
    expect(e.code).toBe('E_PARSE');
    expect(e.format()).toContain('line 8: not a go-vet diagnostic');
    expect(e.format()).toContain('"panic: runtime error');
    // the same text is fine as one preset's and wrong as another's
    expect(fails(read('tsc'), 'diagnostics:go-vet').format()).toContain('line 1:');
  });

  it('an overlong line is refused before any pattern runs on it', () => {
    expect(fails(`a.go:1:1: ${'x'.repeat(20_000)}\n`, 'diagnostics:go-vet').format()).toContain('line 1: line is longer than 16384');
  });

  it('empty: zero findings for tools silent when clean, E_PARSE for mypy and pylint', () => {
    for (const p of ['go-vet', 'staticcheck', 'gcc', 'clang', 'tsc', 'flake8', 'shellcheck-gcc']) expect(findings('', `diagnostics:${p}`)).toEqual([]);
    for (const p of ['mypy', 'pylint-parseable']) expect(fails('\n', `diagnostics:${p}`).message).toContain('file is empty');
  });

  it("the tool's own count must match: clang per translation unit, flake8 --count", () => {
    const clang = read('clang');
    expect(findings(clang, 'diagnostics:clang')).toHaveLength(8);
    expect(fails(clang.replace('3 errors generated.', '4 errors generated.'), 'diagnostics:clang').message).toContain('clang says it found 9');
    const flake8 = read('flake8');
    expect(fails(flake8.replace(/^.*E501.*\n/m, ''), 'diagnostics:flake8').message).toContain('flake8 says it found 10');
  });

  it('gcc and clang notes join the diagnostic above them; excerpts are not findings', () => {
    const gcc = findings(read('gcc'), 'diagnostics:gcc');
    const area = gcc.find((f) => f.message.startsWith('too many arguments'))!;
    expect(area.message).toContain('\nnote: declared here (broken.c:6)');
    expect(area.severity).toBe('high');
    const clang = findings(read('clang'), 'diagnostics:clang');
    expect(clang.filter((f) => f.message.includes('\nnote: '))).toHaveLength(3);
    expect(clang.find((f) => f.ruleId === '-Wformat')?.location).toEqual({ path: 'sample.c', line: 20, column: 20 });
    // a clang source line must be followed by its caret line
    expect(fails('a.c:1:2: warning: x [-Wx]\nint x;\nint y;\n', 'diagnostics:clang').code).toBe('E_PARSE');
    expect(fails('a.c:1:2: warning: x [-Wx]\nsomething else\na.c:2:1: warning: y [-Wy]\n', 'diagnostics:clang').format()).toContain('line 2: not a clang diagnostic');
  });

  it('tsc continuation lines join the message; mypy notes join an error on their line only', () => {
    const tsc = findings(read('tsc'), 'diagnostics:tsc');
    expect(tsc.at(-1)!.message).toBe(
      "Type '(n: string) => string' is not assignable to type '(n: number) => string'.\nTypes of parameters 'n' and 'n' are incompatible.\nType 'number' is not assignable to type 'string'.",
    );
    const mypy = findings(read('mypy'), 'diagnostics:mypy');
    expect(mypy.map((f) => f.severity)).toEqual(['high', 'high', 'high', 'high', 'high', 'low']);
    const joined = findings('a.py:3: error: Bad  [misc]\na.py:3: note: See here\nFound 1 error in 1 file (checked 1 source file)\n', 'diagnostics:mypy');
    expect(joined).toHaveLength(1);
    expect(joined[0]!.message).toBe('Bad\nnote: See here (a.py:3)');
  });

  it('rule ids, severities and tool names per preset', () => {
    const sc = findings(read('staticcheck'), 'diagnostics:staticcheck');
    expect(sc.find((f) => f.ruleId === 'SA4006')).toMatchObject({ severity: 'medium', location: { path: 'internal/store/store.go', line: 20, column: 2 } });
    // a package that does not build was not analysed: E_INPUT, also when it is the only line besides its header
    const broken = fails('# example.com/m/p\nvet: p/p.go:3:23: cannot use "x" as int value in return statement\n', 'diagnostics:go-vet');
    expect([broken.code, broken.where]).toEqual(['E_INPUT', 'line 2']);
    expect(broken.message).toContain('go vet could not analyse package example.com/m/p');
    const pylint = findings(read('pylint-parseable'), 'diagnostics:pylint-parseable');
    expect(pylint[0]).toMatchObject({ ruleId: 'multiple-imports', aliases: ['C0410'], severity: 'low', category: 'lint' });
    expect(findings('a.py:1: [F0001(fatal), ] No module named a\n', 'diagnostics:pylint-parseable')[0]!.severity).toBe('critical');
    const sh = findings(read('shellcheck-gcc'), 'diagnostics:shellcheck-gcc');
    expect(sh[0]).toMatchObject({ ruleId: 'SC2006', severity: 'low', toolSeverity: 'note' });
    const a = parseReport('r.txt', read('shellcheck-gcc'), { format: 'diagnostics:shellcheck-gcc' })[0]!;
    expect(a.tool.name).toBe('shellcheck');
    expect(a.format).toBe('diagnostics');
  });

  it('ANSI colour codes are removed before matching', () => {
    const coloured = '\u001b[01m\u001b[Ka.c:3:5:\u001b[m\u001b[K \u001b[01;35m\u001b[Kwarning: \u001b[m\u001b[Kunused variable [-Wunused-variable]\n';
    expect(findings(coloured, 'diagnostics:gcc')[0]).toMatchObject({ ruleId: '-Wunused-variable', message: 'unused variable' });
  });
});

const POLICY = `
version: 1
extends: default
diagnostics:
  yaml-lint:
    tool: yamllint
    pattern: '^(?<file>[^:]+):(?<line>\\d+):(?<col>\\d+): \\[(?<severity>error|warning)\\] (?<message>.+?)(?: \\((?<code>[a-z-]+)\\))?$'
    severity: { error: high, warning: low }
    empty: true
formats:
  - { path: 'reports/vet.txt', format: 'diagnostics:go-vet' }
  - { path: 'reports/*.yamllint', format: 'diagnostics:yaml-lint' }
`;

describe('diagnostics in the policy', () => {
  it('a policy preset reads lines with its own pattern and severity words', () => {
    const policy = loadPolicy(POLICY, 'p.yml');
    const got = findings('a.yml:1:1: [warning] missing document start "---" (document-start)\na.yml:4:3: [error] wrong indentation (indentation)\n', 'diagnostics:yaml-lint', {
      linePatterns: policy.linePatterns,
    });
    expect(got.map((f) => [f.ruleId, f.severity, f.location?.line])).toEqual([
      ['document-start', 'low', 1],
      ['indentation', 'high', 4],
    ]);
    expect(findings('', 'diagnostics:yaml-lint', { linePatterns: policy.linePatterns })).toEqual([]);
  });

  it('is checked when the policy loads: the pattern compiles and has its groups, names are free, formats exist', () => {
    const bad = (yaml: string) => {
      try {
        loadPolicy(`version: 1\n${yaml}`, 'p.yml');
      } catch (e) {
        return (e as GatecheckError).format();
      }
      return 'no error';
    };
    expect(bad("diagnostics:\n  x: { tool: t, pattern: '^(?<file>[^:]+:(?<line>\\d+)' }")).toMatch(/diagnostics\.x\.pattern: not a valid regular expression.*\[E_CONFIG\]/);
    expect(bad("diagnostics:\n  x: { tool: t, pattern: '^(?<file>[^:]+):(?<line>\\d+)$' }")).toContain('diagnostics.x.pattern: needs the named group (?<message>…)');
    expect(bad("diagnostics:\n  x: { tool: t, pattern: '^(?<file>.+):(?<line>\\d+):(?<column>\\d+) (?<message>.+)$' }")).toContain('unknown named group "column"');
    expect(bad("diagnostics:\n  gcc: { tool: t, pattern: '^(?<file>.+):(?<line>\\d+) (?<message>.+)$' }")).toContain('diagnostics.gcc: is a built-in preset');
    expect(bad("formats:\n  - { path: a.txt, format: 'diagnostics:nope' }")).toContain('formats[0].format: diagnostics needs a preset');
    expect(bad("formats:\n  - { path: a.txt, format: 'nope' }")).toContain('formats[0].format: unknown format "nope"');
    expect(bad("formats:\n  - { path: a.txt, format: 'sarif:x' }")).toContain('format sarif has no presets');
    expect(bad("diagnostics:\n  x: { tool: t, pattern: '.', severity: severe }")).toContain('[E_CONFIG]');
  });

  it("evaluate reads a scanned directory's reports by the policy's formats: (sniffing alone skips them)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-diag-'));
    mkdirSync(join(dir, 'reports'));
    writeFileSync(join(dir, 'reports', 'vet.txt'), read('go-vet'));
    writeFileSync(join(dir, 'reports', 'config.yamllint'), 'a.yml:1:1: [warning] missing document start "---" (document-start)\n');
    const sniffed = await cli(['evaluate', 'reports', '--json'], { cwd: dir });
    expect(sniffed.stderr).toContain('skipped 2 file');
    writeFileSync(join(dir, 'gatecheck.yml'), POLICY);
    const r = await cli(['evaluate', 'reports', '--json'], { cwd: dir });
    expect(r.stderr).toBe('');
    const lint = (JSON.parse(r.stdout) as { gates: Array<{ id: string; value: number; status: string }> }).gates.find((g) => g.id === 'lint.issues')!;
    expect(lint).toMatchObject({ value: 8, status: 'fail' });
    expect(r.code).toBe(1);
    // inspect and parse read the same policy
    const i = await cli(['inspect', 'reports/config.yamllint', '--json'], { cwd: dir });
    expect(JSON.parse(i.stdout)).toMatchObject({ format: 'diagnostics', tool: { name: 'yamllint' }, summary: { total: 1 } });
    // --format on the command line wins over the policy
    const forced = await cli(['inspect', 'reports/vet.txt', '--format', 'diagnostics:ineffassign', '--json'], { cwd: dir });
    expect(JSON.parse(forced.stdout)).toMatchObject({ tool: { name: 'ineffassign' } });
  });
});
