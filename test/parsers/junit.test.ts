/**
 * JUnit edge cases the real fixtures cannot show on their own: malformed XML with a line
 * number, Surefire rerun semantics, repeats, other XML test formats not being claimed.
 * Small inline documents state the one fact under test; counts on real files live in
 * fixtures/junit (see each SOURCE).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GatecheckError } from '../../src/errors.js';
import { candidates } from '../../src/parsers/index.js';
import { locationFromTrace, parseJunitText, radixSort } from '../../src/parsers/junit.js';
import { createSource } from '../../src/parsers/source.js';
import { FIXTURES } from '../helpers.js';

function parseError(xml: string): GatecheckError {
  try {
    parseJunitText(xml, 'r.xml');
  } catch (e) {
    if (e instanceof GatecheckError) return e;
    throw e;
  }
  throw new Error('parsed without error');
}

describe('junit: fails closed with a place', () => {
  it.each([
    ['<testsuites><testsuite name="a"><testcase name="x"></testsuite></testsuites>', 'line 1', 'expected </testcase> but found </testsuite>'],
    ['<testsuite name="a">\n<testcase name="x"/>\n', 'line 3', 'ends inside <testsuite> opened at line 1'],
    ['<testsuite name="a">\n  <testcase name=x/>\n</testsuite>', 'line 2', 'not quoted'],
    ['<testsuite name="a"><testcase name="a &bogus; b"/></testsuite>', 'line 1', 'entity reference'],
    ['<testsuite name="a"><testcase name="a &lt"/></testsuite>', 'line 1', 'entity reference'],
    ['<testsuite name="a"><testcase name="a &amp b"/></testsuite>', 'line 1', 'entity reference'],
    ['<testsuite name="a"><testcase name="&quo;"/></testsuite>', 'line 1', 'entity reference'],
    ['<testsuite name="a"><testcase name="&apos"/></testsuite>', 'line 1', 'entity reference'],
    ['<testsuite name="a"><testcase name="a < b"/></testsuite>', 'line 1', '"<" inside the value'],
    ['<testsuite name="a"><testcase classname=\'C\' time="1" name="a < b"/></testsuite>', 'line 1', '"<" inside the value'],
    ['<testsuite name="a"><testcase name="a', 'line 1', 'unterminated'],
    ['<testsuite name="a"><!-- never closed <testcase name="x"/></testsuite>', 'line 1', 'unterminated comment'],
    ['<testsuite name="a"><testcase name="x"><failure><![CDATA[boom</failure></testcase></testsuite>', 'line 1', 'unterminated CDATA'],
    ['<testsuite name="a"/>\n<testsuite name="b"/>', 'line 2', 'second root element'],
  ])('%s', (xml, where, message) => {
    const e = parseError(xml);
    expect(e.code).toBe('E_PARSE');
    expect(e.where).toContain(where);
    expect(e.message).toContain(message);
  });

  it('names the root element of a non-JUnit XML file', () => {
    expect(parseError('<?xml version="1.0"?><test-run id="2"/>').message).toContain('root element is <test-run>');
  });
});

describe('junit: outcomes', () => {
  it('Surefire rerunFailure next to a failure stays failed; flakyFailure alone is passed + flaky', () => {
    const { cases } = parseJunitText(
      `<testsuite name="S" tests="2" failures="1"><testcase classname="C" name="stays"><failure message="boom"/><rerunFailure message="again"/><rerunError message="and again"/></testcase>
       <testcase classname="C" name="recovers"><flakyFailure message="first try"><stackTrace>t</stackTrace></flakyFailure></testcase></testsuite>`,
      'r.xml',
    );
    expect(cases.map((c) => [c.name, c.status, c.flaky ?? false, c.message])).toEqual([
      ['stays', 'failed', false, 'boom'],
      ['recovers', 'passed', true, 'first try'],
    ]);
  });

  it('a repeated test is one test: failed then passed is flaky, passed then failed is failed, skipped repeats do not override', () => {
    const { cases } = parseJunitText(
      `<testsuite name="S">
         <testcase classname="C" name="a"><failure message="x"/></testcase><testcase classname="C" name="a"/>
         <testcase classname="C" name="b"/><testcase classname="C" name="b"><error message="y"/></testcase>
         <testcase classname="C" name="c"><failure message="z"/></testcase><testcase classname="C" name="c"><skipped/></testcase>
       </testsuite>`,
      'r.xml',
    );
    expect(cases.map((c) => [c.name, c.status, c.flaky ?? false])).toEqual([
      ['a', 'passed', true],
      ['b', 'errored', false],
      ['c', 'failed', false],
    ]);
  });

  it('repeats are found across a growing index: 3,000 tests, then 300 of them again, failing, are 3,000 tests with 300 failed', () => {
    // Short testcases: the index is sized from the text (~4,096 slots here), so it grows while the first run is read.
    const first = Array.from({ length: 3000 }, (_, i) => `<testcase name="t${i}"/>`).join('');
    const again = Array.from({ length: 300 }, (_, i) => `<testcase name="t${i * 10}"><failure/></testcase>`).join('');
    const { cases } = parseJunitText(`<testsuite name="S">${first}${again}</testsuite>`, 'r.xml');
    expect(cases).toHaveLength(3000);
    expect(cases.filter((c) => c.status === 'failed').map((c) => c.name)).toEqual(Array.from({ length: 300 }, (_, i) => `t${i * 10}`));
  });

  it('two different tests whose names hash alike (FNV-1a 32 collision, found with fixtures-independent Python) stay two tests; their repeats still merge', () => {
    // fnv1a32("test_229599") == fnv1a32("test_432382") == 0xab8cf402
    const { cases } = parseJunitText(
      '<testsuite name="S"><testcase classname="C" name="test_229599"><failure message="x"/></testcase><testcase classname="C" name="test_432382"/><testcase classname="C" name="test_229599"/><testcase classname="C" name="test_432382"><skipped/></testcase></testsuite>',
      'r.xml',
    );
    expect(cases.map((c) => [c.name, c.status, c.flaky ?? false, c.message])).toEqual([
      ['test_229599', 'passed', true, 'x'],
      ['test_432382', 'passed', false, undefined],
    ]);
  });

  it('googletest disabled (status="notrun") and skipped (result="skipped") tests are skipped', () => {
    const { cases } = parseJunitText(
      '<testsuites tests="3" disabled="1"><testsuite name="T"><testcase name="a" status="run" result="completed"/><testcase name="DISABLED_b" status="notrun" result="suppressed"/><testcase name="c" status="run" result="skipped"><skipped message="x"/></testcase></testsuite></testsuites>',
      'r.xml',
    );
    expect(cases.map((c) => c.status)).toEqual(['passed', 'skipped', 'skipped']);
  });
});

describe('junit: evidence locations', () => {
  it('reads file and line from the real reports that carry them', () => {
    const byName = (dir: string) => {
      const { cases } = parseJunitText(readFileSync(join(FIXTURES, 'junit', dir, 'input.xml'), 'utf8'), dir);
      return new Map(cases.map((c) => [c.name, c]));
    };
    // pytest xunit1: the traceback's "test_sample.py:7: AssertionError"; passing tests keep the 0-based line + 1
    const py = byName('pytest-xunit1-file-line');
    expect([py.get('test_fails')?.file, py.get('test_fails')?.line]).toEqual(['test_sample.py', 7]);
    expect([py.get('test_passes')?.file, py.get('test_passes')?.line]).toEqual(['test_sample.py', 3]);
    // vitest: "❯ math.test.js:8:20"
    const vt = byName('vitest-junit');
    expect([vt.get('math > compares arrays')?.file, vt.get('math > compares arrays')?.line]).toEqual(['math.test.js', 8]);
    // jest-junit on Windows: the first frame outside node_modules
    const jest = byName('jest-junit-failures');
    expect(jest.get('Failing test')?.line).toBe(10);
    expect(jest.get('Failing test')?.file).toMatch(/__tests__\/main\.test\.js$/);
  });

  it('go test output lines give file and line', () => {
    expect(locationFromTrace('    fail_test.go:6: Error message')).toEqual({ file: 'fail_test.go', line: 6 });
  });
});

describe('junit: detection', () => {
  it('does not claim NUnit 3 or MSTest TRX files (nor does any other parser)', () => {
    for (const f of ['nunit3.xml', 'mstest.trx']) {
      const src = createSource(f, readFileSync(join(FIXTURES, 'junit', '_not-junit', f), 'utf8'));
      expect(candidates(src).map((p) => p.id)).toEqual([]);
    }
  });
});

describe('junit: durations', () => {
  /** "12.3456" seconds -> its millisecond value, by moving the decimal point in the string (no floating-point multiply). */
  const msOf = (t: string): number => {
    const [int, frac = ''] = t.split('.');
    const f = frac.padEnd(3, '0');
    return Number(`${int}${f.slice(0, 3)}${f.length > 3 ? `.${f.slice(3)}` : ''}`);
  };

  it.each(['gotestsum-package-failure', 'jest-junit-typescript', 'vitest-junit', 'pytest-properties-skipped'])('%s: every testcase time is its exact decimal value in ms', (dir) => {
    const xml = readFileSync(join(FIXTURES, 'junit', dir, 'input.xml'), 'utf8');
    const times = [...xml.matchAll(/<testcase\b[^>]*?\btime="([^"]*)"/g)].map((m) => m[1]!);
    const { cases } = parseJunitText(xml, dir);
    expect(cases).toHaveLength(times.length); // no repeats in these files, so cases follow the tags
    expect(cases.map((c) => c.durationMs)).toEqual(times.map(msOf));
  });

  it('1.001 s is 1001 ms exactly (not 1000.9999999999999); exponents, thousands separators and more than 3 decimals still read', () => {
    const { cases } = parseJunitText(
      '<testsuite name="s"><testcase name="a" time="1.001"/><testcase name="b" time="1.5e-3"/><testcase name="c" time="1,234.5"/><testcase name="d" time="0.0015"/><testcase name="e" time="7"/><testcase name="f"/></testsuite>',
      'r.xml',
    );
    expect(cases.map((c) => c.durationMs)).toEqual([1001, 1.5, 1234500, 1.5, 7000, undefined]);
  });
});

