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
 * It takes the text in pieces (`write` each, then `end`): the CLI reads a large report in
 * 64 KiB pieces, so neither the file's bytes nor its text is ever held whole (on a 32 MB
 * report that is ~250 ms of allocating and touching fresh memory saved, and the peak memory
 * stays near the size of the model). A construct cut by a piece boundary waits for the next
 * piece; offsets given to handlers index into the `text` they are given with them.
 *
 * It still fails closed (XML 1.0, https://www.w3.org/TR/xml/): a malformed tag, a
 * mismatched or missing end tag, text outside the root element, an unterminated comment,
 * CDATA section or processing instruction all throw E_PARSE naming the line.
 * Not checked: entity names, character ranges, duplicate attributes (none change a count).
 *
 * Element names reach the handlers as local names (Namespaces in XML 1.0 §4,
 * https://www.w3.org/TR/xml-names/#ns-qualnames): `<ns:line>` is a `line` to a format, as it is
 * to a namespace-aware reader, so a prefixed element is never skipped as unknown. End tags are
 * still matched on the qualified name as written.
 */
import { parseError } from '../errors.js';
import { TextPosition } from '../parsers/source.js';

/**
 * The handlers of a scan. Element names are local names (the part after a prefix's `:`). A start tag's attributes are the offsets `[attrStart, attrEnd)` into
 * `text` (read them with {@link attrValueAt} / {@link countAt} / {@link attrAt}), and element
 * names are interned, so a scan of a large report makes no string per tag (allocation and GC,
 * not matching, dominate otherwise). `text` is the current piece: keep offsets, not across calls.
 * A handler reports bad content with `throw xmlError(offset, message)`: the scanner turns the
 * offset into the line of the whole document.
 */
export interface XmlTagHandlers {
  /** A start tag (or empty-element tag when `selfClosing`). */
  open(text: string, name: string, attrStart: number, attrEnd: number, selfClosing: boolean, offset: number): void;
  /** An end tag (also called right after `open` for an empty-element tag). */
  close?(text: string, name: string, offset: number): void;
  /** Character data inside the root element (raw: entities not decoded); one run of text may arrive in several calls. */
  text?(text: string, start: number, end: number): void;
}

/** Bad content found by a handler at `offset` of the current piece (see {@link XmlTagHandlers}). */
export class XmlContentError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

export function xmlError(offset: number, message: string): XmlContentError {
  return new XmlContentError(offset, message);
}

// XML 1.0 §3.1 STag / EmptyElemTag, §2.3 AttValue (no `<` inside a value; `>` is allowed).
const START_TAG = /<([A-Za-z_:][\w.:-]*)((?:\s+[A-Za-z_:][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
// §3.1 ETag
const END_TAG = /<\/([A-Za-z_:][\w.:-]*)\s*>/y;
const NON_SPACE = /[^\s]/;
/** Distinct element names kept for interning; a document with more (unusual) gets fresh strings beyond that. */
const MAX_INTERNED = 256;
/** Longest markup prefix told apart by its first characters (`<![CDATA[`, `<!DOCTYPE`). */
const LONGEST_PREFIX = 9;

/** The root element a format requires, and the format's name for the message when it is another. */
export interface XmlRoot {
  name: string;
  format: string;
}

/**
 * Scan a document given whole or in pieces. Throws E_PARSE with a line number on malformed
 * input, and on a root element other than `root` when one is given.
 */
export function scanXmlTags(pieces: Iterable<string>, file: string, h: XmlTagHandlers, root?: XmlRoot): void {
  const sc = new XmlScanner(file, h, root);
  for (const piece of pieces) sc.write(piece);
  sc.end();
}

/** The incremental scanner behind {@link scanXmlTags}. */
export class XmlScanner {
  private readonly stack: string[] = [];
  /** Document line of each open element's start tag, for messages. */
  private readonly openedAt: number[] = [];
  private readonly names: string[] = [];
  private last = '';
  /** Interned qualified name → its local name, for the prefixed ones. */
  private readonly locals = new Map<string, string>();
  private rootDone = false;
  private sawRoot = false;
  /** Unscanned text carried over from the previous piece (a construct cut by the boundary). */
  private rest = '';
  /** Absolute offset of the first character of the text being scanned. */
  private base = 0;
  private readonly position = new TextPosition();

  constructor(
    private readonly file: string,
    private readonly h: XmlTagHandlers,
    private readonly root?: XmlRoot,
  ) {}

  write(piece: string): void {
    this.rest = this.scan(this.rest.length === 0 ? piece : this.rest + piece, false);
  }

  end(): void {
    this.scan(this.rest, true);
    this.rest = '';
    const { stack, openedAt } = this;
    if (stack.length > 0) {
      throw parseError(
        this.file,
        // every newline of the file is counted by now: the line at its end
        `line ${this.position.lineAt('', this.base, this.base)} (end of file)`,
        `<${stack[stack.length - 1]}> opened at line ${openedAt[openedAt.length - 1]} is not closed (truncated file?)`,
      );
    }
    if (!this.sawRoot) throw parseError(this.file, undefined, 'no XML element found');
  }

  /** Scan `text` as far as whole constructs go (all of it when `final`); returns what is left. */
  private scan(text: string, final: boolean): string {
    let pos = 0;
    try {
      pos = this.run(text, final);
    } catch (e) {
      if (e instanceof XmlContentError) throw parseError(this.file, `line ${this.line(text, e.offset)}`, e.message);
      throw e;
    }
    this.position.drop(text, this.base, pos);
    this.base += pos;
    return pos === text.length ? '' : text.slice(pos);
  }

  /** Document line of an offset into the text being scanned. */
  private line(text: string, offset: number): number {
    return this.position.lineAt(text, this.base, this.base + offset);
  }

  // The element name at [s, e) as a string shared by every tag of that name (no slice per tag).
  private intern(text: string, s: number, e: number): string {
    const len = e - s;
    const last = this.last;
    if (last.length === len && text.startsWith(last, s)) return last;
    for (const n of this.names) {
      if (n.length === len && text.startsWith(n, s)) return (this.last = n);
    }
    const n = text.slice(s, e);
    if (this.names.length < MAX_INTERNED) this.names.push(n);
    return (this.last = n);
  }

  /** The local name of an interned qualified name: the part after the prefix (one string per distinct name). */
  private local(name: string): string {
    if (name.indexOf(':') === -1) return name;
    let l = this.locals.get(name);
    if (l === undefined) this.locals.set(name, (l = name.slice(name.lastIndexOf(':') + 1) || name));
    return l;
  }

  /** The scan loop; returns the offset where it stopped (a construct the piece does not finish, unless `final`). */
  private run(text: string, final: boolean): number {
    const { h, stack, openedAt } = this;
    const fail = (offset: number, msg: string): never => {
      throw xmlError(offset, msg);
    };
    // A construct starting at `lt` runs past the end of this piece: wait for the next one.
    // `<` cannot occur inside a tag (§2.3), so a tag that fails to match while another `<`
    // follows it in the piece is malformed, not cut.
    const cut = (lt: number): boolean => !final && text.indexOf('<', lt + 1) === -1;
    let pos = 0;
    for (;;) {
      const lt = text.indexOf('<', pos);
      const end = lt === -1 ? text.length : lt;
      if (end > pos) {
        if (stack.length > 0) {
          if (h.text) h.text(text, pos, end);
        } else if (NON_SPACE.test(text.slice(pos, end))) {
          fail(pos, this.rootDone ? 'text after the root element' : 'text before the root element');
        }
      }
      if (lt === -1) return text.length;
      pos = lt;
      if (!final && text.length - lt < LONGEST_PREFIX + 1 && text.indexOf('>', lt) === -1) return lt;
      const c = text.charCodeAt(lt + 1);
      if (c === 47 /* / */) {
        END_TAG.lastIndex = lt;
        if (!END_TAG.test(text)) {
          if (cut(lt)) return lt;
          fail(lt, 'malformed end tag');
        }
        const name = this.intern(text, lt + 2, nameEnd(text, lt + 2));
        const top = stack.pop();
        if (top === undefined) fail(lt, `end tag </${name}> without a start tag`);
        if (top !== name) fail(lt, `expected </${top}> (opened at line ${openedAt[openedAt.length - 1]}), found </${name}>`);
        openedAt.pop();
        h.close?.(text, this.local(name), lt);
        if (stack.length === 0) this.rootDone = true;
        pos = END_TAG.lastIndex;
      } else if (c === 63 /* ? */) {
        const e = text.indexOf('?>', lt + 2);
        if (e === -1) {
          if (!final) return lt;
          fail(lt, 'unterminated processing instruction (truncated file?)');
        }
        pos = e + 2;
      } else if (c === 33 /* ! */) {
        if (text.startsWith('<!--', lt)) {
          const e = text.indexOf('-->', lt + 4);
          if (e === -1) {
            if (!final) return lt;
            fail(lt, 'unterminated comment (truncated file?)');
          }
          pos = e + 3;
        } else if (text.startsWith('<![CDATA[', lt)) {
          if (stack.length === 0) fail(lt, 'CDATA outside the root element');
          const e = text.indexOf(']]>', lt + 9);
          if (e === -1) {
            if (!final) return lt;
            fail(lt, 'unterminated CDATA section (truncated file?)');
          }
          if (h.text) h.text(text, lt + 9, e);
          pos = e + 3;
        } else if (text.startsWith('<!DOCTYPE', lt) && !this.sawRoot) {
          // §2.8 doctypedecl: may hold an internal subset in [...]
          const gt = text.indexOf('>', lt);
          const br = text.indexOf('[', lt);
          const e = br !== -1 && (gt === -1 || br < gt) ? text.indexOf(']>', br) + 1 : gt;
          if (e <= 0) {
            if (!final) return lt;
            fail(lt, 'unterminated DOCTYPE (truncated file?)');
          }
          pos = e + 1;
        } else {
          fail(lt, 'malformed markup declaration');
        }
      } else {
        // test(), not exec(): no match array or capture strings per tag (GC dominates otherwise).
        START_TAG.lastIndex = lt;
        if (!START_TAG.test(text)) {
          if (cut(lt)) return lt;
          const truncated = text.indexOf('<', lt + 1) === -1 && text.indexOf('>', lt) === -1;
          fail(lt, truncated ? 'unterminated start tag (truncated file?)' : 'malformed start tag');
        }
        if (this.rootDone) fail(lt, 'a second root element');
        const gt = START_TAG.lastIndex - 1;
        const selfClosing = text.charCodeAt(gt - 1) === 47; /* / */
        const ne = nameEnd(text, lt + 1);
        const name = this.intern(text, lt + 1, ne);
        const local = this.local(name);
        const root = this.root;
        if (!this.sawRoot && root && local !== root.name) fail(lt, `root element is <${name}>, not ${root.format}'s <${root.name}>`);
        this.sawRoot = true;
        pos = START_TAG.lastIndex;
        h.open(text, local, ne, selfClosing ? gt - 1 : gt, selfClosing, lt);
        if (selfClosing) {
          h.close?.(text, local, lt);
          if (stack.length === 0) this.rootDone = true;
        } else {
          stack.push(name);
          openedAt.push(this.line(text, lt));
        }
      }
    }
  }
}

/** The string-attribute form of {@link XmlTagHandlers}, for the small formats: attributes come as their raw text (read with {@link attr}). */
export interface XmlHandlers {
  open(name: string, attrs: string, selfClosing: boolean, offset: number): void;
  close?(name: string, offset: number): void;
}

/** {@link scanXmlTags} with each start tag's attribute text as a string. */
export function scanXml(pieces: Iterable<string>, file: string, h: XmlHandlers, root?: XmlRoot): void {
  const close = h.close;
  scanXmlTags(
    pieces,
    file,
    {
      open: (text, name, s, e, selfClosing, offset) => h.open(name, text.slice(s, e), selfClosing, offset),
      ...(close ? { close: (_text: string, name: string, offset: number) => close(name, offset) } : {}),
    },
    root,
  );
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
  return attrAt(raw, 0, raw.length, name);
}

/**
 * The attribute at or after `i` in the raw attribute text `text[i, end)` of a start tag the
 * scanner accepted: fills `out` with [name start, name end, value start, value end] (the value
 * without its quotes) and returns true, or returns false when there is none. Two `indexOf`
 * calls per attribute and no string: the hot formats read their attributes with it.
 */
export function nextAttr(text: string, i: number, end: number, out: Int32Array): boolean {
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  if (i >= end) return false;
  // The scanner checked `name \s* = \s* quoted-value` here: `=` cannot be part of a name.
  const eq = text.indexOf('=', i);
  if (eq === -1 || eq >= end) return false;
  let ne = eq;
  while (ne > i && isSpace(text.charCodeAt(ne - 1))) ne--;
  let q = eq + 1;
  while (isSpace(text.charCodeAt(q))) q++;
  const ve = text.indexOf(text.charCodeAt(q) === 39 ? "'" : '"', q + 1);
  if (ve === -1 || ve >= end) return false;
  out[0] = i;
  out[1] = ne;
  out[2] = q + 1;
  out[3] = ve;
  return true;
}

const found = new Int32Array(4);

/**
 * Where the value of attribute `name` starts (just after its opening quote) in the raw
 * attribute text `text[start, end)` of a start tag the scanner accepted; -1 when absent.
 * Whole names only, never inside another attribute's value; the first one wins.
 */
export function attrValueAt(text: string, start: number, end: number, name: string): number {
  for (let i = start; nextAttr(text, i, end, found); i = found[3]! + 1) {
    if (found[1]! - found[0]! === name.length && text.startsWith(name, found[0]!)) return found[2]!;
  }
  return -1;
}

/** End of the attribute value that starts at `vs` (from {@link attrValueAt}): its closing quote. */
export function attrValueEnd(text: string, vs: number): number {
  return text.indexOf(text.charCodeAt(vs - 1) === 39 ? "'" : '"', vs);
}

/** The plain decimal digits `text[vs, ve)` as a number; -1 when the span is empty or holds anything else. */
export function digitsAt(text: string, vs: number, ve: number): number {
  if (ve <= vs) return -1;
  let n = 0;
  for (let j = vs; j < ve; j++) {
    const c = text.charCodeAt(j);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

/** {@link attr} on the attribute text `text[start, end)`. */
export function attrAt(text: string, start: number, end: number, name: string): string | undefined {
  const vs = attrValueAt(text, start, end, name);
  if (vs === -1) return undefined;
  const v = text.slice(vs, attrValueEnd(text, vs));
  return v.includes('&') ? decodeEntities(v) : v;
}

/**
 * A non-negative number attribute of the attribute text `text[start, end)`, read straight
 * from the characters when it is plain digits (no substring: the hot attributes of coverage
 * reports are counts, and allocation dominates a large scan); anything else (`1.0`, an
 * entity) goes through Number. Undefined when absent, blank or not a non-negative number.
 */
export function countAt(text: string, start: number, end: number, name: string): number | undefined {
  const vs = attrValueAt(text, start, end, name);
  if (vs === -1) return undefined;
  const ve = attrValueEnd(text, vs);
  const n = digitsAt(text, vs, ve);
  return n !== -1 ? n : countOf(text.slice(vs, ve));
}

/** A raw attribute value that is not plain digits (`1.0`, an entity, blank) as a non-negative number, or undefined. */
export function countOf(raw: string): number | undefined {
  const v = raw.includes('&') ? decodeEntities(raw) : raw;
  if (v.trim() === '') return undefined;
  const x = Number(v);
  return Number.isFinite(x) && x >= 0 ? x : undefined;
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

const NAMED = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** XML 1.0 §4.6 predefined entities and §4.1 character references. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);/g, (all, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n <= 0x10ffff ? String.fromCodePoint(n) : all;
    }
    return NAMED.get(e) ?? all;
  });
}
