/**
 * The PR comment links each finding and each uncovered new line to the file at the head
 * commit, when the CI environment names the repository and commit. The CLI reads the
 * environment (GitHub: GITHUB_SERVER_URL, GITHUB_REPOSITORY, the pull request's head sha
 * from the event or GITHUB_SHA; GitLab: CI_PROJECT_URL, CI_COMMIT_SHA); the reporter only
 * gets `links`. Paths are percent-encoded in the URL and escaped in the link text.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/config/load.js';
import { evaluate } from '../../src/gates/index.js';
import { computeTotals } from '../../src/model/coverage.js';
import type { Artifact } from '../../src/model/types.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { cli } from '../helpers.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const odd = 'src/my dir/(a)#b[1].ts';
const oddUrl = 'src/my%20dir/(a)%23b%5B1%5D.ts';

function artifacts(): Artifact[] {
  const files = [{ path: odd, lines: { 1: 1, 2: 0, 3: 0, 7: 0 } }];
  return [
    { format: 'lcov', tool: { name: 'lcov' }, source: 'lcov.info', payload: { kind: 'coverage', files, totals: computeTotals(files) } },
    {
      format: 'sarif',
      tool: { name: 'semgrep' },
      source: 's.sarif',
      payload: { kind: 'findings', findings: [{ ruleId: 'R1', severity: 'high', category: 'sast', message: 'bad', fingerprint: 'f', suppressed: false, location: { path: odd, line: 7 } }] },
    },
  ];
}

const policy = loadPolicy('gates:\n  - { id: sast.critical-high }\n  - { id: coverage.new-code }\n', 'p.yml');
const diff = { added: new Map([[odd, new Set([2, 3, 7])]]), source: '--diff d.patch' };

describe('links to the head commit in the PR comment', () => {
  const e = evaluate(artifacts(), policy, { diff, today: '2026-01-01' });

  it('GitHub: the finding and every uncovered range of new lines link to the file and lines', () => {
    const md = renderMarkdown(e, { links: { serverUrl: 'https://github.com', repository: 'acme/shop', sha: SHA } });
    const base = `https://github.com/acme/shop/blob/${SHA}/${oddUrl}`;
    expect(md).toContain(`[src/my dir/(a)\\#b\\[1\\].ts:7](${base}#L7)`);
    expect(md).toContain(`[src/my dir/(a)\\#b\\[1\\].ts](${base}): not covered [2–3](${base}#L2-L3), [7](${base}#L7)`);
  });

  it('GitLab: /-/blob/ and #L2-3', () => {
    const md = renderMarkdown(e, { links: { serverUrl: 'https://gitlab.example.com', repository: 'grp/sub/shop', sha: SHA, provider: 'gitlab' } });
    const base = `https://gitlab.example.com/grp/sub/shop/-/blob/${SHA}/${oddUrl}`;
    expect(md).toContain(`not covered [2–3](${base}#L2-3), [7](${base}#L7)`);
  });

  it('no links without a link base (plain, escaped text)', () => {
    const md = renderMarkdown(e, {});
    expect(md).toContain('src/my dir/(a)\\#b\\[1\\].ts: not covered 2–3, 7');
    expect(md).not.toContain('](http');
  });

  it('the CLI takes the link base from the CI environment (GitHub PR head sha from the event; GitLab)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'gatecheck-links-'));
    writeFileSync(join(d, 'r.sarif'), JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'semgrep' } }, results: [{ ruleId: 'R1', level: 'error', message: { text: 'bad' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'app/x.go' }, region: { startLine: 4 } } }] }] }] }));
    writeFileSync(join(d, 'event.json'), JSON.stringify({ pull_request: { number: 3, head: { sha: 'abcdef1234567' } } }));
    const args = ['evaluate', 'r.sarif', '-c', 'p.yml', '-r', 'markdown', '--no-github'];
    writeFileSync(join(d, 'p.yml'), 'gates:\n  - { id: lint.issues, select: {} }\n');
    const gh = await cli(args, { cwd: d, env: { GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: 'ffffffffffffff', GITHUB_EVENT_PATH: 'event.json' } });
    expect(gh.stdout).toContain('(https://github.com/acme/shop/blob/abcdef1234567/app/x.go#L4)');
    const gl = await cli(args, { cwd: d, env: { CI_PROJECT_URL: 'https://gitlab.example.com/grp/shop', CI_COMMIT_SHA: 'abcdef7654321' } });
    expect(gl.stdout).toContain('(https://gitlab.example.com/grp/shop/-/blob/abcdef7654321/app/x.go#L4)');
  });
});

describe('nothing evaluated in the PR comment', () => {
  it('quotes the problem line under the verdict, escaped', () => {
    const p = loadPolicy('gates:\n  - { id: tests.pass-rate }\n', 'p.yml');
    const a = artifacts().map((x) => ({ ...x, source: 'reports/<b>@team.json' }));
    const md = renderMarkdown(evaluate(a, p, { today: '2026-01-01' }));
    expect(md).toContain('### ⚠️ gatecheck: could not evaluate');
    expect(md).toContain('> ⚠️ nothing evaluated: every gate was skipped, so no gate measured any of the 2 reports given: reports/&lt;b&gt;@&#8203;team.json (lcov, coverage), reports/&lt;b&gt;@&#8203;team.json (sarif, findings)');
  });
});
