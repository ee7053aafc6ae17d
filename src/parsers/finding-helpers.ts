/**
 * Small pure helpers shared by the findings parsers of the SARIF / lint family (sarif,
 * golangci-lint, checkstyle, eslint, semgrep, lines): typed access to untrusted JSON that
 * fails with a key path, and fingerprints that survive line shifts yet keep two identical
 * issues in one file apart.
 */
import { parseError } from '../errors.js';
import { normaliseSnippet } from '../model/fingerprint.js';
import { normalisePath } from '../model/paths.js';
import { isObject, jsonType, type JsonObject } from './shape.js';
import type { Artifact, Category, Finding, Location } from '../model/types.js';
import { HEAD_CHARS, type SourceFile } from './source.js';
import type { ParseOptions } from './types.js';
import { quote } from '../util/quote.js';

export type Json = JsonObject;
export { isObject };

/** `v` must be an array; otherwise E_PARSE naming the key path and what was found (cf. shape.ts). */
export function expectArray(file: string, v: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(v)) throw parseError(file, path, `expected an array (got ${jsonType(v)})`);
  return v;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A positive integer (line/column numbers), else undefined. */
export function posInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

/** normalisePath with a cache: reports repeat the same few hundred paths thousands of times. */
export function pathNormaliser(options: ParseOptions): (raw: string) => string {
  const cache = new Map<string, string>();
  const opts = {
    ...(options.repoRoot !== undefined ? { repoRoot: options.repoRoot } : {}),
    ...(options.pathPrefixes !== undefined ? { pathPrefixes: options.pathPrefixes } : {}),
  };
  return (raw) => {
    let p = cache.get(raw);
    if (p === undefined) {
      p = normalisePath(raw, opts);
      cache.set(raw, p);
    }
    return p;
  };
}

/**
 * Fingerprints for one report. `content` is the tool's own stable fingerprint when it has a
 * real one, else rule + path + normalised snippet or message (never the line number, so the
 * fingerprint survives line shifts). The n-th repeat of the same fingerprint in the same
 * report gets `#n` folded in, so two identical issues in one file stay two findings after
 * de-duplication (GitHub's `primaryLocationLineHash` does the same with its `:n` suffix).
 *
 * Hashing: a 64-bit non-cryptographic hash (FNV-1a lanes per distinct text, cached, then
 * folded with a murmur3-style final mix) rather than model/fingerprint.ts's SHA-256:
 * fingerprints identify, they do not protect, and a SHA-256 hasher per finding was the
 * largest cost of normalising a 12 MB SARIF (see bench/cases/sarif.js). 64 bits keep the
 * chance of any collision among a million findings below one in ten million.
 */
export type Fingerprinter = (
  ruleId: string,
  path: string | undefined,
  /** The tool's own real fingerprint, when it has one. */
  own: string | undefined,
  snippet: string | undefined,
  message: string,
) => string;

export function fingerprinter(): Fingerprinter {
  const seen = new Map<number, number>();
  // Reports repeat the same rule ids, paths and messages thousands of times: hash each text once.
  const raw = new Map<string, Lanes>();
  const norm = new Map<string, Lanes>();
  const lanes = (cache: Map<string, Lanes>, text: string, normalise: boolean) => {
    let l = cache.get(text);
    if (l === undefined) {
      l = hashText(text, normalise);
      cache.set(text, l);
    }
    return l;
  };
  // The fold of rule and path, for the last pair seen: consecutive findings mostly share both.
  let foldR: Lanes | undefined;
  let foldP: Lanes | undefined;
  let foldA = 0;
  let foldB = 0;
  return (ruleId, path, own, snippet, message) => {
    let kind: number;
    let content: Lanes;
    if (own !== undefined) {
      kind = 1;
      content = lanes(raw, own, false);
    } else if (snippet !== undefined && !(content = lanes(norm, snippet, true)).empty) {
      kind = 2;
    } else {
      kind = 3;
      content = lanes(norm, message, true);
    }
    const r = lanes(raw, ruleId, false);
    const p = lanes(raw, path ?? '', false);
    // Fold the cached per-text lanes (murmur-style word mixing, fmix32 finish): no string is built.
    if (r !== foldR || p !== foldP) {
      foldR = r;
      foldP = p;
      foldA = mixA(mixA(mixA(mixA(0x9e3779b9, r.a), r.b), p.a), p.b);
      foldB = mixB(mixB(mixB(mixB(0x7f4a7c15, r.a), r.b), p.a), p.b);
    }
    let a = mixA(mixA(mixA(foldA, kind), content.a), content.b);
    let b = mixB(mixB(mixB(foldB, kind), content.a), content.b);
    a = fmix(a);
    b = fmix(b ^ a);
    // Exact repeats are keyed by 53 of the 64 bits; a clash there only adds a harmless `#n`.
    const key = a * 0x200000 + (b >>> 11);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    if (n > 0) {
      const a2 = fmix(mixA(mixA(a, b), n));
      b = fmix(mixB(mixB(b, a), n) ^ a2);
      a = a2;
    }
    return hex(a, b);
  };
}

