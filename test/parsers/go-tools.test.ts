/**
 * go vet -json and gosec JSON beyond the fixture loop: the older go vet shape (JSON on stderr
 * after `# package` lines), build failures and analyzer errors (fail closed), positions, and
 * bad input with its place. The reports are the real ones under fixtures/, reshaped where a
 * case needs another shape.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claims, FIXTURES, parseFailure, parseFindings } from '../helpers.js';

const read = (p: string) => readFileSync(join(FIXTURES, p), 'utf8');
const findings = parseFindings;
const fails = parseFailure;

describe('go vet -json', () => {
  const real = read('go-vet-json/several-analyzers/input.json');
  /** The real report's package objects, each alone. */
  const objects = real.split(/\n(?=\{)/).map((o) => o.trim());

  it('reads each diagnostic with analyzer, position, end line and message', () => {
    const all = findings(real);
    expect(all).toHaveLength(9);
    const unreachable = all.find((f) => f.ruleId === 'unreachable')!;
    expect(unreachable.location).toMatchObject({ line: 68, column: 2 });
    expect(unreachable.location!.path.endsWith('fixtures/sources/go-sast/files/files.go')).toBe(true);
    expect(unreachable).toMatchObject({ severity: 'medium', category: 'lint', message: 'unreachable code' });
    expect(new Set(all.map((f) => f.fingerprint)).size).toBe(9);
  });

  it('the older shape (each object after a "# package" line, on stderr) reads the same', () => {
    const pkgs = objects.map((o) => Object.keys(JSON.parse(o) as object)[0] ?? 'example.com/gosast/clean');
    const old = objects.map((o, i) => `# ${pkgs[i]}\n${o}\n`).join('');
    expect(claims(old)).toEqual(['go-vet-json']);
    expect(findings(old)).toEqual(findings(real));
  });

  it('a package that does not build is E_INPUT naming it, wherever its lines stand', () => {
    const broken = '# example.com/x/broken\nvet: broken/broken.go:9:14: undefined: greeting\n';
    for (const text of [broken + real, real + '\n' + broken]) {
      expect(claims(text)).toEqual(['go-vet-json']);
      const e = fails(text);
      expect(e.code).toBe('E_INPUT');
      expect(e.message).toContain('example.com/x/broken');
      expect(e.message).toContain('undefined: greeting');
    }
    // every package broken: only headers, compiler lines and no object at all is not claimed, and with --format still an error
    expect(fails(broken, 'go-vet-json').code).toBe('E_INPUT');
  });

  it('an analyzer that failed ({"error": …} in place of its list) is E_INPUT', () => {
    const e = fails('{\n\t"example.com/a": {\n\t\t"printf": {"error": "internal error"}\n\t}\n}\n', 'go-vet-json');
    expect(e.code).toBe('E_INPUT');
    expect(e.message).toContain('printf');
  });

  it('positions with colons in the path (Windows) are split from the right', () => {
    const text = '{\n\t"a": {\n\t\t"printf": [\n\t\t\t{"posn": "C:\\\\src\\\\a.go:3:4", "end": "C:\\\\src\\\\a.go:5:1", "message": "m"}\n\t\t]\n\t}\n}\n';
    expect(findings(text)[0]!.location).toMatchObject({ line: 3, column: 4, endLine: 5 });
  });

  it('bad input: cut short, a stray line, a diagnostic without posn — E_PARSE with the place', () => {
    const cut = real.slice(0, real.length - 40);
    expect(fails(cut).message).toContain('does not end');
    const stray = fails(`${objects[0]}\nwarning: something\n${real}`, 'go-vet-json');
    expect([stray.code, stray.where]).toEqual(['E_PARSE', 'line 2']);
    const noPosn = fails('{"a": {"printf": [{"message": "m"}]}}', 'go-vet-json');
    expect(noPosn.code).toBe('E_PARSE');
    expect(noPosn.where).toContain('printf[0].posn');
  });

  it('odd values give one bounded line, never a crash: a deeply nested posn, a 100 kB package name', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const nested = parseFailure(`{"a": {"printf": [{"posn": ${deep}, "message": "m"}]}}`, 'go-vet-json');
    expect([nested.code, nested.where]).toEqual(['E_PARSE', 'line 1: "a".printf[0].posn']);
    const long = 'p'.repeat(100_000);
    const e = parseFailure(`# ${long}\nvet: x.go:1:1: bad\n{}\n`, 'go-vet-json');
    expect(e.code).toBe('E_INPUT');
    expect(e.format().length).toBeLessThan(500);
    const gosecDeep = parseFailure(`{"Golang errors": {"${long}": [{"line": 1, "column": 1, "error": ${deep}}]}, "Issues": []}`);
    expect(gosecDeep.code).toBe('E_INPUT');
    expect(gosecDeep.format().length).toBeLessThan(700);
  });

  it('clean runs: two or more "{}" are claimed, a single one is left to --format', () => {
    expect(claims('{}\n{}\n')).toEqual(['go-vet-json']);
    expect(claims('{}\n')).toEqual([]);
    expect(findings('{}\n', 'go-vet-json')).toEqual([]);
  });
});

