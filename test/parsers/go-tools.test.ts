/**
 * go vet -json and gosec JSON beyond the fixture loop: the older go vet shape (JSON on stderr
 * after `# package` lines), build failures and analyzer errors (fail closed), positions, and
 * bad input with its place. The reports are the real ones under fixtures/, reshaped where a
 * case needs another shape.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/types.js';
import { candidates, parseReport } from '../../src/parsers/index.js';
import { createSource } from '../../src/parsers/source.js';
import { FIXTURES, parseFailure } from '../helpers.js';

const read = (p: string) => readFileSync(join(FIXTURES, p), 'utf8');
function findings(text: string, format?: string): Finding[] {
  return parseReport('r', text, format ? { format } : {}).flatMap((a) => (a.payload.kind === 'findings' ? a.payload.findings : []));
}
const fails = parseFailure;
const claims = (text: string) => candidates(createSource('x', text)).map((p) => p.id);

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

  it('clean runs: two or more "{}" are claimed, a single one is left to --format', () => {
    expect(claims('{}\n{}\n')).toEqual(['go-vet-json']);
    expect(claims('{}\n')).toEqual([]);
    expect(findings('{}\n', 'go-vet-json')).toEqual([]);
  });
});
