/**
 * Istanbul `coverage-final.json` (istanbul/nyc/jest/vitest/c8 `json` reporter): one
 * FileCoverage object per file, keyed by absolute path.
 * Format: istanbul-lib-coverage (https://github.com/istanbuljs/istanbuljs/tree/main/packages/istanbul-lib-coverage),
 * `{ path, statementMap, fnMap, branchMap, s, f, b }`; older nyc wraps it as `{ data: {…} }`.
 *
 * The totals equal istanbul's own json-summary (`FileCoverage#toSummary`):
 * - statements: every key of `s`, covered when > 0;
 * - lines: istanbul's `getLineCoverage` — each statement's start line, hits = the largest
 *   count of the statements starting on it;
 * - functions: every key of `f`; branches: every outcome in every `b` array, covered when > 0,
 *   placed on the line of `branchMap[k].loc.start` (else its first location), as the lcov
 *   reporter does.
 */
import { parseError } from '../errors.js';
import { normalisePath } from '../model/paths.js';
import type { Counter, FileCoverage } from '../model/types.js';
import { addLine, coverageArtifact, fileOf, sortedFiles } from './coverage-common.js';
import type { SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';
import { own } from '../util/own.js';
import { quote } from '../util/quote.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A `{ start: { line } }` location's line, or undefined. */
function startLine(loc: unknown): number | undefined {
  if (!isObj(loc) || !isObj(loc['start'])) return undefined;
  const l = loc['start']['line'];
  return typeof l === 'number' && Number.isInteger(l) ? l : undefined;
}

export function parseIstanbul(f: SourceFile, opts: ParseOptions) {
  const doc = f.json();
  if (!isObj(doc)) throw parseError(f.path, '$', 'expected an object of per-file coverage');
  const byPath = new Map<string, FileCoverage>();
  for (const [key, raw] of Object.entries(doc)) {
    const at = `[${quote(key)}]`;
    const fc = isObj(raw) && isObj(raw['data']) && !('s' in raw) ? raw['data'] : raw;
    if (!isObj(fc)) throw parseError(f.path, at, 'expected a file coverage object');
    const need = (k: string): Obj => {
      const v = fc[k];
      if (!isObj(v)) throw parseError(f.path, `${at}.${k}`, `expected an object (got ${Array.isArray(v) ? 'an array' : typeof v})`);
      return v;
    };
    const statementMap = need('statementMap');
    const s = need('s');
    const fnHits = need('f');
    const branchMap = need('branchMap');
    const b = need('b');
    const path = typeof fc['path'] === 'string' ? fc['path'] : key;
    const file = fileOf(byPath, normalisePath(path, opts));
    const statements: Counter = { covered: 0, total: 0 };
    for (const [id, hits] of Object.entries(s)) {
      if (typeof hits !== 'number') throw parseError(f.path, `${at}.s[${quote(id)}]`, `expected a hit count (got ${typeof hits})`);
      statements.total++;
      if (hits > 0) statements.covered++;
      const line = startLine(own(statementMap, id));
      if (line === undefined) continue; // istanbul skips statements it has no location for
      addLine(file, line, hits, 'max');
    }
    const functions: Counter = { covered: 0, total: 0 };
    for (const [id, hits] of Object.entries(fnHits)) {
      if (typeof hits !== 'number') throw parseError(f.path, `${at}.f[${quote(id)}]`, `expected a hit count (got ${typeof hits})`);
      functions.total++;
      if (hits > 0) functions.covered++;
    }
    for (const [id, arr] of Object.entries(b)) {
      if (!Array.isArray(arr)) throw parseError(f.path, `${at}.b[${quote(id)}]`, `expected an array of outcome counts (got ${typeof arr})`);
      const meta = own(branchMap, id);
      const line = isObj(meta)
        ? (startLine(meta['loc']) ?? (Array.isArray(meta['locations']) ? startLine(meta['locations'][0]) : undefined) ?? (typeof meta['line'] === 'number' ? meta['line'] : undefined))
        : undefined;
      if (line === undefined) throw parseError(f.path, `${at}.branchMap[${quote(id)}]`, 'branch without a location');
      const branches = (file.branches ??= {});
      const c = (branches[line] ??= { covered: 0, total: 0 });
      for (const hits of arr) {
        if (typeof hits !== 'number') throw parseError(f.path, `${at}.b[${quote(id)}]`, 'expected numbers');
        c.total++;
        if (hits > 0) c.covered++;
      }
    }
    file.statements = file.statements ? { covered: file.statements.covered + statements.covered, total: file.statements.total + statements.total } : statements;
    file.functions = file.functions ? { covered: file.functions.covered + functions.covered, total: file.functions.total + functions.total } : functions;
  }
  return coverageArtifact(f, 'istanbul', { name: 'istanbul' }, sortedFiles(byPath));
}

export const istanbulFormat = {
  id: 'istanbul',
  kind: 'coverage',
  description: 'Istanbul coverage-final.json (nyc, jest, vitest, c8 json reporter)',
  detect: (f) => f.looksLikeJson && /"statementMap"\s*:/.test(f.head) && /"fnMap"|"branchMap"|"s"\s*:/.test(f.text.slice(0, 1 << 20)),
} satisfies ParserFormat;

export const istanbul = /* @__PURE__ */ defineParser(istanbulFormat, {
  parse: parseIstanbul,
});
