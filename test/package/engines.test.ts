/**
 * Every Node version our `engines` admits must be admitted by every runtime dependency's
 * `engines` too, or each install on such a Node warns EBADENGINE (the Octokit v22 line pulls
 * in content-type 3, which wants Node >= 22; we stay on v21 for that, see README "Install").
 * Read from package-lock.json, which lists what `npm install gatecheck` resolves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

interface LockEntry {
  version?: string;
  dev?: boolean;
  engines?: { node?: string };
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };

describe('engines', () => {
  const runtime = Object.entries(lock.packages).filter(([path, e]) => path !== '' && e.dev !== true);

  it('the lockfile holds the runtime dependencies', () => {
    expect(runtime.map(([path]) => path)).toContain('node_modules/@octokit/rest');
  });

  it.each(runtime.filter(([, e]) => e.engines?.node !== undefined))('%s admits every Node that gatecheck admits', (_path, e) => {
    expect(semver.subset(pkg.engines.node, e.engines!.node!), `ours ${pkg.engines.node}, theirs ${e.engines!.node}`).toBe(true);
  });
});
