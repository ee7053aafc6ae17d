/**
 * JUnit XML, in the dialects real runners write. There is no single standard; the shapes
 * followed here are:
 * - Ant's JUnit task schema (the common ancestor): https://github.com/windyroad/JUnit-Schema
 *   `<testsuites>` / `<testsuite>` roots, `<testcase>` with `<failure>`, `<error>`, `<skipped>`,
 *   `<properties>`, `<system-out>`, `<system-err>`.
 * - Maven Surefire's report XSD (surefire-test-report-3.0.xsd,
 *   https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report-3.0.xsd):
 *   `<flakyFailure>` / `<flakyError>` (failed, then passed on a rerun) and `<rerunFailure>` /
 *   `<rerunError>` (failed again on every rerun, next to the `<failure>`/`<error>`).
 * - googletest (`--gtest_output=xml`): `status="run|notrun"`, `result="completed|skipped|suppressed"`.
 * - PHPUnit: nested `<testsuite>` trees, `file`/`line` on testcases; pytest xunit1: `file`/`line`.
 *
 * Why a hand-written scanner instead of a DOM (fast-xml-parser): a DOM parse runs at ~10 MB/s
 * here and builds every `<system-out>` and property into objects nobody reads, while CI
 * reports reach tens of MB. This scanner walks the text with `indexOf`, keeps only the
 * attributes of the elements it needs (of a testcase, only offsets of the few the model
 * uses) and never materialises output blocks: ~80–210 MB/s end to end on 12–40 MB reports
 * here, 5–13× the DOM parse (see docs/tests-performance-health.md). Small files use the same
 * scanner: one code path means one set of semantics and one set of error messages.
 *
 * Fail closed (XML 1.0, https://www.w3.org/TR/xml/): it checks the structure a DOM parser
 * would — every tag closed in order (§3), one root (§2.1), quoted attribute values without
 * `<` (§3.1), terminated comments/CDATA/processing instructions (§2.5, §2.7, §2.6), known
 * entity references in the values it reads (§4.6) — and reports the line and column of the
 * first problem. It does not check character classes or entities inside text it skips.
 */
