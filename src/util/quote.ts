/**
 * Quoting a value from a report in an error or warning message: a bounded prefix, never the
 * whole value. A 1 MB string is a 1 MB error line, and JSON.stringify of a value nested
 * 100,000 deep overflows the stack while the message is being built; this walks at most
 * {@link MAX_DEPTH} levels and stops at `max` characters.
 */

/** Nesting shown before `…`. */
const MAX_DEPTH = 3;

/**
 * `v` as it would appear in JSON, cut to about `max` characters (`…` marks a cut): strings are
 * quoted and escaped (so a newline stays `\n` and the message one line), arrays and objects
 * show their first entries.
 */
export function quote(v: unknown, max = 80): string {
  const out: string[] = [];
  let left = max;
  let cut = false;
  /** Append `s`, or as much as fits (then false: stop). */
  const put = (s: string): boolean => {
    if (s.length <= left) {
      out.push(s);
      left -= s.length;
      return true;
    }
    out.push(s.slice(0, Math.max(left, 0)));
    left = 0;
    cut = true;
    return false;
  };
  const walk = (x: unknown, depth: number): boolean => {
    if (typeof x === 'string') {
      if (x.length + 2 <= left) return put(JSON.stringify(x));
      // a cut string keeps its closing quote: `"abc…"`
      out.push(`${JSON.stringify(x.slice(0, Math.max(left - 2, 1))).slice(0, -1)}…"`);
      left = 0;
      return false;
    }
    if (x === null || typeof x !== 'object') return put(typeof x === 'bigint' ? `${x}n` : String(x));
    if (depth >= MAX_DEPTH) return put(Array.isArray(x) ? '[…]' : '{…}');
    if (Array.isArray(x)) {
      if (!put('[')) return false;
      for (let i = 0; i < x.length; i++) {
        if (i > 0 && !put(', ')) return false;
        if (!walk(x[i], depth + 1)) return false;
      }
      return put(']');
    }
    if (!put('{')) return false;
    let first = true;
    for (const k of Object.keys(x)) {
      if (!first && !put(', ')) return false;
      first = false;
      if (!put(`${JSON.stringify(k.length > 40 ? `${k.slice(0, 40)}…` : k)}: `)) return false;
      if (!walk((x as Record<string, unknown>)[k], depth + 1)) return false;
    }
    return put('}');
  };
  walk(v, 0);
  return out.join('') + (cut ? '…' : '');
}

/** A string from a report as message prose (no quotes): one line, cut to `max` characters; anything else as {@link quote}. */
export function excerpt(v: unknown, max = 200): string {
  if (typeof v !== 'string') return quote(v, max);
  const s = v.length > max ? `${v.slice(0, max)}…` : v;
  return /[\r\n]/.test(s) ? s.replace(/\r\n|[\r\n]/g, ' ') : s;
}
