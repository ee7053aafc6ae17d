/**
 * A streaming, non-DOM XML scanner for large, regular reports (Cobertura, Clover, JaCoCo).
 *
 * Why not a DOM: a 32 MB coverage.py Cobertura report parses at ~10 MB/s with fast-xml-parser
 * (it builds an object per element) and peaks at several times the input; the gates need a
 * few attributes of a few element names. This scanner walks the text once with `indexOf`
 * and one sticky regular expression per tag, hands each start tag's raw attribute text to
 * the caller (attributes are read lazily with {@link attr}) and keeps only a stack of open
 * element names. Small or irregular XML can keep using fast-xml-parser.
 *
 * It still fails closed (XML 1.0, https://www.w3.org/TR/xml/): a malformed tag, a
 * mismatched or missing end tag, text outside the root element, an unterminated comment,
 * CDATA section or processing instruction all throw E_PARSE naming the line.
 * Not checked: entity names, character ranges, duplicate attributes (none change a count).
 */
import { parseError } from '../errors.js';

export interface XmlHandlers {
  /** A start tag (or empty-element tag when `selfClosing`). `attrs` is the raw attribute text; read it with {@link attr}. */
  open(name: string, attrs: string, selfClosing: boolean, offset: number): void;
  /** An end tag (also called right after `open` for an empty-element tag). */
  close?(name: string, offset: number): void;
  /** Character data inside the root element, as offsets into the text (raw: entities not decoded), when the caller wants it. */
  text?(start: number, end: number): void;
}

// XML 1.0 §3.1 STag / EmptyElemTag, §2.3 AttValue (no `<` inside a value; `>` is allowed).
const START_TAG = /<([A-Za-z_:][\w.:-]*)((?:\s+[A-Za-z_:][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
// §3.1 ETag
const END_TAG = /<\/([A-Za-z_:][\w.:-]*)\s*>/y;
const NON_SPACE = /[^\s]/;

/** Scan `text` as XML, calling the handlers in document order. Throws E_PARSE with a line number on malformed input. */
export function scanXml(text: string, file: string, h: XmlHandlers): void {
  const stack: string[] = [];
  const openedAt: number[] = [];
  let rootDone = false;
  let sawRoot = false;
  let pos = 0;
  const fail = (offset: number, msg: string): never => {
    throw parseError(file, `line ${lineAt(text, offset)}`, msg);
  };
  for (;;) {
    const lt = text.indexOf('<', pos);
    const end = lt === -1 ? text.length : lt;
    if (end > pos) {
      if (stack.length > 0) {
        if (h.text) h.text(pos, end);
      } else if (NON_SPACE.test(text.slice(pos, end))) {
        fail(pos, rootDone ? 'text after the root element' : 'text before the root element');
      }
    }
    if (lt === -1) break;
    const c = text.charCodeAt(lt + 1);
    if (c === 47 /* / */) {
      END_TAG.lastIndex = lt;
      if (!END_TAG.test(text)) fail(lt, 'malformed end tag');
      const name = text.slice(lt + 2, nameEnd(text, lt + 2));
      const top = stack.pop();
      if (top === undefined) fail(lt, `end tag </${name}> without a start tag`);
      if (top !== name) fail(lt, `expected </${top}> (opened at line ${lineAt(text, openedAt[openedAt.length - 1]!)}), found </${name}>`);
      openedAt.pop();
      h.close?.(name, lt);
      if (stack.length === 0) rootDone = true;
      pos = END_TAG.lastIndex;
    } else if (c === 63 /* ? */) {
      const e = text.indexOf('?>', lt + 2);
      if (e === -1) fail(lt, 'unterminated processing instruction (truncated file?)');
      pos = e + 2;
    } else if (c === 33 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const e = text.indexOf('-->', lt + 4);
        if (e === -1) fail(lt, 'unterminated comment (truncated file?)');
        pos = e + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        if (stack.length === 0) fail(lt, 'CDATA outside the root element');
        const e = text.indexOf(']]>', lt + 9);
        if (e === -1) fail(lt, 'unterminated CDATA section (truncated file?)');
        if (h.text) h.text(lt + 9, e);
        pos = e + 3;
      } else if (text.startsWith('<!DOCTYPE', lt) && !sawRoot) {
        // §2.8 doctypedecl: may hold an internal subset in [...]
        const gt = text.indexOf('>', lt);
        const br = text.indexOf('[', lt);
        const e = br !== -1 && (gt === -1 || br < gt) ? text.indexOf(']>', br) + 1 : gt;
        if (e <= 0) fail(lt, 'unterminated DOCTYPE (truncated file?)');
        pos = e + 1;
      } else {
        fail(lt, 'malformed markup declaration');
      }
    } else {
      // test(), not exec(): no match array or capture strings per tag (GC dominates otherwise).
      START_TAG.lastIndex = lt;
      if (!START_TAG.test(text)) {
        fail(lt, text.indexOf('>', lt) === -1 ? 'unterminated start tag (truncated file?)' : 'malformed start tag');
      }
      if (rootDone) fail(lt, 'a second root element');
      sawRoot = true;
      const gt = START_TAG.lastIndex - 1;
      const selfClosing = text.charCodeAt(gt - 1) === 47; /* / */
      const ne = nameEnd(text, lt + 1);
      const name = text.slice(lt + 1, ne);
      h.open(name, text.slice(ne, selfClosing ? gt - 1 : gt), selfClosing, lt);
      if (selfClosing) {
        h.close?.(name, lt);
        if (stack.length === 0) rootDone = true;
      } else {
        stack.push(name);
        openedAt.push(lt);
      }
      pos = START_TAG.lastIndex;
    }
  }
  if (stack.length > 0) {
    throw parseError(
      file,
      `line ${lineAt(text, text.length)} (end of file)`,
      `<${stack[stack.length - 1]}> opened at line ${lineAt(text, openedAt[openedAt.length - 1]!)} is not closed (truncated file?)`,
    );
  }
  if (!sawRoot) throw parseError(file, undefined, 'no XML element found');
}

/** End of an element name: the first whitespace, `/` or `>`. */
function nameEnd(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62 || Number.isNaN(c)) return i;
    i++;
  }
}

