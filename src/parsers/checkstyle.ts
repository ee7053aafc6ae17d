/**
 * Checkstyle XML, the lint lingua franca (golangci-lint, ESLint's `-f checkstyle`, shellcheck
 * `-f checkstyle`, ktlint, …): `<checkstyle><file name><error line column severity message source/></file></checkstyle>`.
 * Format: Checkstyle's XMLLogger (https://checkstyle.org/cmdline.html#Command_line_usage, `-f xml`).
 *
 * Why fast-xml-parser here and not the streaming scanner in util/xml-scan.ts: lint reports
 * are small (kilobytes to a few MB) and irregular enough (attribute order, empty files,
 * `<exception>` elements) that a DOM is the clearer code; the input is validated first so a
 * truncated file fails with its line instead of yielding a partial count.
 *
 * Severity: Checkstyle's levels error → high, warning → medium, info → low, ignore → info
 * (the SARIF level mapping; an absent severity is `warning`). Category: lint; a finding whose
 * `source` names gosec or an ESLint security plugin rule is sast.
 */
import { createRequire } from 'node:module';
import type { XMLParser } from 'fast-xml-parser';
import { parseError } from '../errors.js';
import type { Finding, Severity } from '../model/types.js';
import { fingerprinter, pathNormaliser, posInt } from './finding-helpers.js';
import { isObject } from './shape.js';
import { quote } from '../util/quote.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';

const LEVELS = new Map<string, Severity>([
  ['error', 'high'],
  ['warning', 'medium'],
  ['info', 'low'],
  ['ignore', 'info'],
]);

/** The attributes read; every other attribute is dropped by the parser (so none can be named `__proto__`). */
const ATTRIBUTES = new Set(['name', 'line', 'column', 'severity', 'message', 'source']);
/** The elements read; every other element is renamed `other` (so none can be named `constructor`). */
const ELEMENTS = new Set(['checkstyle', 'file', 'error']);
/** Checkstyle nests three deep; fast-xml-parser refuses more than 100 with an error that has no place, so deeper is refused here first, with its line. */
const MAX_DEPTH = 100;

const require = createRequire(import.meta.url);
let fxp: { xml: XMLParser; validator: typeof import('fast-xml-parser').XMLValidator } | undefined;

/**
 * fast-xml-parser, loaded on first use (~80 ms of every CLI start otherwise). Checkstyle files
 * are small and irregular (one element per finding), so a DOM serves them; the large, regular
 * XML formats use the streaming scanner (src/util/xml-scan.ts).
 */
function xmlParser(): NonNullable<typeof fxp> {
  if (!fxp) {
    const { XMLParser: Parser, XMLValidator } = require('fast-xml-parser') as typeof import('fast-xml-parser');
    const xml = new Parser({
      ignoreAttributes: (name) => !ATTRIBUTES.has(name),
      attributeNamePrefix: '',
      parseAttributeValue: false,
      processEntities: true,
      // Elements by local name (Namespaces in XML §4): a `<ns:error>` is a finding, not an unknown element.
      removeNSPrefix: true,
      transformTagName: (name) => (ELEMENTS.has(name) ? name : 'other'),
      isArray: (name) => name === 'file' || name === 'error',
    });
    fxp = { xml, validator: XMLValidator };
  }
  return fxp;
}

