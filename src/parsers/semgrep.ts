/**
 * Semgrep `--json` output: `{results[], errors[], paths, version}`, each result
 * `{check_id, path, start{line,col}, end, extra{message, severity, metadata, lines, fingerprint, is_ignored}}`.
 * Format: Semgrep's output schema (semgrep-interfaces `semgrep_output_v1.atd`, `cli_match`).
 *
 * Severity, in the documented order: `extra.metadata["security-severity"]` (number or word)
 * when a rule sets it; else Semgrep's own `extra.severity`: ERROR → high, WARNING → medium,
 * INFO → low (newer Semgrep also writes CRITICAL/HIGH/MEDIUM/LOW, taken as is; EXPERIMENT and
 * INVENTORY → info). `metadata.impact`/`likelihood` are not severities and are not read.
 * Category: sast. `is_ignored` results (`nosemgrep`) are suppressed. The fingerprint is
 * Semgrep's own unless it is the "requires login" placeholder.
 */
import { parseError } from '../errors.js';
import { severityFromScore, severityFromWord } from '../model/severity.js';
import type { Finding, Severity } from '../model/types.js';
import { expectArray, fingerprinter, pathNormaliser, posInt, str } from './finding-helpers.js';
import { expectObject, isObject } from './shape.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';
import { own as ownKey } from '../util/own.js';

const OWN: Record<string, Severity> = { error: 'high', warning: 'medium', info: 'low', experiment: 'info', inventory: 'info' };

function semgrepSeverity(extra: Record<string, unknown>): Severity {
  const meta = isObject(extra['metadata']) ? extra['metadata'] : undefined;
  const ss = meta?.['security-severity'];
  if (typeof ss === 'number') return severityFromScore(ss);
  if (typeof ss === 'string' && ss.trim() !== '') {
    const n = Number(ss);
    const s = Number.isFinite(n) ? severityFromScore(n) : severityFromWord(ss);
    if (s) return s;
  }
  const own = str(extra['severity'])?.toLowerCase();
  if (own === undefined) return 'unknown';
  return ownKey(OWN, own) ?? severityFromWord(own) ?? 'unknown';
}

export const semgrepFormat = {
  id: 'semgrep',
  kind: 'findings',
  description: 'Semgrep --json output (results[], extra.severity, extra.metadata)',
  detect(f) {
    if (!f.looksLikeJson || !f.head.startsWith('{')) return false;
    // Checkov's checks carry a `check_id` too, under a `check_type` that Semgrep never writes.
    if (/"check_id"\s*:/.test(f.head)) return !/^\{\s*"check_type"\s*:/.test(f.head);
    // Semgrep sorts its keys: a long `errors` list can push the first result past the sniffed head.
    if (!/^\{\s*"errors"\s*:\s*\[/.test(f.head)) return false;
    const j = f.tryJson();
    return isObject(j) && Array.isArray(j['results']) && isObject(j['paths']) && 'errors' in j;
  },
} satisfies ParserFormat;

export const semgrep = /* @__PURE__ */ defineParser(semgrepFormat, {
  parse(f, options) {
    const root = expectObject(f.path, f.json(), '');
    const results = expectArray(f.path, root['results'], 'results');
    const normalise = pathNormaliser(options);
    const fp = fingerprinter();
    const findings = results.map((r, i): Finding => {
      const where = `results[${i}]`;
      const res = expectObject(f.path, r, where);
      const ruleId = str(res['check_id']);
      if (ruleId === undefined) throw parseError(f.path, `${where}.check_id`, 'expected a string');
      const extra = expectObject(f.path, res['extra'], `${where}.extra`);
      const message = str(extra['message']) ?? '';
      const path = str(res['path']);
      const start = isObject(res['start']) ? res['start'] : undefined;
      const line = posInt(start?.['line']);
      const column = posInt(start?.['col']);
      const finding: Finding = {
        ruleId,
        severity: semgrepSeverity(extra),
        category: 'sast',
        message,
        fingerprint: '',
        suppressed: extra['is_ignored'] === true,
      };
      if (finding.suppressed) finding.suppression = { kind: 'inSource' };
      const own = str(extra['severity']);
      if (own !== undefined) finding.toolSeverity = own;
      if (path !== undefined) finding.location = { path: normalise(path), ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) };
      const meta = isObject(extra['metadata']) ? extra['metadata'] : undefined;
      const url = meta ? (str(meta['shortlink']) ?? str(meta['source'])) : undefined;
      if (url !== undefined) finding.url = url;
      const own_fp = str(extra['fingerprint']);
      const real = own_fp !== undefined && own_fp.trim() !== '' && own_fp.trim().toLowerCase() !== 'requires login';
      const lines = str(extra['lines']);
      finding.fingerprint = fp(ruleId, finding.location?.path, real ? own_fp : undefined, lines === 'requires login' ? undefined : lines, message);
      return finding;
    });
    const version = str(root['version']);
    return { format: 'semgrep', tool: version !== undefined ? { name: 'semgrep', version } : { name: 'semgrep' }, source: f.path, payload: { kind: 'findings', findings } };
  },
});
