/**
 * Split a command-line string into words as a POSIX shell would, for the Action's `args` and
 * `paths` inputs: whitespace separates words; '…' keeps everything literally; "…" keeps
 * everything but lets a backslash escape " \ $ ` (and drops backslash-newline); outside quotes
 * a backslash keeps the next character (backslash-newline joins lines). Adjacent pieces join
 * into one word (`--input integration='it/*.xml'` → `--input`, `integration=it/*.xml`).
 * Nothing is expanded: no variables, no globs (gatecheck expands globs itself), no operators.
 *
 * Why not an npm package: shell-quote's parse expands `$VAR`, turns `*` into glob objects and
 * `|`, `>` into operator objects; string-argv keeps backslashes. What is wanted here is the
 * quoting alone, which is these few lines.
 */
import { GatecheckError } from '../errors.js';

export function shellWords(text: string, what = 'args'): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new GatecheckError('E_USAGE', `${what}: unterminated ' quote at character ${i + 1}`);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= n) throw new GatecheckError('E_USAGE', `${what}: unterminated " quote at character ${i + 1}`);
        const d = text[j]!;
        if (d === '"') break;
        if (d === '\\' && j + 1 < n && '"\\$`\n'.includes(text[j + 1]!)) {
          if (text[j + 1] !== '\n') word += text[j + 1];
          j += 2;
        } else {
          word += d;
          j++;
        }
      }
      inWord = true;
      i = j + 1;
    } else if (c === '\\') {
      if (i + 1 >= n) throw new GatecheckError('E_USAGE', `${what}: a backslash ends the text`);
      if (text[i + 1] !== '\n') {
        word += text[i + 1];
        inWord = true;
      }
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