/** E_PARSE at the start tag that opens element number MAX_DEPTH + 1 of a nesting (the file was validated: tags are well-formed). */
function tooDeep(file: string, text: string): void {
  let depth = 0;
  // attribute values may hold `>` (XML 1.0 §3.1 AttValue): a tag ends at the first `>` outside quotes
  const tag = /<(\/?)[A-Za-z_:][\w.:-]*(?:\s+[^\s=>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(\/?)>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][^>]*>/g;
  for (let m = tag.exec(text); m !== null; m = tag.exec(text)) {
    if (m[0].startsWith('<!') || m[0].startsWith('<?')) continue;
    if (m[1]) depth--;
    else if (!m[2] && ++depth > MAX_DEPTH) {
      const before = text.slice(0, m.index);
      const line = before.split('\n').length;
      throw parseError(file, `line ${line} column ${m.index - before.lastIndexOf('\n')}`, `elements nested more than ${MAX_DEPTH} deep (Checkstyle nests 3): not a Checkstyle report`);
    }
  }
}

/** True when a lint rule id names a security rule: gosec (golangci-lint), eslint-plugin-security(-node). */
export function isSecurityLintRule(rule: string): boolean {
  return /(^|[./])(gosec|security|security-node)([./]|$)/i.test(rule);
}

/** The producing tool, when the `source` ids say it (ESLint `eslint.rules.x`, shellcheck `ShellCheck.SC2086`). */
function toolOf(sources: string[]): string {
  if (sources.length > 0 && sources.every((s) => s.startsWith('eslint.rules.'))) return 'eslint';
  if (sources.length > 0 && sources.every((s) => s.startsWith('ShellCheck.'))) return 'shellcheck';
  return 'checkstyle';
}

export const checkstyleFormat = {
  id: 'checkstyle',
  kind: 'findings',
  description: 'Checkstyle XML (golangci-lint, ESLint, shellcheck, … -f checkstyle)',
  detect: (f) => !f.looksLikeJson && /^(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<checkstyle[\s>]/.test(f.head),
} satisfies ParserFormat;

export const checkstyle = /* @__PURE__ */ defineParser(checkstyleFormat, {
  parse(f, options) {
    const { xml, validator } = xmlParser();
    const valid = validator.validate(f.text);
    if (valid !== true) throw parseError(f.path, `line ${valid.err.line} column ${valid.err.col}`, `not well-formed XML: ${valid.err.msg}`);
    tooDeep(f.path, f.text);
    let doc: unknown;
    try {
      doc = xml.parse(f.text);
    } catch (e) {
      // fast-xml-parser's own refusals (it validated above, so rare): one line, no stack, no minified source.
      throw parseError(f.path, undefined, `cannot read the XML: ${quote(String((e as Error).message ?? e).split('\n', 1)[0], 200)}`, e);
    }
    const root = isObject(doc) ? doc['checkstyle'] : undefined;
    if (root === undefined) throw parseError(f.path, undefined, 'no <checkstyle> root element');
    const files = isObject(root) && Array.isArray(root['file']) ? root['file'] : [];
    const normalise = pathNormaliser(options);
    const fp = fingerprinter();
    const findings: Finding[] = [];
    const sources: string[] = [];
    files.forEach((file, i) => {
      if (!isObject(file) || typeof file['name'] !== 'string') throw parseError(f.path, `checkstyle/file[${i + 1}]`, 'a <file> without a name attribute');
      const path = normalise(file['name']);
      const errors = Array.isArray(file['error']) ? file['error'] : [];
      errors.forEach((e, j) => {
        if (!isObject(e)) throw parseError(f.path, `checkstyle/file[${i + 1}]/error[${j + 1}]`, 'an <error> without attributes');
        const source = typeof e['source'] === 'string' ? e['source'] : 'checkstyle';
        sources.push(source);
        const message = typeof e['message'] === 'string' ? e['message'] : '';
        const raw = typeof e['severity'] === 'string' ? e['severity'] : undefined;
        const line = posInt(Number(e['line']));
        const column = posInt(Number(e['column']));
        const finding: Finding = {
          ruleId: source,
          severity: raw === undefined ? 'medium' : (LEVELS.get(raw.toLowerCase()) ?? 'unknown'),
          category: isSecurityLintRule(source) ? 'sast' : 'lint',
          message,
          location: { path, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) },
          fingerprint: fp(source, path, undefined, undefined, message),
          suppressed: false,
        };
        if (raw !== undefined) finding.toolSeverity = raw;
        findings.push(finding);
      });
    });
    return { format: 'checkstyle', tool: { name: toolOf(sources) }, source: f.path, payload: { kind: 'findings', findings } };
  },
});
