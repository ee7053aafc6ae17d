/**
 * Local HTTP servers (node:http on 127.0.0.1, port 0) that answer like the GitHub REST API
 * (issue comments, GET /user, Link pagination, 403 rate limits) and the GitLab REST API v4
 * (merge request notes), keeping comments in memory and recording every request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body?: unknown;
}

export interface Canned {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeApi {
  url: string;
  requests: RecordedRequest[];
  comments: Array<{ id: number; body: string; author: string; system?: boolean }>;
  /** Answers for the next requests whose `METHOD path` (without query) matches, in order. */
  faults: Array<{ match: RegExp; response: Canned }>;
  /** Hold list requests until this many have arrived (forces two runs to race). */
  listBarrier: number;
  close(): Promise<void>;
}

interface Options {
  /** GitHub: the login GET /user returns; undefined answers 403 like an Actions GITHUB_TOKEN. */
  login?: string;
  /** The author new comments get. */
  author: string;
  pageSize: number;
  token: string;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
}

function send(res: ServerResponse, c: Canned): void {
  res.writeHead(c.status, { 'content-type': 'application/json', ...c.headers });
  res.end(c.body === undefined ? '' : JSON.stringify(c.body));
}

async function start(handler: (api: FakeApi, req: IncomingMessage, res: ServerResponse, path: string, url: URL, body: unknown) => Promise<unknown>): Promise<FakeApi> {
  const api: FakeApi = { url: '', requests: [], comments: [], faults: [], listBarrier: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      api.requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers, body });
      const key = `${req.method} ${url.pathname}`;
      const fault = api.faults.findIndex((f) => f.match.test(key));
      if (fault >= 0) {
        const [f] = api.faults.splice(fault, 1);
        send(res, f!.response);
        return;
      }
      await handler(api, req, res, url.pathname, url, body);
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.close = () => new Promise((r) => server.close(() => r()));
  return api;
}

/** Resolves when `n` list requests have arrived (all held ones are then released). */
function barrier(api: FakeApi) {
  const waiting: Array<() => void> = [];
  return async () => {
    if (api.listBarrier <= 1) return;
    await new Promise<void>((r) => {
      waiting.push(r);
      if (waiting.length >= api.listBarrier) {
        api.listBarrier = 0;
        for (const w of waiting.splice(0)) w();
      }
    });
  };
}

let nextId = 1000;

export function fakeGithub(o: Partial<Options> = {}): Promise<FakeApi> {
  const opts: Options = { author: 'github-actions[bot]', pageSize: 2, token: 'ghs_test_token_value_123', ...o };
  let wait: () => Promise<void>;
  const p = start(async (api, req, res, path, url, body) => {
    path = path.replace(/^\/api\/v3(?=\/)/, ''); // GitHub Enterprise Server prefix
    if (req.headers.authorization !== `token ${opts.token}`) return send(res, { status: 401, body: { message: 'Bad credentials' } });
    if (path === '/user' && req.method === 'GET') {
      return opts.login ? send(res, { status: 200, body: { login: opts.login } }) : send(res, { status: 403, body: { message: 'Resource not accessible by integration' } });
    }
    let m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(path);
    if (m && req.method === 'GET') {
      await wait();
      const page = Number(url.searchParams.get('page') ?? '1');
      const all = api.comments.filter((c) => !c.system);
      const slice = all.slice((page - 1) * opts.pageSize, page * opts.pageSize);
      const headers: Record<string, string> = {};
      if (page * opts.pageSize < all.length) {
        const next = new URL(url.toString().replace('http://127.0.0.1', api.url));
        next.searchParams.set('page', String(page + 1));
        headers['link'] = `<${next.toString()}>; rel="next"`;
      }
      return send(res, { status: 200, headers, body: slice.map((c) => ({ id: c.id, body: c.body, user: { login: c.author }, html_url: `https://github.example/c/${c.id}` })) });
    }
    if (m && req.method === 'POST') {
      const c = { id: nextId++, body: String((body as { body: string }).body), author: opts.author };
      api.comments.push(c);
      return send(res, { status: 201, body: { id: c.id, body: c.body, user: { login: c.author }, html_url: `https://github.example/c/${c.id}` } });
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(path);
    if (m) {
      const i = api.comments.findIndex((c) => c.id === Number(m![3]));
      if (i < 0) return send(res, { status: 404, body: { message: 'Not Found' } });
      if (req.method === 'PATCH') {
        const b = (body as { body?: unknown }).body;
        if (typeof b !== 'string') return send(res, { status: 422, body: { message: 'Validation Failed' } });
        api.comments[i]!.body = b;
        return send(res, { status: 200, body: { id: api.comments[i]!.id, body: b, user: { login: api.comments[i]!.author } } });
      }
      if (req.method === 'DELETE') {
        api.comments.splice(i, 1);
        res.writeHead(204);
        return res.end();
      }
    }
    send(res, { status: 404, body: { message: 'Not Found' } });
  });
  return p.then((api) => {
    wait = barrier(api);
    return api;
  });
}

export function fakeGitlab(o: Partial<Options> = {}): Promise<FakeApi> {
  const opts: Options = { author: 'gatecheck-bot', login: 'gatecheck-bot', pageSize: 2, token: 'glpat-test-token-value', ...o };
  let wait: () => Promise<void>;
  const p = start(async (api, req, res, path, url, body) => {
    const tok = req.headers['private-token'] ?? req.headers['job-token'];
    if (tok !== opts.token) return send(res, { status: 401, body: { message: '401 Unauthorized' } });
    if (path === '/api/v4/user' && req.method === 'GET') {
      return req.headers['job-token'] ? send(res, { status: 403, body: { message: '403 Forbidden' } }) : send(res, { status: 200, body: { username: opts.login } });
    }
    let m = /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes$/.exec(path);
    if (m && req.method === 'GET') {
      await wait();
      const page = Number(url.searchParams.get('page') ?? '1');
      const slice = api.comments.slice((page - 1) * opts.pageSize, page * opts.pageSize);
      const headers: Record<string, string> = {};
      if (page * opts.pageSize < api.comments.length) {
        const next = new URL(url.toString().replace('http://127.0.0.1', api.url));
        next.searchParams.set('page', String(page + 1));
        headers['link'] = `<${next.toString()}>; rel="next"`;
        headers['x-next-page'] = String(page + 1);
      }
      return send(res, { status: 200, headers, body: slice.map((c) => ({ id: c.id, body: c.body, system: c.system ?? false, author: { username: c.author } })) });
    }
    if (m && req.method === 'POST') {
      const c = { id: nextId++, body: String((body as { body: string }).body), author: opts.author };
      api.comments.push(c);
      return send(res, { status: 201, body: { id: c.id, body: c.body, system: false, author: { username: c.author } } });
    }
    m = /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes\/(\d+)$/.exec(path);
    if (m) {
      const i = api.comments.findIndex((c) => c.id === Number(m![3]));
      if (i < 0) return send(res, { status: 404, body: { message: '404 Not found' } });
      if (req.method === 'PUT') {
        api.comments[i]!.body = String((body as { body: string }).body);
        return send(res, { status: 200, body: { id: api.comments[i]!.id, body: api.comments[i]!.body } });
      }
      if (req.method === 'DELETE') {
        api.comments.splice(i, 1);
        res.writeHead(204);
        return res.end();
      }
    }
    send(res, { status: 404, body: { message: '404 Not found' } });
  });
  return p.then((api) => {
    wait = barrier(api);
    return api;
  });
}
