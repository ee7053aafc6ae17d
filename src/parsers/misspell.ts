/**
 * Plain misspell output (https://github.com/client9/misspell, default format
 * `file:line:col: "word" is a misspelling of "correction"`). One lint finding per line.
 *
 * Detection claims a file only when every non-empty line has that exact shape, so no other
 * line format is taken; other misspell templates (`-f`) need `--format misspell` and must
 * still be `file:line:col: message` lines.
 */
import { everyLineMatches, lineFormatArtifact } from './finding-helpers.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';

const LINE = /^(.+?):(\d+):(\d+): (.+)$/;
const MISSPELLING = / is a misspelling of /;

export const misspellFormat = {
  id: 'misspell',
  kind: 'findings',
  description: 'misspell output (`file:line:col: "x" is a misspelling of "y"` per line)',
  detect: (f) => everyLineMatches(f, (l) => MISSPELLING.test(l) && LINE.test(l)),
  /** gofmt/misspell print nothing when all is well: with --format, an empty file is zero findings. */
  acceptsEmpty: true,
} satisfies ParserFormat;

export const misspell = /* @__PURE__ */ defineParser(misspellFormat, {
  parse: (f, options) =>
    lineFormatArtifact(f, options, 'misspell', 'file:line:col: message', (line, normalise) => {
      const m = LINE.exec(line);
      return m ? { location: { path: normalise(m[1]!), line: Number(m[2]), column: Number(m[3]) }, message: m[4]! } : undefined;
    }),
});
