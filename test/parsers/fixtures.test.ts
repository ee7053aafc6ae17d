/**
 * Data-driven over fixtures/<parser-id>/<case>/: every real report is claimed by its own
 * parser and no other (cross-detection), and `gatecheck inspect --json` equals the case's
 * expected.json, whose numbers were counted outside gatecheck (see each case's SOURCE).
 * Malformed cases carry expected-error.json with the error code.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { candidates } from '../../src/parsers/index.js';
import { createSource } from '../../src/parsers/source.js';
import { cli, fixtureCases, ROOT } from '../helpers.js';

const cases = fixtureCases();

describe('fixtures', () => {
  it('exist', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const c of cases) {
    const rel = relative(ROOT, c.input);
    if (c.broken !== undefined) {
      it(`${c.format}/${c.name}: is a well-formed case folder`, () => {
        expect.fail(`fixtures/${c.format}/${c.name}: ${c.broken}`);
      });
      continue;
    }
    // A format that is never detected (a FORMAT file names it) is read with --format, and must not claim its file.
    const args = [...(c.forceFormat !== undefined ? ['--format', c.forceFormat] : []), ...(c.config !== undefined ? ['--config', relative(ROOT, c.config)] : [])];
    if (c.forceFormat !== undefined) {
      it(`${c.format}/${c.name}: not claimed by ${c.format} (read with --format ${c.forceFormat})`, () => {
        const src = createSource(rel, readFileSync(c.input, 'utf8'));
        expect(candidates(src).map((p) => p.id)).not.toContain(c.format);
      });
    }
    if (c.expected !== undefined) {
      if (c.forceFormat === undefined) {
        it(`${c.format}/${c.name}: claimed by ${c.format} and no other parser`, () => {
          const src = createSource(rel, readFileSync(c.input, 'utf8'));
          expect(candidates(src).map((p) => p.id)).toEqual([c.format]);
        });
      }
      it(`${c.format}/${c.name}: inspect --json matches expected.json`, async () => {
        const r = await cli(['inspect', rel, '--json', ...args]);
        // stderr holds exactly the report's warnings (expected.json lists them), nothing else
        const warnings = (c.expected as { warnings?: string[] }).warnings ?? [];
        expect(r.stderr).toBe(warnings.map((w) => `gatecheck: warning: ${rel}: ${w}\n`).join(''));
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout)).toEqual(c.expected);
      });
    }
    if (c.expectedError !== undefined) {
      it(`${c.format}/${c.name}: fails with ${c.expectedError.code}, one line, no stack`, async () => {
        const r = await cli(['inspect', rel, '--json', ...args]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(`[${c.expectedError!.code}]`);
        expect(r.stderr).toContain(rel);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        if (c.expectedError!.message) expect(r.stderr).toContain(c.expectedError!.message);
      });
    }
  }
});
