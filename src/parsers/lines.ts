/**
 * Line formats read piece by piece (lcov, Go coverage profiles): a large report arrives from
 * the CLI in 64 KiB pieces (src/cli/read.ts), and a line cut by a piece boundary is carried
 * into the next piece, so the whole text is never held.
 */
import type { SourceFile } from './source.js';

/**
 * Calls `line(text, start, end)` for every line of the file in order: `text[start, end)` is the
 * line without its `\n` or `\r\n`. Offsets are valid only during the call. Blank lines included;
 * a last line without a newline counts.
 */
export function eachLine(f: SourceFile, line: (text: string, start: number, end: number) => void): void {
  let carry = '';
  for (const piece of f.chunks()) {
    const text = carry.length === 0 ? piece : carry + piece;
    const limit = text.lastIndexOf('\n') + 1;
    linesOf(text, limit, line);
    carry = limit === text.length ? '' : text.slice(limit);
  }
  if (carry.length > 0) linesOf(carry, carry.length, line);
}

/** The lines of `text[0, limit)`, where `limit` is a line start or the end of the text. */
function linesOf(text: string, limit: number, line: (text: string, start: number, end: number) => void): void {
  for (let pos = 0; pos < limit; ) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1 || nl > limit) nl = limit;
    const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    line(text, pos, end);
    pos = nl + 1;
  }
}
