/**
 * Small pure helpers shared by the findings parsers of the SARIF / lint family (sarif,
 * golangci-lint, checkstyle, eslint, semgrep, lines): typed access to untrusted JSON that
 * fails with a key path, and fingerprints that survive line shifts yet keep two identical
 * issues in one file apart.
 */
import { parseError } from '../errors.js';
import { fingerprintOf, normaliseSnippet } from '../model/fingerprint.js';
import { normalisePath } from '../model/paths.js';
import { isObject, jsonType, type JsonObject } from './shape.js';
import type { ParseOptions } from './types.js';

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
 */
export function fingerprinter(): (ruleId: string, path: string | undefined, content: string) => string {
  const seen = new Map<string, number>();
  return (ruleId, path, content) => {
    const base = fingerprintOf(ruleId, path, content);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : fingerprintOf(base, n);
  };
}

/** The content part of a fallback fingerprint: the snippet when there is one, else the message. */
export function contentKey(snippet: string | undefined, message: string): string {
  const s = normaliseSnippet(snippet);
  return s !== '' ? `s:${s}` : `m:${normaliseSnippet(message)}`;
}
