/**
 * gitTopLevel finds the checkout's top level without running git: checked against what
 * `git rev-parse --show-toplevel` itself prints, in a repository, a subfolder, a linked worktree
 * (`.git` is a file there), a nested repository, a symbolic link into a checkout (git resolves
 * it first; a library caller may pass such a cwd, the CLI's process.cwd() is already resolved),
 * and outside any checkout.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitTopLevel } from '../../src/cli/git.js';

const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'gatecheck-top-')));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function git(args: string[], cwd: string): string {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  return execFileSync('git', args, { cwd, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** What git says, or undefined where git says this is not a checkout. */
function gitSays(cwd: string): string | undefined {
  try {
    return git(['rev-parse', '--show-toplevel'], cwd);
  } catch {
    return undefined;
  }
}

describe('gitTopLevel', () => {
  const repo = join(tmp, 'repo');
  mkdirSync(join(repo, 'src/deep'), { recursive: true });
  git(['init', '-q', '-b', 'main'], repo);
  git(['commit', '-q', '--allow-empty', '-m', 'init'], repo);
  const worktree = join(tmp, 'wt');
  git(['worktree', 'add', '-q', worktree], repo);
  mkdirSync(join(worktree, 'sub'));
  const nested = join(repo, 'src/nested');
  mkdirSync(nested);
  git(['init', '-q'], nested);
  const linkToSub = join(tmp, 'link-to-sub');
  symlinkSync(join(repo, 'src'), linkToSub);
  const linkToTop = join(tmp, 'link-to-top');
  symlinkSync(repo, linkToTop);
  const outside = join(tmp, 'outside/a');
  mkdirSync(outside, { recursive: true });

  it.each([
    ['the top level', repo, repo],
    ['a subfolder', join(repo, 'src/deep'), repo],
    ['a linked worktree (.git is a file)', join(worktree, 'sub'), worktree],
    ['a repository inside another', nested, nested],
    ['a symbolic link to a subfolder', join(linkToSub, 'deep'), repo],
    ['a symbolic link to the top level', join(linkToTop, 'src'), repo],
  ])('in %s: what git rev-parse --show-toplevel says', (_name, cwd, top) => {
    expect(gitSays(cwd)).toBe(top);
    expect(gitTopLevel(cwd)).toBe(top);
  });

  it('outside a checkout: undefined, as git finds none', () => {
    // Only meaningful when no folder above the temporary directory is a checkout.
    expect(gitSays(outside)).toBeUndefined();
    expect(gitTopLevel(outside)).toBeUndefined();
  });
});
