/**
 * ShellCheck JSON (https://github.com/koalaman/shellcheck/blob/master/shellcheck.1.md, `-f json1`
 * and `-f json`): `-f json1` writes `{"comments": [...]}`, `-f json` a bare array of the same
 * comments `{file, line, endLine, column, endColumn, level, code, message, fix}`. A clean `-f json`
 * run prints `[]`, which several tools print, so it needs `--format shellcheck`; json1's
 * `{"comments": []}` is recognised.
 *
 * Rule `SC<code>`, url the ShellCheck wiki page. Category: lint. Severity from `level`, as
 * ShellCheck's own gcc output ranks them (error, warning, note): error → high, warning → medium,
 * info and style → low. A parse error (SC1xxx at level error) is a finding like any other.
 */
import { parseError } from '../errors.js';
import { categoryForTool } from '../model/category.js';
import type { Finding, Location, Severity } from '../model/types.js';
import { fingerprinter, pathNormaliser, posInt, str } from './finding-helpers.js';
import { expectObject, findingsArtifact, optionalArray } from './shape.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';
import { quote } from '../util/quote.js';

const SEVERITY = new Map<string, Severity>([
  ['error', 'high'],
  ['warning', 'medium'],
  ['info', 'low'],
  ['style', 'low'],
]);

/** The first keys of a comment as ShellCheck writes them. */
const COMMENT = /^\{\s*"file"\s*:\s*"(?:[^"\\]|\\.)*"\s*,\s*"line"\s*:\s*\d+\s*,\s*"endLine"\s*:/;

export const shellcheckFormat = {
  id: 'shellcheck',
  kind: 'findings',
  description: 'ShellCheck JSON (-f json1, and -f json; an empty [] needs --format shellcheck)',
  detect(f) {
    if (!f.looksLikeJson) return false;
    const h = f.head;
    const json1 = /^\{\s*"comments"\s*:\s*\[\s*/.exec(h);
    if (json1) {
      const rest = h.slice(json1[0].length);
      return /^\]\s*\}\s*$/.test(rest) || (COMMENT.test(rest) && /"level"\s*:/.test(h));
    }
    return h.startsWith('[') && COMMENT.test(h.slice(1).trimStart()) && /"level"\s*:/.test(h) && /"code"\s*:\s*\d/.test(h);
  },
} satisfies ParserFormat;

export const shellcheck = /* @__PURE__ */ defineParser(shellcheckFormat, {
  parse(f, options) {
    const root = f.json();
    let comments: readonly unknown[];
    let base = '';
    if (Array.isArray(root)) comments = root;
    else {
      const doc = expectObject(f.path, root, '');
      if (!('comments' in doc)) throw parseError(f.path, 'comments', 'missing: not a ShellCheck json1 report');
      comments = optionalArray(f.path, doc['comments'], 'comments');
      base = 'comments';
    }
    const normalise = pathNormaliser(options);
    const fp = fingerprinter();
    const category = categoryForTool('shellcheck') ?? 'lint';
    const findings = comments.map((v, i): Finding => {
      const where = `${base}[${i}]`;
      const c = expectObject(f.path, v, where);
      const level = str(c['level']);
      const severity = level !== undefined ? SEVERITY.get(level) : undefined;
      if (severity === undefined) throw parseError(f.path, `${where}.level`, `expected error, warning, info or style (got ${quote(c['level'])})`);
      const code = posInt(c['code']);
      if (code === undefined) throw parseError(f.path, `${where}.code`, 'expected a positive number');
      const path = str(c['file']);
      if (path === undefined) throw parseError(f.path, `${where}.file`, 'expected a string');
      const ruleId = `SC${code}`;
      const message = str(c['message']) ?? '';
      const location: Location = { path: normalise(path) };
      const line = posInt(c['line']);
      const end = posInt(c['endLine']);
      const column = posInt(c['column']);
      if (line !== undefined) location.line = line;
      if (line !== undefined && end !== undefined && end > line) location.endLine = end;
      if (column !== undefined) location.column = column;
      return {
        ruleId,
        severity,
        category,
        message,
        location,
        fingerprint: fp(ruleId, location.path, undefined, undefined, message),
        suppressed: false,
        toolSeverity: level!,
        url: `https://www.shellcheck.net/wiki/${ruleId}`,
      };
    });
    return findingsArtifact('shellcheck', f.path, 'shellcheck', undefined, findings);
  },
});
