/**
 * Numbers from a report are checked before they drive a loop or an allocation, and the crash
 * classes of issue 12 item 3 end as one E_PARSE line with the place (see also the fuzz suite).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GatecheckError } from '../../src/errors.js';
import { parseReport } from '../../src/parsers/index.js';
import { FIXTURES } from '../helpers.js';

function errorOf(path: string, text: string, format?: string): GatecheckError {
  try {
    parseReport(path, text, format === undefined ? {} : { format });
  } catch (e) {
    if (e instanceof GatecheckError) return e;
    throw e;
  }
  throw new Error('parsed without error');
}

describe('Go coverage profile: block line ranges', () => {
  it('a block to line 4294967295 is E_PARSE at its line, at once (was 10-20 s and GBs)', () => {
    const t0 = performance.now();
    const e = errorOf('c.out', 'mode: set\na.go:1.1,4294967295.2 1 1\n');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(e.code).toBe('E_PARSE');
    expect(e.where).toBe('line 2');
    expect(e.message).toContain('4294967295');
  });

  it('a block that ends before it starts, or starts at line 0, is E_PARSE', () => {
    expect(errorOf('c.out', 'mode: set\na.go:5.1,4.2 1 1\n').where).toBe('line 2');
    expect(errorOf('c.out', 'mode: set\na.go:1.1,1.2 1 1\na.go:0.1,3.2 1 0\n').where).toBe('line 3');
  });

  it('a long but plausible block is read', () => {
    const [a] = parseReport('c.out', 'mode: set\na.go:1.1,5000.2 1 1\n');
    expect(a!.payload.kind === 'coverage' && a!.payload.totals.lines).toEqual({ covered: 5000, total: 5000 });
  });
});

describe('lcov: BRDA block ids', () => {
  it('a negative block id next to a packed one on the same line counts both (was a TypeError on a frozen counter)', () => {
    const [a] = parseReport('t.info', 'SF:a.c\nDA:3,1\nBRDA:3,0,0,1\nBRDA:3,-1,0,0\nend_of_record\n');
    expect(a!.payload.kind === 'coverage' && a!.payload.totals.branches).toEqual({ covered: 1, total: 2 });
  });
});

describe('checkstyle: nesting and odd names', () => {
  it('elements nested deeper than 100 are one E_PARSE with the line (was fast-xml-parser\'s own error and its source)', () => {
    const e = errorOf('c.xml', `<checkstyle>\n<file name="a">${'<d>'.repeat(150)}${'</d>'.repeat(150)}</file></checkstyle>`);
    expect(e.code).toBe('E_PARSE');
    expect(e.where).toMatch(/^line 2 column \d+$/);
    expect(e.format()).not.toContain('\n');
  });

  it('attribute values holding ">" do not count as nesting', () => {
    const many = '<error line="1" message="a > b" source="x"/>'.repeat(150);
    const [a] = parseReport('c.xml', `<checkstyle><file name="f">${many}</file></checkstyle>`);
    expect(a!.payload.kind === 'findings' && a!.payload.findings.length).toBe(150);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('an element or attribute named %s is ignored, the findings are read', (name) => {
    const [a] = parseReport('c.xml', `<checkstyle><file name="f" ${name}="x"><${name} ${name}="1"/><error line="1" ${name}="2" severity="${name}"/></file></checkstyle>`);
    expect(a!.payload.kind === 'findings' && a!.payload.findings.map((f) => f.severity)).toEqual(['unknown']);
  });
});

describe('error messages quote a bounded prefix of the bad value', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const long = JSON.stringify('x'.repeat(1 << 20));
  it.each([
    ['health', (v: string) => `{"gatecheck":"health","metrics":{"availability":${v}}}`, 'metrics["availability"]', [long]],
    ['prometheus status', (v: string) => `{"status":"success","data":{"resultType":${v},"result":[]}}`, 'data.resultType', [long]],
    ['prometheus label', (v: string) => `{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","job":${v}},"value":[1,"1"]}]}}`, 'data.result[0].metric["job"]', []],
    ['golangci-lint', (v: string) => `{"Issues":[{"FromLinter":${v},"Text":"t","Pos":{"Filename":"a.go","Line":1}}],"Report":{}}`, 'Issues[0].FromLinter', []],
  ])('%s: a value nested 200,000 deep (was a stack overflow), or a 1 MB string where none belongs', (_name, doc, where, more) => {
    for (const v of [deep(200_000), ...more]) {
      const e = errorOf('r.json', doc(v));
      expect(e.code).toBe('E_PARSE');
      expect(e.where).toBe(where);
      expect(e.format().length).toBeLessThan(400);
    }
  });

  it.each([
    ['{"SchemaVersion": 2,\n  "Results": [\n    },\n  ]\n}', 'line 3 column 5'],
    ['{"a": [1, 2,\n  3 4]}', 'line 2 column 5'],
    ['{"a": {"b" 1}}', 'line 1 column 12'],
    ['{"a": tru}', 'line 1 column 7'],
    ['[1, 2]\n x', 'line 2 column 2'],
    ['{"a": [[[', 'line 1 column 10 (end of file)'],
  ])('a JSON syntax error is one line with its place, however V8 words it: %j', (text, where) => {
    const e = errorOf('r.json', text);
    expect(e.format()).not.toContain('\n');
    expect(e.where).toBe(where);
  });

  it('a 1 MB lcov record is quoted in 80 characters', () => {
    const e = errorOf('l.info', `SF:a\nDA:x${'y'.repeat(1 << 20)}\nend_of_record\n`);
    expect(e.where).toBe('line 2');
    expect(e.format().length).toBeLessThan(300);
  });
});

describe('formats added since: a value nested 200,000 deep where a word or line number belongs (found by the fuzz suite)', () => {
  const deep = '['.repeat(200_000) + ']'.repeat(200_000);
  it.each([
    ['shellcheck/scripts-json1-0.9.0/input.json', /"level":"error"/, `"level":${deep}`],
    ['pylint/py-sample-json-4.1.4/input.json', /"type": "[a-z]+"/, `"type": ${deep}`],
    ['coveragepy-json/py-sample-7.17.3/input.json', /"executed_lines": \[\d+/, `"executed_lines": [${deep}`],
  ])('%s', (fixture, at, by) => {
    const text = readFileSync(join(FIXTURES, fixture), 'utf8');
    expect(text).toMatch(at);
    const e = errorOf(fixture, text.replace(at, by), fixture.slice(0, fixture.indexOf('/')));
    expect(e.code).toBe('E_PARSE');
    expect(e.format().length).toBeLessThan(400);
  });
});
