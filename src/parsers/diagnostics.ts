/**
 * Line diagnostics: the long tail of linters and compilers that print one
 * `path:line:col: message` line per problem (go vet, staticcheck, ineffassign, misspell,
 * gcc, clang, tsc, mypy, flake8, pylint, shellcheck -f gcc), read with a named preset or a
 * pattern given in the policy — in the spirit of Vim's 'errorformat'
 * (https://vimhelp.org/quickfix.txt.html#errorformat), which reviewdog uses for the same job.
 *
 * The shape of these outputs is not one format but a family, so a preset is always chosen by
 * the user (`--format diagnostics:go-vet`, or the policy's `formats:`), never guessed: `detect`
 * is always false and the format cannot claim another tool's file. Each preset says what a
 * diagnostic line looks like (named groups `file`, `line`, `col`, `severity`, `code`,
 * `message`), which other lines the tool prints around them (go vet's `# package` headers,
 * gcc's "In function" lines and source excerpts, tsc's continuation lines, mypy's summary),
 * and whether the tool prints nothing when all is well. Every other line is an error (E_PARSE
 * with its line number): a crash message or a truncated log must not pass as "no findings".
 *
 * Where the tool prints a count (mypy's `Found 5 errors`, clang's `3 warnings generated.`,
 * flake8 --count), the diagnostics read must add up to it.
 */
