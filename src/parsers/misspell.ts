/**
 * Plain misspell output (https://github.com/client9/misspell, default format
 * `file:line:col: "word" is a misspelling of "correction"`). One lint finding per line.
 *
 * Detection claims a file only when every non-empty line has that exact shape, so no other
 * line format is taken; other misspell templates (`-f`) need `--format misspell` and must
 * still be `file:line:col: message` lines.
 */
import { parseError } from '../errors.js';
import type { Finding } from '../model/types.js';
import { everyLineMatches, fingerprinter, pathNormaliser } from './finding-helpers.js';
import type { Parser } from './types.js';

const LINE = /^(.+?):(\d+):(\d+): (.+)$/;
const MISSPELLING = / is a misspelling of /;

export const misspell = {
  id: 'misspell',
  kind: 'findings',
  description: 'misspell output (`file:line:col: "x" is a misspelling of "y"` per line)',
  detect: (f) => everyLineMatches(f, (l) => MISSPELLING.test(l) && LINE.test(l)),
  /** gofmt/misspell print nothing when all is well: with --format, an empty file is zero findings. */
  acceptsEmpty: true,
  parse(f, options) {
    const normalise = pathNormaliser(options);
    const fp = fingerprinter();
    const findings: Finding[] = [];
    f.text.split(/\r?\n/).forEach((raw, i) => {
      if (raw.trim() === '') return;
      const m = LINE.exec(raw.replace(/\r$/, ''));
      if (!m) throw parseError(f.path, `line ${i + 1}`, `expected file:line:col: message, got ${JSON.stringify(raw.slice(0, 80))}`);
      const path = normalise(m[1]!);
      const message = m[4]!;
      findings.push({
        ruleId: 'misspell',
        severity: 'medium',
        category: 'lint',
        message,
        location: { path, line: Number(m[2]), column: Number(m[3]) },
        fingerprint: fp('misspell', path, undefined, undefined, message),
        suppressed: false,
      });
    });
    return { format: 'misspell', tool: { name: 'misspell' }, source: f.path, payload: { kind: 'findings', findings } };
  },
} satisfies Parser;
