/**
 * The lint/SAST line and JSON formats beyond the fixture loop: ESLint's ambiguous `[]`,
 * suppressed messages, golangci-lint's null Issues and gosec refinement, Checkstyle on a
 * truncated file, Semgrep placeholders, and how strict gofmt/misspell detection is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/types.js';
import { parseReport } from '../../src/parsers/index.js';
import { claims, FIXTURES, parseFailure } from '../helpers.js';

const read = (p: string) => readFileSync(join(FIXTURES, p), 'utf8');
function findings(path: string, text: string, format?: string): Finding[] {
  return parseReport(path, text, format ? { format } : {}).flatMap((a) => (a.payload.kind === 'findings' ? a.payload.findings : []));
}
const fails = parseFailure;

describe('eslint', () => {
  it('an empty [] is claimed by no lint parser, and reads as zero findings with --format eslint', () => {
    const empty = '[\n  \n]'; // the 6 bytes of DefectDojo's unittests/scans/eslint/empty.json (real ESLint -f json output)
    expect(claims(empty)).not.toContain('eslint');
    expect(findings('e.json', empty, 'eslint')).toEqual([]);
  });

  it('suppressedMessages are kept as suppressed findings with their justification', () => {
    const doc = JSON.parse(read('eslint/security-plugin/input.json')) as Array<Record<string, unknown>>;
    const withMsgs = doc.find((r) => (r['messages'] as unknown[]).length > 0)!;
    const m = (withMsgs['messages'] as Array<Record<string, unknown>>)[0]!;
    withMsgs['suppressedMessages'] = [{ ...m, suppressions: [{ kind: 'directive', justification: 'validated key' }] }];
    const fs = findings('e.json', JSON.stringify(doc));
    expect(fs).toHaveLength(3);
    expect(fs.filter((f) => f.suppressed)).toEqual([expect.objectContaining({ suppression: { kind: 'directive', justification: 'validated key' } })]);
  });

  it('a string where messages belong is E_PARSE with the key path', () => {
    const e = fails('[{"filePath":"a.js","messages":"none"}]', 'eslint');
    expect([e.code, e.where]).toEqual(['E_PARSE', '[0].messages']);
  });
});

describe('golangci-lint', () => {
  it('gosec findings are sast with gosec severities; others lint; null Issues is zero findings', () => {
    const fs = findings('g.json', read('golangci-lint/codegen-mcp/input.json'));
    expect(fs.filter((f) => f.ruleId === 'gosec').map((f) => [f.category, f.severity])).toEqual([
      ['sast', 'high'],
      ['sast', 'medium'],
    ]);
    expect(findings('g.json', '{"Issues":null,"Report":{}}')).toEqual([]);
  });

  it('fingerprints survive a line shift', () => {
    const doc = JSON.parse(read('golangci-lint/codegen-mcp/input.json')) as { Issues: Array<{ Pos: { Line: number } }> };
    const before = findings('g.json', JSON.stringify(doc)).map((f) => f.fingerprint);
    for (const i of doc.Issues) i.Pos.Line += 5;
    expect(findings('g.json', JSON.stringify(doc)).map((f) => f.fingerprint)).toEqual(before);
  });

  it('Issues as an object is E_PARSE', () => {
    expect(fails('{"Issues":{"a":1}}', 'golangci-lint').where).toBe('Issues');
  });
});

describe('checkstyle', () => {
  it('a truncated file fails with a line, not a partial count', () => {
    const text = read('checkstyle/golangci-lint-codegen-mcp/input.xml');
    const e = fails(text.slice(0, Math.floor(text.length / 2)), 'checkstyle');
    expect(e.code).toBe('E_PARSE');
    expect(e.where).toMatch(/^line \d+/);
  });

  it('the same run as golangci-lint JSON gives the same number of findings', () => {
    expect(findings('c.xml', read('checkstyle/golangci-lint-codegen-mcp/input.xml'))).toHaveLength(
      findings('g.json', read('golangci-lint/codegen-mcp/input.json')).length,
    );
  });
});

describe('semgrep', () => {
  it('is_ignored results are suppressed; "requires login" fingerprints fall back to rule + path + lines', () => {
    const doc = JSON.parse(read('semgrep/gatecheck-1.72/input.json')) as { results: Array<{ extra: Record<string, unknown> }> };
    doc.results[0]!.extra['is_ignored'] = true;
    for (const r of doc.results) r.extra['fingerprint'] = 'requires login';
    const fs = findings('s.json', JSON.stringify(doc));
    expect(fs.filter((f) => f.suppressed)).toHaveLength(1);
    expect(new Set(fs.map((f) => f.fingerprint)).size).toBe(fs.length);
  });

  it('a numeric security-severity in metadata beats extra.severity', () => {
    const doc = JSON.parse(read('semgrep/gatecheck-1.72/input.json')) as { results: Array<{ extra: { metadata: Record<string, unknown>; severity: string } }> };
    const r = doc.results.find((x) => x.extra.severity === 'INFO')!;
    r.extra.metadata['security-severity'] = 9.1;
    expect(findings('s.json', JSON.stringify(doc)).filter((f) => f.severity === 'critical')).toHaveLength(1);
  });
});

describe('gofmt and misspell line formats', () => {
  it('gofmt -l output is claimed only by gofmt', () => {
    expect(claims(read('gofmt/go-1.19-cmd-compile/input.txt'))).toEqual(['gofmt']);
  });

  it('misspell lines are claimed only by misspell and read as lint findings with positions', () => {
    // misspell's default output line: file:line:col: "word" is a misspelling of "correction"
    const text = 'internal/coordinator/lifecycle_handlers.go:330:40: "cancelled" is a misspelling of "canceled"\n';
    expect(claims(text)).toEqual(['misspell']);
    const [f] = findings('m.txt', text);
    expect(f).toMatchObject({ category: 'lint', severity: 'medium', location: { path: 'internal/coordinator/lifecycle_handlers.go', line: 330, column: 40 } });
  });

  it('neither claims other line formats: lcov, a Go coverprofile, a gofmt list with a stray line', () => {
    expect(claims('TN:\nSF:main.go\nDA:1,1\nend_of_record\n')).not.toEqual(expect.arrayContaining(['gofmt']));
    expect(claims('mode: set\nexample.com/m/main.go:3.10,5.2 1 1\n')).not.toContain('gofmt');
    expect(claims('mode: set\nexample.com/m/main.go:3.10,5.2 1 1\n')).not.toContain('misspell');
    expect(claims('a.go\nsome text here\n')).toEqual([]);
  });
});
