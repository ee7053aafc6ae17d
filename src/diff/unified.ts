/**
 * Unified diff (git diff / diff -u) → added lines per file, in the new file's numbering.
 * Format: GNU diffutils "Detailed Unified" and git-diff(1) "combined diff format" notes.
 * Handles new, deleted and renamed files (`+++ /dev/null` adds nothing; a rename's `+++` names
 * the new path), CRLF, binary patches (no hunks: nothing added), `--unified=0`, paths with
 * spaces (git ends such names with a TAB) and C-quoted paths (core.quotePath). A diff that
 * ends inside a hunk is E_PARSE, not a smaller change.
 */
import { GatecheckError } from '../errors.js';

export interface ParsedDiff {
  /** Repository-relative path (new side) → added line numbers. Deleted files are absent. */
  added: Map<string, Set<number>>;
  /** Files the diff touches on the new side, including ones with no added lines. */
  files: string[];
  /** Where the diff came from (the `source` argument), for messages: so a ParsedDiff is the `diff` evaluate() takes. */
  source: string;
}

export function parseUnifiedDiff(text: string, source = 'diff'): ParsedDiff {
  const added = new Map<string, Set<number>>();
  const files: string[] = [];
  const lines = text.split('\n');
  // A final newline is a terminator, not an empty context line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let current: Set<number> | undefined;
  let newLine = 0;
  let remainingNew = 0;
  let remainingOld = 0;
  let sawHeader = false;
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i]!;
    if (l.endsWith('\r')) l = l.slice(0, -1);
    if (remainingNew > 0 || remainingOld > 0) {
      const c = l[0];
      if (c === '+') {
        current?.add(newLine);
        newLine++;
        remainingNew--;
        continue;
      }
      if (c === '-') {
        remainingOld--;
        continue;
      }
      if (c === ' ' || l === '') {
        newLine++;
        remainingNew--;
        remainingOld--;
        continue;
      }
      if (c === '\\') continue; // "\ No newline at end of file"
      // Anything else ends the hunk early (malformed counts); fall through to header handling.
      remainingNew = 0;
      remainingOld = 0;
    }
    if (l.startsWith('\\')) continue;
    if (l.startsWith('diff --git ')) {
      sawHeader = true;
      current = undefined;
      continue;
    }
    if (l.startsWith('+++ ')) {
      sawHeader = true;
      const path = diffPath(l.slice(4));
      if (path === undefined) {
        current = undefined; // deleted file (+++ /dev/null)
      } else {
        current = added.get(path) ?? new Set<number>();
        added.set(path, current);
        if (!files.includes(path)) files.push(path);
      }
      continue;
    }
    const h = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(l);
    if (h) {
      sawHeader = true;
      remainingOld = h[2] === undefined ? 1 : Number(h[2]);
      newLine = Number(h[3]);
      remainingNew = h[4] === undefined ? 1 : Number(h[4]);
      continue;
    }
  }
  if (remainingNew > 0) {
    throw new GatecheckError('E_PARSE', `the diff ends inside a hunk (${remainingNew} new-side line(s) missing): truncated diff?`, {
      file: source,
      where: `line ${lines.length}`,
    });
  }
  if (!sawHeader && text.trim() !== '') {
    throw new GatecheckError('E_PARSE', 'not a unified diff (no "diff --git", "+++" or "@@" lines)', { file: source });
  }
  for (const [p, s] of added) if (s.size === 0) added.delete(p);
  return { added, files, source };
}

/** `b/src/x.ts`, `"b/with space.ts"`, `/dev/null`, or `name<TAB>timestamp` → repository path. */
function diffPath(raw: string): string | undefined {
  let p = raw.replace(/\t.*$/, '');
  if (p.startsWith('"') && p.endsWith('"')) p = unquote(p.slice(1, -1));
  p = p.trimEnd();
  if (p === '/dev/null') return undefined;
  if (/^[ab]\//.test(p)) p = p.slice(2);
  return p.replace(/\\/g, '/');
}

/** git's C-style quoting of unusual paths (\t, \", \\ and octal bytes). */
function unquote(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = s[++i];
    if (n === undefined) break;
    if (/[0-7]/.test(n)) {
      const oct = s.slice(i, i + 3);
      bytes.push(parseInt(oct, 8));
      i += 2;
    } else {
      bytes.push(({ n: 10, t: 9, r: 13, '"': 34, '\\': 92 } as Record<string, number>)[n] ?? n.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
