/**
 * pylint JSON, both of its JSON reporters
 * (https://pylint.readthedocs.io/en/latest/user_guide/usage/output.html):
 * - `--output-format=json`: a bare array of `{type, module, obj, line, column, endLine, endColumn,
 *   path, symbol, message, message-id}`; `[]` when clean, which several tools print, so it needs
 *   `--format pylint`.
 * - `--output-format=json2` (pylint 3+): `{messages: [{type, symbol, message, messageId, confidence,
 *   module, obj, line, column, endLine, endColumn, path, absolutePath}], statistics: {messageTypeCount,
 *   modulesLinted, score}}`.
 *
 * Rule: the message's `symbol` (the name `# pylint: disable=` takes), with the message id
 * (`C0114`) as alias. Category: lint. Severity from `type`: fatal → critical (pylint could not
 * lint the module), error → high, warning → medium, refactor and convention → low, info → info.
 * A json2 report with `modulesLinted: 0` linted nothing: E_INPUT.
 */
import { GatecheckError, parseError } from '../errors.js';
import { categoryForTool } from '../model/category.js';
import type { Finding, Location, Severity } from '../model/types.js';
import { fingerprinter, pathNormaliser, posInt, str } from './finding-helpers.js';
import { expectObject, findingsArtifact, isObject, optionalArray } from './shape.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';
import { quote } from '../util/quote.js';

const SEVERITY = new Map<string, Severity>([
  ['fatal', 'critical'],
  ['error', 'high'],
  ['warning', 'medium'],
  ['refactor', 'low'],
  ['convention', 'low'],
  ['info', 'info'],
]);

const TYPE_FIRST = /^\[\s*\{\s*"type"\s*:\s*"(?:fatal|error|warning|refactor|convention|info)"/;

export const pylintFormat = {
  id: 'pylint',
  kind: 'findings',
  description: 'pylint JSON (--output-format=json, and json2 with statistics); an empty [] needs --format pylint',
  detect(f) {
    if (!f.looksLikeJson) return false;
    const h = f.head;
    if (TYPE_FIRST.test(h)) return /"message-id"\s*:/.test(h) && /"symbol"\s*:/.test(h);
    if (!/^\{\s*"messages"\s*:\s*\[/.test(h)) return false;
    return (/"messageId"\s*:/.test(h) && /"symbol"\s*:/.test(h)) || /"messageTypeCount"\s*:/.test(h);
  },
} satisfies ParserFormat;

export const pylint = /* @__PURE__ */ defineParser(pylintFormat, {
  parse(f, options) {
    const root = f.json();
    let messages: readonly unknown[];
    let base: string;
    if (Array.isArray(root)) {
      messages = root;
      base = '';
    } else {
      const doc = expectObject(f.path, root, '');
      if (!('messages' in doc)) throw parseError(f.path, 'messages', 'missing: not a pylint JSON report');
      messages = optionalArray(f.path, doc['messages'], 'messages');
      base = 'messages';
      const stats = isObject(doc['statistics']) ? doc['statistics'] : undefined;
      if (stats?.['modulesLinted'] === 0 && messages.length === 0) {
        throw new GatecheckError('E_INPUT', 'pylint linted no module (statistics.modulesLinted is 0): nothing to measure', { file: f.path });
      }
    }
    const normalise = pathNormaliser(options);
    const fp = fingerprinter();
    const category = categoryForTool('pylint') ?? 'lint';
    const findings = messages.map((v, i): Finding => {
      const where = `${base}[${i}]`;
      const m = expectObject(f.path, v, where);
      const type = str(m['type']);
      const severity = type !== undefined ? SEVERITY.get(type) : undefined;
      if (severity === undefined) throw parseError(f.path, `${where}.type`, `expected fatal, error, warning, refactor, convention or info (got ${quote(m['type'])})`);
      const id = str(m['messageId']) ?? str(m['message-id']);
      const ruleId = str(m['symbol']) ?? id;
      if (ruleId === undefined) throw parseError(f.path, `${where}.symbol`, 'expected a string');
      const message = str(m['message']) ?? '';
      const path = str(m['path']);
      const finding: Finding = { ruleId, severity, category, message, fingerprint: '', suppressed: false, toolSeverity: type! };
      if (path !== undefined) {
        const location: Location = { path: normalise(path) };
        const line = posInt(m['line']);
        const end = posInt(m['endLine']);
        if (line !== undefined) location.line = line;
        if (line !== undefined && end !== undefined && end > line) location.endLine = end;
        // pylint columns are 0-based.
        const col = m['column'];
        if (typeof col === 'number' && Number.isInteger(col) && col >= 0) location.column = col + 1;
        finding.location = location;
      }
      if (id !== undefined && id !== ruleId) finding.aliases = [id];
      finding.fingerprint = fp(ruleId, finding.location?.path, undefined, undefined, message);
      return finding;
    });
    return findingsArtifact('pylint', f.path, 'pylint', undefined, findings);
  },
});
