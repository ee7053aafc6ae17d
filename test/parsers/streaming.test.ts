/**
 * The streaming parsers read a report in pieces (src/cli/read.ts hands them 64 KiB pieces of
 * a large file). Cutting a report anywhere must not change what is read: every fixture parses
 * to the same artifacts, or fails with the same message and line, whether its text arrives
 * whole or in pieces of 1, 7 or 1,000 characters. The real reader is checked on a file larger
 * than one piece with multi-byte characters across the piece boundaries.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PIECE_BYTES, readSource, utf8Boundary } from '../../src/cli/read.js';
import type { GatecheckError } from '../../src/errors.js';
import { parseSource } from '../../src/parsers/index.js';
import { createSource, HEAD_CHARS, type SourceFile } from '../../src/parsers/source.js';
import { scanXmlTags } from '../../src/util/xml-scan.js';
import { fixtureCases, ROOT } from '../helpers.js';

/** `text` in pieces of `n` characters. */
function* piecesOf(text: string, n: number): Iterable<string> {
  for (let i = 0; i < text.length; i += n) yield text.slice(i, i + n);
}

/** A source whose chunks() cuts the text every `n` characters. */
function inPieces(src: SourceFile, n: number): SourceFile {
  return { ...src, chunks: () => piecesOf(src.text, n), json: () => src.json(), tryJson: () => src.tryJson(), text: src.text };
}

/** The artifacts, or the error's code and message. */
function outcome(src: SourceFile, format: string): unknown {
  try {
    return parseSource(src, { format });
  } catch (e) {
    return { error: (e as GatecheckError).format() };
  }
}

/** The one line the CLI would print for what `run` throws. */
function failure(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as GatecheckError).format();
  }
  return 'no error';
}

const STREAMING = new Set(['cobertura', 'clover', 'jacoco', 'lcov', 'junit', 'go-coverprofile', 'diagnostics']);

describe('streaming parsers: a report cut anywhere reads the same', () => {
  // (a case with its own policy, gatecheck.yml, is read whole by the fixture loop only)
  const cases = fixtureCases().filter((c) => STREAMING.has(c.format) && c.config === undefined);
  it('covers every streaming format', () => {
    expect(new Set(cases.map((c) => c.format))).toEqual(STREAMING);
  });
  for (const c of cases) {
    const rel = relative(ROOT, c.input);
    const text = readFileSync(c.input, 'utf8');
    it(`${c.format}/${c.name}`, () => {
      const format = c.forceFormat ?? c.format;
      const whole = outcome(createSource(rel, text), format);
      // a failure must be the expected one, so this compares something real
      if (c.expectedError) expect(whole).toHaveProperty('error');
      else expect(whole).not.toHaveProperty('error');
      const sizes = text.length <= 20_000 ? [1, 7, 1000] : [7, 1000];
      for (const n of sizes) expect(outcome(inPieces(createSource(rel, text), n), format), `pieces of ${n}`).toEqual(whole);
    });
  }
});

describe('XML scanner in pieces', () => {
  const events = (pieces: Iterable<string>): string[] => {
    const out: string[] = [];
    scanXmlTags(pieces, 'x.xml', {
      open: (t, name, s, e, selfClosing) => out.push(`<${name}${t.slice(s, e)}${selfClosing ? '/' : ''}>`),
      close: (_t, name) => out.push(`</${name}>`),
      text: (t, s, e) => {
        // one run of text may arrive in several calls: join neighbours
        const last = out.length - 1;
        if (last >= 0 && out[last]!.startsWith('#')) out[last] += t.slice(s, e);
        else out.push(`#${t.slice(s, e)}`);
      },
    });
    return out;
  };
  const doc = `<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "b">]>\n<r a="1>2">\n<!-- c<d -->\n<x y='&lt;'/>text &amp; more<![CDATA[ <not a tag> ]]><z></z>\n<?pi data?></r>\n`;
  it('gives the same events for every cut', () => {
    const whole = events([doc]);
    expect(whole).toContain('<r a="1>2">');
    expect(whole).toContain('#text &amp; more <not a tag> ');
    for (let n = 1; n < doc.length; n++) expect(events(piecesOf(doc, n)), `pieces of ${n}`).toEqual(whole);
  });
  it('reports a malformed tag at its line whatever the cut', () => {
    const bad = '<r>\n<a>\n<b c="1" <d/>\n</a>\n</r>\n';
    for (const n of [1, 3, bad.length]) {
      expect(failure(() => events(piecesOf(bad, n))), `pieces of ${n}`).toBe('x.xml: line 3: malformed start tag [E_PARSE]');
    }
    const truncated = '<r>\n<a x="1">\n<b/>\n';
    for (const n of [1, 5, truncated.length]) {
      expect(failure(() => events(piecesOf(truncated, n))), `pieces of ${n}`).toBe('x.xml: line 4 (end of file): <a> opened at line 2 is not closed (truncated file?) [E_PARSE]');
    }
  });
});

