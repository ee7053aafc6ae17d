/**
 * Boundaries (issue 12, item 9): each band edge and the waiver's last day is tested on both
 * sides, so turning a `>=` into a `>` (or `<` into `<=`) fails a test.
 */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/config/load.js';
import { evaluate } from '../../src/gates/index.js';
import { severityFromScore } from '../../src/model/severity.js';
import { parseReport } from '../../src/parsers/index.js';

describe('security-severity bands (docs/findings-sarif-lint.md: ≥ 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low, 0 info)', () => {
  it.each([
    [10, 'critical'],
    [9.0, 'critical'],
    [8.99, 'high'],
    [8.9, 'high'],
    [7.0, 'high'],
    [6.99, 'medium'],
    [4.0, 'medium'],
    [3.99, 'low'],
    [0.1, 'low'],
    [0, 'info'],
    [-0.1, 'unknown'],
  ])('%s → %s', (score, severity) => {
    expect(severityFromScore(score)).toBe(severity);
  });

  it.each([
    ['9.0', 'critical'],
    ['8.9', 'high'],
    ['7.0', 'high'],
    ['6.9', 'medium'],
    ['4.0', 'medium'],
    ['3.9', 'low'],
    ['0.1', 'low'],
    ['0.0', 'info'],
  ])('a SARIF rule with security-severity "%s" gives %s', (score, severity) => {
    const sarif = JSON.stringify({
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'x', rules: [{ id: 'R', properties: { 'security-severity': score } }] } }, results: [{ ruleId: 'R', message: { text: 'm' } }] }],
    });
    const [a] = parseReport('r.sarif', sarif);
    expect(a!.payload.kind === 'findings' && a!.payload.findings[0]!.severity).toBe(severity);
  });
});

describe('a waiver applies up to and including its expires day (docs/findings-containers-secrets.md)', () => {
  const sarif = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'eslint' } }, results: [{ ruleId: 'no-eval', level: 'error', message: { text: 'm' } }] }] });
  const policy = loadPolicy(
    'gates:\n  - { id: lint, measure: findings.count, select: { categories: [lint] } }\nwaivers:\n  - { rule: no-eval, reason: "tracked in APP-1", expires: 2026-06-15 }\n',
    'test.yml',
  );
  it.each([
    ['2026-06-14', 'active', 'pass'],
    ['2026-06-15', 'active', 'pass'],
    ['2026-06-16', 'expired', 'fail'],
    ['2027-01-01', 'expired', 'fail'],
  ])('on %s it is %s and the gate is %s', (today, status, gate) => {
    const e = evaluate(parseReport('r.sarif', sarif), policy, { today });
    expect(e.waivers.map((w) => w.status)).toEqual([status]);
    expect(e.gates[0]!.status).toBe(gate);
  });
});
