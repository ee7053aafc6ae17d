import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIo } from '../src/cli/io.js';
import { runCli } from '../src/cli/index.js';

export const ROOT = new URL('..', import.meta.url).pathname;
export const FIXTURES = join(ROOT, 'fixtures');

export interface FixtureCase {
  /** parser id (the folder under fixtures/) */
  format: string;
  name: string;
  dir: string;
  /** the report file: the case folder's `input.*` */
  input: string;
  expected?: unknown;
  expectedError?: { code: string; message?: string };
}

/** Every fixture case: fixtures/<parser-id>/<case>/input.* with expected.json or expected-error.json. */
export function fixtureCases(): FixtureCase[] {
  const out: FixtureCase[] = [];
  for (const format of readdirSync(FIXTURES).sort()) {
    const fdir = join(FIXTURES, format);
    if (!statSync(fdir).isDirectory()) continue;
    for (const name of readdirSync(fdir).sort()) {
      const dir = join(fdir, name);
      if (!statSync(dir).isDirectory()) continue;
      const input = readdirSync(dir).find((f) => f.startsWith('input.'));
      if (!input) continue;
      const c: FixtureCase = { format, name, dir, input: join(dir, input) };
      const exp = join(dir, 'expected.json');
      const err = join(dir, 'expected-error.json');
      try {
        c.expected = JSON.parse(readFileSync(exp, 'utf8'));
      } catch {
        /* no expected.json */
      }
      try {
        c.expectedError = JSON.parse(readFileSync(err, 'utf8'));
      } catch {
        /* no expected-error.json */
      }
      out.push(c);
    }
  }
  return out;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process with captured streams. */
export async function cli(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; tty?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (stderr += s) },
    env: opts.env ?? {},
    cwd: opts.cwd ?? ROOT,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
