/**
 * The fuzz contract (CONTRIBUTING.md, "The fuzz contract"), checked on one mutant.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isGatecheckError, type ErrorCode } from '../../src/errors.js';
import type { Artifact } from '../../src/model/types.js';
import { parseReport } from '../../src/parsers/index.js';
import { FIXTURES, ROOT } from '../helpers.js';
import { kindOf } from './mutate.js';

export const KNOWN_CODES: readonly ErrorCode[] = ['E_DETECT', 'E_PARSE', 'E_INPUT'];

/** Wall-clock limit for one parse of one mutant (the machine is shared and slow: generous, but far below a runaway loop). */
export const CASE_MS = 4000;

export interface Seed {
  /** path relative to the repository root */
  path: string;
  text: string;
  /** findings + failing tests of the unmutated report (0 when it does not parse) */
  bad: number;
}

/** Every fixture report (fixtures/<format>/<case>/input.*) that is text. */
export function seeds(): Seed[] {
  const out: Seed[] = [];
  for (const format of readdirSync(FIXTURES).sort()) {
    const fdir = join(FIXTURES, format);
    if (!statSync(fdir).isDirectory()) continue;
    for (const name of readdirSync(fdir).sort()) {
      const dir = join(fdir, name);
      if (!statSync(dir).isDirectory()) continue;
      for (const f of readdirSync(dir)) {
        if (!f.startsWith('input.')) continue;
        const bytes = readFileSync(join(dir, f));
        if (bytes.includes(0)) continue; // binary (the malformed PNG): not text to mutate
        const path = relative(ROOT, join(dir, f));
        const text = bytes.toString('utf8');
        let bad = 0;
        try {
          bad = badness(parseReport(path, text));
        } catch {
          /* a malformed case */
        }
        out.push({ path, text, bad });
      }
    }
  }
  return out;
}

/** What a gate would stop on: findings (suppressed or not) and failing tests. */
export function badness(artifacts: readonly Artifact[]): number {
  let n = 0;
  for (const a of artifacts) {
    const p = a.payload;
    if (p.kind === 'findings') n += p.findings.length;
    else if (p.kind === 'tests') n += p.cases.filter((c) => c.status === 'failed' || c.status === 'errored').length;
  }
  return n;
}

export function warningsOf(artifacts: readonly Artifact[]): string[] {
  return artifacts.flatMap((a) => a.warnings ?? []);
}

/** Elements of the model (lines, branches, findings, cases, metrics): bounded by the input's size, so memory is too. */
export function modelSize(artifacts: readonly Artifact[]): number {
  let n = 0;
  for (const a of artifacts) {
    const p = a.payload;
    if (p.kind === 'findings') n += p.findings.length;
    else if (p.kind === 'tests') n += p.cases.length;
    else if (p.kind === 'performance') n += p.metrics.length;
    else if (p.kind === 'metrics') n += Object.keys(p.metrics).length;
    else for (const f of p.files) n += 1 + Object.keys(f.lines).length + Object.keys(f.branches ?? {}).length;
  }
  return n;
}

/** The problem with parsing `text` (a mutant of `seed`), or undefined when the contract holds. */
export function checkParse(seed: Seed, text: string, keepsMeaning: boolean): string | undefined {
  const t0 = performance.now();
  let artifacts: Artifact[] | undefined;
  let problem: string | undefined;
  try {
    artifacts = parseReport(seed.path, text);
  } catch (e) {
    if (!isGatecheckError(e)) {
      const err = e as Error;
      problem = `crash: ${err?.name}: ${String(err?.message).slice(0, 200)} ${String(err?.stack).split('\n').slice(1, 3).join(' ').trim()}`;
    } else if (!KNOWN_CODES.includes(e.code)) problem = `unexpected code ${e.code}: ${e.format().slice(0, 200)}`;
    else if (e.file !== seed.path) problem = `error does not name the file: ${e.format().slice(0, 200)}`;
    else if (e.format().includes('\n')) problem = `error is not one line: ${JSON.stringify(e.format().slice(0, 200))}`;
    else if (e.format().length > 1000) problem = `error line of ${e.format().length} characters`;
  }
  const ms = performance.now() - t0;
  if (ms > CASE_MS) problem = `took ${Math.round(ms)} ms${problem ? `; ${problem}` : ''}`;
  if (problem || !artifacts) return problem;
  const size = modelSize(artifacts);
  if (size > 4 * text.length + 100) return `model of ${size} elements from ${text.length} characters`;
  if (keepsMeaning && seed.bad > 0 && badness(artifacts) === 0 && warningsOf(artifacts).length === 0) {
    return `clean result (no findings, no failing tests) from a report with ${seed.bad}, and no warning`;
  }
  return undefined;
}

export { kindOf };