function mixA(h: number, w: number): number {
  h = Math.imul(h ^ w, PRIME);
  return h ^ (h >>> 15);
}

function mixB(h: number, w: number): number {
  h = Math.imul(h ^ w, 0x5bd1e995);
  return h ^ (h >>> 13);
}

interface Lanes {
  a: number;
  b: number;
  /** The (normalised) text was empty. */
  empty: boolean;
}

const PRIME = 0x01000193;

/**
 * 64-bit FNV-1a over the UTF-16 code units, in two lanes with different seeds. With
 * `normalise`, the text is fed as model/fingerprint.ts's normaliseSnippet spells it
 * (whitespace runs folded, trimmed, lower-cased) without building that string; non-ASCII text
 * goes through normaliseSnippet itself.
 */
function hashText(text: string, normalise: boolean): Lanes {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  let fed = 0;
  let space = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (normalise) {
      if (c > 127) return hashText(normaliseSnippet(text), false);
      if (c === 32 || (c >= 9 && c <= 13)) {
        space = fed > 0;
        continue;
      }
      if (space) {
        a = Math.imul(a ^ 32, PRIME);
        b = Math.imul(b ^ 32, PRIME) ^ (b >>> 15);
        space = false;
      }
      if (c >= 65 && c <= 90) c += 32;
    }
    a = Math.imul(a ^ c, PRIME);
    b = Math.imul(b ^ c, PRIME) ^ (b >>> 15);
    fed++;
  }
  return { a, b, empty: fed === 0 };
}

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The character codes of the hex digits. */
const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** 16 lower-case hex digits of two 32-bit words, built as one flat string (table loads, no call per digit). */
function hex(a: number, b: number): string {
  const d = HEX_DIGITS;
  return String.fromCharCode(
    d[a >>> 28]!, d[(a >>> 24) & 15]!, d[(a >>> 20) & 15]!, d[(a >>> 16) & 15]!,
    d[(a >>> 12) & 15]!, d[(a >>> 8) & 15]!, d[(a >>> 4) & 15]!, d[a & 15]!,
    d[b >>> 28]!, d[(b >>> 24) & 15]!, d[(b >>> 20) & 15]!, d[(b >>> 16) & 15]!,
    d[(b >>> 12) & 15]!, d[(b >>> 8) & 15]!, d[(b >>> 4) & 15]!, d[b & 15]!,
  );
}

/**
 * Detection for plain line formats (gofmt -l, misspell): every non-empty line must pass
 * `test`. The complete lines of the head are checked first, so a large file of another
 * format is turned down without splitting its whole text.
 */
export function everyLineMatches(f: SourceFile, test: (line: string) => boolean): boolean {
  if (f.looksLikeJson) return false;
  const headLines = f.head.split(/\r?\n/).slice(0, -1).filter((l) => l !== '');
  if (!headLines.every(test)) return false;
  // No complete line in the 4 KiB head: a one-line XML or JSON report (pytest writes its JUnit
  // XML as one line), not a list of paths or `file:line:col: message` lines. Say no without
  // reading the rest of the file (a large report is read in pieces and never whole).
  if (headLines.length === 0 && !f.head.includes('\n') && f.head.length >= HEAD_CHARS) return false;
  const lines = f.text.split(/\r?\n/).filter((l) => l !== '');
  return lines.length > 0 && lines.every(test);
}

/**
 * A plain line format (gofmt -l, misspell) → one lint finding per non-empty line. `read`
 * returns the finding's location and message for a line, or undefined when the line does
 * not have the format's shape (then the file is E_PARSE at that line).
 */
export function lineFormatArtifact(
  f: SourceFile,
  options: ParseOptions,
  tool: string,
  expected: string,
  read: (line: string, normalise: (raw: string) => string) => { location: Location; message: string } | undefined,
): Artifact {
  const normalise = pathNormaliser(options);
  const fp = fingerprinter();
  const findings: Finding[] = [];
  f.text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const got = read(line, normalise);
    if (!got) throw parseError(f.path, `line ${i + 1}`, `expected ${expected}, got ${quote(line)}`);
    findings.push({
      ruleId: tool,
      severity: 'medium',
      category: 'lint',
      message: got.message,
      location: got.location,
      fingerprint: fp(tool, got.location.path, undefined, undefined, got.message),
      suppressed: false,
    });
  });
  return { format: tool, tool: { name: tool }, source: f.path, payload: { kind: 'findings', findings } };
}

/**
 * A file the tool could not scan (Bandit `errors`, Checkov `parsing_errors`): its code was not
 * checked, so it is a finding in the tool's category (rule `scan-error`, severity high) that the
 * gates counting the tool's findings fail on, and that names the file, rather than a pass.
 */
export function scanErrorFinding(fp: Fingerprinter, category: Category, path: string, message: string): Finding {
  return {
    ruleId: 'scan-error',
    severity: 'high',
    category,
    message,
    location: { path },
    fingerprint: fp('scan-error', path, undefined, undefined, message),
    suppressed: false,
    toolSeverity: 'error',
  };
}
