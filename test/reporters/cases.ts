/**
 * One fixtures/outputs/<case>/ folder read and evaluated as test/reporters/outputs.test.ts
 * describes; shared by the reporter tests (a plain module: importing a test file registers its
 * tests again in the importer).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPolicy, loadPolicy } from '../../src/config/load.js';
import { parseUnifiedDiff } from '../../src/diff/unified.js';
import { evaluate } from '../../src/gates/index.js';
import type { Evaluation } from '../../src/gates/types.js';
import { parseReport } from '../../src/parsers/index.js';
import type { RenderOptions } from '../../src/reporters/types.js';
import { ROOT } from '../helpers.js';

export function caseEvaluation(dir: string): { evaluation: Evaluation; options: RenderOptions } {
  const listPath = join(dir, 'reports.json');
  const paths = existsSync(listPath) ? (JSON.parse(readFileSync(listPath, 'utf8')) as string[]) : [join(dir, 'model.json').slice(ROOT.length)];
  const artifacts = paths.flatMap((p) => parseReport(p, readFileSync(join(ROOT, p), 'utf8')));
  const policyPath = join(dir, 'policy.yml');
  const policy = existsSync(policyPath) ? loadPolicy(readFileSync(policyPath, 'utf8'), 'policy.yml') : defaultPolicy();
  const opts = existsSync(join(dir, 'options.json')) ? (JSON.parse(readFileSync(join(dir, 'options.json'), 'utf8')) as RenderOptions & { today?: string }) : {};
  const diffPath = join(dir, 'diff.patch');
  const diff = existsSync(diffPath) ? { added: parseUnifiedDiff(readFileSync(diffPath, 'utf8'), 'diff.patch').added, source: '--diff diff.patch' } : undefined;
  const evaluation = evaluate(artifacts, policy, { today: opts.today ?? '2025-06-01', ...(diff ? { diff } : {}) });
  const { today: _t, ...options } = opts;
  return { evaluation, options };
}
