/**
 * lcov BRDA merging (geninfo(1) "TRACEFILE FORMAT"; `lcov -a` sums the taken counts of the same
 * (line, block, branch) across records). The parser skips the merge when the ids cannot repeat
 * (sorted by line as geninfo writes them, or by block as coverage.py writes them) and merges
 * otherwise; these small documents pin both paths. Expected counters are worked out by hand
 * from the records shown.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/parsers/index.js';
import type { CoveragePayload } from '../../src/model/types.js';

function branchesOf(text: string): Record<string, unknown> {
  const [a] = parseReport('t.info', text, { format: 'lcov' });
  const p = a!.payload as CoveragePayload;
  return Object.fromEntries(p.files.map((f) => [f.path, f.branches]));
}

describe('lcov BRDA', () => {
  it('counts coverage.py order (block ids ascending, lines out of order) without merging', () => {
    const t = 'SF:a.py\nBRDA:0,0,0,-\nBRDA:323,0,1,-\nBRDA:339,1,0,3\nBRDA:365,1,1,-\nBRDA:360,2,0,1\nend_of_record\n';
    expect(branchesOf(t)).toEqual({
      'a.py': { 0: { covered: 0, total: 1 }, 323: { covered: 0, total: 1 }, 339: { covered: 1, total: 1 }, 360: { covered: 1, total: 1 }, 365: { covered: 0, total: 1 } },
    });
  });

  it('sums taken counts of the same branch across records of one file', () => {
    // (3,0,0): 1 → covered; (3,0,1): - then 2 → covered; (5,0,0): 0 → not covered.
    const t = 'SF:a.c\nBRDA:3,0,0,1\nBRDA:3,0,1,-\nend_of_record\nSF:a.c\nBRDA:3,0,1,2\nBRDA:5,0,0,0\nend_of_record\n';
    expect(branchesOf(t)).toEqual({ 'a.c': { 3: { covered: 2, total: 2 }, 5: { covered: 0, total: 1 } } });
  });

  it('merges a branch repeated out of order within one record', () => {
    // (3,0,0) listed twice: 0 + 1 → one covered branch, not two.
    const t = 'SF:a.c\nBRDA:3,0,0,0\nBRDA:4,0,0,0\nBRDA:3,0,0,1\nend_of_record\n';
    expect(branchesOf(t)).toEqual({ 'a.c': { 3: { covered: 1, total: 1 }, 4: { covered: 0, total: 1 } } });
  });
});
