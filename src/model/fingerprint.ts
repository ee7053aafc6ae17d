let hash: typeof import('node:crypto').hash | undefined;

/**
 * A short, stable hash of the given parts (joined with NUL so parts cannot run together).
 * SHA-256 through the one-shot `crypto.hash` (Node ≥ 20.12; engines asks ≥ 20.19): about 4×
 * cheaper per call than a createHash object, which matters at one call per finding.
 * node:crypto is loaded on the first call (~3 ms of a start that may hash nothing).
 */
export function fingerprintOf(...parts: Array<string | number | undefined>): string {
  let joined = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (i > 0) joined += '\u0000';
    if (p !== undefined) joined += String(p);
  }
  hash ??= process.getBuiltinModule('node:crypto').hash;
  return hash('sha256', joined, 'hex').slice(0, 32);
}

/** Whitespace-folded, lower-cased text, so a fingerprint survives re-indentation and line shifts. */
export function normaliseSnippet(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
}