import { GatecheckError, parseError } from '../errors.js';
import { categoryForTool } from '../model/category.js';
import type { Finding, Severity } from '../model/types.js';
import { isSeverity } from '../model/severity.js';
import { fingerprinter, pathNormaliser } from './finding-helpers.js';
import { eachLine } from './lines.js';
import { detach, isBlank, type SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';

/** The named groups a diagnostic pattern may have; `file`, `line` and `message` are required. */
export const PATTERN_GROUPS = ['file', 'line', 'col', 'severity', 'code', 'message'] as const;
const REQUIRED_GROUPS = ['file', 'line', 'message'] as const;

/** Lines longer than this are refused before any pattern runs on them (bounds a slow user pattern). */
export const MAX_LINE = 16 * 1024;

/** A count the tool prints itself: the diagnostics read must add up to it. */
interface Summary {
  line: RegExp;
  /** The number the line states (it adds up over several such lines: clang prints one per file); undefined for a closing line without a count. */
  count: (m: RegExpExecArray) => number | undefined;
}

/** One tool's line output, declaratively. */
export interface LinePreset {
  /** The tool name findings carry (the category table and de-duplication key). */
  tool: string;
  /** How to run it so that its output reads, for the docs. */
  command: string;
  /** One diagnostic, with named groups (see PATTERN_GROUPS). */
  line: RegExp;
  /** Severity from the `severity` group (lower-cased, undefined when absent) and the `code` group. */
  severity: (word: string | undefined, code: string | undefined) => Severity;
  /** The rule id when the line has no `code` group. @default the tool name */
  rule?: (word: string | undefined) => string;
  /** A package header (`# example.com/pkg`); group 1 names the package the lines after it are about. */
  header?: RegExp;
  /** A diagnostic that says the tool could not analyse a package (it does not build): E_INPUT, not a finding. */
  notAnalysed?: (word: string | undefined, code: string | undefined) => boolean;
  /** Lines the tool prints besides diagnostics that carry nothing (headers, context, scores). */
  noise?: readonly RegExp[];
  /** Lines that continue the previous diagnostic's message (tsc's indented elaborations). */
  continuation?: RegExp;
  /** Source excerpt lines under a diagnostic (gcc's `12 |` lines); group `src` is the code line. */
  excerpt?: RegExp;
  /** clang's excerpt: a line of source after a diagnostic, followed by a caret line and fix-it lines. */
  caretExcerpt?: boolean;
  /** Severity words that are notes on an earlier diagnostic rather than findings of their own. */
  notes?: { words: readonly string[]; attach: 'previous' | 'same-line' };
  /** The tool's own counts, and which severity words they count (all when absent). */
  summaries?: readonly Summary[];
  counted?: readonly string[];
  /** The tool prints nothing when it finds nothing, so an empty report is zero findings. */
  empty: boolean;
  /** The tool always ends with one of its summaries: a report without one is cut short. */
  closing?: boolean;
}

// Path: anything up to the first colon, after an optional Windows drive letter.
const FILE = String.raw`(?<file>(?:[A-Za-z]:[\\/])?[^:]+?)`;
const AT = String.raw`${FILE}:(?<line>\d+):(?<col>\d+)`;

const BY_WORD = (map: Record<string, Severity>, fallback: Severity) => (word: string | undefined) => (word !== undefined ? map[word] : undefined) ?? fallback;
/** gcc/clang, tsc and mypy words on the scale SARIF's levels use (error → high, warning → medium, note → low). */
const COMPILER = BY_WORD({ error: 'high', 'fatal error': 'high', warning: 'medium', note: 'low', remark: 'low' }, 'unknown');

/** gcc's lines around its diagnostics: context headers, include chains, source excerpts, the end of a failed run. */
const GCC_NOISE = [
  /^.+: (?:In (?:member )?function|In (?:static )?(?:constructor|destructor)|In instantiation of|In lambda function|In substitution of|In (?:copy )?constructor) .*:$/,
  /^.+: At (?:top level|global scope):$/,
  /^(?:In file included|\s+) from .+[:,]$/,
  /^(?:cc1|cc1plus|collect2|ld|lto1|compilation terminated)(?::.*|\.)$/,
  /^.+: (?:required|instantiated) from .+$/,
];

export const PRESETS = {
  'go-vet': {
    tool: 'go vet',
    command: 'go vet ./... 2> vet.txt',
    // `vet: ` prefixes a package that does not type-check (under its `# package` header).
    line: new RegExp(String.raw`^(?:(?<severity>vet): )?${AT}: (?<message>.+)$`),
    severity: () => 'medium',
    header: /^# (\S+)$/,
    notAnalysed: (w) => w === 'vet',
    empty: true,
  },
  staticcheck: {
    tool: 'staticcheck',
    command: 'staticcheck ./... > staticcheck.txt',
    line: new RegExp(String.raw`^${AT}: (?<message>.+) \((?<code>[A-Z]+\d+|compile)\)$`),
    severity: () => 'medium',
    // `-: # package` heads the compile errors of a package that does not build
    header: /^-: # (\S+)$/,
    notAnalysed: (_w, code) => code === 'compile',
    empty: true,
  },
  ineffassign: {
    tool: 'ineffassign',
    command: 'ineffassign ./... 2> ineffassign.txt',
    line: new RegExp(String.raw`^${AT}: (?<message>.+)$`),
    severity: () => 'medium',
    empty: true,
  },
  misspell: {
    tool: 'misspell',
    command: 'misspell . > misspell.txt',
    line: new RegExp(String.raw`^${AT}: (?<message>".+" is a misspelling of ".+")$`),
    severity: () => 'medium',
    empty: true,
  },
  gcc: {
    tool: 'gcc',
    command: 'gcc -Wall -Wextra -c … 2> gcc.txt',
    line: new RegExp(String.raw`^${FILE}:(?<line>\d+):(?:(?<col>\d+):)? (?<severity>fatal error|error|warning|note): (?<message>.+?)(?: \[(?<code>-W[^\]]+)\])?$`),
    severity: COMPILER,
    rule: (w) => w ?? 'gcc',
    noise: GCC_NOISE,
    excerpt: /^ *(?:\d+)? \|(?: (?<src>.*))?$/,
    notes: { words: ['note'], attach: 'previous' },
    empty: true,
  },
  clang: {
    tool: 'clang',
    command: 'clang -Wall -Wextra -c … 2> clang.txt',
    line: new RegExp(String.raw`^${FILE}:(?<line>\d+):(?:(?<col>\d+):)? (?<severity>fatal error|error|warning|note|remark): (?<message>.+?)(?: \[(?<code>-W[^\],]+)[^\]]*\])?$`),
    severity: COMPILER,
    rule: (w) => w ?? 'clang',
    noise: [/^In file included from .+:$/, /^(?:clang(?:-\d+)?|ld|ld\.lld): (?:error|warning|note): .+$/],
    caretExcerpt: true,
    notes: { words: ['note'], attach: 'previous' },
    summaries: [
      {
        line: /^(?:(?<w>\d+) warnings?(?: and |(?= generated)))?(?:(?<e>\d+) errors?)? generated\.$/,
        count: (m) => Number(m.groups?.['w'] ?? 0) + Number(m.groups?.['e'] ?? 0),
      },
    ],
    counted: ['warning', 'error', 'fatal error'],
    empty: true,
  },
  tsc: {
    tool: 'tsc',
    command: 'tsc --noEmit --pretty false > tsc.txt',
    line: new RegExp(String.raw`^(?<file>[^(]+)\((?<line>\d+),(?<col>\d+)\): (?<severity>error|warning|message) (?<code>TS\d+): (?<message>.+)$`),
    severity: BY_WORD({ error: 'high', warning: 'medium', message: 'low' }, 'unknown'),
    continuation: /^ {2,}\S.*$/,
    empty: true,
  },
  mypy: {
    tool: 'mypy',
    command: 'mypy . > mypy.txt',
    line: new RegExp(String.raw`^${FILE}:(?<line>\d+):(?:(?<col>\d+):)?(?:\d+:\d+:)? (?<severity>error|warning|note): (?<message>.+?)(?:  \[(?<code>[a-z0-9-]+)\])?$`),
    severity: COMPILER,
    notes: { words: ['note'], attach: 'same-line' },
    // mypy's closing line; `Success: …` when clean, so an empty report means mypy did not run.
    summaries: [
      { line: /^Found (\d+) errors? in \d+ files? \(checked \d+ source files?\)$/, count: (m) => Number(m[1]) },
      { line: /^Success: no issues found in \d+ source files?$/, count: () => 0 },
    ],
    counted: ['error'],
    empty: false,
    closing: true,
  },
  flake8: {
    tool: 'flake8',
    command: 'flake8 --count . > flake8.txt',
    line: new RegExp(String.raw`^${AT}: (?<code>[A-Z]+\d+) (?<message>.+)$`),
    severity: (_w, code) => flake8Severity(code ?? ''),
    // the total that --count prints last
    summaries: [{ line: /^(\d+)$/, count: (m) => Number(m[1]) }],
    empty: true,
  },
  'pylint-parseable': {
    tool: 'pylint',
    command: 'pylint --output-format=parseable . > pylint.txt',
    line: new RegExp(String.raw`^${FILE}:(?<line>\d+): \[(?<code>[A-Z]\d{4})\((?<symbol>[a-z0-9-]+)\), [^\]]*\] (?<message>.+)$`),
    severity: (_w, code) => pylintSeverity(code ?? ''),
    // module headers and the score block; pylint prints its score even when clean (a closing line without a count)
    noise: [/^\*{13} Module .+$/, /^-{10,}$/],
    summaries: [{ line: /^Your code has been rated at -?[\d.]+\/10(?: \(previous run: .+\))?$/, count: () => undefined }],
    empty: false,
  },
  'shellcheck-gcc': {
    tool: 'shellcheck',
    command: 'shellcheck -f gcc script.sh > shellcheck.txt',
    line: new RegExp(String.raw`^${AT}: (?<severity>error|warning|note): (?<message>.+?) \[(?<code>SC\d+)\]$`),
    // -f gcc writes shellcheck's info and style levels both as `note`
    severity: BY_WORD({ error: 'high', warning: 'medium', note: 'low' }, 'unknown'),
    empty: true,
  },
} as const satisfies Record<string, LinePreset>;

export type PresetId = keyof typeof PRESETS;

/**
 * flake8 codes by their letter: F (pyflakes: undefined names, unused imports) and E9 (syntax
 * and runtime errors) → high; other E (pycodestyle errors) → medium; W (pycodestyle warnings)
 * and C (mccabe complexity, flake8-comprehensions) → low; a plugin's other letters → medium.
 */
export function flake8Severity(code: string): Severity {
  if (code.startsWith('F') || code.startsWith('E9')) return 'high';
  if (code.startsWith('W') || code.startsWith('C')) return 'low';
  return 'medium';
}

/** pylint's message categories, as the pylint JSON format maps them: F fatal → critical (the module could not be linted), E error → high, W warning → medium, R refactor and C convention → low, I info → info. */
export function pylintSeverity(code: string): Severity {
  switch (code.charAt(0)) {
    case 'F':
      return 'critical';
    case 'E':
      return 'high';
    case 'W':
      return 'medium';
    case 'R':
    case 'C':
      return 'low';
    case 'I':
      return 'info';
    default:
      return 'unknown';
  }
}

/** A line pattern as the policy's `diagnostics:` key writes it (src/config/schema.json). */
export interface WrittenLinePattern {
  pattern: string;
  tool: string;
  /** One severity for every line, or severity words (the `severity` group) → severity. @default medium */
  severity?: Severity | Record<string, Severity>;
  /** Further lines to accept and skip (regular expressions). */
  ignore?: string[];
  /** An empty report means no findings (the tool prints nothing when clean). @default false */
  empty?: boolean;
}

/**
 * A policy pattern as a preset; throws a message (without place) when the pattern does not
 * compile or lacks a required group. Called when the policy loads, so a bad one is E_CONFIG.
 */
export function compileLinePattern(w: WrittenLinePattern): LinePreset {
  const line = compile(w.pattern, 'pattern');
  const groups = namedGroups(line);
  const missing = REQUIRED_GROUPS.filter((g) => !groups.includes(g));
  if (missing.length > 0) throw new Error(`pattern: needs the named group${missing.length > 1 ? 's' : ''} ${missing.map((g) => `(?<${g}>…)`).join(', ')}`);
  const unknown = groups.filter((g) => !(PATTERN_GROUPS as readonly string[]).includes(g));
  if (unknown.length > 0) throw new Error(`pattern: unknown named group ${unknown.map((g) => `"${g}"`).join(', ')} (known: ${PATTERN_GROUPS.join(', ')})`);
  const sev = w.severity;
  const words = typeof sev === 'object' ? new Map(Object.entries(sev).map(([k, v]) => [k.toLowerCase(), v])) : undefined;
  return {
    tool: w.tool,
    command: '',
    line,
    severity: words ? (word) => (word !== undefined ? words.get(word) : undefined) ?? 'unknown' : () => (isSeverity(sev) ? sev : 'medium'),
    noise: (w.ignore ?? []).map((s, i) => compile(s, `ignore[${i}]`)),
    empty: w.empty ?? false,
  };
}

function compile(source: string, key: string): RegExp {
  try {
    return new RegExp(source);
  } catch (e) {
    throw new Error(`${key}: not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}

/** The named groups of a compiled pattern (from matching it against nothing is not possible: read its source). */
function namedGroups(re: RegExp): string[] {
  return [...re.source.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]!);
}

/** The preset for `variant`: a built-in one, or one the policy defined. */
function presetFor(variant: string | undefined, options: ParseOptions): LinePreset {
  const own = variant !== undefined ? options.linePatterns?.get(variant) : undefined;
  if (own) return own;
  if (variant !== undefined && Object.hasOwn(PRESETS, variant)) return PRESETS[variant as PresetId];
  const known = [...Object.keys(PRESETS), ...(options.linePatterns?.keys() ?? [])].join(', ');
  throw new GatecheckError(
    'E_USAGE',
    variant === undefined
      ? `the diagnostics format needs a preset: --format diagnostics:PRESET (known: ${known})`
      : `unknown diagnostics preset "${variant}" (known: ${known}; define your own under diagnostics: in the policy)`,
  );
}

/** A line's text for a message: bounded, control characters shown. */
function quote(line: string): string {
  return JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}…` : line);
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** Read a diagnostics report with a preset. Exported for the tests; the registry's parser calls it. */
export function parseDiagnostics(f: SourceFile, options: ParseOptions): Finding[] {
  const preset = presetFor(options.variant, options);
  const name = options.variant ?? preset.tool;
  if (isBlank(f)) {
    if (preset.empty) return [];
    throw parseError(f.path, undefined, `file is empty, but ${preset.tool} prints a closing line even when it finds nothing (preset ${name}): the tool did not run, or its output went elsewhere`);
  }
  const normalise = pathNormaliser(options);
  const fp = fingerprinter();
  const findings: Finding[] = [];
  /** Per finding: its severity word, message lines, excerpt, for the fingerprint and the summary check. */
  const pending: Array<{ word: string | undefined; more: string[]; snippet: string | undefined }> = [];
  /** The tool's own count (undefined: none printed), and whether it printed a closing line at all. */
  let summed: number | undefined;
  let closed = false;
  let n = 0;
  // clang excerpts: 1 = a source line may follow the diagnostic, 2 = its caret line must follow, 3 = fix-it lines may follow
  let caret = 0;
  const last = () => pending[pending.length - 1];
  let pkg: string | undefined;

  eachLine(f, (text, start, end) => {
    n++;
    if (end - start > MAX_LINE) throw parseError(f.path, `line ${n}`, `line is longer than ${MAX_LINE} characters: not ${name} output`);
    let line = text.slice(start, end);
    if (line.includes('\u001b')) line = line.replace(ANSI, '');
    const m = line.trim() === '' ? null : preset.line.exec(line);
    if (m) {
      // a clang excerpt is a source line and its caret line: a lone line after a diagnostic is not one
      if (caret === 2) throw parseError(f.path, `line ${n - 1}`, `not a ${name} diagnostic or a line ${preset.tool} prints around them (a source line without its caret line)`);
      caret = preset.caretExcerpt ? 1 : 0;
      const g = m.groups ?? {};
      const word = g['severity']?.toLowerCase();
      const message = g['message'] ?? '';
      const path = normalise(g['file'] ?? '');
      const lineNo = Number(g['line']);
      const prev = findings[findings.length - 1];
      if (prev && word !== undefined && preset.notes?.words.includes(word)) {
        const same = preset.notes.attach === 'previous' || (prev.location?.path === path && prev.location.line === lineNo);
        if (same) {
          last()!.more.push(`note: ${detach(message)} (${g['file']}:${lineNo})`);
          return;
        }
      }
      const code = g['code'];
      if (preset.notAnalysed?.(word, code)) {
        // vet/staticcheck never ran on a package that does not build: its problems are unknown, not none
        throw new GatecheckError(
          'E_INPUT',
          `${preset.tool} could not analyse ${pkg !== undefined ? `package ${pkg}` : 'a package'}: it does not build (${quote(`${g['file']}:${lineNo}: ${message}`)}); a package the tool never ran on cannot count as clean`,
          { file: f.path, where: `line ${n}` },
        );
      }
      // pylint names a message by symbol and id: the symbol is the rule (what `# pylint: disable=` takes, as the pylint JSON format has it), the id an alias
      const symbol = g['symbol'];
      const finding: Finding = {
        ruleId: detach(symbol ?? code ?? preset.rule?.(word) ?? preset.tool),
        severity: preset.severity(word, code),
        category: categoryForTool(preset.tool) ?? 'lint',
        message: detach(message),
        location: { path: detach(path), line: lineNo },
        fingerprint: '',
        suppressed: false,
      };
      const col = g['col'] !== undefined ? Number(g['col']) : undefined;
      if (col !== undefined && col > 0) finding.location!.column = col;
      if (g['severity'] !== undefined) finding.toolSeverity = detach(g['severity']);
      if (symbol !== undefined && code !== undefined) finding.aliases = [detach(code)];
      findings.push(finding);
      pending.push({ word, more: [], snippet: undefined });
      return;
    }
    if (line.trim() === '') {
      caret = 0;
      return;
    }
    const cur = last();
    if (cur && preset.continuation?.test(line)) {
      cur.more.push(detach(line.trim()));
      return;
    }
    if (cur && preset.excerpt) {
      const x = preset.excerpt.exec(line);
      if (x) {
        cur.snippet ??= x.groups?.['src'] !== undefined ? detach(x.groups['src']) : undefined;
        return;
      }
    }
    if (cur && caret > 0) {
      if (caret === 1) {
        cur.snippet ??= detach(line);
        caret = 2;
        return;
      }
      if (/^[ \t~^]*\^[ \t~^]*$|^[ \t]*~[ \t~]*$/.test(line) && caret === 2) {
        caret = 3;
        return;
      }
      if (caret === 3 && /^\s/.test(line)) return;
      caret = 0;
    }
    for (const s of preset.summaries ?? []) {
      const sm = s.line.exec(line);
      if (sm) {
        const c = s.count(sm);
        if (c !== undefined) summed = (summed ?? 0) + c;
        closed = true;
        return;
      }
    }
    const h = preset.header?.exec(line);
    if (h) {
      pkg = h[1];
      return;
    }
    if (preset.noise?.some((re) => re.test(line))) return;
    throw parseError(f.path, `line ${n}`, `not a ${name} diagnostic or a line ${preset.tool} prints around them: ${quote(line)} (--format diagnostics:${name})`);
  });

  // A clang excerpt is a source line and its caret line: a lone line after a diagnostic is not one.
  if (caret === 2) throw parseError(f.path, `line ${n}`, `not a ${name} diagnostic or a line ${preset.tool} prints around them (a source line without its caret line)`);
  findings.forEach((finding, i) => {
    const p = pending[i]!;
    if (p.more.length > 0) finding.message = `${finding.message}\n${p.more.join('\n')}`;
    finding.fingerprint = fp(finding.ruleId, finding.location?.path, undefined, p.snippet, finding.message);
  });
  if (summed !== undefined) {
    const counted = 'counted' in preset && preset.counted ? preset.counted : undefined;
    const read = counted ? pending.filter((p) => p.word !== undefined && counted.includes(p.word)).length : findings.length;
    if (read !== summed) {
      throw parseError(f.path, undefined, `${preset.tool} says it found ${summed}${counted ? ` (${counted.join(', ')})` : ''}, but ${read} such diagnostic line${read === 1 ? ' was' : 's were'} read: the report is incomplete or not ${name} output`);
    }
  } else if ((preset.closing && !closed) || (!preset.empty && !closed && findings.length === 0)) {
    throw parseError(f.path, `line ${n}`, `no closing line (${preset.tool} always ends with one): the output is cut short, or not ${name} output`);
  }
  return findings;
}

export const diagnosticsFormat = {
  id: 'diagnostics',
  kind: 'findings',
  description: `\`path:line:col: message\` lines of a named preset (${Object.keys(PRESETS).join(', ')}) or a policy pattern; needs --format diagnostics:PRESET`,
  /** Never sniffed: these outputs look alike, so the preset is always the user's choice. */
  detect: () => false,
  /** Whether an empty report is zero findings depends on the preset: parseDiagnostics decides. */
  acceptsEmpty: true,
  /** `diagnostics:PRESET`: a built-in preset or one the policy defines. */
  hasVariants: true,
} satisfies ParserFormat;

export const diagnostics = /* @__PURE__ */ defineParser(diagnosticsFormat, {
  parse(f, options) {
    const findings = parseDiagnostics(f, options);
    const preset = presetFor(options.variant, options);
    return { format: 'diagnostics', tool: { name: preset.tool }, source: f.path, payload: { kind: 'findings', findings } };
  },
});