describe('XML coverage formats check their root element', () => {
  const wrong = '<?xml version="1.0"?>\n<!-- a JUnit report given as coverage -->\n<testsuite name="s"><testcase name="t"/></testsuite>\n';
  for (const [format, expected] of [
    ['cobertura', "Cobertura's <coverage>"],
    ['clover', "Clover's <coverage>"],
    ['jacoco', "JaCoCo's <report>"],
  ] as const) {
    it(`${format}: another root is E_PARSE at its line, whole or in pieces`, () => {
      const message = `j.xml: line 3: root element is <testsuite>, not ${expected} [E_PARSE]`;
      expect(outcome(createSource('j.xml', wrong), format)).toEqual({ error: message });
      expect(outcome(inPieces(createSource('j.xml', wrong), 5), format)).toEqual({ error: message });
    });
  }
});

describe('JUnit in pieces', () => {
  it('reads entities in failure text and attributes the same for every cut', () => {
    const doc = '<testsuites>\n<testsuite name="s &amp; t">\n<testcase name="a &lt; b" classname="c"><failure>x &lt; y<![CDATA[ and ]]>&amp;&amp; z</failure></testcase>\n</testsuite>\n</testsuites>\n';
    const whole = outcome(createSource('j.xml', doc), 'junit');
    expect(whole).toMatchObject([{ payload: { cases: [{ suite: 's & t', name: 'a < b', status: 'failed', message: 'x < y and && z' }] } }]);
    for (let n = 1; n < doc.length; n++) expect(outcome(inPieces(createSource('j.xml', doc), n), 'junit'), `pieces of ${n}`).toEqual(whole);
  });
  it('reports where a truncated report ends and where the open element started, whatever the cut', () => {
    const doc = '<testsuites>\n  <testsuite name="s">\n    <testcase name="a"/>\n';
    for (const n of [1, 2, 5, doc.length]) {
      expect(outcome(inPieces(createSource('j.xml', doc), n), 'junit'), `pieces of ${n}`).toEqual({
        error: 'j.xml: line 4 column 1 (end of file): not well-formed XML: the file ends inside <testsuite> opened at line 2 column 3 (truncated?) [E_PARSE]',
      });
    }
  });
});

describe('reading a file in pieces', () => {
  it('utf8Boundary never cuts a character', () => {
    const bytes = Buffer.from('aé€😀', 'utf8'); // 1 + 2 + 3 + 4 bytes
    expect([...Array(bytes.length + 1).keys()].map((n) => utf8Boundary(bytes, n))).toEqual([0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10]);
  });
  it('a file of several pieces reads back byte for byte, multi-byte characters across the cuts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-read-'));
    const file = join(dir, 'big.info');
    // 4-byte characters at odd offsets land across every piece boundary sooner or later
    let text = '';
    for (let i = 0; text.length < 3 * PIECE_BYTES; i++) text += `SF:src/😀${'é'.repeat(i % 5)}/f${i}.ts\nDA:1,${i}\nend_of_record\n`;
    writeFileSync(file, text);
    const src = readSource(file, 'big.info')!;
    expect([...src.chunks()].length).toBeGreaterThan(3);
    expect([...src.chunks()].join('')).toBe(text);
    expect(src.text).toBe(text);
    // a fresh source: this one's text is read now, and its chunks() would be that text whole
    const a = parseSource(readSource(file, 'big.info')!)[0]!;
    const files = text.split('\n').filter((l) => l.startsWith('SF:')).length;
    expect(a.payload.kind === 'coverage' && a.payload.files.length).toBe(files);
    // a byte-order mark is dropped from the pieces and from the whole text alike
    writeFileSync(file, `\uFEFF${text}`);
    const withBom = readSource(file, 'big.info')!;
    expect([...withBom.chunks()].join('')).toBe(text);
    expect(withBom.text).toBe(text);
  });
  it('the tail of a large file is its last characters before trailing whitespace, read from the end whatever byte the read starts on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-tail-'));
    const file = join(dir, 'big.json');
    // 1-, 2-, 3- and 4-byte characters: some lengths start the end read inside a character
    const body = 'aé€😀'.repeat(PIECE_BYTES / 2);
    for (let extra = 0; extra < 4; extra++) {
      const text = `${body}${'x'.repeat(extra)}${'😀'.repeat(HEAD_CHARS)} "version": "2.1.0"}\n\n  \n`;
      writeFileSync(file, text);
      const src = readSource(file, 'big.json')!;
      expect(src.tail, `extra ${extra}`).toBe(createSource('big.json', text).tail);
      expect(src.tail.endsWith('"2.1.0"}')).toBe(true);
      expect(src.tail.length).toBe(HEAD_CHARS);
    }
  });
});
