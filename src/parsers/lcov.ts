/**
 * lcov tracefile (`.info`), as written by geninfo/lcov, gcovr --lcov, coverage.py lcov,
 * istanbul lcovonly, c8, Go converters and many more.
 * Spec: geninfo(1), section "TRACEFILE FORMAT"
 * (https://github.com/linux-test-project/lcov/blob/master/man/geninfo.1).
 *
 * - Totals are recomputed from DA and BRDA records; LF/LH/BRF/BRH/FNF/FNH summaries are
 *   ignored, as `lcov --summary` does.
 * - BRDA's taken count `-` means "the block was never run": the branch counts, uncovered.
 * - The same SF in several records (one per test name, or a concatenated tracefile) is merged:
 *   line hits and per-branch taken counts are summed, functions are merged by name — what
 *   `lcov -a` does.
 * - CRLF line endings, an empty `SF:` (kept as the empty path, as lcov does) and lcov 2's
 *   FNL/FNA function records are accepted; unknown record types are skipped (the format
 *   grows: VER, FNL, FNA, MCDC).
 * Line-based scanning (indexOf, no split) keeps large tracefiles at memory ~1× input.
 */
import { parseError } from '../errors.js';
import { normalisePath } from '../model/paths.js';
import { counterOf } from '../model/coverage.js';
import type { FileCoverage } from '../model/types.js';
import { eachLine } from './lines.js';
import { addLine, coverageArtifact, fileOf, sortedFiles } from './coverage-common.js';
import { detach, type SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';
import { quote } from '../util/quote.js';

/** Per-file state while reading records. */
interface Pending {
  file: FileCoverage;
  /**
   * BRDA records in file order: (line, block, branch) packed into one number (see LINE_LIMIT),
   * and the taken count. Kept as two flat number arrays (unboxed doubles) rather than a Map, so
   * the common case, where the ids never repeat, neither hashes nor allocates per record.
   */
  brKeys: number[];
  brTaken: number[];
  /** The packed keys are strictly increasing (geninfo's order: by line, then block, then branch). */
  brByLine: boolean;
  /** (block, branch) is strictly increasing (coverage.py's order: block ids count up across the file). */
  brByBlock: boolean;
  /** block × BRANCH_LIMIT + branch of the last record (for brByBlock). */
  brLastBlock: number;
  /** Branch ids too large to pack: `line,block,branch` → taken (summed). */
  brOdd: Map<string, number> | undefined;
  /** function name → hits (summed). */
  fns: Map<string, number>;
}

export function parseLcov(f: SourceFile, opts: ParseOptions) {
  const byPath = new Map<string, FileCoverage>();
  const pending = new Map<FileCoverage, Pending>();
  let cur: Pending | undefined;
  let lineNo = 0;
  let recordLine = 0;
  const fail = (msg: string): never => {
    throw parseError(f.path, `line ${lineNo}`, msg);
  };
  eachLine(f, (text, start, end) => {
    lineNo++;
    if (end === start) return;
    // Fast paths for the two records that make up nearly all of a large tracefile: numbers are
    // read from char codes, no substring is made (allocation, not parsing, dominates otherwise).
    // Anything unusual (`1.0` hits, a checksum-free oddity, a bad number) takes the general path.
    const c0 = text.charCodeAt(start);
    if (c0 === 68 /* D */ && cur && text.startsWith('DA:', start)) {
      const line = readUint(text, start + 3, end);
      const i = numEnd;
      if (line > 0 && text.charCodeAt(i) === 44 /* , */) {
        const hits = readUint(text, i + 1, end);
        if (hits >= 0 && (numEnd === end || text.charCodeAt(numEnd) === 44)) {
          addLine(cur.file, line, hits, 'sum');
          return;
        }
      }
    } else if (c0 === 66 /* B */ && cur && text.startsWith('BRDA:', start)) {
      const c1 = text.indexOf(',', start + 5);
      const c2 = c1 === -1 || c1 >= end ? -1 : text.indexOf(',', c1 + 1);
      const c3 = c2 === -1 || c2 >= end ? -1 : text.indexOf(',', c2 + 1);
      const line = c3 !== -1 && c3 < end ? readUint(text, start + 5, c1) : -1;
      const block = line >= 0 && numEnd === c1 ? readUint(text, c1 + 1, c2) : -1;
      const branch = block >= 0 && numEnd === c2 ? readUint(text, c2 + 1, c3) : -1;
      if (branch >= 0 && numEnd === c3 && line < LINE_LIMIT && block < BLOCK_LIMIT && branch < BRANCH_LIMIT) {
        const dash = text.charCodeAt(c3 + 1) === 45; /* - */
        const taken = dash ? 0 : readUint(text, c3 + 1, end);
        const stop = dash ? c3 + 2 : numEnd;
        if (taken >= 0 && (stop === end || text.charCodeAt(stop) === 44)) {
          addBranch(cur, line, block, branch, taken);
          return;
        }
      }
    }
    const colon = text.indexOf(':', start);
    const tag = colon === -1 || colon > end ? text.slice(start, end).trim() : text.slice(start, colon);
    const value = colon === -1 || colon > end ? '' : text.slice(colon + 1, end);
    switch (tag) {
      case 'SF': {
        if (cur) fail(`SF record starts before the previous record (line ${recordLine}) ended with end_of_record`);
        const file = fileOf(byPath, detach(normalisePath(value, opts)));
        let p = pending.get(file);
        if (!p) {
          p = { file, brKeys: [], brTaken: [], brByLine: true, brByBlock: true, brLastBlock: -1, brOdd: undefined, fns: new Map() };
          pending.set(file, p);
        }
        cur = p;
        recordLine = lineNo;
        break;
      }
      case 'DA': {
        if (!cur) fail('DA outside a record (no SF before it)');
        const c1 = value.indexOf(',');
        const c2 = value.indexOf(',', c1 + 1);
        const line = c1 > 0 ? toInt(value.slice(0, c1)) : undefined;
        const hits = c1 > 0 ? toHits(value.slice(c1 + 1, c2 === -1 ? undefined : c2)) : undefined;
        if (line === undefined || line < 1 || hits === undefined) fail(`malformed DA record ${quote(value)} (expected DA:<line>,<hits>[,<checksum>])`);
        addLine(cur!.file, line!, hits!, 'sum');
        break;
      }
      case 'BRDA': {
        if (!cur) fail('BRDA outside a record (no SF before it)');
        const parts = value.split(',');
        const line = toInt(parts[0] ?? '');
        // lcov 2 may append a branch expression after the taken count; the first four fields are fixed.
        const takenRaw = parts[3]?.trim();
        const taken = takenRaw === '-' ? 0 : toHits(takenRaw ?? '');
        if (parts.length < 4 || line === undefined || line < 0 || taken === undefined) {
          fail(`malformed BRDA record ${quote(value)} (expected BRDA:<line>,<block>,<branch>,<taken or ->)`);
        }
        const block = toInt(parts[1] ?? '');
        const branch = toInt(parts[2] ?? '');
        // Same packed key as the fast path when the ids are small integers, else a string.
        if (block !== undefined && branch !== undefined && block >= 0 && branch >= 0 && line! < LINE_LIMIT && block < BLOCK_LIMIT && branch < BRANCH_LIMIT) {
          addBranch(cur!, line!, block, branch, taken!);
        } else {
          const key = `${line},${parts[1]},${parts[2]}`;
          const odd = (cur!.brOdd ??= new Map());
          odd.set(key, (odd.get(key) ?? 0) + taken!);
        }
        break;
      }
      case 'FN': {
        if (!cur) fail('FN outside a record (no SF before it)');
        const c = value.indexOf(',');
        const name = value.slice(c + 1);
        // lcov 1: FN:<line>,<name>; lcov 2 may add an end line: FN:<line>,<end>,<name>.
        const c2 = name.indexOf(',');
        const fn = c2 !== -1 && /^\d+$/.test(name.slice(0, c2)) ? name.slice(c2 + 1) : name;
        addFunction(cur!, fn, 0);
        break;
      }
      case 'FNDA': {
        if (!cur) fail('FNDA outside a record (no SF before it)');
        const c = value.indexOf(',');
        const hits = c > 0 ? toHits(value.slice(0, c)) : undefined;
        if (hits === undefined) fail(`malformed FNDA record ${quote(value)} (expected FNDA:<hits>,<name>)`);
        addFunction(cur!, value.slice(c + 1), hits!);
        break;
      }
      case 'FNA': {
        // lcov 2: FNA:<index>,<hits>,<name>
        if (!cur) fail('FNA outside a record (no SF before it)');
        const [idx, hitsRaw, ...rest] = value.split(',');
        const hits = toHits(hitsRaw ?? '');
        if (hits === undefined) fail(`malformed FNA record ${quote(value)} (expected FNA:<index>,<hits>,<name>)`);
        addFunction(cur!, rest.join(',') || `#${idx}`, hits!);
        break;
      }
      case 'end_of_record':
        if (!cur) fail('end_of_record without a record');
        cur = undefined;
        break;
      default:
        // TN, VER, FNL (lcov 2 function lines; FNA carries the hits), LF/LH, BRF/BRH, FNF/FNH (summaries, recomputed), MCDC and future record types.
        if (!/^[A-Z_a-z]+$/.test(tag)) fail(`not an lcov record: ${quote(text.slice(start, Math.min(end, start + 200)), 60)}`);
    }
  });
  if (cur) {
    throw parseError(f.path, `line ${lineNo} (end of file)`, `the record for "${cur.file.path}" (line ${recordLine}) has no end_of_record (truncated file?)`);
  }
  for (const p of pending.values()) {
    if (p.brKeys.length > 0 || p.brOdd) {
      const branches: Record<number, { covered: number; total: number }> = {};
      // A new counter each time, never an increment in place: the entry may be one of
      // counterOf's shared, frozen counters (a line with both packed and odd ids: BRDA:3,-1,0,1).
      const count = (line: number, taken: number): void => {
        const b = branches[line];
        branches[line] = counterOf((b?.covered ?? 0) + (taken > 0 ? 1 : 0), (b?.total ?? 0) + 1);
      };
      const { brKeys: keys, brTaken: taken } = p;
      if ((p.brByLine || p.brByBlock) && keys.length > 0) {
        // Every (line, block, branch) occurs once: nothing to merge. Count per line in scratch
        // arrays, then make the line entries in ascending order: coverage.py lists branches by
        // block id, lines out of order, and inserting sparse index keys out of order into an
        // object costs ~1 µs each in V8 (the elements store is regrown and rescanned).
        let max = 0;
        for (let i = 0; i < keys.length; i++) max = Math.max(max, lineOf(keys[i]!));
        if (max < SCRATCH_LINES) {
          if (scratchTotal.length <= max) {
            scratchTotal = new Uint32Array(Math.min(SCRATCH_LINES, Math.max(2 * scratchTotal.length, max + 1)));
            scratchCovered = new Uint32Array(scratchTotal.length);
          }
          const total = scratchTotal;
          const covered = scratchCovered;
          for (let i = 0; i < keys.length; i++) {
            const line = lineOf(keys[i]!);
            total[line]!++;
            if (taken[i]! > 0) covered[line]!++;
          }
          for (let line = 0; line <= max; line++) {
            if (total[line] === 0) continue;
            branches[line] = counterOf(covered[line]!, total[line]!);
            total[line] = 0;
            covered[line] = 0;
          }
        } else {
          for (let i = 0; i < keys.length; i++) count(lineOf(keys[i]!), taken[i]!);
        }
      } else {
        // Repeated ids (several records for one file, or an unordered file): sum per branch first.
        const merged = new Map<number, number>();
        for (let i = 0; i < keys.length; i++) merged.set(keys[i]!, (merged.get(keys[i]!) ?? 0) + taken[i]!);
        for (const [key, t] of merged) count(lineOf(key), t);
      }
      if (p.brOdd) for (const [key, t] of p.brOdd) count(Number(key.slice(0, key.indexOf(','))), t);
      p.file.branches = branches;
    }
    if (p.fns.size > 0) {
      let covered = 0;
      for (const h of p.fns.values()) if (h > 0) covered++;
      p.file.functions = { covered, total: p.fns.size };
    }
  }
  return coverageArtifact(f, 'lcov', { name: 'lcov' }, sortedFiles(byPath));
}

// Packing (line, block, branch) into one exact double: 2^26 × 2^17 × 2^10 = 2^53.
const LINE_LIMIT = 2 ** 26;
const BLOCK_LIMIT = 2 ** 17;
const BRANCH_LIMIT = 2 ** 10;
const LINE_UNIT = BLOCK_LIMIT * BRANCH_LIMIT;

/** Per-line branch counts of one file while its entries are made (reused; zeroed after each file). */
const SCRATCH_LINES = 1 << 20;
let scratchTotal = new Uint32Array(1024);
let scratchCovered = new Uint32Array(1024);

/**
 * The line of a packed key, as a small integer (line < 2^26, so `| 0` is an exact floor):
 * a float index (Math.floor's result) makes every `branches[line]` lookup take V8's slow keyed path.
 */
const lineOf = (key: number): number => (key / LINE_UNIT) | 0;

/**
 * Add `hits` to a function of the file (by name, summed across records). A new name is kept
 * detached from its piece of text: ~40k function names held every 64 KiB piece of a 25 MB
 * tracefile alive until the end of the parse.
 */
function addFunction(p: Pending, name: string, hits: number): void {
  const seen = p.fns.get(name);
  if (seen === undefined) p.fns.set(detach(name), hits);
  else p.fns.set(name, seen + hits);
}

/** Append one packed-id BRDA record to the file's list, tracking whether the ids can repeat. */
function addBranch(p: Pending, line: number, block: number, branch: number, taken: number): void {
  const bb = block * BRANCH_LIMIT + branch;
  const key = line * LINE_UNIT + bb;
  const n = p.brKeys.length;
  if (n > 0 && key <= p.brKeys[n - 1]!) p.brByLine = false;
  if (bb <= p.brLastBlock) p.brByBlock = false;
  p.brLastBlock = bb;
  p.brKeys.push(key);
  p.brTaken.push(taken);
}

/** Where the last readUint stopped. */
let numEnd = 0;

/** A run of decimal digits at `i` (before `end`) as a number, or -1 when there is none; sets numEnd. */
function readUint(text: string, i: number, end: number): number {
  let n = 0;
  const from = i;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  numEnd = i;
  return i === from ? -1 : n;
}

function toInt(s: string): number | undefined {
  const n = Number(s);
  return s.trim() !== '' && Number.isInteger(n) ? n : undefined;
}

/** Hit counts: non-negative numbers (some converters write `1.0`). */
function toHits(s: string): number | undefined {
  const n = Number(s);
  return s.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

export const lcovFormat = {
  id: 'lcov',
  kind: 'coverage',
  description: 'lcov tracefile (.info): geninfo, gcovr, coverage.py, istanbul/nyc/c8, …',
  detect: (f) => /^(?:TN|SF|VER):/.test(f.head) && /^(?:SF:|DA:|end_of_record)/m.test(f.head),
} satisfies ParserFormat;

export const lcov = /* @__PURE__ */ defineParser(lcovFormat, {
  parse: parseLcov,
});
