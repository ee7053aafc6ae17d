import { parseError } from '../errors.js';

/**
 * One input file as the parsers see it: its text (BOM removed) and a memoised JSON parse,
 * so detection and parsing read the bytes once. Parsers never touch the file system.
 *
 * The streaming parsers (the large XML and line formats) read `chunks()` instead of `text`:
 * for a file the CLI reads (see {@link createStreamedSource}) that is the file in 64 KiB pieces
 * and the whole text is never made, unless something asks for `text` or `json()`.
 */
export interface SourceFile {
  /** The path as given, used in messages and as `Artifact.source`. */
  readonly path: string;
  readonly text: string;
  /** The first 4 KiB, with leading whitespace removed: what cheap `detect`s look at. */
  readonly head: string;
  /**
   * The last 4 KiB, with trailing whitespace removed: for the few formats whose telling keys
   * a producer may write last (gosec's SARIF puts `runs` first and `$schema`/`version` at the
   * end). Read on first use; for a large file that is one read of its last bytes, not of the whole.
   */
  readonly tail: string;
  /** True when the text (after whitespace) starts like JSON (`{` or `[`, or `null`). */
  readonly looksLikeJson: boolean;
  /** The parsed JSON document; throws E_PARSE with line and column when it is not JSON. Memoised. */
  json(): unknown;
  /** Like json() but returns undefined instead of throwing. */
  tryJson(): unknown;
  /** The text in pieces, in order (one piece, `text`, unless the source was made from a stream). */
  chunks(): Iterable<string>;
  /** The file's size (characters of `text`, or bytes of a streamed file): for sizing tables up front. */
  readonly size: number;
}

/** Characters in `SourceFile.head` and `SourceFile.tail`. */
export const HEAD_CHARS = 4096;

export function createSource(path: string, text: string): SourceFile {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return sourceOf(path, text, () => text, () => [text], text.length, () => text);
}

/**
 * A source read in pieces: `first` is the file's first piece (it must hold more than the
 * head), `rest()` yields the remaining pieces afresh each time it is called. `text` is the
 * whole file, read on first use (by `readAll` when given, else by joining the pieces);
 * `chunks()` streams the pieces without ever holding the whole text.
 */
export function createStreamedSource(
  path: string,
  first: string,
  rest: () => Iterable<string>,
  readAll?: () => string,
  size = 0,
  readEnd?: () => string,
): SourceFile {
  const bom = first.charCodeAt(0) === 0xfeff;
  if (bom) first = first.slice(1);
  let text: string | undefined;
  // `readAll` reads the file whole in one go: a joined list of pieces peaks higher (measured on a
  // 21 MB ESLint JSON: 137 MB against 94 MB).
  const whole = () => (text ??= readAll ? (bom ? readAll().slice(1) : readAll()) : first + [...rest()].join(''));
  // The end of the file: its last bytes when the reader can fetch them, else (a test's source) the whole text.
  const end = () => (text !== undefined || !readEnd ? whole() : readEnd());
  return sourceOf(path, first, whole, () => (text !== undefined ? [text] : piecesOf(first, rest)), size, end);
}

function* piecesOf(first: string, rest: () => Iterable<string>): Iterable<string> {
  yield first;
  yield* rest();
}

/**
 * `end()` returns a text that ends where the file ends (the whole text, or only its last bytes);
 * the tail is its last HEAD_CHARS characters once trailing whitespace is gone.
 */
function sourceOf(path: string, start: string, whole: () => string, chunks: () => Iterable<string>, size: number, end: () => string): SourceFile {
  const head = start.slice(0, HEAD_CHARS + 64).trimStart().slice(0, HEAD_CHARS);
  let tail: string | undefined;
  const looksLikeJson = head.startsWith('{') || head.startsWith('[') || head.startsWith('null');
  let parsed: { ok: true; value: unknown } | { ok: false; error: Error } | undefined;
  const parse = () => {
    if (!parsed) {
      try {
        parsed = { ok: true, value: JSON.parse(whole()) };
      } catch (e) {
        parsed = { ok: false, error: e as Error };
      }
    }
    return parsed;
  };
  return {
    path,
    get text() {
      return whole();
    },
    head,
    get tail() {
      return (tail ??= tailOf(end()));
    },
    looksLikeJson,
    json() {
      const r = parse();
      if (r.ok) return r.value;
      throw jsonSyntaxError(path, whole(), r.error);
    },
    tryJson() {
      const r = parse();
      return r.ok ? r.value : undefined;
    },
    chunks,
    size,
  };
}

/** The last HEAD_CHARS characters of `text` before its trailing whitespace, as the head is cut (a copy, not a view into a large text). */
function tailOf(text: string): string {
  return detach(text.slice(-(HEAD_CHARS + 64)).trimEnd().slice(-HEAD_CHARS));
}

/**
 * A copy of `s` that does not keep the text it was cut from alive. V8 makes a substring of 13
 * or more characters a view into its parent, so one file name kept from a 64 KiB piece keeps
 * the whole piece (measured: a 32 MB Cobertura report's 3,886 file names held 31 MB of pieces).
 * Concatenating makes a new string; slicing that copies it flat. Use it for every string a
 * streaming parser keeps in the model.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** True when the file holds only whitespace (the head is empty; only then is the whole text looked at). */
export function isBlank(f: SourceFile): boolean {
  return f.head === '' && f.text.trim() === '';
}