describe('junit: names', () => {
  it('decoded names keep every code unit: entities, tabs, non-ASCII, astral and a lone surrogate', () => {
    const { cases } = parseJunitText(
      '<testsuite name="s"><testcase name="a &amp; b&lt;c&gt; &quot;d&quot; &apos;e&apos;"/><testcase name="x\ty &amp; ü 😀"/><testcase name="lone \uD800 &amp; end"/><testcase name="plain"/></testsuite>',
      'r.xml',
    );
    expect(cases.map((c) => c.name)).toEqual(['a & b<c> "d" \'e\'', 'x y & ü 😀', 'lone \uD800 & end', 'plain']);
  });

  it('testcase attributes read alike however they are written: spaces around =, single quotes, any order, unknown ones', () => {
    const { cases } = parseJunitText(
      `<testsuite name="s"><testcase name = "a" classname='C' time="0.5"/><testcase x-id="7" time = '2' classname="D" name='b' file="f.py" line="3"/><testcase classnames="no" names="no" name="c"/></testsuite>`,
      'r.xml',
    );
    expect(cases.map((c) => [c.name, c.classname, c.durationMs, c.file, c.line])).toEqual([
      ['a', 'C', 500, undefined, undefined],
      ['b', 'D', 2000, 'f.py', 3],
      ['c', undefined, undefined, undefined, undefined],
    ]);
  });

  it('a classname is reused from the previous testcase only when its raw text was plain', () => {
    const { cases } = parseJunitText(
      '<testsuite name="s"><testcase classname="a&amp;amp;b" name="1"/><testcase classname="a&amp;b" name="2"/><testcase classname="a&amp;b" name="3"/><testcase classname="C" name="4"/><testcase classname="C" name="5"/><testcase classname="C2" name="6"/></testsuite>',
      'r.xml',
    );
    expect(cases.map((c) => c.classname)).toEqual(['a&amp;b', 'a&b', 'a&b', 'C', 'C', 'C2']);
  });
});

describe('junit: radixSort (the repeat check)', () => {
  it('sorts as unsigned 32-bit values and carries a second array along, stably', () => {
    const values = [5, -1, 0x7fffffff, -0x80000000, 5, 0, 2048, 2047, -2048, 5];
    const keys = Int32Array.from(values);
    const carry = Int32Array.from(values.map((_, i) => i));
    const sorted = radixSort(keys, carry);
    const expected = values.map((v, i) => ({ u: v >>> 0, i })).sort((a, b) => a.u - b.u || a.i - b.i);
    expect([...sorted].map((v) => v >>> 0)).toEqual(expected.map((e) => e.u));
    expect([...carry]).toEqual(expected.map((e) => e.i));
  });
});
