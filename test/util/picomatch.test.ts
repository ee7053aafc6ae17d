/**
 * globBase decides "plain path" without loading picomatch when the pattern has none of the
 * characters a glob needs; it must agree with picomatch's own scan() on every pattern: no base
 * for a plain path, scan's base for a glob.
 */
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { globBase } from '../../src/util/picomatch.js';

const scanned = (p: string) => {
  const s = picomatch.scan(p);
  return s.isGlob ? s.base : undefined;
};

describe('globBase', () => {
  it('agrees with picomatch.scan on plain paths, globs and look-alikes', () => {
    const patterns = [
      'report.xml', 'a/b/c.json', './x', '../up/x.sarif', '/abs/path/r.xml', 'dir/', '.', 'C:\\ci\\r.xml', 'name with spaces.xml',
      'a-b_c~d%e#f$g&h=i,j;k\'l.xml', 'it/*.xml', '**/junit.xml', 'r?.xml', 'a[12].xml', '{a,b}.xml', '!x.xml', 'a!b.xml',
      '+(a|b).xml', '@(a).xml', 'a+b.xml', 'a@b.xml', 'a(1).xml', 'a)b', 'a]b', 'a}b', 'a\\*b', 'report (1).xml', 'x/**', '*',
    ];
    for (const p of patterns) expect([p, globBase(p)]).toEqual([p, scanned(p)]);
  });

  it('agrees on a seeded random corpus', () => {
    const alphabet = 'ab/._-*?[]{}()!+@\\, 1';
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let i = 0; i < 3000; i++) {
      let p = '';
      for (let j = 1 + rand(8); j > 0; j--) p += alphabet[rand(alphabet.length)];
      expect([p, globBase(p)]).toEqual([p, scanned(p)]);
    }
  });
});
