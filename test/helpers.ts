import { mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CliIo } from '../src/cli/io.js';
import { runCli } from '../src/cli/index.js';
import { GatecheckError } from '../src/errors.js';
import type { Finding } from '../src/model/types.js';
import { candidates, parseReport, type ParseReportOptions } from '../src/parsers/index.js';
import { createSource } from '../src/parsers/source.js';

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
  /** What is wrong with the case folder itself (no input, no or unreadable expectation): the case must fail, not vanish. */
  broken?: string;
  /** The case's `FORMAT` file: a format that is never detected, passed as --format (e.g. diagnostics:go-vet). */
  forceFormat?: string;
  /** The case's `gatecheck.yml`, passed as --config (a policy's own diagnostics preset). */
  config?: string;
}

/** Folders under fixtures/ that hold no report cases. */
const NOT_CASES = new Set(['new-code', 'outputs', 'sources']);

/**
 * Every fixture case: fixtures/<parser-id>/<case>/input.* with expected.json or
 * expected-error.json. A case folder without an input, with neither expectation or with one
 * that is not valid JSON is returned with `broken` set, so the fixture test fails on it
 * (folders whose name starts with `_` hold other material and are not cases).
 */
export function fixtureCases(): FixtureCase[] {
  const out: FixtureCase[] = [];
  for (const format of readdirSync(FIXTURES).sort()) {
    const fdir = join(FIXTURES, format);
    if (!statSync(fdir).isDirectory() || NOT_CASES.has(format)) continue;
    for (const name of readdirSync(fdir).sort()) {
      const dir = join(fdir, name);
      if (name.startsWith('_') || !statSync(dir).isDirectory()) continue;
      const files = readdirSync(dir);
      const input = files.filter((f) => f.startsWith('input.'));
      const c: FixtureCase = { format, name, dir, input: join(dir, input[0] ?? 'input') };
      const problems: string[] = [];
      if (files.includes('FORMAT')) c.forceFormat = readFileSync(join(dir, 'FORMAT'), 'utf8').trim();
      if (files.includes('gatecheck.yml')) c.config = join(dir, 'gatecheck.yml');
      if (input.length !== 1) problems.push(input.length === 0 ? 'no input.* file' : `several input files: ${input.join(', ')}`);
      for (const [file, key] of [['expected.json', 'expected'], ['expected-error.json', 'expectedError']] as const) {
        if (!files.includes(file)) continue;
        try {
          c[key] = JSON.parse(readFileSync(join(dir, file), 'utf8'));
        } catch (e) {
          problems.push(`${file} is not valid JSON: ${(e as Error).message}`);
        }
      }
      if (!files.includes('expected.json') && !files.includes('expected-error.json')) problems.push('neither expected.json nor expected-error.json');
      if (files.includes('expected.json') && files.includes('expected-error.json')) problems.push('both expected.json and expected-error.json');
      if (c.expectedError !== undefined && typeof c.expectedError.code !== 'string') problems.push('expected-error.json has no "code"');
      if (problems.length > 0) c.broken = problems.join('; ');
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

/** The findings that parsing `text` (as `format`, else detected) gives, across its artifacts. */
export function parseFindings(text: string, format?: string, options: ParseReportOptions = {}): Finding[] {
  return parseReport('r', text, format ? { ...options, format } : options).flatMap((a) => (a.payload.kind === 'findings' ? a.payload.findings : []));
}

/** The parser ids whose detection claims `text`. */
export const claims = (text: string): string[] => candidates(createSource('x', text)).map((p) => p.id);

/** The GatecheckError that parsing `text` (as `format`, else detected) throws; fails the test when it throws none. */
export function parseFailure(text: string, format?: string, options: ParseReportOptions = {}): GatecheckError {
  try {
    parseReport('bad', text, format ? { ...options, format } : options);
  } catch (e) {
    expect(e).toBeInstanceOf(GatecheckError);
    return e as GatecheckError;
  }
  throw new Error('expected an error');
}

/** A fresh temporary folder (its real path) holding m.json: a model document with one test case of `status`. */
export function modelDir(status = 'passed', prefix = 'gatecheck-'): string {
  const d = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const doc = {
    gatecheck: 'model',
    schemaVersion: '1',
    artifacts: [{ format: 'junit', tool: { name: 'junit' }, source: 'junit.xml', payload: { kind: 'tests', cases: [{ suite: 's', name: 'a', status }] } }],
  };
  writeFileSync(join(d, 'm.json'), JSON.stringify(doc));
  return d;
}

/** An lcov report of one file, one DA line per source line, of at least `bytes` bytes (a large input for the CLI: src/cli/io.ts). */
export function lcovOfSize(bytes: number): string {
  const lines = ['SF:src/a.c'];
  let size = lines[0]!.length + 1;
  for (let n = 1; size < bytes; n++) {
    const l = `DA:${n},${n % 3}`;
    lines.push(l);
    size += l.length + 1;
  }
  lines.push('end_of_record');
  return `${lines.join('\n')}\n`;
}
