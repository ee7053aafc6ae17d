/**
 * The fast reading of `gatecheck evaluate …` (src/cli/fast-args.ts) against yargs: every
 * command line the fast path reads must give exactly what yargs gives for every option the CLI
 * reads; anything else must be left to yargs. Hand-picked lines, then a seeded random corpus.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastArgs } from '../../src/cli/fast-args.js';
import { EVALUATE_ARGS, runCli, VERSION, yargsArgs } from '../../src/cli/index.js';
import { ROOT } from '../helpers.js';

// Every key the CLI reads from a parsed command line (src/cli/index.ts, src/cli/ci.ts): `help` and
// `version` too, which yargs sets for lines that print instead of evaluating.
const KEYS = ['_', 'paths', 'help', 'version', ...Object.keys(EVALUATE_ARGS)];

async function agree(argv: string[]): Promise<'fast' | 'yargs'> {
  const fast = fastArgs(argv, EVALUATE_ARGS);
  if (fast === undefined) return 'yargs';
  if (fast === 'version') return 'fast';
  const y = await yargsArgs(argv).catch((e: Error) => ({ args: { error: e.message } as Record<string, unknown>, output: '' }));
  const pick = (a: Record<string, unknown>) => Object.fromEntries(KEYS.filter((k) => a[k] !== undefined).map((k) => [k, a[k]]));
  expect([argv, pick(y.args)]).toEqual([argv, pick(fast)]);
  return 'fast';
}

describe('fastArgs reads what yargs reads, or leaves it to yargs', () => {
  it('hand-picked command lines', async () => {
    const fast = [
      ['evaluate', 'examples/tests/junit.xml'],
      ['evaluate'],
      ['evaluate', 'a.xml', 'b/', '--config', 'p.yml', '-r', 'sarif=x.sarif', '--reporter=json=y.json', '-q'],
      ['evaluate', '--input', 'integration=it/*.xml', '--input', 'staging=st/*.xml', '--max-evidence', '5', 'r/'],
      ['evaluate', '--no-github', '--comment', '--comment-on-pass', 'short', '--comment-id', 'unit tests', '--pr', '31'],
      ['evaluate', '-f', 'junit', '--path-prefix', 'github.com/x/y', '--repo-root=/src', '--base', 'origin/main', '--today', '2025-06-01'],
      ['evaluate', '--json', '--debug', '--baseline', 'base.json', 'x'],
      ['evaluate', '--config=', 'x'],
      ['--version'],
    ];
    const slow = [
      ['--help'],
      ['evaluate', '--help'],
      ['evaluate', '-h'],
      ['evaluate', '--version'],
      ['inspect', 'x'],
      ['evaluate', '--bogus'],
      ['evaluate', '--config', 'a', '--config', 'b'],
      ['evaluate', '--config'],
      ['evaluate', '--config', '-q'],
      ['evaluate', '--max-evidence', 'many'],
      ['evaluate', '--comment-on-pass', 'sometimes'],
      ['evaluate', '--quiet', 'true'],
      ['evaluate', '--quiet=false'],
      ['evaluate', '-qc', 'p.yml'],
      ['evaluate', '--', '-x'],
      ['evaluate', '-'],
      ['evaluate', '--maxEvidence', '3'],
      ['evaluate', '--no-config'],
      ['evaluate', '--__proto__', 'x'],
      // `--OPT=` last on the line, OPT an option that takes one value per use (nargs): yargs
      // refuses it ("Not enough arguments following"), it is not an empty value.
      ['evaluate', 'a.xml', '--reporter='],
      ['evaluate', 'a.xml', '--baseline='],
      ['evaluate', '--input='],
      ['evaluate', 'a.xml', '--format='],
      ['evaluate', 'a.xml', '--path-prefix='],
    ];
    for (const a of fast) expect([a, await agree(a)]).toEqual([a, 'fast']);
    for (const a of slow) expect([a, await agree(a)]).toEqual([a, 'yargs']);
  });

  it('a seeded random corpus of 400 command lines', async () => {
    const pool = [
      '--config', '-c', '--reporter', '-r', '--input', '--format', '-f', '--quiet', '-q', '--no-quiet', '--json', '--no-github', '--github',
      '--comment', '--comment-on-pass', '--comment-id', '--pr', '--max-evidence', '--today', '--diff', '--base', '--baseline', '--repo-root',
      '--path-prefix', '--debug', '--repo', '--comment-author', 'full', 'short', 'a.xml', 'dir/', 'it/*.xml', 'x=y', '5', '0', '007', '1.5',
      'true', 'false', '', '-', '--', '--config=p.yml', '--max-evidence=7', '--pr=3', '--reporter=text', '--nope', '-z', 'evaluate',
      '--reporter=', '--baseline=', '--config=',
    ];
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const counts = { fast: 0, yargs: 0 };
    for (let i = 0; i < 400; i++) {
      const argv = ['evaluate'];
      for (let j = rand(7); j > 0; j--) argv.push(pool[rand(pool.length)]!);
      counts[await agree(argv)]++;
    }
    // Both paths are exercised: the comparison above ran on a good share of the lines.
    expect(counts.fast).toBeGreaterThan(60);
    expect(counts.yargs).toBeGreaterThan(60);
  });
});

describe('--version', () => {
  it('the bin (before loading the CLI), runCli and yargs all print package.json version', async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const bin = spawnSync(process.execPath, [join(ROOT, 'bin/gatecheck.cjs'), '--version'], { encoding: 'utf8' });
    let out = '';
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true }, env: {}, cwd: ROOT };
    expect(await runCli(['--version'], io)).toBe(0);
    const viaYargs = await yargsArgs(['evaluate', '--version']);
    expect([bin.stdout, out, viaYargs.output]).toEqual([`${version}\n`, `${version}\n`, version]);
    expect(VERSION).toBe(version);
  });
});
