/**
 * A comment larger than the limit is shortened by dropping whole items, and every
 * "…and N more" says exactly how many were left out.
 */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/config/load.js';
import { evaluate } from '../../src/gates/index.js';
import type { Evaluation } from '../../src/gates/types.js';
import type { Artifact, Finding } from '../../src/model/types.js';
import { COMMENT_LIMIT, renderMarkdown } from '../../src/reporters/markdown.js';
import { githubSummaryReporter, JOB_SUMMARY_LIMIT } from '../../src/reporters/github-summary.js';

function finding(i: number, category: 'lint' | 'sast'): Finding {
  return {
    ruleId: `rule-${i % 17}`,
    severity: 'high',
    category,
    message: `${category} finding number ${i}: ${'a long message | with `code` and @people '.repeat(8)}`,
    location: { path: `src/module-${i % 50}/file-${i}.ts`, line: (i % 400) + 1 },
    fingerprint: `${category}-${i}`,
    suppressed: false,
  };
}

function bigEvaluation(perCategory: number, maxEvidence: number, gates = 2): Evaluation {
  const artifacts: Artifact[] = [
    { format: 'gatecheck-model', tool: { name: 'linter' }, source: 'lint.json', payload: { kind: 'findings', findings: Array.from({ length: perCategory }, (_, i) => finding(i, 'lint')) } },
    { format: 'gatecheck-model', tool: { name: 'sast' }, source: 'sast.json', payload: { kind: 'findings', findings: Array.from({ length: perCategory }, (_, i) => finding(i, 'sast')) } },
  ];
  const yaml = ['version: 1', 'extends: none', 'gates:'];
  for (let g = 0; g < gates; g++) {
    yaml.push(`  - { id: g${g}.count, title: "Gate ${g}", measure: findings.count, select: { categories: [${g % 2 ? 'sast' : 'lint'}] }, operator: "<=", threshold: 0, action: block }`);
  }
  return evaluate(artifacts, loadPolicy(yaml.join('\n'), 'test.yml'), { today: '2025-06-01', maxEvidence });
}

/** For each details section: the gate title, items shown and the N of "…and N more". */
function sections(md: string): Array<{ title: string; shown: number; more: number }> {
  return [...md.matchAll(/<details><summary>❌ <b>([^<]+)<\/b>[^\n]*\n([\s\S]*?)<\/details>/g)].map((m) => {
    const items = m[2]!.split('\n').filter((l) => l.startsWith('- '));
    const more = items.find((l) => l.startsWith('- …and '));
    return { title: m[1]!, shown: items.length - (more ? 1 : 0), more: more ? Number(/…and (\d+) more/.exec(more)![1]) : 0 };
  });
}

describe('comment size limit', () => {
  it('fits 65,536 characters and counts what it left out', () => {
    const e = bigEvaluation(3000, 3000);
    const full = renderMarkdown(e, { itemsPerGate: 3000, maxLength: Number.MAX_SAFE_INTEGER });
    expect(full.length).toBeGreaterThan(COMMENT_LIMIT); // the case really is over the limit
    const md = renderMarkdown(e, { itemsPerGate: 3000 });
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    const secs = sections(md);
    expect(secs).toHaveLength(2);
    for (const s of secs) {
      const gate = e.gates.find((g) => g.title === s.title)!;
      expect(gate.evidenceTotal).toBe(3000);
      expect(s.shown).toBeGreaterThan(0);
      expect(s.shown + s.more).toBe(3000);
    }
    expect(md).toMatch(/_Shortened to fit the size limit/);
    expect(md.match(/<details>/g)?.length).toBe(md.match(/<\/details>/g)?.length);
    expect(md.endsWith('\n')).toBe(true);
  });

  it('counts evidence the evaluation itself trimmed (maxEvidence)', () => {
    const e = bigEvaluation(40, 5);
    const secs = sections(renderMarkdown(e, { itemsPerGate: 10 }));
    for (const s of secs) expect(s).toMatchObject({ shown: 5, more: 35 });
  });

  it('drops whole sections, then table rows, with exact counts, when the limit is tiny', () => {
    const e = bigEvaluation(30, 30, 12);
    const md = renderMarkdown(e, { maxLength: 1500 });
    expect(md.length).toBeLessThanOrEqual(1500);
    const shownSections = sections(md).length;
    const omitted = /…and (\d+) more failing gates? without details/.exec(md);
    expect(shownSections + Number(omitted?.[1] ?? 0)).toBe(12);
    const tiny = renderMarkdown(e, { maxLength: 500 });
    expect(tiny.length).toBeLessThanOrEqual(500);
    expect(tiny).toMatch(/…and \d+ more gates\n/);
    expect(md).toMatch(/more failing gates without details/);
    const rows = tiny.split('\n').filter((l) => /^\| ❌/.test(l)).length;
    const moreRows = /…and (\d+) more gates\n/.exec(tiny);
    expect(rows + Number(moreRows?.[1] ?? 0)).toBe(12);
  });

  it('job summary counts UTF-8 bytes against 1 MiB', () => {
    const e = bigEvaluation(20000, 20000);
    const out = githubSummaryReporter.render(e, {});
    expect(new TextEncoder().encode(out).length).toBeLessThanOrEqual(JOB_SUMMARY_LIMIT);
    for (const s of sections(out)) expect(s.shown + s.more).toBe(20000);
  });
});
