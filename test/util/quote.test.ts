import { describe, expect, it } from 'vitest';
import { excerpt, quote } from '../../src/util/quote.js';

describe('quote', () => {
  it('quotes strings as JSON, cut with …', () => {
    expect(quote('a"b\nc')).toBe('"a\\"b\\nc"');
    expect(quote("x".repeat(100), 10)).toBe(`"${"x".repeat(8)}…"`);
  });
  it('shows scalars as they are', () => {
    expect([quote(1.5), quote(null), quote(true), quote(undefined)]).toEqual(['1.5', 'null', 'true', 'undefined']);
  });
  it('shows three levels of arrays and objects, then …, within the limit', () => {
    expect(quote({ a: [1, { b: [2] }] })).toBe('{"a": [1, {"b": […]}]}');
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(quote(deep)).toBe('[[[[…]]]]');
    expect(quote(Array.from({ length: 1000 }, (_, i) => i), 20)).toBe('[0, 1, 2, 3, 4, 5, 6…');
  });
  it('excerpt: a string as prose, one line, cut', () => {
    expect(excerpt('a\nb')).toBe('a b');
    expect(excerpt('abcdef', 3)).toBe('abc…');
    expect(excerpt(5)).toBe('5');
  });
});
