/**
 * Path normalisation shared by every parser, so reports from different tools and the diff
 * agree on one spelling: repository-relative, `/` separators, no `./`, no drive letters.
 */
export interface PathOptions {
  /** Absolute repository root; absolute paths under it become relative. */
  repoRoot?: string;
  /** Further prefixes to strip (Go module path, a CI workspace such as /github/workspace). */
  pathPrefixes?: readonly string[];
}

export function normalisePath(raw: string, opts: PathOptions = {}): string {
  let p = raw.trim();
  if (p.startsWith('file://')) {
    try {
      p = decodeURIComponent(new URL(p).pathname);
      if (/^\/[A-Za-z]:\//.test(p)) p = p.slice(1);
    } catch {
      p = p.slice('file://'.length);
    }
  }
  p = p.replace(/\\/g, '/');
  const prefixes = [...(opts.repoRoot ? [opts.repoRoot] : []), ...(opts.pathPrefixes ?? [])];
  for (const prefix of prefixes) {
    const pre = prefix.replace(/\\/g, '/').replace(/\/+$/, '');
    if (pre && (p === pre || p.startsWith(pre + '/'))) {
      p = p.slice(pre.length);
      break;
    }
    if (pre && /^[A-Za-z]:/.test(p) && p.toLowerCase().startsWith(pre.toLowerCase() + '/')) {
      p = p.slice(pre.length);
      break;
    }
  }
  p = p.replace(/\/{2,}/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  p = p.replace(/\/\.\//g, '/');
  if (p.startsWith('/') && prefixes.length > 0) p = p.slice(1);
  return p;
}
