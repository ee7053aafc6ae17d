/**
 * TruffleHog JSON lines (`trufflehog … --json`), one finding per line —
 * https://github.com/trufflesecurity/trufflehog (v3: `pkg/output/json.go`: `SourceMetadata`,
 * `SourceName`, `DetectorName`, `Verified`, `Raw`, `Redacted`, `ExtraData`; v2, the Python
 * tool: `reason`, `path`, `commitHash`, `branch`, `stringsFound`, `diff`, `printDiff`).
 *
 * Severity: TruffleHog has none of its own. A secret the scanner verified as live
 * (`Verified: true`) is critical; any other is high (the documented rule for secrets).
 *
 * Secret values never reach the model: `Raw`, `RawV2`, `Redacted`, `stringsFound`, `diff` and
 * `printDiff` are read only to fingerprint the finding. TruffleHog v3 log records that end up
 * in the same stream (`{"level": …, "msg": …}`, from `2>&1`) are not findings and are skipped;
 * any other line that is not a finding is E_PARSE with its line number.
 */
import { parseError } from '../errors.js';
import { fingerprintOf } from '../model/fingerprint.js';
import { normalisePath } from '../model/paths.js';
import type { Artifact, Finding, Location } from '../model/types.js';
import { isObject, jsonType, optionalArray, optionalPosition, optionalString, type JsonObject, findingsArtifact } from './shape.js';
import type { SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';

export const trufflehogFormat = {
  id: 'trufflehog',
  kind: 'findings',
  description: 'TruffleHog JSON lines (v3 and v2 --json)',
  detect(f: SourceFile): boolean {
    const h = f.head;
    if (!h.startsWith('{')) return false;
    return (/"SourceMetadata"\s*:/.test(h) && /"DetectorName"\s*:/.test(h)) || (/"stringsFound"\s*:/.test(h) && /"reason"\s*:/.test(h));
  },
} satisfies ParserFormat;

export const trufflehog = /* @__PURE__ */ defineParser(trufflehogFormat, {
  parse(f: SourceFile, opts: ParseOptions): Artifact {
    const out: Finding[] = [];
    const text = f.text;
    let lineNo = 0;
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      lineNo++;
      const raw = text.slice(start, end).trim();
      start = end + 1;
      if (raw === '') continue;
      let rec: unknown;
      try {
        rec = JSON.parse(raw);
      } catch (e) {
        throw parseError(f.path, `line ${lineNo}`, `not valid JSON: ${(e as Error).message.replace(/\s*in JSON at position \d+.*$/s, '')}`, e);
      }
      const where = `line ${lineNo}`;
      if (!isObject(rec)) throw parseError(f.path, where, `expected a JSON object per line (got ${jsonType(rec)})`);
      if ('DetectorName' in rec || 'SourceMetadata' in rec) out.push(v3(f.path, opts, rec, where));
      else if ('stringsFound' in rec || 'reason' in rec) out.push(v2(f.path, opts, rec, where));
      else if ('level' in rec && 'msg' in rec) continue;
      else throw parseError(f.path, where, 'not a TruffleHog finding (no DetectorName/SourceMetadata or reason/stringsFound)');
    }
    if (out.length === 0 && text.trim() === '') throw parseError(f.path, undefined, 'file is empty: nothing to measure');
    return findingsArtifact('trufflehog', f.path, 'trufflehog', undefined, out);
  },
});

function v3(file: string, opts: ParseOptions, o: JsonObject, where: string): Finding {
  const s = (k: string) => optionalString(file, o[k], `${where}: ${k}`);
  const detector = s('DetectorName') ?? String(o['DetectorType'] ?? 'unknown');
  const decoder = s('DecoderName');
  const verified = o['Verified'] === true;
  const loc = v3Location(file, opts, o['SourceMetadata'], where);
  const secretText = s('RawV2') ?? s('Raw') ?? s('Redacted');
  const f: Finding = {
    ruleId: detector,
    severity: verified ? 'critical' : 'high',
    category: 'secret',
    message: `${detector} secret${verified ? ' (verified live)' : ' (unverified)'}${decoder && decoder !== 'PLAIN' ? `, ${decoder}-encoded` : ''}${loc.commit ? ` in commit ${loc.commit.slice(0, 12)}` : ''}`,
    title: `${detector} secret`,
    fingerprint: fingerprintOf('secret', detector, loc.location?.path, secretText),
    suppressed: false,
    toolSeverity: verified ? 'verified' : 'unverified',
  };
  if (loc.location) f.location = loc.location;
  return f;
}

/** SourceMetadata.Data.<Source>.{file|path, line, commit}: the first source object that names a file. */
function v3Location(file: string, opts: ParseOptions, meta: unknown, where: string): { location?: Location; commit?: string } {
  if (!isObject(meta) || !isObject(meta['Data'])) return {};
  for (const [source, data] of Object.entries(meta['Data'])) {
    if (!isObject(data)) continue;
    const p = optionalString(file, data['file'] ?? data['path'], `${where}: SourceMetadata.Data.${source}.file`);
    const commit = optionalString(file, data['commit'], `${where}: SourceMetadata.Data.${source}.commit`);
    if (p === undefined) {
      if (commit !== undefined) return { commit };
      continue;
    }
    const location: Location = { path: normalisePath(p, opts) };
    const line = optionalPosition(file, data['line'], `${where}: SourceMetadata.Data.${source}.line`);
    if (line !== undefined) location.line = line;
    return commit !== undefined ? { location, commit } : { location };
  }
  return {};
}

function v2(file: string, opts: ParseOptions, o: JsonObject, where: string): Finding {
  const s = (k: string) => optionalString(file, o[k], `${where}: ${k}`);
  const reason = s('reason') ?? 'secret';
  const p = s('path');
  const commit = s('commitHash');
  const found = optionalArray(file, o['stringsFound'], `${where}: stringsFound`).filter((x): x is string => typeof x === 'string');
  const path = p ? normalisePath(p, opts) : undefined;
  const f: Finding = {
    ruleId: reason,
    severity: 'high',
    category: 'secret',
    message: `${reason}${found.length > 1 ? ` (${found.length} strings)` : ''}${commit ? ` in commit ${commit.slice(0, 12)}` : ''}`,
    title: reason,
    fingerprint: fingerprintOf('secret', reason, path, [...found].sort().join('\u0000')),
    suppressed: false,
  };
  if (path) f.location = { path };
  return f;
}