/**
 * One attribute's value from a start tag's raw attribute text (entities decoded), or
 * undefined. Matches whole names only: `attr(' branch-rate="1" rate="2"', 'rate')` is `2`.
 */
export function attr(raw: string, name: string): string | undefined {
  let i = raw.indexOf(name);
  while (i !== -1) {
    const before = raw.charCodeAt(i - 1);
    let j = i + name.length;
    if (before === 32 || before === 9 || before === 10 || before === 13) {
      while (isSpace(raw.charCodeAt(j))) j++;
      if (raw.charCodeAt(j) === 61 /* = */) {
        j++;
        while (isSpace(raw.charCodeAt(j))) j++;
        const q = raw[j];
        const e = raw.indexOf(q!, j + 1);
        const v = raw.slice(j + 1, e);
        return v.includes('&') ? decodeEntities(v) : v;
      }
    }
    i = raw.indexOf(name, i + 1);
  }
  return undefined;
}

/**
 * A non-negative integer attribute read straight from the tag text (no substring: the hot
 * attributes of coverage reports are numbers, and allocation dominates a large scan).
 * Falls back to {@link attr} + Number for anything but plain digits; undefined when absent or
 * not a non-negative number.
 */
export function attrCount(raw: string, name: string): number | undefined {
  let i = raw.indexOf(name);
  while (i !== -1) {
    const before = raw.charCodeAt(i - 1);
    const eq = i + name.length;
    if ((before === 32 || before === 9 || before === 10 || before === 13) && raw.charCodeAt(eq) === 61 && (raw.charCodeAt(eq + 1) === 34 || raw.charCodeAt(eq + 1) === 39)) {
      const q = raw.charCodeAt(eq + 1);
      let n = 0;
      let j = eq + 2;
      for (; ; j++) {
        const c = raw.charCodeAt(j);
        if (c < 48 || c > 57) break;
        n = n * 10 + (c - 48);
      }
      if (raw.charCodeAt(j) === q && j > eq + 2) return n;
      break;
    }
    i = raw.indexOf(name, i + 1);
  }
  const v = attr(raw, name);
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML 1.0 §4.6 predefined entities and §4.1 character references. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);/g, (all, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n <= 0x10ffff ? String.fromCodePoint(n) : all;
    }
    return NAMED[e] ?? all;
  });
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
