/**
 * Where to comment and what to link to, from the CI environment (pure: env and the event
 * payload's text are passed in).
 * - GitHub Actions: GITHUB_REPOSITORY, GITHUB_API_URL (GitHub Enterprise Server), the event
 *   payload at GITHUB_EVENT_PATH (`pull_request.number`, `pull_request.head.sha`; also
 *   `issue.number` for issue_comment events), else GITHUB_REF `refs/pull/N/merge`.
 * - GitLab CI: CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID, CI_PROJECT_URL,
 *   CI_COMMIT_SHA (CI_MERGE_REQUEST_SOURCE_BRANCH_SHA when set).
 * Explicit flags (--repo, --pr) win over the environment.
 */
import { GatecheckError } from '../errors.js';
import type { LinkContext } from '../reporters/types.js';

export type Env = Record<string, string | undefined>;

export interface CommentTarget {
  provider: 'github' | 'gitlab';
  /** REST API base URL. */
  apiUrl: string;
  /** GitHub `owner/name`; GitLab project id or full path. */
  repo: string;
  /** Pull request number / merge request IID. */
  number: number;
}

interface EventPayload {
  pull_request?: { number?: number; head?: { sha?: string } };
  issue?: { number?: number; pull_request?: unknown };
  number?: number;
}

export function parseEvent(text: string | undefined): EventPayload | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as EventPayload) : undefined;
  } catch {
    return undefined;
  }
}

function isGitlab(env: Env, provider?: string): boolean {
  if (provider) return provider === 'gitlab';
  return env['GITLAB_CI'] === 'true' || (env['CI_MERGE_REQUEST_IID'] !== undefined && env['GITHUB_ACTIONS'] !== 'true');
}

/** The pull/merge request to comment on; a clear E_USAGE when it cannot be told. */
export function commentTarget(env: Env, event: EventPayload | undefined, flags: { repo?: string; pr?: number; provider?: 'github' | 'gitlab' } = {}): CommentTarget {
  if (isGitlab(env, flags.provider)) {
    const apiUrl = env['CI_API_V4_URL'] ?? (env['CI_SERVER_URL'] ? `${env['CI_SERVER_URL'].replace(/\/+$/, '')}/api/v4` : 'https://gitlab.com/api/v4');
    const repo = flags.repo ?? env['CI_PROJECT_ID'];
    const number = flags.pr ?? toNumber(env['CI_MERGE_REQUEST_IID']);
    if (!repo) throw new GatecheckError('E_USAGE', 'cannot tell the GitLab project: set CI_PROJECT_ID or pass --repo');
    if (number === undefined) throw new GatecheckError('E_USAGE', 'not a merge request pipeline (CI_MERGE_REQUEST_IID is unset): pass --pr, or run in a merge request pipeline (rules: if: $CI_PIPELINE_SOURCE == "merge_request_event")');
    return { provider: 'gitlab', apiUrl, repo, number };
  }
  const apiUrl = env['GITHUB_API_URL'] ?? 'https://api.github.com';
  const repo = flags.repo ?? env['GITHUB_REPOSITORY'];
  const refPr = /^refs\/pull\/(\d+)\/(merge|head)$/.exec(env['GITHUB_REF'] ?? '')?.[1];
  const issuePr = event?.issue?.pull_request !== undefined ? event.issue.number : undefined;
  const number = flags.pr ?? event?.pull_request?.number ?? issuePr ?? toNumber(refPr);
  if (!repo || !/^[^/\s]+\/[^/\s]+$/.test(repo)) throw new GatecheckError('E_USAGE', `cannot tell the repository (owner/name): set GITHUB_REPOSITORY or pass --repo${repo ? ` (got "${repo}")` : ''}`);
  if (number === undefined) throw new GatecheckError('E_USAGE', 'not a pull request run (no pull_request in the event payload, GITHUB_REF is not refs/pull/N/merge): pass --pr, or trigger the workflow on pull_request');
  return { provider: 'github', apiUrl, repo, number };
}

function toNumber(v: string | undefined): number | undefined {
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Links to files at the head commit, when the CI environment says where the code lives. */
export function ciLinks(env: Env, event: EventPayload | undefined): LinkContext | undefined {
  if (env['GITHUB_REPOSITORY']) {
    const sha = event?.pull_request?.head?.sha ?? env['GITHUB_SHA'];
    if (!sha) return undefined;
    return { serverUrl: env['GITHUB_SERVER_URL'] ?? 'https://github.com', repository: env['GITHUB_REPOSITORY'], sha, provider: 'github' };
  }
  if (env['CI_PROJECT_URL']) {
    const sha = env['CI_MERGE_REQUEST_SOURCE_BRANCH_SHA'] || env['CI_COMMIT_SHA'];
    let url: URL;
    try {
      url = new URL(env['CI_PROJECT_URL']);
    } catch {
      return undefined;
    }
    if (!sha) return undefined;
    return { serverUrl: url.origin, repository: url.pathname.replace(/^\/+|\/+$/g, ''), sha, provider: 'gitlab' };
  }
  return undefined;
}