describe('gosec JSON', () => {
  const tracked = read('gosec/nosec-tracked/input.json');
  type Doc = { Issues: Array<Record<string, unknown>>; 'Golang errors': Record<string, unknown> };

  it('severity as gosec wrote it, confidence beside it, CWE as alias and url, #nosec justifications', () => {
    const all = findings(tracked);
    const g101 = all.find((f) => f.ruleId === 'G101')!;
    expect(g101).toMatchObject({ severity: 'high', category: 'sast', toolSeverity: 'HIGH (confidence LOW)', aliases: ['CWE-798'] });
    expect(g101.url).toBe('https://cwe.mitre.org/data/definitions/798.html');
    const g202 = all.find((f) => f.ruleId === 'G202' && f.suppressed)!;
    expect(g202.suppression).toEqual({ kind: 'inSource', justification: 'table names come from a fixed list' });
    expect(all.filter((f) => f.suppressed).map((f) => f.ruleId).sort()).toEqual(['G202', 'G401', 'G505']);
  });

  it('a line range gives the end line; the fingerprint survives a line shift (code lines are numbered)', () => {
    const doc = JSON.parse(tracked) as Doc;
    const shifted = JSON.parse(tracked) as Doc;
    for (const i of shifted.Issues) {
      const n = Number(i['line']);
      i['line'] = `${n + 5}-${n + 7}`;
      i['code'] = String(i['code']).replace(/^(\d+):/gm, (_m, l: string) => `${Number(l) + 5}:`);
    }
    const before = findings(JSON.stringify(doc));
    const after = findings(JSON.stringify(shifted));
    expect(after[0]!.location).toMatchObject({ line: before[0]!.location!.line! + 5, endLine: before[0]!.location!.line! + 7 });
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
  });

  it('Golang errors: E_INPUT naming a file entry before the package-wide "" entry, whatever the issues', () => {
    const doc = JSON.parse(tracked) as Doc;
    doc['Golang errors'] = { '': [{ line: 0, column: 0, error: '# example.com/x\nx.go:3:1: syntax error' }] };
    const onlyPackage = parseFailure(JSON.stringify(doc));
    expect(onlyPackage.code).toBe('E_INPUT');
    expect(onlyPackage.message).toContain('x.go:3:1: syntax error');
    expect(onlyPackage.message).not.toContain('# example.com');
    doc['Golang errors']['/src/y.go'] = [{ line: 7, column: 2, error: 'undefined: z' }];
    expect(parseFailure(JSON.stringify(doc)).message).toContain('/src/y.go:7:2: "undefined: z" (2 errors)');
    // an empty map, or files with empty lists, are no errors
    doc['Golang errors'] = { '/src/y.go': [] };
    expect(findings(JSON.stringify(doc))).toHaveLength(15);
  });

  it('bad input: Issues not an array, an issue without rule_id — E_PARSE with the key path', () => {
    expect(parseFailure('{"Golang errors": {}, "Issues": {"a": 1}}').where).toBe('Issues');
    const doc = JSON.parse(tracked) as Doc;
    delete doc.Issues[3]!['rule_id'];
    expect(parseFailure(JSON.stringify(doc)).where).toBe('Issues[3].rule_id');
  });
});