import { Buffer } from 'node:buffer';
import { GatecheckError, parseError } from '../errors.js';
import { normalisePath } from '../model/paths.js';
import { isFailing, type Artifact, type TestCase, type TestStatus, type Tool } from '../model/types.js';
import { detach, TextPosition, type SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';
import { quote } from '../util/quote.js';
import { isSpace } from '../util/xml-scan.js';

/** Elements whose attributes the scanner reads; every other element is only checked for structure. */
const OUTCOMES = new Set(['failure', 'error', 'skipped', 'flakyFailure', 'flakyError', 'rerunFailure', 'rerunError']);
const WANTED = new Set(['testsuites', 'testsuite', 'testcase', 'property', ...OUTCOMES]);

/** Messages are trimmed to this many characters / lines for evidence. */
const MESSAGE_CHARS = 500;
const MESSAGE_LINES = 8;
/** Body text kept per failure for the message fallback and the file/line search. */
const BODY_CHARS = 16_384;

type Attrs = Record<string, string>;

interface Outcome {
  kind: string;
  attrs: Attrs;
  body: string;
  /** Offset of the element, for entity errors. */
  at: number;
}

/** What the scan learns about the producing tool, for `Artifact.tool`. */
interface ToolHints {
  rootName?: string;
  /** A <testsuite> is named "pytest" (pytest's own suite name). */
  pytestSuite: boolean;
  properties: Map<string, string>;
  surefireVersion?: string;
  hasAssertions: boolean;
  hasDisabled: boolean;
  hasHostname: boolean;
}

/**
 * Slots in {@link Scan.tc}: start and end offsets of the raw value of each testcase attribute
 * the model needs (start -1 when absent). Offsets, not substrings: most testcases of a large
 * report are passing one-liners, and only `name`/`classname` ever become strings.
 */
const TC_NAME = 0;
const TC_CLASS = 2;
const TC_TIME = 4;
const TC_FILE = 6;
const TC_LINE = 8;
const TC_STATUS = 10;
const TC_RESULT = 12;
const TC_SLOTS = 14;

/** Exact powers of ten, for reading `time="0.001"` without a substring (see {@link Scan.milliseconds}). */
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** The local part of a qualified element name (`ns:failure` → `failure`). */
function localName(qname: string): string {
  const colon = qname.lastIndexOf(':');
  return colon === -1 ? qname : qname.slice(colon + 1);
}

function isNameEnd(c: number): boolean {
  // whitespace, '/', '>' end an element name
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62 || Number.isNaN(c);
}

/** Attribute names of the elements whose attributes are kept (suites, properties, outcomes), by length. */
const KNOWN_ATTRIBUTES: string[][] = [];
for (const n of ['name', 'tests', 'errors', 'failures', 'skipped', 'disabled', 'time', 'timestamp', 'hostname', 'id', 'package', 'file', 'assertions', 'version', 'xmlns', 'xmlns:xsi', 'xsi:noNamespaceSchemaLocation', 'group', 'value', 'message', 'type']) {
  (KNOWN_ATTRIBUTES[n.length] ??= []).push(n);
}

/**
 * The attribute name at [s, e), as one of the constant strings above when it is one: a new
 * substring used as an object key must first be looked up in V8's string table, for every
 * attribute of every suite.
 */
function attributeName(text: string, s: number, e: number): string {
  const known = KNOWN_ATTRIBUTES[e - s];
  if (known !== undefined) for (const n of known) if (text.startsWith(n, s)) return n;
  return text.slice(s, e);
}

/** The testcase attributes the model reads, by the code of their first character (all differ). */
const TC_ATTRIBUTES: Array<{ name: string; slot: number } | undefined> = [];
for (const [name, slot] of [
  ['name', TC_NAME],
  ['classname', TC_CLASS],
  ['time', TC_TIME],
  ['file', TC_FILE],
  ['line', TC_LINE],
  ['status', TC_STATUS],
  ['result', TC_RESULT],
] as const) {
  TC_ATTRIBUTES[name.charCodeAt(0)] = { name, slot };
}

/** Which testcase slot the attribute name [s, e) fills, or -1 (compared in place, no substring). */
function testcaseSlot(text: string, s: number, e: number): number {
  const a = TC_ATTRIBUTES[text.charCodeAt(s)];
  return a !== undefined && a.name.length === e - s && text.startsWith(a.name, s) ? a.slot : -1;
}

/**
 * A testcase attribute written as `name="` or `name='` at `k` (no space around `=`): the
 * entry for its name, or undefined for anything else, which the general path reads.
 */
function testcaseAttribute(text: string, k: number): { name: string; slot: number } | undefined {
  const a = TC_ATTRIBUTES[text.charCodeAt(k)];
  if (a === undefined || text.charCodeAt(k + a.name.length) !== 61 || !text.startsWith(a.name, k)) return undefined;
  const q = text.charCodeAt(k + a.name.length + 1);
  return q === 34 || q === 39 ? a : undefined;
}

class Scan {
  /**
   * The tests, in first-seen order: `count` of them. The array is made at a size guessed from
   * the report's length (one test per 64 characters; it grows past that like any array) and
   * cut to `count` at the end: pushing 150,000 tests one by one copied the array ~25 times.
   */
  readonly cases: TestCase[];
  private count = 0;
  readonly hints: ToolHints = { pytestSuite: false, properties: new Map(), hasAssertions: false, hasDisabled: false, hasHostname: false };
  /**
   * The hash of each test's key (suite + classname + name), in `cases` order: repeats of a
   * test are merged at the end (see mergeRepeats), from these, without a hash table probe per
   * test (a cache miss into a table of megabytes was 15 % of the time on 150k tests).
   */
  private hashes: Int32Array;
  private lastSuite = '';
  private lastSuiteHash = FNV_OFFSET;
  private readonly suites: string[] = [];
  /** Failing tests read so far (before repeats are merged), for the suites' own counts. */
  private failing = 0;
  /**
   * Per open <testsuites>/<testsuite>: the failures + errors its attributes declare (-1 when it
   * declares none), the failing tests read before it opened, and where it is.
   */
  private readonly declared: Array<{ count: number; before: number; where: string; name: string }> = [];
  /** Suites whose own counts disagree with the failing tests read in them (see Artifact.warnings). */
  readonly warnings: string[] = [];
  /** The open testcase: its depth (-1: none), offset, attribute offsets and outcomes. One testcase at a time, so reused. */
  private caseDepth = -1;
  private caseAt = 0;
  private readonly tc = new Int32Array(TC_SLOTS);
  private failure: Outcome | undefined;
  private error: Outcome | undefined;
  private skipped: Outcome | undefined;
  private flaky: Outcome | undefined;
  private rerun = false;
  private capture: Outcome | undefined;
  private captureDepth = -1;
  private lastFile: string | undefined;
  private lastClassname: string | undefined;
  /** tcAttr()'s decoding buffer. */
  private buf = new Uint16Array(256);
  /** The same memory as `buf`, as a Buffer (made once per buffer, not per value). */
  private bufBytes = bytesOf(this.buf);
  /** Set by tcAttr(): the hash of the value it returned, and whether it was plain (nothing to decode). */
  private valueHash = 0;
  private valuePlain = true;
  /** The last plain classname read and its hash (undefined after one that needed decoding). */
  private lastClassHash = 0;
  private lastFilePath = '';

  /**
   * The text being scanned: the file from absolute offset `base` on. Pieces are appended by
   * write(); what is scanned is dropped, except from the start tag of an open testcase on (its
   * attributes are kept as offsets until it closes) and a construct the piece did not finish.
   */
  private text = '';
  private base = 0;
  private pos = 0;
  private readonly position = new TextPosition();
  private root: string | undefined;
  private readonly stack: string[] = [];
  /**
   * Absolute offset of each open element's start tag, and its line and column for the
   * end-of-file message. Line and column are worked out only for elements still open when
   * their text is about to be dropped, or at the end: most elements close within their piece.
   */
  private readonly openedAt: number[] = [];
  private readonly openedLine: number[] = [];
  private readonly openedColumn: number[] = [];

  constructor(
    private readonly path: string,
    private readonly options: ParseOptions,
    size: number,
  ) {
    this.cases = new Array<TestCase>(Math.min(Math.ceil(size / 64), 1 << 22));
    this.hashes = new Int32Array(Math.max(this.cases.length, 64));
  }

  /** `line L column C` of an offset into the text being scanned. */
  private where(offset: number): string {
    return this.position.where(this.text, this.base, this.base + offset);
  }

  fail(offset: number, message: string): never {
    throw parseError(this.path, this.where(offset), `not well-formed XML: ${message}`);
  }

  /** Scan the next piece of the file. */
  write(piece: string): void {
    if (this.base === 0 && this.text.length === 0) {
      this.text = piece;
    } else {
      const keep = this.caseDepth !== -1 ? Math.min(this.caseAt, this.pos) : this.pos;
      this.placeOpened();
      this.position.drop(this.text, this.base, keep);
      this.base += keep;
      this.text = keep === this.text.length ? piece : this.text.slice(keep) + piece;
      this.rebase(keep);
    }
    this.run(false);
  }

  /** The file has ended: scan what is left and check that everything was closed. */
  end(): void {
    this.run(true);
    const { stack, text } = this;
    if (stack.length > 0) {
      const top = stack.length - 1;
      this.placeOpened();
      throw parseError(
        this.path,
        `${this.where(text.length)} (end of file)`,
        `not well-formed XML: the file ends inside <${stack[top]}> opened at line ${this.openedLine[top]} column ${this.openedColumn[top]} (truncated?)`,
      );
    }
    if (this.root === undefined) throw parseError(this.path, undefined, 'not well-formed XML: no root element');
    this.mergeRepeats();
    this.cases.length = this.count;
  }

  /** Line and column of the open elements that have none yet (their start tags are still in the text). */
  private placeOpened(): void {
    const { openedAt, openedLine, openedColumn, position, text, base } = this;
    for (let k = openedLine.length; k < openedAt.length; k++) {
      openedLine.push(position.lineAt(text, base, openedAt[k]!));
      openedColumn.push(position.columnAt(text, base, openedAt[k]!));
    }
  }

  /** A construct at `lt` that the text does not finish: wait for the next piece (true), or, at the end of the file, fail. */
  private unfinished(final: boolean, lt: number, message: string): true {
    if (final) this.fail(lt, message);
    this.pos = lt;
    return true;
  }

  /** Offsets into the text move back by `d` when its first `d` characters are dropped. */
  private rebase(d: number): void {
    this.pos -= d;
    this.caseAt -= d;
    const tc = this.tc;
    for (let s = 0; s < TC_SLOTS; s += 2) {
      if (tc[s] !== -1) {
        tc[s] = tc[s]! - d;
        tc[s + 1] = tc[s + 1]! - d;
      }
    }
    for (const o of [this.failure, this.error, this.skipped, this.flaky]) if (o) o.at -= d;
  }

  /**
   * The scan loop, from `pos` to the end of the text, or (unless `final`) to the start of a
   * construct the text does not finish: a tag is whole once another `<` follows it, since `<`
   * cannot occur inside one (§3.1); text may end in an entity reference cut in two.
   */
  private run(final: boolean): void {
    const text = this.text;
    const len = text.length;
    const tc = this.tc;
    const stack = this.stack;
    let pos = this.pos;
    for (;;) {
      const lt = text.indexOf('<', pos);
      let textEnd = lt === -1 ? len : lt;
      if (lt === -1 && !final) {
        const amp = text.lastIndexOf('&');
        if (amp >= pos && text.indexOf(';', amp) === -1) textEnd = amp;
      }
      if (textEnd > pos) {
        if (stack.length === 0) {
          for (let i = pos; i < textEnd; i++) if (!isSpace(text.charCodeAt(i))) this.fail(i, 'text outside the root element');
        } else if (this.capture && this.capture.body.length < BODY_CHARS) {
          this.capture.body += this.decodeAt(text.slice(pos, textEnd), pos, false);
        }
      }
      if (lt === -1) {
        this.pos = textEnd;
        return;
      }
      if (!final && (lt + 1 === len || (len - lt < 10 && text.indexOf('>', lt) === -1))) {
        // `<`, `<!-`, `<![CDAT`… at the end of the piece
        this.pos = lt;
        return;
      }
      const c = text.charCodeAt(lt + 1);
      if (c === 47) {
        // end tag (§3.1 ETag). Fast path: the name of the open element, optional space, '>'.
        const top = stack[stack.length - 1];
        let gt = -1;
        if (top !== undefined && text.startsWith(top, lt + 2)) {
          let j = lt + 2 + top.length;
          while (isSpace(text.charCodeAt(j))) j++;
          if (text.charCodeAt(j) === 62) gt = j;
        }
        if (gt === -1) {
          gt = text.indexOf('>', lt + 2);
          if (gt === -1 && this.unfinished(final, lt, 'unterminated end tag')) return;
          const name = text.slice(lt + 2, gt).trimEnd();
          if (top !== name) {
            this.fail(lt, top === undefined ? `end tag </${name}> without a start tag` : `expected </${top}> but found </${name}>`);
          }
        }
        stack.pop();
        this.openedAt.pop();
        if (this.openedLine.length > this.openedAt.length) {
          this.openedLine.pop();
          this.openedColumn.pop();
        }
        this.close(localName(top!), stack.length);
        pos = gt + 1;
        continue;
      }
      if (c === 33) {
        if (text.startsWith('<!--', lt)) {
          const end = text.indexOf('-->', lt + 4);
          if (end === -1 && this.unfinished(final, lt, 'unterminated comment')) return;
          pos = end + 3;
          continue;
        }
        if (text.startsWith('<![CDATA[', lt)) {
          if (stack.length === 0) this.fail(lt, 'CDATA section outside the root element');
          const end = text.indexOf(']]>', lt + 9);
          if (end === -1 && this.unfinished(final, lt, 'unterminated CDATA section')) return;
          if (this.capture && this.capture.body.length < BODY_CHARS) this.capture.body += text.slice(lt + 9, end);
          pos = end + 3;
          continue;
        }
        if (text.startsWith('<!DOCTYPE', lt) && this.root === undefined) {
          const bracket = text.indexOf('[', lt);
          let gt = text.indexOf('>', lt);
          if (bracket !== -1 && (gt === -1 || bracket < gt)) gt = text.indexOf(']>', bracket) + 1;
          if (gt <= 0 && this.unfinished(final, lt, 'unterminated DOCTYPE')) return;
          pos = gt + 1;
          continue;
        }
        this.fail(lt, 'unexpected markup after "<!"');
      }
      if (c === 63) {
        const end = text.indexOf('?>', lt + 2);
        if (end === -1 && this.unfinished(final, lt, 'unterminated processing instruction')) return;
        pos = end + 2;
        continue;
      }
      // start tag (§3.1 STag / EmptyElemTag). A value may not hold '<' (§3.1 AttValue), so the
      // whole tag lies before the next '<'; without one, the tag may go on in the next piece.
      const nextLt = text.indexOf('<', lt + 1);
      if (nextLt === -1 && !final) {
        this.pos = lt;
        return;
      }
      let k = lt + 1;
      // <testcase> is most of a report: no substring for its name, attributes kept as offsets.
      let isCase = text.startsWith('testcase', k) && isNameEnd(text.charCodeAt(lt + 9));
      if (isCase) k = lt + 9;
      else while (!isNameEnd(text.charCodeAt(k))) k++;
      if (k === lt + 1) this.fail(lt, '"<" not followed by an element name');
      // `qname` as written (end tags match it); `name` its local part (Namespaces in XML §4): a
      // `<ns:failure>` is a failure, never an unknown element skipped as if the test passed.
      const qname = isCase ? 'testcase' : text.slice(lt + 1, k);
      const colon = isCase ? -1 : qname.indexOf(':');
      const name = colon === -1 ? qname : qname.slice(qname.lastIndexOf(':') + 1);
      if (name === 'testcase') isCase = true;
      const attrs: Attrs | undefined = !isCase && WANTED.has(name) ? (Object.create(null) as Attrs) : undefined;
      if (isCase) {
        if (this.caseDepth !== -1) this.fail(lt, '<testcase> inside another <testcase>');
        for (let s = 0; s < TC_SLOTS; s += 2) tc[s] = -1;
      }
      let selfClosing = false;
      for (;;) {
        while (isSpace(text.charCodeAt(k))) k++;
        const ch = text.charCodeAt(k);
        if (ch === 62) {
          k++;
          break;
        }
        if (ch === 47) {
          if (text.charCodeAt(k + 1) !== 62) this.fail(k, `"/" not followed by ">" in <${name}>`);
          selfClosing = true;
          k += 2;
          break;
        }
        if (Number.isNaN(ch)) this.fail(lt, `unterminated start tag <${name}> (end of file)`);
        if (isCase) {
          // The usual testcase attribute, written `name="`: its slot and value start at once.
          const fast = testcaseAttribute(text, k);
          if (fast !== undefined) {
            const vs = k + fast.name.length + 2;
            const vEnd = text.indexOf(text.charCodeAt(vs - 1) === 34 ? '"' : "'", vs);
            // A malformed value is left to the general path below, which words the error.
            if (vEnd !== -1 && (nextLt === -1 || vEnd < nextLt)) {
              tc[fast.slot] = vs;
              tc[fast.slot + 1] = vEnd;
              k = vEnd + 1;
              continue;
            }
          }
        }
        const ns = k;
        while (k < len) {
          const a = text.charCodeAt(k);
          if (a === 61 || isSpace(a) || a === 62 || a === 47) break;
          k++;
        }
        if (k === ns) this.fail(k, `attribute name expected in <${name}>`);
        const ne = k;
        while (isSpace(text.charCodeAt(k))) k++;
        if (text.charCodeAt(k) !== 61) this.fail(k, `attribute ${text.slice(ns, ne)} of <${name}> has no value`);
        k++;
        while (isSpace(text.charCodeAt(k))) k++;
        const q = text.charCodeAt(k);
        if (q !== 34 && q !== 39) this.fail(k, `attribute ${text.slice(ns, ne)} of <${name}> is not quoted`);
        const vEnd = text.indexOf(q === 34 ? '"' : "'", k + 1);
        if (nextLt !== -1 && (vEnd === -1 || nextLt < vEnd)) this.fail(nextLt, `"<" inside the value of attribute ${text.slice(ns, ne)} of <${name}>`);
        if (vEnd === -1) this.fail(k, `unterminated value of attribute ${text.slice(ns, ne)} in <${name}>`);
        if (isCase) {
          const slot = testcaseSlot(text, ns, ne);
          if (slot !== -1) {
            tc[slot] = k + 1;
            tc[slot + 1] = vEnd;
          }
        } else if (attrs) {
          attrs[attributeName(text, ns, ne)] = text.slice(k + 1, vEnd);
        }
        k = vEnd + 1;
      }
      if (stack.length === 0) {
        if (this.root !== undefined) this.fail(lt, `a second root element <${qname}> after </${this.root}>`);
        this.root = qname;
        if (name !== 'testsuites' && name !== 'testsuite') {
          throw parseError(this.path, this.where(lt), `not JUnit XML: the root element is <${qname}>, expected <testsuites> or <testsuite>`);
        }
      }
      if (isCase) {
        this.caseDepth = stack.length;
        this.caseAt = lt;
        this.failure = this.error = this.skipped = this.flaky = undefined;
        this.rerun = false;
      } else if (attrs) {
        this.open(name, attrs, lt, stack.length, selfClosing);
      }
      if (selfClosing) {
        this.close(name, stack.length);
      } else {
        stack.push(qname);
        this.openedAt.push(this.base + lt);
      }
      pos = k;
    }
  }

  private attr(attrs: Attrs, name: string, at: number): string | undefined {
    const raw = attrs[name];
    return raw === undefined ? undefined : this.decodeAt(raw, at, true);
  }

  /**
   * A testcase attribute by slot, decoded (undefined when absent), leaving the FNV-1a hash of
   * the decoded value in `valueHash` for the repeat check. One pass over the raw characters
   * hashes, spots `&`/tab/newline and, when there are any, decodes the predefined entities and
   * normalises whitespace (§4.6, §3.3.3) into a reused buffer: report names are often full of
   * `&quot;`, and a regex with a callback per entity cost more than the rest of the scan.
   * Anything rarer (character references, a malformed `&`) goes to {@link decode}, which
   * reports errors exactly. `valuePlain` says whether the value needed no decoding.
   */
  private tcAttr(slot: number): string | undefined {
    const tc = this.tc;
    const text = this.text;
    const s = tc[slot]!;
    if (s === -1) return undefined;
    const e = tc[slot + 1]!;
    let h = FNV_OFFSET;
    let i = s;
    // Most values are plain: hash them in place, and only copy into the buffer from the first
    // character that needs decoding on.
    for (; i < e; i++) {
      const c = text.charCodeAt(i);
      if (c === 38 || c === 9 || c === 10 || c === 13) break;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    if (i === e) {
      this.valueHash = h;
      this.valuePlain = true;
      // Kept as a slice of its piece (not detach()ed): names are most of a report's text, so the
      // pieces they keep alive cost less than a copy of every name (measured on 150k pytest tests:
      // 148 MB peak as slices, 158 MB as copies).
      return text.slice(s, e);
    }
    let buf = this.buf;
    if (buf.length < e - s) {
      buf = this.buf = new Uint16Array(e - s);
      this.bufBytes = bytesOf(buf);
    }
    let n = 0;
    for (let k = s; k < i; k++) buf[n++] = text.charCodeAt(k);
    while (i < e) {
      let c = text.charCodeAt(i++);
      if (c === 38) {
        // The five predefined entities, compared code unit by code unit (no builtin call per entity).
        const c1 = text.charCodeAt(i);
        const c2 = text.charCodeAt(i + 1);
        const c3 = text.charCodeAt(i + 2);
        if (c2 === 116 && c3 === 59 && (c1 === 108 || c1 === 103)) {
          c = c1 === 108 ? 60 : 62; // &lt; &gt;
          i += 3;
        } else if (c1 === 97 && c2 === 109 && c3 === 112 && text.charCodeAt(i + 3) === 59) {
          c = 38; // &amp;
          i += 4;
        } else if (c1 === 113 && c2 === 117 && c3 === 111 && text.charCodeAt(i + 3) === 116 && text.charCodeAt(i + 4) === 59) {
          c = 34; // &quot;
          i += 5;
        } else if (c1 === 97 && c2 === 112 && c3 === 111 && text.charCodeAt(i + 3) === 115 && text.charCodeAt(i + 4) === 59) {
          c = 39; // &apos;
          i += 5;
        } else {
          return this.tcAttrSlow(s, e);
        }
        if (i > e) return this.tcAttrSlow(s, e);
      } else if (c === 9 || c === 10 || c === 13) {
        if (c === 13 && i < e && text.charCodeAt(i) === 10) i++;
        c = 32;
      }
      buf[n++] = c;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    this.valueHash = h;
    this.valuePlain = false;
    return stringOf(buf, this.bufBytes, n);
  }

  private tcAttrSlow(s: number, e: number): string {
    const v = this.decodeAt(this.text.slice(s, e), this.caseAt, true);
    this.valueHash = hashString(v, FNV_OFFSET);
    this.valuePlain = false;
    return v;
  }

  /** True when the raw testcase attribute in `slot` is exactly `value`. */
  private tcIs(slot: number, value: string): boolean {
    const s = this.tc[slot]!;
    return s !== -1 && this.tc[slot + 1]! - s === value.length && this.text.startsWith(value, s);
  }

  /**
   * `time` (seconds) in milliseconds. Plain decimals (`0.013`, at most 15 digits) are read in
   * place: the digits as an integer, times or divided by an exact power of ten, is exact or one
   * correctly rounded operation, so `1.001` is 1001 ms exactly (Number("1.001") * 1000 is
   * 1000.9999999999999), and whole milliseconds stay small integers, which V8 keeps unboxed.
   * Anything else (exponents, `1,234.5`) goes through Number.
   */
  private milliseconds(): number {
    const s = this.tc[TC_TIME]!;
    const e = this.tc[TC_TIME + 1]!;
    const text = this.text;
    let m = 0;
    let digits = 0;
    let frac = -1;
    let i = s;
    for (; i < e; i++) {
      const c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        digits++;
        if (frac >= 0) frac++;
      } else if (c === 46 && frac < 0) {
        frac = 0;
      } else {
        break;
      }
    }
    if (i === e && digits > 0 && digits <= 15) {
      const shift = 3 - Math.max(frac, 0);
      return shift >= 0 ? m * POW10[shift]! : m / POW10[-shift]!;
    }
    const raw = text.slice(s, e);
    return Number(raw.includes(',') ? raw.replace(/,/g, '') : raw) * 1000;
  }

  /** decode() with the error placed in the file (no closure per call: this runs per attribute). */
  private decodeAt(raw: string, at: number, attribute: boolean): string {
    try {
      return decode(raw, attribute);
    } catch (e) {
      this.fail(at, (e as Error).message);
    }
  }

  /** Start tag of a wanted element other than <testcase> (rare: suites, properties, outcomes). */
  private open(name: string, attrs: Attrs, at: number, depth: number, selfClosing: boolean): void {
    if (name === 'testsuites' || name === 'testsuite') this.declare(name, attrs, at);
    switch (name) {
      case 'testsuites':
        if (depth === 0) {
          const n = this.attr(attrs, 'name', at);
          if (n !== undefined) this.hints.rootName = n;
          if (attrs['disabled'] !== undefined) this.hints.hasDisabled = true;
        }
        return;
      case 'testsuite': {
        const n = detach(this.attr(attrs, 'name', at) ?? '');
        this.suites.push(n);
        if (n === 'pytest') this.hints.pytestSuite = true;
        if (depth === 0) this.hints.rootName ??= n;
        if (attrs['assertions'] !== undefined) this.hints.hasAssertions = true;
        if (attrs['disabled'] !== undefined) this.hints.hasDisabled = true;
        if (attrs['hostname'] !== undefined) this.hints.hasHostname = true;
        const schema = attrs['xsi:noNamespaceSchemaLocation'] ?? attrs['xmlns'];
        // Surefire 3 names its XSD and writes its own version on the suite (surefire-test-report-3.0.xsd).
        if (schema?.includes('surefire') || (depth === 0 && attrs['version'] !== undefined)) this.hints.surefireVersion = this.attr(attrs, 'version', at) ?? '';
        return;
      }
      case 'property': {
        const n = this.attr(attrs, 'name', at);
        if (n !== undefined && !this.hints.properties.has(n)) this.hints.properties.set(n, this.attr(attrs, 'value', at) ?? '');
        return;
      }
      default: {
        // an outcome element: failure, error, skipped, flaky*, rerun*
        if (this.caseDepth === -1) return; // outside a testcase (some tools write suite-level <error>): not a test
        const o: Outcome = { kind: name, attrs, body: '', at };
        if (name === 'failure') this.failure ??= o;
        else if (name === 'error') this.error ??= o;
        else if (name === 'skipped') this.skipped ??= o;
        else if (name === 'flakyFailure' || name === 'flakyError') this.flaky ??= o;
        else this.rerun = true;
        if (!selfClosing && (o === this.failure || o === this.error || o === this.skipped)) {
          this.capture = o;
          this.captureDepth = depth;
        }
      }
    }
  }

  /** Note a suite's own failures + errors count, to be checked against the tests read in it when it closes. */
  private declare(name: string, attrs: Attrs, at: number): void {
    let count = -1;
    for (const key of ['failures', 'errors']) {
      const raw = attrs[key];
      if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) continue;
      count = Math.max(count, 0) + Number(raw);
    }
    const label = this.attr(attrs, 'name', at);
    this.declared.push({ count, before: this.failing, where: this.where(at), name: label === undefined ? `<${name}>` : `<${name} name=${quote(label)}>` });
  }

  /**
   * A suite closes: fewer failing tests read in it than it declares is a warning (an outcome
   * element gatecheck did not recognise must not read as a pass). More read than declared is
   * not: tools count a package or setup failure differently (gotestsum writes it as a failing
   * TestMain in a suite that declares 0).
   */
  private checkDeclared(): void {
    const d = this.declared.pop();
    if (d === undefined || d.count === -1) return;
    const read = this.failing - d.before;
    if (read < d.count) {
      this.warnings.push(`${d.where}: ${d.name} declares ${d.count} failure(s) and error(s), but ${read} failing test case(s) were read in it`);
    }
  }

  private close(name: string, depth: number): void {
    if (this.capture && depth === this.captureDepth) {
      this.capture = undefined;
      this.captureDepth = -1;
    }
    if (name === 'testsuites' || name === 'testsuite') this.checkDeclared();
    if (depth === this.caseDepth && name === 'testcase') this.finish();
    else if (name === 'testsuite') this.suites.pop();
  }

  /** Turn the open testcase into a TestCase and merge repeats of the same test. */
  private finish(): void {
    this.caseDepth = -1;
    const tc = this.tc;
    const name = this.tcAttr(TC_NAME) ?? '';
    const nameHash = tc[TC_NAME] === -1 ? FNV_OFFSET : this.valueHash;
    // Consecutive testcases share their classname: when the raw value is the last one's and
    // that was plain (nothing decoded, so raw and string are the same text), reuse its string
    // and hash without reading the value again.
    let classname: string | undefined;
    let classHash = FNV_OFFSET;
    const cs = tc[TC_CLASS]!;
    const last = this.lastClassname;
    if (cs !== -1 && last !== undefined && tc[TC_CLASS + 1]! - cs === last.length && this.text.startsWith(last, cs)) {
      classname = last;
      classHash = this.lastClassHash;
    } else {
      classname = this.tcAttr(TC_CLASS);
      if (classname !== undefined) {
        classHash = this.valueHash;
        this.lastClassname = this.valuePlain ? classname : undefined;
        this.lastClassHash = classHash;
      }
    }
    let status: TestStatus = 'passed';
    let outcome: Outcome | undefined;
    if (this.failure) {
      status = 'failed';
      outcome = this.failure;
    } else if (this.error) {
      status = 'errored';
      outcome = this.error;
    } else if (this.rerun) {
      status = 'failed'; // rerun elements without a final failure: fail closed
    } else if (this.skipped) {
      status = 'skipped';
      outcome = this.skipped;
    } else if (this.tcIs(TC_STATUS, 'notrun') || this.tcIs(TC_RESULT, 'skipped') || this.tcIs(TC_RESULT, 'suppressed')) {
      // googletest: status="notrun" (disabled) or result="skipped"/"suppressed"
      status = 'skipped';
    }
    if (isFailing(status)) this.failing++;
    const suite = this.suites[this.suites.length - 1] ?? '';
    let durationMs = NaN;
    if (tc[TC_TIME] !== -1) durationMs = this.milliseconds();
    const cls = classname;
    const hasClass = cls !== undefined && cls !== '';
    const hasTime = Number.isFinite(durationMs);
    // one literal for the common shape (the key order is that of the incremental path)
    let test: TestCase;
    if (hasClass && hasTime) {
      test = { suite, name, status, classname: cls, durationMs };
    } else {
      test = { suite, name, status };
      if (hasClass) test.classname = cls;
      if (hasTime) test.durationMs = durationMs;
    }
    if (outcome !== undefined || this.flaky !== undefined || tc[TC_FILE] !== -1) this.details(test, outcome);
    if (suite !== this.lastSuite) {
      this.lastSuite = suite;
      this.lastSuiteHash = hashString(suite, FNV_OFFSET);
    }
    const n = this.count++;
    if (n === this.hashes.length) {
      const wider = new Int32Array(2 * n);
      wider.set(this.hashes);
      this.hashes = wider;
    }
    this.hashes[n] = Math.imul(Math.imul(this.lastSuiteHash ^ (hasClass ? classHash : FNV_OFFSET), FNV_PRIME) ^ nameHash, FNV_PRIME);
    this.cases[n] = test;
  }

  /** Message, flaky mark and file/line: only for the few testcases that have an outcome element or a file. */
  private details(test: TestCase, outcome: Outcome | undefined): void {
    const status = test.status;
    const flaky = this.flaky;
    if (outcome) {
      const m = this.messageOf(outcome);
      if (m !== undefined) test.message = m;
    } else if (status === 'passed' && flaky) {
      const m = this.messageOf(flaky);
      if (m !== undefined) test.message = m;
    }
    if (status === 'passed' && flaky) test.flaky = true;
    // Where it failed (the trace) beats where the test is declared (file/line attributes).
    const loc = outcome && isFailing(status) ? locationFromTrace(outcome.body) : undefined;
    const file = this.tcAttr(TC_FILE);
    if (loc) {
      test.file = detach(normalisePath(loc.file, this.options));
      test.line = loc.line;
    } else if (file !== undefined && file !== '') {
      // consecutive testcases of one file repeat its path: normalise it once
      if (file !== this.lastFile) {
        this.lastFile = file;
        this.lastFilePath = detach(normalisePath(file, this.options));
      }
      test.file = this.lastFilePath;
      const ls = this.tc[TC_LINE]!;
      // pytest writes the 0-based line of the test function (item.location); others are 1-based.
      const n = (ls === -1 ? NaN : Number(this.text.slice(ls, this.tc[TC_LINE + 1]))) + (this.hints.pytestSuite ? 1 : 0);
      if (Number.isInteger(n) && n > 0) test.line = n;
    }
  }

  private messageOf(o: Outcome): string | undefined {
    const m = this.attr(o.attrs, 'message', o.at)?.trim();
    const trimmed = trimMessage(m !== undefined && m !== '' ? m : o.body.trim());
    return trimmed === undefined ? undefined : detach(trimmed);
  }

  /**
   * The same test (suite + classname + name) written more than once is one test, at the place
   * of its first run: the last run that was not skipped decides; if an earlier run failed and
   * a later one passed, it is flaky (and keeps the failure's message and place when it has none).
   * Only keys whose hash occurs twice are looked at, so a report without repeats costs one
   * sort of its hashes.
   */
  private mergeRepeats(): void {
    const n = this.count;
    const hashes = this.hashes;
    // Most reports repeat nothing: sorting the hashes alone says so.
    const sorted = radixSort(hashes.slice(0, n), undefined);
    let any = false;
    for (let i = 1; i < n && !any; i++) any = sorted[i] === sorted[i - 1];
    if (!any) return;
    // Else sort the test indexes by hash (stably, so each run of equal hashes is in file order).
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const keys = radixSort(hashes.slice(0, n), order);
    const cases = this.cases;
    const drop = new Uint8Array(n);
    for (let start = 0; start < n; ) {
      let end = start + 1;
      while (end < n && keys[end] === keys[start]) end++;
      for (let a = start; a < end - 1; a++) {
        const first = order[a]!;
        if (drop[first]) continue;
        const key = cases[first]!;
        let merged = key;
        let failed = isFailing(key.status);
        // Equal hashes may still be different tests: only the same key is a run of this one.
        for (let b = a + 1; b < end; b++) {
          const i = order[b]!;
          const t = cases[i]!;
          if (drop[i] || t.name !== key.name || t.suite !== key.suite || (t.classname ?? '') !== (key.classname ?? '')) continue;
          drop[i] = 1;
          if (isFailing(t.status)) failed = true;
          if (t.status === 'skipped') continue; // a skipped repeat never overrides a run
          if (t.status === 'passed' && failed) {
            t.flaky = true;
            const msg = t.message ?? merged.message;
            if (msg !== undefined) t.message = msg;
            if (t.file === undefined && merged.file !== undefined) {
              t.file = merged.file;
              if (merged.line !== undefined) t.line = merged.line;
            }
          }
          merged = t;
        }
        cases[first] = merged;
      }
      start = end;
    }
    let w = 0;
    for (let i = 0; i < n; i++) if (!drop[i]) cases[w++] = cases[i]!;
    this.count = w;
  }
}

/**
 * Sorts `keys` (as unsigned 32-bit values) and returns them; `carry`, when given, is permuted
 * alike. A stable LSD radix sort, three passes of 11 bits, reading and writing in order: a hash
 * table of the same keys misses the cache on every insert.
 */
export function radixSort(keys: Int32Array, carry: Int32Array | undefined): Int32Array {
  const n = keys.length;
  let src: Int32Array = keys;
  let dst: Int32Array = new Int32Array(n);
  let csrc: Int32Array | undefined = carry;
  let cdst: Int32Array | undefined = carry ? new Int32Array(n) : undefined;
  const count = new Int32Array(2048);
  for (let shift = 0; shift < 32; shift += 11) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(src[i]! >>> shift) & 2047]!++;
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const v = src[i]!;
      const to = count[(v >>> shift) & 2047]!++;
      dst[to] = v;
      if (csrc) cdst![to] = csrc[i]!;
    }
    [src, dst] = [dst, src];
    [csrc, cdst] = [cdst, csrc];
  }
  if (carry && csrc !== carry) carry.set(csrc!);
  return src;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over a string's UTF-16 code units, continuing from `h`. */
