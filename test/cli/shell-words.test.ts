import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellWords } from '../../src/cli/shell-words.js';

// Expected words are what a POSIX shell gives for the same text (checked with `sh -c 'printf
// "[%s]" "$@"' sh TEXT` where sh exists; the table stands on its own where it does not).
const CASES: Array<[string, string[]]> = [
  ['', []],
  ['   \n\t ', []],
  ['--base origin/main', ['--base', 'origin/main']],
  ["--input integration='it/*.xml'", ['--input', 'integration=it/*.xml']],
  ['--input "staging=st/*.xml" -q', ['--input', 'staging=st/*.xml', '-q']],
  ["'a b'  \"c d\"", ['a b', 'c d']],
  ["''", ['']],
  ['""', ['']],
  ['a""b', ['ab']],
  ["'it'\\''s' ok", ["it's", 'ok']],
  ['"a \\" b \\\\ c \\$x \\n"', ['a " b \\ c $x \\n']],
  ["'a \\\" b'", ['a \\" b']],
  ['a\\ b c', ['a b', 'c']],
  ['one\\\ntwo', ['onetwo']],
  ['"one\\\ntwo"', ['onetwo']],
  ['$HOME *.xml a|b >out', ['$HOME', '*.xml', 'a|b', '>out']],
  ['--reporter\nsarif=out.sarif\r\n', ['--reporter', 'sarif=out.sarif']],
];

function viaSh(text: string): string[] | undefined {
  try {
    // `set -f`: no globbing; the text is passed as data and split by the shell's own parser.
    const out = execFileSync('sh', ['-c', `set -f; eval "set -- $1"; for w in "$@"; do printf '%s\\0' "$w"; done`, 'sh', text], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    return out === '' ? [] : out.slice(0, -1).split('\0');
  } catch {
    return undefined;
  }
}

describe('shellWords', () => {
  it.each(CASES)('%j', (text, words) => {
    expect(shellWords(text)).toEqual(words);
  });

  it('agrees with sh on every case without expansions, where sh exists', () => {
    for (const [text, words] of CASES) {
      // sh expands $ and reads | > as operators (shellWords keeps them); a CR is whitespace
      // here (a workflow file saved with CRLF) but a plain character to sh.
      if (/[$|>\r]/.test(text)) continue;
      const sh = viaSh(text);
      if (sh === undefined) continue;
      expect([text, sh]).toEqual([text, words]);
    }
  });

  it('fails with E_USAGE on an unterminated quote or a trailing backslash', () => {
    for (const t of ["--input 'it/*.xml", '--base "main', 'trailing\\']) {
      expect(() => shellWords(t)).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    }
  });
});
