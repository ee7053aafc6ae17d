/**
 * picomatch, loaded on first use: most runs match no glob (reports named by path, a policy with
 * no `select.paths`), and loading it is ~2 ms of a start. The bundles load it from a file of its
 * own (scripts/build.mjs, VENDOR).
 */
import { createRequire } from 'node:module';
import type Picomatch from 'picomatch';

const require = createRequire(import.meta.url);
let loaded: typeof Picomatch | undefined;

export function picomatch(): typeof Picomatch {
  return (loaded ??= require('picomatch') as typeof Picomatch);
}

/** Characters without which picomatch reads a pattern as a plain path (its scan() never says isGlob). */
const GLOB_CHARS = /[*?[\]{}()!+@\\]/;

/**
 * The folder a glob's matches lie under (picomatch's scan: `''` for the current one), or
 * undefined when `pattern` is a plain path, for which picomatch is not loaded.
 */
export function globBase(pattern: string): string | undefined {
  if (!GLOB_CHARS.test(pattern)) return undefined;
  const scan = picomatch().scan(pattern);
  return scan.isGlob ? scan.base : undefined;
}
