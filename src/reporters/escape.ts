/**
 * Escaping for untrusted text (scanner messages, test names, file paths) in the outputs
 * people read. Everything a report says is untrusted: it must not break a Markdown table,
 * open HTML, ping people, link issues, hide content or smuggle a link.
 *
 * Markdown facts relied on (CommonMark 0.31 §2.4 "Backslash escapes": any ASCII punctuation
 * may be backslash-escaped; GFM §4.10 "Tables": `\|` inside a cell is a literal pipe):
 * - `&`, `<`, `>` become entities, so no HTML tag (`</details>`, `<img onerror>`) and no
 *   entity (`&#60;`) survives.
 * - `\ ` * _ [ ] | ~ #` are backslash-escaped, so no emphasis, code span, link
 *   (`[x](javascript:…)`), strikethrough, heading or table cell boundary is formed.
 * - GitHub links `@user`, `@org/team`, `#123` and `GH-123` on the rendered text, after entities are
 *   decoded, so escaping alone does not stop them; a zero-width space (`&#8203;`) after
 *   the `@`/`#` does (the same trick Renovate and Dependabot use in their PR bodies).
 * - Line breaks are folded to spaces: inline text never starts a new block.
 */

/** A zero-width space as an entity: visible in the Markdown source, invisible when rendered. */
const ZWSP = '&#8203;';
/** An `@` that GitHub could read as a mention: not preceded by a letter or digit (so `pkg@1.2` stays as is). */
const MENTION = /(?<![A-Za-z0-9])@(?=[A-Za-z0-9_-])/g;

/**
 * Fold all whitespace (including line breaks) to single spaces, drop control and bidi
 * override characters (which can hide or reorder text), and cut to `max` characters.
 */
export function oneLine(s: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  // Cut on a code point boundary so a surrogate pair is never split.
  return `${Array.from(t).slice(0, max - 1).join('')}…`;
}

/**
 * At most `max` characters, cut in the middle so the end survives: a long rule id
 * (`python.lang.security.audit.dangerous-subprocess-use.dangerous-subprocess-use`) is told
 * apart by its last segment, not by its common prefix. Whole code points only.
 */
export function cutMiddle(s: string, max: number): string {
  const cps = Array.from(s);
  if (cps.length <= max) return s;
  const tail = Math.ceil((max - 1) * 0.6);
  return `${cps.slice(0, max - 1 - tail).join('')}…${cps.slice(cps.length - tail).join('')}`;
}

/**
 * Untrusted text for inline Markdown (a paragraph, a list item, a table cell, a
 * `<summary>`): one line, at most `max` characters of the original, escaped as above.
 */
export function escapeMarkdown(s: string, max = 300): string {
  return oneLine(s, max)
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c]!)
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/#(\d)?/g, (_m, d: string | undefined) => (d === undefined ? '\\#' : `#${ZWSP}${d}`))
    .replace(MENTION, `@${ZWSP}`)
    .replace(/\bGH-(?=\d)/gi, (m) => `${m.slice(0, 2)}${ZWSP}-`)
    // A list marker or setext underline at the very start would start a block.
    .replace(/^([+\-=]|\d+[.)])(?=\s|$)/, (m) => `${m.slice(0, -1)}\\${m.slice(-1)}`);
}

/**
 * Untrusted text inside raw HTML that Markdown leaves alone (a `<summary>` line): one line,
 * HTML-escaped, with mentions and issue references neutralised as in `escapeMarkdown`.
 */
export function escapeHtml(s: string, max = 300): string {
  return oneLine(s, max)
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c]!)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(MENTION, `@${ZWSP}`)
    .replace(/\bGH-(?=\d)/gi, (m) => `${m.slice(0, 2)}${ZWSP}-`);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Text for XML element content and attribute values: the five entities, and characters XML 1.0 cannot hold dropped. */
export function escapeXml(s: string): string {
  return stripInvalidXml(s).replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * XML 1.0 §2.2 Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]:
 * anything else (other C0 controls, lone surrogates, U+FFFE/U+FFFF) cannot appear even as a
 * character reference, so it is replaced with U+FFFD.
 */
export function stripInvalidXml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * A URL from a report (a rule's help link) or built from CI settings, made safe for a
 * Markdown link destination: only http(s), normalised by the URL parser, with the
 * characters that could end the destination percent-encoded. Undefined when not usable.
 */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  return u.href.replace(/[()<>"'\s|`[\]\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A repository-relative path as URL path segments; undefined for absolute paths, `..` segments or URLs. */
export function encodeRepoPath(path: string): string | undefined {
  const p = path.replace(/\\/g, '/').replace(/^\.\//, '');
  if (p === '' || p.startsWith('/') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(p)) return undefined;
  const segs = p.split('/');
  if (segs.some((s) => s === '..' || s === '.' || s === '')) return undefined;
  return segs.map(encodeURIComponent).join('/');
}
