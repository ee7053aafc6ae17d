/**
 * The PR comment on GitHub, through the real Octokit REST client (@octokit/rest) with
 * @octokit/plugin-retry for server errors and a rate-limit hook that waits as long as GitHub
 * asks (retry-after / x-ratelimit-reset). Honours GITHUB_API_URL for GitHub Enterprise Server.
 * I/O module: called only from the CLI.
 */
import { retry } from '@octokit/plugin-retry';
import { Octokit } from '@octokit/rest';
import { GatecheckError } from '../errors.js';
import { redact } from './redact.js';
import { defaultRetryPolicy, isRateLimited, retryDelay, type RetryPolicy } from './retry.js';
import type { CommentApi, CommentRecord } from './upsert.js';

/** The author of comments made with Actions' GITHUB_TOKEN (GET /user is not allowed for it). */
export const ACTIONS_BOT = 'github-actions[bot]';

export interface GithubOptions {
  token: string;
  apiUrl: string;
  /** `owner/name` */
  repo: string;
  number: number;
  /** The bot's login when known (a GitHub App's `<slug>[bot]`); otherwise GET /user, else github-actions[bot]. */
  author?: string;
  retry?: Partial<RetryPolicy>;
}

interface HttpError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

const silentLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** An Octokit with retries and rate-limit waits, pointed at `apiUrl`. */
export function githubClient(options: Pick<GithubOptions, 'token' | 'apiUrl' | 'retry'>): Octokit {
  const policy = { ...defaultRetryPolicy(), ...options.retry };
  const RetryingOctokit = Octokit.plugin(retry);
  const octokit = new RetryingOctokit({
    auth: options.token,
    baseUrl: options.apiUrl.replace(/\/+$/, ''),
    userAgent: 'gatecheck',
    log: silentLog,
    // plugin-retry: 5xx (and network errors) with its own growing delay; 403/429 are the hook's.
    retry: { retries: policy.retries, retryAfterBaseValue: policy.baseMs, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
  });
  octokit.hook.wrap('request', async (request, opts) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(opts);
      } catch (e) {
        const err = e as HttpError;
        const headers = err.response?.headers ?? {};
        const get = (n: string) => (headers[n] === undefined ? undefined : String(headers[n]));
        const status = err.status ?? 0;
        const apiMessage = messageOf(err);
        if (!isRateLimited(status, get, apiMessage)) throw e;
        const wait = retryDelay(status, get, attempt, policy, apiMessage);
        if (wait === undefined) throw e;
        await policy.sleep(wait);
      }
    }
  });
  return octokit as unknown as Octokit;
}

function messageOf(err: HttpError): string {
  const data = err.response?.data as { message?: unknown } | undefined;
  return typeof data?.message === 'string' ? data.message : (err.message ?? '');
}

/** A clear, token-free error for a failed GitHub call. */
export function githubError(e: unknown, what: string, token: string): GatecheckError {
  const err = e as HttpError;
  const status = err.status;
  const msg = messageOf(err);
  let text: string;
  if (status === 403 && /resource not accessible by integration/i.test(msg)) {
    text = `${what}: the token may not write to this pull request (403 "Resource not accessible by integration"). A pull request from a fork gets a read-only GITHUB_TOKEN; the verdict is still in the job summary. Give the job \`permissions: pull-requests: write\`, or post the comment from a workflow_run workflow.`;
  } else if (status === 401) {
    text = `${what}: the token was rejected (401 Bad credentials); check GITHUB_TOKEN`;
  } else if (status === 404) {
    text = `${what}: not found (404); check --repo / --pr, and that the token can see the repository`;
  } else if (status !== undefined && isRateLimited(status, () => undefined, msg)) {
    text = `${what}: rate limited by GitHub (${status}) and the limit did not reset in time: ${msg}`;
  } else {
    text = `${what}: ${status ? `HTTP ${status}: ` : ''}${msg || String(e)}`;
  }
  return new GatecheckError('E_API', redact(text, [token]));
}

/** The CommentApi for one pull request. */
export function githubCommentApi(options: GithubOptions): CommentApi {
  const octokit = githubClient(options);
  const [owner, repo] = options.repo.split('/') as [string, string];
  const issue = { owner, repo, issue_number: options.number };
  const guard = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw githubError(e, what, options.token);
    }
  };
  const record = (c: { id: number; body?: string | null; user?: { login?: string } | null; html_url?: string }): CommentRecord => {
    const r: CommentRecord = { id: c.id, body: c.body ?? '' };
    if (c.user?.login) r.author = c.user.login;
    if (c.html_url) r.url = c.html_url;
    return r;
  };
  return {
    async whoami() {
      if (options.author) return options.author;
      try {
        const { data } = await octokit.rest.users.getAuthenticated();
        return data.login;
      } catch (e) {
        const status = (e as HttpError).status;
        // Installation tokens (GITHUB_TOKEN) may not call GET /user: the author is the Actions bot.
        if (status === 403 || status === 401) return ACTIONS_BOT;
        throw githubError(e, "cannot identify the token's user", options.token);
      }
    },
    list: () =>
      guard(`cannot list the comments of ${options.repo}#${options.number}`, async () =>
        (await octokit.paginate(octokit.rest.issues.listComments, { ...issue, per_page: 100 })).map(record),
      ),
    create: (body) => guard('cannot create the comment', async () => record((await octokit.rest.issues.createComment({ ...issue, body })).data)),
    update: (id, body) =>
      guard('cannot update the comment', async () => {
        await octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body });
      }),
    async remove(id) {
      try {
        await octokit.rest.issues.deleteComment({ owner, repo, comment_id: id });
        return true;
      } catch (e) {
        if ((e as HttpError).status === 404) return false;
        throw githubError(e, 'cannot delete a duplicate comment', options.token);
      }
    },
  };
}
