/**
 * What the CLI asks git, exported for library users too (`import { gitDiff } from 'gatecheck'`):
 * the change against a base ref, as the `diff` evaluate() takes, and the checkout's top level.
 * These run git, so they live with the CLI's I/O, outside the pure core.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseUnifiedDiff } from '../diff/unified.js';
import { GatecheckError } from '../errors.js';
import type { DiffInfo } from '../gates/types.js';

export interface GitOptions {
  /** The folder to run git in (inside the checkout). @default process.cwd() */
  cwd?: string;
}

function git(args: string[], cwd: string): string {
  // node:child_process on first use: loading it is ~4 ms of a start that may run no git.
  const { execFileSync } = process.getBuiltinModule('node:child_process');
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * The change from the merge base of `base` and HEAD to the working tree, parsed: the `diff`
 * option of evaluate() (`--base REF` on the command line). E_GIT with what to do when the base
 * cannot be found (a shallow clone, a ref not fetched) or the folder is not a checkout.
 */
export function gitDiff(base: string, options: GitOptions = {}): DiffInfo {
  const text = gitDiffText(base, options.cwd ?? process.cwd());
  return { added: parseUnifiedDiff(text, `git diff ${base}`).added, source: `git diff ${base}...HEAD` };
}

/** `git diff --merge-base BASE` with a clear message when the base is not in a shallow clone. */
function gitDiffText(base: string, cwd: string): string {
  let mergeBase: string;
  try {
    mergeBase = git(['merge-base', base, 'HEAD'], cwd).trim();
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '');
    const shallow = existsSync(resolve(cwd, '.git', 'shallow'));
    const hint = /not a git repository/i.test(stderr)
      ? 'run gatecheck inside the repository checkout, or give the change as --diff FILE'
      : shallow
      ? `this is a shallow clone; fetch the base first, e.g. \`git fetch --unshallow\` or \`git fetch origin ${base.replace(/^origin\//, '')} --depth=1000\` (actions/checkout: fetch-depth: 0)`
      : `check that ${base} exists (git fetch origin ${base.replace(/^origin\//, '')})`;
    throw new GatecheckError('E_GIT', `cannot find the merge base of ${base} and HEAD: ${stderr.trim().split('\n')[0] ?? ''}; ${hint}`);
  }
  try {
    // Explicit prefixes and no textconv: user config (diff.noprefix, diff.mnemonicPrefix, textconv
    // drivers) must not change the paths or lines parseUnifiedDiff reads. The merge base against the
    // working tree: committed, staged and unstaged changes, as diff-cover compares by default.
    return git(['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/', '-M', '--unified=0', mergeBase], cwd);
  } catch (e) {
    throw new GatecheckError('E_GIT', `git diff failed: ${String((e as { stderr?: unknown }).stderr ?? e).trim().split('\n')[0]}`);
  }
}

/**
 * The checkout's top level (what `git rev-parse --show-toplevel` prints), or undefined outside a
 * checkout: the repository root reports' absolute paths are made relative to, so a run from a
 * subfolder reads `/ci/work/src/a.go` as `src/a.go`, not `../src/a.go` or `tmp/…`.
 * Found as git finds it, without running git (a process start, ~4 ms of every run): the nearest
 * folder at or above `cwd` (symbolic links resolved) that holds `.git` (a folder, or a file in a
 * worktree or submodule).
 * When the environment points git elsewhere (GIT_DIR, GIT_WORK_TREE, GIT_CEILING_DIRECTORIES), git is asked.
 */
export function gitTopLevel(cwd: string): string | undefined {
  if (process.env['GIT_DIR'] || process.env['GIT_WORK_TREE'] || process.env['GIT_CEILING_DIRECTORIES']) {
    try {
      const top = git(['rev-parse', '--show-toplevel'], cwd).trim();
      return top === '' ? undefined : top;
    } catch {
      return undefined;
    }
  }
  // From the resolved folder, as git starts (a symbolic link into a checkout is in it).
  let start = resolve(cwd);
  try {
    start = realpathSync.native(start);
  } catch {
    // A folder that does not exist: walk up from it as given.
  }
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The repository root absolute report paths are made relative to: the git top level, else `cwd`. */
export function defaultRepoRoot(cwd: string): string {
  return gitTopLevel(cwd) ?? cwd;
}
