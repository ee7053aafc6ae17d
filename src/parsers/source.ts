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
  /** True when the text (after whitespace) starts like JSON (`{` or `[`, or `null`). */
  readonly looksLikeJson: boolean;
  /** The parsed JSON document; throws E_PARSE with line and column when it is not JSON. Memoised. */
  json(): unknown;
  /** Like json() but returns undefined instead of throwing. */
  tryJson(): unknown;
  /** The text in pieces, in order (one piece, `text`, unless the source was made from a stream). */
  chunks(): Iterable<string>;
}

const HEAD_BYTES = 4096;

export function createSource(path: string, text: string): SourceFile {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return sourceOf(path, text, () => text, () => [text]);
}

/**
 * A source read in pieces: `first` is the file's first piece (it must hold more than the
 * head), `rest()` yields the remaining pieces afresh each time it is called. `text` joins them
 * on first use; `chunks()` streams them without ever holding the whole text.
 */
export function createStreamedSource(path: string, first: string, rest: () => Iterable<string>): SourceFile {
  if (first.charCodeAt(0) === 0xfeff) first = first.slice(1);
  let text: string | undefined;
  const whole = () => (text ??= first + [...rest()].join(''));
  return sourceOf(path, first, whole, () => (text !== undefined ? [text] : piecesOf(first, rest)));
}

function* piecesOf(first: string, rest: () => Iterable<string>): Iterable<string> {
  yield first;
  yield* rest();
}

function sourceOf(path: string, start: string, whole: () => string, chunks: () => Iterable<string>): SourceFile {
  const head = start.slice(0, HEAD_BYTES + 64).trimStart().slice(0, HEAD_BYTES);
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
  };
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
  }
  const reason = e.message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
  return parseError(path, where, `not valid JSON: ${reason}`, e);
}

export function lineColumn(text: string, offset: number): string {
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
