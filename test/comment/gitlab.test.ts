/**
 * The comment bot against a local server that answers like the GitLab REST API v4 (merge
 * request notes). Asserts on the requests the server received.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { postComment } from '../../src/comment/index.js';
import { isGatecheckError } from '../../src/errors.js';
import { fakeGitlab, type FakeApi } from './fake-servers.js';

const TOKEN = 'glpat-test-token-value';
const MARKER = '<!-- gatecheck:comment:unit -->';
let server: FakeApi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function env(api: FakeApi, extra: Record<string, string | undefined> = {}) {
  return { GITLAB_CI: 'true', CI_API_V4_URL: `${api.url}/api/v4`, CI_PROJECT_ID: 'group/shop', CI_MERGE_REQUEST_IID: '12', GITLAB_TOKEN: TOKEN, ...extra };
}
const retry = () => {
  const waits: number[] = [];
  return { waits, policy: { sleep: async (ms: number) => void waits.push(ms), now: () => 0, baseMs: 1 } };
};

describe('GitLab comment bot', () => {
  it('creates, then updates its own note; skips system notes and other authors; pages via Link', async () => {
    server = await fakeGitlab();
    server.comments.push(
      { id: 1, body: 'changed the description', author: 'alice', system: true },
      { id: 2, body: `${MARKER} copied`, author: 'mallory' },
      { id: 3, body: 'looks fine', author: 'bob' },
    );
    const first = await postComment({ env: env(server), body: `${MARKER}\none`, marker: MARKER, retry: retry().policy });
    expect(first).toMatchObject({ action: 'created', target: { provider: 'gitlab', repo: 'group/shop', number: 12 } });
    const second = await postComment({ env: env(server), body: `${MARKER}\ntwo`, marker: MARKER, retry: retry().policy });
    expect(second).toMatchObject({ action: 'updated', id: first.id });
    expect(server.comments.filter((c) => c.author === 'gatecheck-bot')).toEqual([{ id: first.id, body: `${MARKER}\ntwo`, author: 'gatecheck-bot' }]);
    const reqs = server.requests.map((r) => `${r.method} ${r.path}`);
    expect(reqs).toContain('POST /api/v4/projects/group%2Fshop/merge_requests/12/notes');
    expect(reqs).toContain(`PUT /api/v4/projects/group%2Fshop/merge_requests/12/notes/${first.id}`);
    expect(reqs.some((r) => r.includes('/notes?') && r.includes('page=2'))).toBe(true);
    for (const r of server.requests) {
      expect(r.headers['private-token']).toBe(TOKEN);
      expect(r.headers['job-token']).toBeUndefined();
    }
  });

  it('two concurrent runs end with one note', async () => {
    server = await fakeGitlab();
    server.listBarrier = 2;
    await Promise.all([
      postComment({ env: env(server), body: `${MARKER}\nA`, marker: MARKER, retry: retry().policy }),
      postComment({ env: env(server), body: `${MARKER}\nB`, marker: MARKER, retry: retry().policy }),
    ]);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(server.comments).toHaveLength(1);
  });

  it('CI_JOB_TOKEN goes in the JOB-TOKEN header (and cannot ask GET /user)', async () => {
    server = await fakeGitlab({ token: 'job-token-value-xyz' });
    const r = await postComment({ env: env(server, { GITLAB_TOKEN: undefined, CI_JOB_TOKEN: 'job-token-value-xyz' }), body: `${MARKER}\nj`, marker: MARKER, retry: retry().policy });
    expect(r.action).toBe('created');
    expect(server.requests.every((q) => q.headers['job-token'] === 'job-token-value-xyz' && q.headers['private-token'] === undefined)).toBe(true);
    expect(server.requests.some((q) => q.path === '/api/v4/user')).toBe(false);
  });

  it('waits out 429 retry-after and retries 5xx', async () => {
    server = await fakeGitlab();
    server.faults.push(
      { match: /^GET .*\/notes$/, response: { status: 429, headers: { 'retry-after': '5' }, body: { message: 'Retry later' } } },
      { match: /^POST /, response: { status: 503, body: { message: 'unavailable' } } },
    );
    const { waits, policy } = retry();
    const r = await postComment({ env: env(server), body: `${MARKER}\nx`, marker: MARKER, retry: policy });
    expect(r.action).toBe('created');
    expect(waits).toEqual([5000, 1]);
  });

  it('404 and 403 are clear E_API errors without the token', async () => {
    server = await fakeGitlab();
    const e404 = (await postComment({ env: env(server, { CI_MERGE_REQUEST_IID: '999', CI_API_V4_URL: `${server.url}/api/v4/missing` }), body: 'x', marker: MARKER, retry: retry().policy }).catch((e: unknown) => e)) as Error;
    expect(isGatecheckError(e404) && e404.code).toBe('E_API');
    expect(e404.message).toMatch(/not found \(404\)/);
    server.faults.push({ match: /^POST /, response: { status: 403, body: { message: `403 Forbidden ${TOKEN}` } } });
    const e403 = (await postComment({ env: env(server), body: 'x', marker: MARKER, retry: retry().policy }).catch((e: unknown) => e)) as Error;
    expect(e403.message).toMatch(/may not write notes/);
    expect(e403.message).not.toContain(TOKEN);
  });

  it('outside a merge request pipeline it asks for --pr', async () => {
    server = await fakeGitlab();
    const err = (await postComment({ env: env(server, { CI_MERGE_REQUEST_IID: undefined }), body: 'x', marker: MARKER }).catch((e: unknown) => e)) as Error;
    expect(isGatecheckError(err) && err.code).toBe('E_USAGE');
  });
});