function hashString(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Predefined entities (§4.6) and character references (§4.1); attribute values are normalised per §3.3.3. */
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#x([0-9a-fA-F]{1,6})|#([0-9]{1,7}));/g;
const BAD_AMP = /&(?!(?:lt|gt|amp|quot|apos|#x[0-9a-fA-F]{1,6}|#[0-9]{1,7});)/;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(raw: string, attribute: boolean): string {
  let s = raw;
  if (attribute && /[\t\n\r]/.test(s)) s = s.replace(/\r\n|[\t\n\r]/g, ' ');
  if (!s.includes('&')) return s;
  // Two native regex passes beat a hand loop here: report names are often full of entities.
  const bad = BAD_AMP.exec(s);
  if (bad) throw new Error(`unknown or malformed entity reference "${s.slice(bad.index, bad.index + 12)}"`);
  return s.replace(ENTITY, (_m, named: string | undefined, hex: string | undefined, dec: string | undefined) => {
    if (named !== undefined) return NAMED[named]!;
    const ch = safeCodePoint(hex !== undefined ? parseInt(hex, 16) : parseInt(dec!, 10));
    if (ch === undefined) throw new Error(`character reference "&#${hex !== undefined ? `x${hex}` : dec};" is not a character`);
    return ch;
  });
}

/**
 * The string of buf[0, n): the buffer's bytes (`bytes`, the same memory) read as UTF-16LE by
 * Buffer#toString, one native call that copies code units as they are (a lone surrogate stays
 * itself) and makes a one-byte string when it can. TextDecoder cost a third more per call here
 * (its JS wrapper, a subarray per call) and turned lone surrogates into U+FFFD;
 * String.fromCharCode.apply more still. Typed arrays use the platform's byte order, so this
 * holds on little-endian machines (all that Node ships builds for but s390x); elsewhere the
 * code units are read one by one.
 */
function stringOf(buf: Uint16Array, bytes: Buffer, n: number): string {
  if (LITTLE_ENDIAN) return bytes.toString('utf16le', 0, 2 * n);
  let s = '';
  for (let i = 0; i < n; i += 8192) s += String.fromCharCode.apply(null, buf.subarray(i, Math.min(n, i + 8192)) as unknown as number[]);
  return s;
}

function bytesOf(buf: Uint16Array): Buffer {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function safeCodePoint(n: number): string | undefined {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

function trimMessage(m: string): string | undefined {
  if (m === '') return undefined;
  let lines = m.split(/\r?\n/);
  let cut = false;
  if (lines.length > MESSAGE_LINES) {
    lines = lines.slice(0, MESSAGE_LINES);
    cut = true;
  }
  let s = lines.map((l) => l.trimEnd()).join('\n');
  if (s.length > MESSAGE_CHARS) {
    s = s.slice(0, MESSAGE_CHARS);
    cut = true;
  }
  return cut ? `${s.trimEnd()} …` : s;
}

/**
 * A failing test's own file and line, from the stack trace the dialect writes (only for
 * failing tests, so it costs nothing on the passing bulk):
 * pytest's `path.py:25: AssertionError` (last such line), a Node/jest/vitest frame
 * `(path/x.test.js:10:21)` or vitest's `❯ x.test.js:8:20` outside node_modules, Go's `x_test.go:6: message`.
 */
export function locationFromTrace(body: string): { file: string; line: number } | undefined {
  if (body === '') return undefined;
  let m: RegExpExecArray | null;
  const py = /^\s*([^\s:]+\.py):(\d+): /gm;
  let last: RegExpExecArray | undefined;
  while ((m = py.exec(body)) !== null) last = m;
  if (last) return { file: last[1]!, line: Number(last[2]) };
  const node = /(?:\(|at |\u276F )((?:[A-Za-z]:)?[^\s():]+\.(?:[cm]?[jt]sx?|vue|svelte)):(\d+):\d+\)?/g;
  while ((m = node.exec(body)) !== null) {
    if (!/node_modules|^node:|^internal\//.test(m[1]!)) return { file: m[1]!, line: Number(m[2]) };
  }
  m = /^\s*([^\s:]+_test\.go):(\d+): /m.exec(body);
  if (m) return { file: m[1]!, line: Number(m[2]) };
  return undefined;
}

function toolOf(h: ToolHints): Tool {
  if (h.surefireVersion !== undefined) return h.surefireVersion ? { name: 'maven-surefire', version: h.surefireVersion } : { name: 'maven-surefire' };
  const sv = h.properties.get('surefire.version');
  if (sv !== undefined) return { name: 'maven-surefire', version: sv };
  const xunit = /^xUnit\.net\s+(\S+)/.exec(h.properties.get('nunit-version') ?? '');
  if (xunit) return { name: 'xunit.net', version: xunit[1]! };
  if (h.rootName === 'jest tests') return { name: 'jest-junit' };
  if (h.rootName === 'vitest tests') return { name: 'vitest' };
  if (h.rootName === 'Mocha Tests') return { name: 'mocha-junit-reporter' };
  if (h.pytestSuite) return { name: 'pytest' };
  if (h.properties.has('go.version')) return { name: h.hasHostname ? 'go-junit-report' : 'gotestsum' };
  if (h.hasAssertions) return { name: 'phpunit' };
  if (h.hasDisabled) return { name: 'googletest' };
  return { name: 'junit' };
}

/** The root element's name, skipping the XML declaration, comments, a DOCTYPE and whitespace. */
function rootElement(head: string): string | undefined {
  let s = head;
  for (;;) {
    s = s.trimStart();
    if (s.startsWith('<?')) {
      const e = s.indexOf('?>');
      if (e === -1) return undefined;
      s = s.slice(e + 2);
    } else if (s.startsWith('<!--')) {
      const e = s.indexOf('-->');
      if (e === -1) return undefined;
      s = s.slice(e + 3);
    } else if (s.startsWith('<!DOCTYPE')) {
      const e = s.indexOf('>');
      if (e === -1) return undefined;
      s = s.slice(e + 1);
    } else {
      return /^<([A-Za-z_][\w.:-]*)/.exec(s)?.[1];
    }
  }
}

/** Parse JUnit XML text into test cases (exported for the benchmark and tests). */
export function parseJunitText(text: string, path: string, options: ParseOptions = {}): { cases: TestCase[]; tool: Tool } {
  return parseJunitPieces([text], text.length, path, options);
}

/** {@link parseJunitText} for a file given in pieces (see src/cli/read.ts). */
function parseJunitPieces(pieces: Iterable<string>, size: number, path: string, options: ParseOptions): { cases: TestCase[]; tool: Tool; warnings: string[] } {
  const scan = new Scan(path, options, size);
  try {
    for (const piece of pieces) scan.write(piece);
    scan.end();
  } catch (e) {
    if (e instanceof GatecheckError) throw e;
    throw parseError(path, undefined, `could not read JUnit XML: ${(e as Error).message}`, e);
  }
  return { cases: scan.cases, tool: toolOf(scan.hints), warnings: scan.warnings };
}

export const junitFormat = {
  id: 'junit',
  kind: 'tests',
  description: 'JUnit XML (Surefire, Gradle, pytest, jest-junit, vitest, mocha, go-junit-report, gotestsum, PHPUnit, googletest, Bazel, xUnit.net)',
  detect(f: SourceFile): boolean {
    if (f.looksLikeJson || !f.head.startsWith('<')) return false;
    const root = rootElement(f.head);
    const local = root === undefined ? undefined : localName(root);
    return local === 'testsuites' || local === 'testsuite';
  },
} satisfies ParserFormat;

export const junit = /* @__PURE__ */ defineParser(junitFormat, {
  parse(f: SourceFile, options: ParseOptions): Artifact {
    const { cases, tool, warnings } = parseJunitPieces(f.chunks(), f.size, f.path, options);
    const a: Artifact = { format: 'junit', tool, source: f.path, payload: { kind: 'tests', cases } };
    if (warnings.length > 0) a.warnings = warnings;
    return a;
  },
});
