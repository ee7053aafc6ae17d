/**
 * `go test -json` behaviour the fixture summary does not show: durations.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/parsers/index.js';
import { FIXTURES } from '../helpers.js';

const casesOf = (text: string) => {
  const [a] = parseReport('t.jsonl', text, { format: 'go-test-json' });
  if (a?.payload.kind !== 'tests') throw new Error('not tests');
  return a.payload.cases;
};

describe('go-test-json durations', () => {
  it('each test takes the Elapsed of its final event, in exact milliseconds', () => {
    const text = readFileSync(join(FIXTURES, 'go-test-json', 'build-failure-subtests', 'input.json'), 'utf8');
    // The last pass/fail/skip event of each test, read independently of the parser.
    const elapsed = new Map<string, string>();
    for (const line of text.split('\n')) {
      const m = /"Action":"(?:pass|fail|skip)","Package":"([^"]*)","Test":"([^"]*)","Elapsed":([0-9.]+)/.exec(line);
      if (m) elapsed.set(`${m[1]} ${m[2]}`, m[3]!);
    }
    expect(elapsed.size).toBeGreaterThan(0);
    const cases = casesOf(text);
    for (const [key, secs] of elapsed) {
      const c = cases.find((x) => `${x.suite} ${x.name}` === key);
      const [int, frac = ''] = secs.split('.');
      expect(c?.durationMs).toBe(Number(`${int}${frac.padEnd(3, '0').slice(0, 3)}.${frac.slice(3) || '0'}`));
    }
  });

  it('1.001 s is 1001 ms, not 1000.9999999999999', () => {
    const text = ['{"Action":"run","Package":"p","Test":"T"}', '{"Action":"pass","Package":"p","Test":"T","Elapsed":1.001}', '{"Action":"pass","Package":"p","Elapsed":1.002}'].join('\n');
    expect(casesOf(text).map((c) => c.durationMs)).toEqual([1001]);
  });
});
