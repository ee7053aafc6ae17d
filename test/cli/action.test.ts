/**
 * The GitHub Action run as a runner runs it: `node action/index.mjs` with the INPUT_* variables,
 * GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH and GITHUB_API_URL pointing at the local
 * stand-in of the GitHub API. The bundle is built here, from the sources, into a temp folder
 * (the committed action/index.mjs may lag the sources until it is regenerated; .ci/run checks it).
 * Expected verdict and counts: the seed-pipeline case's (fixtures/outputs/seed-pipeline, whose
 * numbers test/comment/cli.test.ts also checks through the CLI).
 */
import { execFile, spawnSync } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { outputText, stepExitCode } from '../../src/cli/action.js';
import { fakeGithub, type FakeApi } from '../comment/fake-servers.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const TOKEN = 'ghs_test_token_value_123';
const HEAD = 'fedcba9876543210fedcba9876543210fedcba98';
let dir: string;
let entry: string;
let server: FakeApi | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatecheck-action-'));
  await run(process.execPath, [join(ROOT, 'scripts/build.mjs'), 'action-dist', '--outdir', join(dir, 'bundle')], { cwd: ROOT });
  entry = join(dir, 'bundle', 'index.mjs');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** $GITHUB_OUTPUT read as the runner reads it: `name=value` lines and `name<<DELIM` … `DELIM` blocks. */
function readOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`no closing delimiter for ${heredoc[1]}`);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else {
      const eq = line.indexOf('=');
      out[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return out;
}

async function step(event: 'pull_request' | 'push', inputs: Record<string, string>, main = entry) {
  const ev = join(dir, `${event}.json`);
  writeFileSync(ev, JSON.stringify(event === 'pull_request' ? { pull_request: { number: 31, head: { sha: HEAD } } } : { ref: 'refs/heads/main', after: HEAD }));
  const output = join(dir, 'output.txt');
  const summary = join(dir, 'summary.md');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: ev,
    GITHUB_REPOSITORY: 'octo/shop',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: '1111111111111111111111111111111111111111',
    GITHUB_REF: event === 'pull_request' ? 'refs/pull/31/merge' : 'refs/heads/main',
    GITHUB_API_URL: server!.url,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    // The action.yml defaults, as the runner passes them (names upper-cased, hyphens kept).
    'INPUT_GITHUB-TOKEN': TOKEN,
    INPUT_COMMENT: 'auto',
    'INPUT_COMMENT-ON-PASS': 'full',
    'INPUT_FAIL-ON': 'any',
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  let code = 0;
  let stdout = '';
  let stderr = '';
  try {
    ({ stdout, stderr } = await run(process.execPath, [main], { cwd: ROOT, env }));
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    ({ code, stdout, stderr } = x);
  }
  return { code, stdout, stderr, outputs: readOutputs(readFileSync(output, 'utf8')), summary: readFileSync(summary, 'utf8') };
}

const SEED = {
  paths: "'fixtures/outputs/seed-pipeline/model.json'",
  config: 'fixtures/outputs/seed-pipeline/policy.yml',
  // Quoted as in a shell: a value that kept its quotes would be no date and fail the run.
  args: `--today '2025-06-01' --max-evidence "20"`,
};

describe('the Action bundle, run as the runner runs it', () => {
  it("standard error that cannot be written: exit 2 (a crash is never Node's 7 nor a verdict)", () => {
    const readOnly = openSync(join(ROOT, 'package.json'), 'r');
    try {
      // A missing report is an error printed on standard error, whose write then fails (EBADF).
      const r = spawnSync(process.execPath, [entry], { cwd: ROOT, stdio: ['ignore', 'pipe', readOnly], env: { PATH: process.env['PATH'] ?? '', INPUT_PATHS: 'no-such-report.json', INPUT_COMMENT: 'false' } });
      expect(r.status).toBe(2);
    } finally {
      closeSync(readOnly);
    }
  });

  it('pull_request: outputs, job summary, one comment upserted across two runs, exit code per fail-on', async () => {
    server = await fakeGithub();
    const first = await step('pull_request', SEED);
    expect(first.stderr).not.toMatch(/E_USAGE|E_INTERNAL/);
    expect(first.code).toBe(1); // blocked, fail-on any
    expect(first.outputs).toEqual({ verdict: 'blocked', 'exit-code': '1', passed: '3', failed: '6', logged: '1', skipped: '3', errors: '0' });
    expect(first.summary).toMatch(/^### ⛔ gatecheck: blocked/);
    expect(first.stdout).toMatch(/^::error title=gatecheck%3A blocked::/m);
    expect(server.comments).toHaveLength(1);
    expect(server.comments[0]!.body.startsWith('<!-- gatecheck:comment -->\n### ⛔ gatecheck: blocked')).toBe(true);
    expect(server.comments[0]!.body).toContain(`https://github.com/octo/shop/blob/${HEAD}/`);
    expect(first.stderr).toMatch(/comment created on octo\/shop#31/);
    expect(first.stdout + first.stderr).not.toContain(TOKEN);

    const second = await step('pull_request', { ...SEED, 'fail-on': 'never' });
    expect(second.code).toBe(0); // fail-on never
    expect(second.outputs['verdict']).toBe('blocked');
    expect(server.comments).toHaveLength(1);
    expect(second.stderr).toMatch(/comment (updated|unchanged) on octo\/shop#31/);
  });

  it('push: no comment and no warning with comment: auto; still outputs and summary', async () => {
    server = await fakeGithub();
    const r = await step('push', SEED);
    expect(r.code).toBe(1);
    expect(r.outputs['verdict']).toBe('blocked');
    expect(r.summary).toMatch(/^### ⛔ gatecheck: blocked/);
    expect(server.requests).toHaveLength(0);
    expect(r.stdout + r.stderr).not.toMatch(/::warning|could not comment/);
  });

  it('an input it cannot use: exit 2, verdict error, one line naming the input', async () => {
    server = await fakeGithub();
    const r = await step('pull_request', { ...SEED, args: "--input integration='it/*.xml" });
    expect(r.code).toBe(2);
    expect(r.outputs).toEqual({ verdict: 'error', 'exit-code': '2' });
    expect(r.stderr.trim()).toBe("gatecheck action: args: unterminated ' quote at character 21");
    const bad = await step('pull_request', { ...SEED, 'fail-on': 'sometimes' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/fail-on: one of any, blocking, error, never \(got "sometimes"\)/);
  });

  it('an error after the evaluation (the comment client missing from the bundle): exit 2, verdict error, the gate counts kept', async () => {
    server = await fakeGithub();
    const broken = join(dir, 'broken');
    cpSync(join(dir, 'bundle'), broken, { recursive: true });
    rmSync(join(broken, 'octokit.mjs'));
    const r = await step('pull_request', SEED, join(broken, 'index.mjs'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/octokit\.mjs.*\[E_INTERNAL\]/);
    expect(r.outputs).toEqual({ verdict: 'error', 'exit-code': '2', passed: '3', failed: '6', logged: '1', skipped: '3', errors: '0' });
    expect(server.comments).toHaveLength(0);
  });

  it('an unreadable report: exit 2 and verdict error even with fail-on blocking', async () => {
    server = await fakeGithub();
    const r = await step('push', { paths: 'no/such/report.xml', 'fail-on': 'blocking' });
    expect(r.code).toBe(2);
    expect(r.outputs).toEqual({ verdict: 'error', 'exit-code': '2' });
  });
});

describe('Action helpers', () => {
  it('fail-on maps gatecheck exit codes to the step exit code', () => {
    const codes = [0, 1, 2, 3, 4];
    expect(codes.map((c) => stepExitCode(c, 'any'))).toEqual([0, 1, 2, 3, 4]);
    expect(codes.map((c) => stepExitCode(c, 'blocking'))).toEqual([0, 1, 2, 0, 4]);
    expect(codes.map((c) => stepExitCode(c, 'error'))).toEqual([0, 0, 2, 0, 0]);
    expect(codes.map((c) => stepExitCode(c, 'never'))).toEqual([0, 0, 0, 0, 0]);
  });

  it('outputs use the delimiter form, so a value with newlines stays one output', () => {
    const text = outputText([['verdict', 'blocked'], ['note', 'two\nlines']], 'EOF_X');
    expect(text).toBe('verdict<<EOF_X\nblocked\nEOF_X\nnote<<EOF_X\ntwo\nlines\nEOF_X\n');
    expect(readOutputs(text)).toEqual({ verdict: 'blocked', note: 'two\nlines' });
    expect(() => outputText([['x', 'a EOF_X b']], 'EOF_X')).toThrow(/delimiter/);
  });
});
