/**
 * Gitleaks JSON report (`gitleaks detect --report-format json`) — https://github.com/gitleaks/gitleaks
 * (v8: `report/finding.go`, PascalCase keys `RuleID`, `Description`, `File`, `StartLine`,
 * `Secret`, `Match`, `Fingerprint`, …; v7: lowercase keys `rule`, `file`, `lineNumber`,
 * `offender`, `line`, `commit`, `tags` as a comma-separated string).
 *
 * The report is an array of leaks; gitleaks v8 writes `null` when it found none. A bare `null`
 * is also what legacy Trivy wrote, so detection does not claim it: pass `--format gitleaks`.
 *
 * Secret values are never copied into the model: `Secret`, `Match`, `offender` and `line`
 * are read only to fingerprint the leak (a truncated SHA-256 over rule, file and secret), so
 * the same leak is recognised across runs and line shifts without carrying its text.
 * Gitleaks has no severity: every leak is `high` (the documented rule for secrets).
 */
import { parseError } from '../errors.js';
import { fingerprintOf } from '../model/fingerprint.js';
import { normalisePath } from '../model/paths.js';
import type { Artifact, Finding, Location } from '../model/types.js';
import { expectObject, optionalArray, optionalPosition, optionalString, type JsonObject, findingsArtifact } from './shape.js';
import type { SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';

export const gitleaksFormat = {
  id: 'gitleaks',
  kind: 'findings',
  description: 'Gitleaks JSON report (v8 and v7 keys; `null` = no leaks, needs --format gitleaks)',
  detect(f: SourceFile): boolean {
    const h = f.head;
    if (!f.looksLikeJson || !/^\[\s*\{/.test(h)) return false;
    // v8: RuleID with Secret/Match/StartColumn; v7: offender + rule (+ leakURL/commitMessage).
    return (/"RuleID"\s*:/.test(h) && /"(Secret|StartColumn|Entropy)"\s*:/.test(h)) || (/"offender"\s*:/.test(h) && /"rule"\s*:/.test(h) && /"(leakURL|lineNumber|commitMessage)"\s*:/.test(h));
  },
} satisfies ParserFormat;

export const gitleaks = /* @__PURE__ */ defineParser(gitleaksFormat, {
  parse(f: SourceFile, opts: ParseOptions): Artifact {
    const doc = f.json();
    const out: Finding[] = [];
    if (doc !== null) {
      if (!Array.isArray(doc)) throw parseError(f.path, '(root)', `expected an array of leaks or null (got ${doc === null ? 'null' : typeof doc})`);
      const leaks = optionalArray(f.path, doc, '(root)');
      for (let i = 0; i < leaks.length; i++) out.push(leak(f.path, opts, expectObject(f.path, leaks[i], `[${i}]`), `[${i}]`));
    }
    return findingsArtifact('gitleaks', f.path, 'gitleaks', undefined, out);
  },
});

function leak(file: string, opts: ParseOptions, o: JsonObject, path: string): Finding {
  const v8 = 'RuleID' in o || 'File' in o;
  const s = (k: string) => optionalString(file, o[k], `${path}.${k}`);
  const rule = v8 ? s('RuleID') : s('rule');
  if (rule === undefined) throw parseError(file, `${path}.${v8 ? 'RuleID' : 'rule'}`, 'is missing');
  const description = v8 ? s('Description') : undefined;
  const rawPath = v8 ? s('File') : s('file');
  const line = optionalPosition(file, v8 ? o['StartLine'] : o['lineNumber'], `${path}.${v8 ? 'StartLine' : 'lineNumber'}`);
  const commit = v8 ? s('Commit') : s('commit');
  // Read only to fingerprint; never stored.
  const secretText = v8 ? (s('Secret') ?? s('Match')) : (s('offender') ?? s('line'));
  const where = rawPath ? normalisePath(rawPath, opts) : undefined;
  const title = description ?? rule;
  const f: Finding = {
    ruleId: rule,
    severity: 'high',
    category: 'secret',
    message: `${title}${commit ? ` (commit ${commit.slice(0, 12)})` : ''}`,
    title,
    fingerprint: fingerprintOf('secret', rule, where, secretText),
    suppressed: false,
  };
  if (where) {
    const loc: Location = { path: where };
    if (line !== undefined) loc.line = line;
    if (v8) {
      const col = optionalPosition(file, o['StartColumn'], `${path}.StartColumn`);
      const end = optionalPosition(file, o['EndLine'], `${path}.EndLine`);
      if (col !== undefined) loc.column = col;
      if (end !== undefined && line !== undefined && end > line) loc.endLine = end;
    }
    f.location = loc;
  }
  return f;
}
