/**
 * The fuzz suite (issue 12; the contract is in CONTRIBUTING.md, "The fuzz contract").
 * fast-check draws a fixture (every fixtures/<format>/<case>/input.*, so a new format is
 * covered by its fixture folder alone) and a mutation of it (test/fuzz/mutate.ts: magic keys
 * and names, type swaps, huge and negative numbers, deep nesting, namespace prefixes,
 * truncation, BOM, UTF-16) and checks:
 * - parser level: the parse returns artifacts or throws a GatecheckError with a known code,
 *   naming the file, in one bounded line; within CASE_MS; a model no larger than the input
 *   allows; never a clean result from a mutant that keeps the report's meaning when the
 *   original had findings or failing tests, unless a warning says why;
 * - CLI level (`gatecheck inspect --json` in-process, the file written as bytes, UTF-16
 *   included): exit 0 or 2, no stack trace, one line per problem.
 *
 * `npm test` runs a few hundred seeded cases; `npm run fuzz` runs thousands.
 * GATECHECK_FUZZ_RUNS and GATECHECK_FUZZ_SEED choose the number of cases and the seed; a
 * failure prints the seed and path to replay it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import type { CliIo } from '../../src/cli/io.js';
import { parseReport } from '../../src/parsers/index.js';
import { badness, checkParse, seeds, warningsOf } from './contract.js';
import { mutate, utf16 } from './mutate.js';

const LONG = process.env['npm_lifecycle_event'] === 'fuzz';
const RUNS = Number(process.env['GATECHECK_FUZZ_RUNS'] ?? (LONG ? 6000 : 300));
const SEED = Number(process.env['GATECHECK_FUZZ_SEED'] ?? 20261204);
/** CLI runs write a file each: a tenth of the parser-level count. */
const CLI_RUNS = Math.max(20, Math.round(RUNS / 10));

const all = seeds();
const draw = fc.record({ seed: fc.nat(all.length - 1), op: fc.nat(), a: fc.nat(), b: fc.nat(), c: fc.nat() });

describe('fuzz: every fixture, mutated', () => {
  it('has fixtures of every kind of text to mutate', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(all.filter((s) => s.bad > 0).length).toBeGreaterThan(10);
  });

  it(`parser level: artifacts or one GatecheckError line, bounded, never a silent clean result (${RUNS} cases, seed ${SEED})`, () => {
    fc.assert(
      fc.property(draw, (d) => {
        const seed = all[d.seed]!;
        const m = mutate(seed.text, d);
        const problem = checkParse(seed, m.text, m.keepsMeaning);
        if (problem) throw new Error(`${seed.path}, ${m.mutation}: ${problem}`);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, 30_000 + RUNS * 100);

  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-fuzz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`CLI level: inspect exits 0 or 2, one line per problem, no stack trace (${CLI_RUNS} cases, UTF-16 included)`, async () => {
    await fc.assert(
      fc.asyncProperty(draw, fc.constantFrom('utf8', 'utf16le', 'utf16be'), async (d, encoding) => {
        const seed = all[d.seed]!;
        const m = mutate(seed.text, d);
        const ext = seed.path.slice(seed.path.lastIndexOf('.'));
        const file = join(dir, `mutant${ext}`);
        writeFileSync(file, encoding === 'utf8' ? Buffer.from(m.text, 'utf8') : utf16(m.text, encoding === 'utf16le' ? 'le' : 'be'));
        let stdout = '';
        let stderr = '';
        const io: CliIo = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: {}, cwd: dir };
        const code = await runCli(['inspect', file, '--json'], io);
        const where = `${seed.path}, ${m.mutation}, ${encoding}`;
        if (code !== 0 && code !== 2) throw new Error(`${where}: exit ${code}: ${stderr.slice(0, 300)}`);
        if (/\n\s+at /.test(stderr)) throw new Error(`${where}: a stack trace: ${stderr.slice(0, 300)}`);
        for (const line of stderr.split('\n').filter(Boolean)) {
          if (!line.startsWith('gatecheck: ')) throw new Error(`${where}: stderr line not from gatecheck: ${line.slice(0, 200)}`);
          if (line.length > 1500) throw new Error(`${where}: a stderr line of ${line.length} characters`);
        }
        if (code === 0) {
          JSON.parse(stdout); // whole, valid JSON
          // the same text through the library: what the CLI read is what the parser read
          if (m.keepsMeaning && seed.bad > 0) {
            const arts = parseReport(seed.path, m.text);
            if (badness(arts) === 0 && warningsOf(arts).length === 0) throw new Error(`${where}: clean result, no warning`);
          }
        }
      }),
      { numRuns: CLI_RUNS, seed: SEED, endOnFailure: true },
    );
  }, 30_000 + CLI_RUNS * 500);
});
