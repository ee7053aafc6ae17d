/**
 * The PR comment bot: pick the provider and token from the environment, then upsert.
 * I/O module: called only from the CLI (src/cli/ci.ts).
 */
import { GatecheckError } from '../errors.js';
import { githubCommentApi } from './github.js';
import { gitlabCommentApi } from './gitlab.js';
import type { RetryPolicy } from './retry.js';
import { commentTarget, parseEvent, type CommentTarget, type Env } from './target.js';
import { upsertComment, type UpsertResult } from './upsert.js';

export interface PostCommentOptions {
  env: Env;
  /** The text of the file GITHUB_EVENT_PATH names, when there is one. */
  eventText?: string;
  flags?: { repo?: string; pr?: number; provider?: 'github' | 'gitlab'; author?: string };
  body: string;
  marker: string;
  /** Delete our comment instead of writing one. */
  remove?: boolean;
  retry?: Partial<RetryPolicy>;
}

/** The tokens a run may hold, for redaction. */
export { secretsOf } from './redact.js';

export async function postComment(options: PostCommentOptions): Promise<UpsertResult & { target: CommentTarget }> {
  const { env, flags = {} } = options;
  const target = commentTarget(env, parseEvent(options.eventText), flags);
  const author = flags.author ?? env['GATECHECK_COMMENT_AUTHOR'];
  let api;
  if (target.provider === 'github') {
    const token = env['GITHUB_TOKEN'] ?? env['GH_TOKEN'];
    if (!token) throw new GatecheckError('E_USAGE', 'no GitHub token: set GITHUB_TOKEN (in Actions: env: GITHUB_TOKEN: ${{ github.token }}, with permissions: pull-requests: write)');
    api = githubCommentApi({ token, apiUrl: target.apiUrl, repo: target.repo, number: target.number, ...(author ? { author } : {}), ...(options.retry ? { retry: options.retry } : {}) });
  } else {
    const value = env['GITLAB_TOKEN'] ?? env['CI_JOB_TOKEN'];
    if (!value) throw new GatecheckError('E_USAGE', 'no GitLab token: set GITLAB_TOKEN (a project access token with the api scope) or run in a job with CI_JOB_TOKEN');
    api = gitlabCommentApi({
      apiUrl: target.apiUrl,
      project: target.repo,
      iid: target.number,
      token: { kind: env['GITLAB_TOKEN'] ? 'private' : 'job', value },
      ...(author ? { author } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
    });
  }
  const result = await upsertComment(api, options.body, { marker: options.marker, ...(options.remove ? { remove: true } : {}) });
  return { ...result, target };
}

export { commentTarget, ciLinks, parseEvent } from './target.js';
export type { CommentTarget } from './target.js';
