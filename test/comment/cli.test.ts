/**
 * `gatecheck evaluate --comment` and `gatecheck comment` in-process, in a simulated GitHub
 * Actions environment pointed at the local fake API: job summary, annotations, step outputs,
 * the comment, and the exit code contract when commenting fails.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers.js';
import { fakeGithub, type FakeApi } from './fake-servers.js';

const TOKEN = 'ghs_test_token_value_123';
const MODEL = 'fixtures/outputs/seed-pipeline/model.json';
const HEAD = 'fedcba9876543210fedcba9876543210fedcba98';
let server: FakeApi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function actionsEnv(api: FakeApi) {
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-actions-'));
  const event = join(dir, 'event.json');
  writeFileSync(event, JSON.stringify({ pull_request: { number: 31, head: { sha: HEAD } } }));
  const summary = join(dir, 'summary.md');
  const output = join(dir, 'output.txt');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  return {
    dir,
    summary,
    output,
    env: {
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'octo/shop',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_SHA: '1111111111111111111111111111111111111111',
      GITHUB_REF: 'refs/pull/31/merge',
      GITHUB_EVENT_PATH: event,
      GITHUB_API_URL: api.url,
      GITHUB_TOKEN: TOKEN,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
    },
  };
}

describe('CLI in GitHub Actions', () => {
  it('evaluate --comment: summary, annotations, outputs, one comment linked at the PR head', async () => {
    server = await fakeGithub();
    const a = actionsEnv(server);
    const run = await cli(['evaluate', MODEL, '--config', 'fixtures/outputs/seed-pipeline/policy.yml', '--today', '2025-06-01', '--comment'], { env: a.env });
    expect(run.code).toBe(1); // blocked
    expect(readFileSync(a.summary, 'utf8')).toMatch(/^### ⛔ gatecheck: blocked/);
    expect(readFileSync(a.output, 'utf8')).toBe('verdict=blocked\nexit-code=1\npassed=3\nfailed=6\nlogged=1\nskipped=3\nerrors=0\n');
    expect(run.stdout).toMatch(/^::error title=gatecheck%3A blocked::/m);
    expect(server.comments).toHaveLength(1);
    const body = server.comments[0]!.body;
    expect(body.startsWith('<!-- gatecheck:comment -->\n### ⛔ gatecheck: blocked')).toBe(true);
    expect(body).toContain(`https://github.com/octo/shop/blob/${HEAD}/routes/basketItems.js#L19`);
    expect(run.stderr).toMatch(/comment created on octo\/shop#31/);
    // Second run updates the same comment.
    const again = await cli(['evaluate', MODEL, '--config', 'fixtures/outputs/seed-pipeline/policy.yml', '--today', '2025-06-01', '--comment', '--reporter', 'json'], { env: a.env });
    expect(again.code).toBe(1);
    expect(server.comments).toHaveLength(1);
    expect(again.stderr).toMatch(/comment (updated|unchanged) on octo\/shop#31/);
    // With a JSON report on stdout, annotations go to stderr so stdout stays parseable.
    expect(() => JSON.parse(again.stdout) as unknown).not.toThrow();
    expect(again.stderr).toMatch(/^::error /m);
  });

  it('a fork PR (403) keeps the verdict exit code, explains, and prints no token', async () => {
    server = await fakeGithub();
    server.faults.push({ match: /^POST /, response: { status: 403, body: { message: 'Resource not accessible by integration' } } });
    const a = actionsEnv(server);
    const run = await cli(['evaluate', MODEL, '--today', '2025-06-01', '--comment'], { env: a.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not comment \(the verdict and exit code are unchanged\): .*read-only GITHUB_TOKEN.*\[E_API\]/);
    expect(run.stdout).toMatch(/^::warning title=gatecheck comment::/m);
    expect(readFileSync(a.summary, 'utf8')).toMatch(/gatecheck: blocked/);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('--no-github writes no summary or annotations', async () => {
    server = await fakeGithub();
    const a = actionsEnv(server);
    const run = await cli(['evaluate', MODEL, '--today', '2025-06-01', '--no-github'], { env: a.env });
    expect(run.code).toBe(1);
    expect(readFileSync(a.summary, 'utf8')).toBe('');
    expect(run.stdout).not.toMatch(/^::/m);
  });

  it('comment --evaluation re-renders a saved evaluation; short line or deletion on pass', async () => {
    server = await fakeGithub();
    const a = actionsEnv(server);
    const saved = join(a.dir, 'evaluation.json');
    await cli(['evaluate', MODEL, '--today', '2025-06-01', '--no-github', '--reporter', `json=${saved}`], { env: {} });
    const run = await cli(['comment', '--evaluation', saved, '--comment-id', 'unit tests', '--no-github'], { env: a.env });
    expect(run.code).toBe(1);
    expect(server.comments).toHaveLength(1);
    expect(server.comments[0]!.body).toMatch(/^<!-- gatecheck:comment:unit-tests -->\n### ⛔ gatecheck: blocked \(unit tests\)/);

    // A passing evaluation: --comment-on-pass short, then delete.
    const passed = { ...(JSON.parse(readFileSync(saved, 'utf8')) as Record<string, unknown>), verdict: 'passed', exitCode: 0 };
    writeFileSync(saved, JSON.stringify(passed));
    const short = await cli(['comment', '-e', saved, '--comment-id', 'unit tests', '--comment-on-pass', 'short', '--no-github'], { env: a.env });
    expect(short.code).toBe(0);
    expect(server.comments[0]!.body).toMatch(/gatecheck: passed \(unit tests\)\n\nAll \d+ evaluated gates passed/);
    await cli(['comment', '-e', saved, '--comment-id', 'unit tests', '--comment-on-pass', 'delete', '--no-github'], { env: a.env });
    expect(server.comments).toHaveLength(0);
  });

  it('comment --evaluation shows a saved evaluation\'s input warnings; one saved by an older build (without them) still renders', async () => {
    server = await fakeGithub();
    const a = actionsEnv(server);
    const saved = join(a.dir, 'evaluation.json');
    writeFileSync(join(a.dir, 'policy.yml'), 'version: 1\nextends: none\ngates:\n  - { id: tests.failed, measure: tests.failed, operator: "<=", threshold: 0, action: block }\n');
    const k6 = 'fixtures/k6-summary/handle-summary-thresholds-ok/input.json';
    const junit = 'fixtures/junit/gotestsum-package-failure/input.xml';
    await cli(['evaluate', junit, k6, '-c', join(a.dir, 'policy.yml'), '--no-github', '--reporter', `json=${saved}`, '-q'], { env: {} });
    const run = await cli(['comment', '--evaluation', saved, '--no-github'], { env: a.env });
    expect(run.code).toBe(1);
    const body = server.comments[0]!.body;
    expect(body).toContain(`- ${k6} (k6-summary, performance): read, but no gate of the policy measures it\n`);
    expect(body).toContain(`- ${junit}: line 2 column 1: &lt;testsuites name="test"&gt; declares 14 failure(s) and error(s), but 13 failing test case(s) were read in it\n`);
    // As an older build wrote it: no unread, no warnings.
    const doc = JSON.parse(readFileSync(saved, 'utf8')) as { unread?: unknown; inputs: Array<{ warnings?: unknown }> };
    delete doc.unread;
    for (const i of doc.inputs) delete i.warnings;
    writeFileSync(saved, JSON.stringify(doc));
    const older = await cli(['comment', '--evaluation', saved, '--no-github'], { env: a.env });
    expect(older.code).toBe(1);
    expect(server.comments).toHaveLength(1);
    expect(server.comments[0]!.body).toMatch(/^<!-- gatecheck:comment -->\n### ⛔ gatecheck: blocked/);
    expect(server.comments[0]!.body).not.toContain('Input warnings');
  });

  it('comment --evaluation rejects a file that is not an evaluation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-bad-'));
    writeFileSync(join(dir, 'x.json'), '{"gatecheck":"evaluation","schemaVersion":"1"}');
    const run = await cli(['comment', '--evaluation', join(dir, 'x.json')], { env: {} });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not a gatecheck evaluation .*verdict: is required.*\[E_PARSE\]/);
  });
});
