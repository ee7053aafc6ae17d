import { parseError } from '../errors.js';

/**
 * One input file as the parsers see it: its text (BOM removed) and a memoised JSON parse,
 * so detection and parsing read the bytes once. Parsers never touch the file system.
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
}

const HEAD_BYTES = 4096;

export function createSource(path: string, text: string): SourceFile {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const head = text.slice(0, HEAD_BYTES + 64).trimStart().slice(0, HEAD_BYTES);
  const looksLikeJson = head.startsWith('{') || head.startsWith('[') || head.startsWith('null');
  let parsed: { ok: true; value: unknown } | { ok: false; error: Error } | undefined;
  const parse = () => {
    if (!parsed) {
      try {
        parsed = { ok: true, value: JSON.parse(text) };
      } catch (e) {
        parsed = { ok: false, error: e as Error };
      }
    }
    return parsed;
  };
  return {
    path,
    text,
    head,
    looksLikeJson,
    json() {
      const r = parse();
      if (r.ok) return r.value;
      throw jsonSyntaxError(path, text, r.error);
    },
    tryJson() {
      const r = parse();
      return r.ok ? r.value : undefined;
    },
  };
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
