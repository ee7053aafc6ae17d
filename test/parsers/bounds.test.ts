/**
 * Numbers from a report are checked before they drive a loop or an allocation, and the crash
 * classes of issue 12 item 3 end as one E_PARSE line with the place (see also the fuzz suite).
 */
import { describe, expect, it } from 'vitest';
import { GatecheckError } from '../../src/errors.js';
import { parseReport } from '../../src/parsers/index.js';

function errorOf(path: string, text: string): GatecheckError {
  try {
    parseReport(path, text);
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
