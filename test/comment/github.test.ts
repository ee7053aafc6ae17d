/**
 * The comment bot against a local server that answers like the GitHub REST API, through the
 * real Octokit client. Asserts on the requests the server received.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { postComment } from '../../src/comment/index.js';
import { isGatecheckError } from '../../src/errors.js';
import { fakeGithub, type FakeApi } from './fake-servers.js';

const TOKEN = 'ghs_test_token_value_123';
const MARKER = '<!-- gatecheck:comment -->';
let server: FakeApi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function env(api: FakeApi, extra: Record<string, string> = {}) {
  return { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'octo/shop', GITHUB_REF: 'refs/pull/7/merge', GITHUB_API_URL: api.url, GITHUB_TOKEN: TOKEN, ...extra };
}

function sleeps() {
  const waits: number[] = [];
  return { waits, retry: { sleep: async (ms: number) => void waits.push(ms), now: () => 1_700_000_000_000, baseMs: 1 } };
}

describe('GitHub comment bot', () => {
  it('creates once, then updates the same comment; leaves other people’s comments alone; pages through the list', async () => {
    server = await fakeGithub();
    // Someone else quoting our marker, plus unrelated comments: more than one page (page size 2).
    server.comments.push({ id: 1, body: `quoting ${MARKER}`, author: 'mallory' }, { id: 2, body: 'lgtm', author: 'alice' }, { id: 3, body: 'nit', author: 'bob' });
    const { retry } = sleeps();
    const first = await postComment({ env: env(server), body: `${MARKER}\nrun 1`, marker: MARKER, retry });
    expect(first).toMatchObject({ action: 'created', target: { repo: 'octo/shop', number: 7 } });
    const second = await postComment({ env: env(server), body: `${MARKER}\nrun 2`, marker: MARKER, retry });
    expect(second).toMatchObject({ action: 'updated', id: first.id });
    const third = await postComment({ env: env(server), body: `${MARKER}\nrun 2`, marker: MARKER, retry });
    expect(third.action).toBe('unchanged');
    const mine = server.comments.filter((c) => c.author === 'github-actions[bot]');
    expect(mine).toEqual([{ id: first.id, body: `${MARKER}\nrun 2`, author: 'github-actions[bot]' }]);
    expect(server.comments.find((c) => c.id === 1)?.body).toBe(`quoting ${MARKER}`);
    const reqs = server.requests.map((r) => `${r.method} ${r.path}`);
    expect(reqs.filter((r) => r.startsWith('POST'))).toEqual(['POST /repos/octo/shop/issues/7/comments']);
    expect(reqs.filter((r) => r.startsWith('PATCH'))).toEqual([`PATCH /repos/octo/shop/issues/comments/${first.id}`]);
    expect(reqs).toContain('GET /repos/octo/shop/issues/7/comments?per_page=100&page=2');
    expect(reqs.filter((r) => r === 'GET /user')).toHaveLength(3);
    for (const r of server.requests) expect(r.headers.authorization).toBe(`token ${TOKEN}`);
  });

  it('two concurrent runs end with exactly one comment (the oldest, with a run’s body)', async () => {
    server = await fakeGithub();
    server.listBarrier = 2; // both runs list before either creates
    const { retry } = sleeps();
    const [a, b] = await Promise.all([
      postComment({ env: env(server), body: `${MARKER}\nA`, marker: MARKER, retry }),
      postComment({ env: env(server), body: `${MARKER}\nB`, marker: MARKER, retry }),
    ]);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(2); // the race happened
    expect(server.comments).toHaveLength(1);
    const kept = server.comments[0]!;
    expect(kept.id).toBe(Math.min(a.id!, b.id!));
    expect([`${MARKER}\nA`, `${MARKER}\nB`]).toContain(kept.body);
    expect(a.id).toBe(kept.id);
    expect(b.id).toBe(kept.id);
  });

  it('uses GET /user for a personal token and honours a GHES API path', async () => {
    server = await fakeGithub({ login: 'gate-bot', author: 'gate-bot' });
    server.comments.push({ id: 5, body: `${MARKER}\nold`, author: 'github-actions[bot]' });
    const { retry } = sleeps();
    const r = await postComment({ env: env(server, { GITHUB_API_URL: `${server.url}/api/v3` }), body: `${MARKER}\nnew`, marker: MARKER, retry });
    expect(r.action).toBe('created'); // the Actions bot's comment is not ours
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/api/v3/user' });
  });

  it('deletes its comment when asked (everything passed)', async () => {
    server = await fakeGithub();
    server.comments.push({ id: 9, body: `${MARKER}\nold`, author: 'github-actions[bot]' }, { id: 10, body: `${MARKER}\ndup`, author: 'github-actions[bot]' });
    const r = await postComment({ env: env(server), body: 'unused', marker: MARKER, remove: true, retry: sleeps().retry });
    expect(r).toMatchObject({ action: 'deleted', removed: 2 });
    expect(server.comments).toEqual([]);
  });

  it('retries 5xx and waits out rate limits (retry-after, x-ratelimit-reset)', async () => {
    server = await fakeGithub();
    const now = 1_700_000_000_000;
    server.faults.push(
      { match: /^GET \/repos\/.*\/comments$/, response: { status: 502, body: { message: 'Bad Gateway' } } },
      { match: /^GET \/repos\/.*\/comments$/, response: { status: 403, headers: { 'retry-after': '2' }, body: { message: 'You have exceeded a secondary rate limit' } } },
      { match: /^POST /, response: { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 3) }, body: { message: 'API rate limit exceeded' } } },
    );
    const { waits, retry } = sleeps();
    const r = await postComment({ env: env(server), body: `${MARKER}\nx`, marker: MARKER, retry });
    expect(r.action).toBe('created');
    expect(waits).toEqual([2000, 3000]);
    expect(server.requests.filter((q) => q.method === 'GET' && q.path.includes('/comments')).length).toBe(4); // 502, 403, ok, re-read
    expect(server.requests.filter((q) => q.method === 'POST')).toHaveLength(2);
  });

  it('gives up on a rate limit that resets too late, with a clear error', async () => {
    server = await fakeGithub();
    server.faults.push({ match: /^GET \/repos/, response: { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(1_700_000_000 + 3600) }, body: { message: 'API rate limit exceeded' } } });
    const err = await postComment({ env: env(server), body: `${MARKER}\nx`, marker: MARKER, retry: sleeps().retry }).catch((e: unknown) => e);
    expect(isGatecheckError(err) && err.code).toBe('E_API');
    expect(String((err as Error).message)).toMatch(/rate limited/);
  });

  it('a fork PR’s read-only token gets a clear message; tokens never appear in errors', async () => {
    server = await fakeGithub();
    server.faults.push({ match: /^POST /, response: { status: 403, body: { message: 'Resource not accessible by integration' } } });
    const err = (await postComment({ env: env(server), body: `${MARKER}\nx`, marker: MARKER, retry: sleeps().retry }).catch((e: unknown) => e)) as Error;
    expect(isGatecheckError(err)).toBe(true);
    expect(err.message).toMatch(/fork gets a read-only GITHUB_TOKEN/);
    expect(err.message).toMatch(/job summary/);

    server.faults.push({ match: /^POST /, response: { status: 422, body: { message: `Validation Failed for token ${TOKEN}` } } });
    const err2 = (await postComment({ env: env(server), body: `${MARKER}\ny`, marker: MARKER, retry: sleeps().retry }).catch((e: unknown) => e)) as Error;
    expect(err2.message).toMatch(/HTTP 422: Validation Failed for token \*\*\*/);
    expect(err2.message).not.toContain(TOKEN);
    expect(JSON.stringify(err2)).not.toContain(TOKEN);
  });

  it('404 and bad credentials are E_API with a hint', async () => {
    server = await fakeGithub();
    const e404 = (await postComment({ env: env(server, { GITHUB_API_URL: `${server.url}/nope` }), body: 'x', marker: MARKER, retry: sleeps().retry }).catch((e: unknown) => e)) as Error;
    expect(e404.message).toMatch(/not found \(404\)/);
    const e401 = (await postComment({ env: env(server, { GITHUB_TOKEN: 'wrong-token' }), body: 'x', marker: MARKER, retry: sleeps().retry }).catch((e: unknown) => e)) as Error;
    expect(e401.message).toMatch(/rejected \(401/);
    expect(e401.message).not.toContain('wrong-token');
  });

  it('finds the PR from the event payload, and asks for --pr outside a PR', async () => {
    server = await fakeGithub();
    const event = JSON.stringify({ pull_request: { number: 42, head: { sha: 'abc1234' } } });
    const r = await postComment({ env: env(server, { GITHUB_REF: 'refs/heads/main' }), eventText: event, body: `${MARKER}\nx`, marker: MARKER, retry: sleeps().retry });
    expect(r.target.number).toBe(42);
    const err = (await postComment({ env: env(server, { GITHUB_REF: 'refs/heads/main' }), body: 'x', marker: MARKER }).catch((e: unknown) => e)) as Error;
    expect(isGatecheckError(err) && err.code).toBe('E_USAGE');
    expect(err.message).toMatch(/pass --pr/);
  });
});
