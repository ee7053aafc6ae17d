/**
 * The merge request note on GitLab, through its REST API (v4) with fetch. Honours
 * CI_API_V4_URL and CI_PROJECT_ID. Auth: a personal/project access token in GITLAB_TOKEN
 * goes in `PRIVATE-TOKEN`; the job's CI_JOB_TOKEN goes in `JOB-TOKEN`.
 * Endpoints: GET/POST /projects/:id/merge_requests/:iid/notes, PUT/DELETE …/notes/:note_id,
 * GET /user. Lists are paginated (Link rel="next", else X-Next-Page).
 * I/O module: called only from the CLI.
 */
import { GatecheckError } from '../errors.js';
import { redact } from './redact.js';
import { defaultRetryPolicy, isRateLimited, retryDelay, type RetryPolicy } from './retry.js';
import type { CommentApi, CommentRecord } from './upsert.js';

export interface GitlabOptions {
  apiUrl: string;
  /** Project id or full path (`group/project`). */
  project: string;
  iid: number;
  token: { kind: 'private' | 'job'; value: string };
  /** The bot's username when known; otherwise GET /user (not allowed for job tokens: then the marker alone). */
  author?: string;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
}

interface Note {
  id: number;
  body: string;
  system?: boolean;
  author?: { username?: string };
}

function nextUrl(res: Response): string | undefined {
  const link = res.headers.get('link');
  const m = link ? /<([^>]+)>;\s*rel="next"/.exec(link) : null;
  if (m) return m[1];
  return undefined;
}

export function gitlabCommentApi(options: GitlabOptions): CommentApi {
  const policy = { ...defaultRetryPolicy(), ...options.retry };
  const doFetch = options.fetch ?? fetch;
  const base = options.apiUrl.replace(/\/+$/, '');
  const notesUrl = `${base}/projects/${encodeURIComponent(options.project)}/merge_requests/${options.iid}/notes`;
  const headers: Record<string, string> = {
    [options.token.kind === 'job' ? 'JOB-TOKEN' : 'PRIVATE-TOKEN']: options.token.value,
    'content-type': 'application/json',
    'user-agent': 'gatecheck',
  };

  async function call(method: string, url: string, what: string, body?: unknown, okStatuses: number[] = []): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await doFetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      } catch (e) {
        const wait = retryDelay(599, () => undefined, attempt, policy);
        if (wait === undefined) throw new GatecheckError('E_API', redact(`${what}: ${(e as Error).message}`, [options.token.value]));
        await policy.sleep(wait);
        continue;
      }
      if (res.ok || okStatuses.includes(res.status)) return res;
      const text = await res.text().catch(() => '');
      const get = (n: string) => res.headers.get(n) ?? undefined;
      const wait = retryDelay(res.status, get, attempt, policy, text);
      if (wait !== undefined) {
        await policy.sleep(wait);
        continue;
      }
      throw gitlabError(res.status, text, what, options.token.value, isRateLimited(res.status, get, text));
    }
  }

  const record = (n: Note): CommentRecord => {
    const r: CommentRecord = { id: n.id, body: n.body ?? '' };
    if (n.author?.username) r.author = n.author.username;
    return r;
  };

  return {
    async whoami() {
      if (options.author) return options.author;
      if (options.token.kind === 'job') return undefined;
      const res = await call('GET', `${base}/user`, "cannot identify the token's user");
      return ((await res.json()) as { username?: string }).username;
    },
    async list() {
      const out: CommentRecord[] = [];
      let url: string | undefined = `${notesUrl}?per_page=100&sort=asc&order_by=created_at`;
      for (let page = 0; url && page < 1000; page++) {
        const res = await call('GET', url, `cannot list the notes of merge request !${options.iid}`);
        for (const n of (await res.json()) as Note[]) if (!n.system) out.push(record(n));
        const next = nextUrl(res);
        const xNext = res.headers.get('x-next-page');
        url = next ?? (xNext ? `${notesUrl}?per_page=100&sort=asc&order_by=created_at&page=${xNext}` : undefined);
      }
      return out;
    },
    async create(body) {
      const res = await call('POST', notesUrl, 'cannot create the merge request note', { body });
      return record((await res.json()) as Note);
    },
    async update(id, body) {
      await call('PUT', `${notesUrl}/${id}`, 'cannot update the merge request note', { body });
    },
    async remove(id) {
      const res = await call('DELETE', `${notesUrl}/${id}`, 'cannot delete a duplicate note', undefined, [404]);
      return res.status !== 404;
    },
  };
}

function gitlabError(status: number, text: string, what: string, token: string, rateLimited: boolean): GatecheckError {
  let msg = text;
  try {
    const j = JSON.parse(text) as { message?: unknown; error?: unknown };
    msg = typeof j.message === 'string' ? j.message : typeof j.error === 'string' ? j.error : JSON.stringify(j.message ?? j.error ?? j);
  } catch {
    /* not JSON: keep the text */
  }
  let out: string;
  if (status === 401) out = `${what}: the token was rejected (401); check GITLAB_TOKEN / CI_JOB_TOKEN`;
  else if (status === 403 && !rateLimited) out = `${what}: the token may not write notes on this merge request (403: ${msg}). CI_JOB_TOKEN usually cannot; use a project access token with the api scope in GITLAB_TOKEN`;
  else if (status === 404) out = `${what}: not found (404); check CI_PROJECT_ID / --repo and --pr`;
  else out = `${what}: HTTP ${status}${rateLimited ? ' (rate limited)' : ''}: ${msg.slice(0, 300)}`;
  return new GatecheckError('E_API', redact(out, [token]));
}