/** Turn V8's "… at position N" into `line L column C`. */
function jsonSyntaxError(path: string, text: string, e: Error) {
  const m = /position (\d+)/.exec(e.message);
  let where: string | undefined;
  if (m) {
    where = lineColumn(text, Number(m[1]));
  } else if (/end of JSON input|Unterminated/i.test(e.message)) {
    where = `${lineColumn(text, text.length)} (end of file)`;
  } else {
    // Newer V8 words many errors without a position ('Unexpected token '}', ..."x": [ },"... is not valid JSON'): find it.
    const at = jsonErrorOffset(text);
    where = at >= text.length ? `${lineColumn(text, text.length)} (end of file)` : lineColumn(text, at);
  }
  // V8 quotes the text around the error, newlines included: one line, bounded
  let reason = e.message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '').replace(/\s+/g, ' ');
  if (reason.length > 200) reason = `${reason.slice(0, 200)}…`;
  return parseError(path, where, `not valid JSON: ${reason}`, e);
}

/**
 * Lines and columns in a text read in pieces (the streaming scanners). Offsets are absolute
 * (from the start of the file); the scanner holds the file from absolute offset `base` on in
 * `text`. Newlines are counted once, as the offsets asked for grow; an offset behind the count
 * (an error message) is worked out backwards within the text still held.
 */
export class TextPosition {
  private line = 1;
  /** Absolute offset up to which newlines are counted, and of the last newline before it. */
  private counted = 0;
  private lastNl = -1;
  /** No newline lies in [counted, clear): a one-line report (pytest writes one) is not searched again per offset. */
  private clear = 0;
  /** The last newline before the text now held (for columns of its first line). */
  private nlBeforeBase = -1;

  /** The line of absolute offset `at` (at >= base). */
  lineAt(text: string, base: number, at: number): number {
    if (at < this.counted) return this.behind(text, base, at);
    if (at > this.clear) {
      let i = text.indexOf('\n', Math.max(this.counted, this.clear) - base);
      for (; i !== -1 && i + base < at; i = text.indexOf('\n', i + 1)) {
        this.line++;
        this.lastNl = i + base;
      }
      this.clear = i === -1 ? base + text.length : i + base;
    }
    this.counted = at;
    return this.line;
  }

  /** The column (1-based) of absolute offset `at` (at >= base). */
  columnAt(text: string, base: number, at: number): number {
    if (at >= this.counted) {
      this.lineAt(text, base, at);
      return at - this.lastNl;
    }
    const nl = text.lastIndexOf('\n', at - base - 1);
    return at - (nl !== -1 ? nl + base : this.nlBeforeBase);
  }

  /** `line L column C` of absolute offset `at` (at >= base). */
  where(text: string, base: number, at: number): string {
    return `line ${this.lineAt(text, base, at)} column ${this.columnAt(text, base, at)}`;
  }

  /** Call before the scanner drops `text[0, keep)` (its base then moves on by `keep`). */
  drop(text: string, base: number, keep: number): void {
    if (this.counted < base + keep) this.lineAt(text, base, base + keep);
    const nl = text.lastIndexOf('\n', keep - 1);
    if (nl !== -1) this.nlBeforeBase = nl + base;
  }

  private behind(text: string, base: number, at: number): number {
    let line = this.line;
    for (let i = text.lastIndexOf('\n', this.counted - base - 1); i !== -1 && i + base >= at; i = text.lastIndexOf('\n', i - 1)) line--;
    return line;
  }
}

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- RFC 8259 §7: control characters must be escaped in strings
const JSON_STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/**
 * The offset of the first JSON syntax error in `text` (RFC 8259), or `text.length` when the
 * text ends too soon. Only called once JSON.parse has failed; iterative (an explicit stack),
 * so nesting depth costs no call stack.
 */
export function jsonErrorOffset(text: string): number {
  const stack: number[] = []; // 123 `{` or 91 `[` of each open container
  let i = 0;
  const ws = () => {
    while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13 || text.charCodeAt(i) === 9)) i++;
  };
  const sticky = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  // expecting a value
  for (;;) {
    ws();
    if (i >= text.length) return i;
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      stack.push(c);
      i++;
      ws();
      if (text.charCodeAt(i) === (c === 123 ? 125 : 93)) {
        stack.pop();
        i++;
      } else {
        if (c === 123) {
          // the first member's name and `:`
          if (!sticky(JSON_STRING)) return i;
          ws();
          if (text.charCodeAt(i) !== 58) return i;
          i++;
        }
        continue;
      }
    } else if (c === 34) {
      if (!sticky(JSON_STRING)) return i;
    } else if (text.startsWith('true', i) || text.startsWith('null', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (!sticky(JSON_NUMBER)) return i;
    // after a value: `,` (then a member or value), a closing bracket, or the end
    for (;;) {
      ws();
      if (stack.length === 0) return i >= text.length ? text.length + 1 : i; // text after the document
      if (i >= text.length) return i;
      const top = stack[stack.length - 1]!;
      const d = text.charCodeAt(i);
      if (d === (top === 123 ? 125 : 93)) {
        stack.pop();
        i++;
        continue;
      }
      if (d !== 44) return i;
      i++;
      if (top === 123) {
        ws();
        if (!sticky(JSON_STRING)) return i;
        ws();
        if (text.charCodeAt(i) !== 58) return i;
        i++;
      }
      break;
    }
  }
}

function lineColumn(text: string, offset: number): string {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return `line ${line} column ${offset - last}`;
}

/** True when the bytes look binary (a NUL in the first 8 KiB), so the CLI can refuse them with a clear message. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}
