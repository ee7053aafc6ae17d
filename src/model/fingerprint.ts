import { createHash } from 'node:crypto';

/** A short, stable hash of the given parts (joined with NUL so parts cannot run together). */
export function fingerprintOf(...parts: Array<string | number | undefined>): string {
  const h = createHash('sha256');
  h.update(parts.map((p) => (p === undefined ? '' : String(p))).join('\u0000'));
  return h.digest('hex').slice(0, 32);
}

/** Whitespace-folded, lower-cased text, so a fingerprint survives re-indentation and line shifts. */
export function normaliseSnippet(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
}
