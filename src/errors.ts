/**
 * Known errors carry a stable code; the CLI prints them as one line and exits 2.
 * Anything else is a bug and is rethrown with its stack.
 */
export type ErrorCode =
  | 'E_USAGE' // bad command-line arguments
  | 'E_CONFIG' // policy file unreadable or invalid
  | 'E_IO' // a file or directory could not be read/written
  | 'E_DETECT' // no parser, or several, claim a file
  | 'E_PARSE' // a file claimed by a parser is malformed
  | 'E_INPUT' // a report is well-formed but unusable (holds nothing to measure, ...)
  | 'E_GIT' // git could not produce the diff asked for
  | 'E_API' // GitHub/GitLab API failure
  | 'E_INTERNAL'; // an unexpected exception (a bug): the run could not evaluate

/**
 * What makes an error a GatecheckError in any copy of this module: the CLI's lazily loaded
 * parsers (dist/bundle/parser-*.cjs, scripts/build.mjs) each bundle their own.
 */
const BRAND = Symbol.for('gatecheck.GatecheckError');

export class GatecheckError extends Error {
  /** `instanceof GatecheckError` holds for an error from another copy of this class too (BRAND). */
  static override [Symbol.hasInstance](x: unknown): x is GatecheckError {
    if (this !== GatecheckError) return Function.prototype[Symbol.hasInstance].call(this, x);
    return typeof x === 'object' && x !== null && (x as { [BRAND]?: unknown })[BRAND] === true;
  }

  readonly code: ErrorCode;
  /** The file the error is about, when there is one. */
  readonly file: string | undefined;
  /** The place inside the file: a line (`line 12`), a JSON pointer or key path (`runs[0].results[3].level`). */
  readonly where: string | undefined;

  constructor(code: ErrorCode, message: string, options: { file?: string; where?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatecheckError';
    this.code = code;
    this.file = options.file;
    this.where = options.where;
    // `String(e)`, `console.error(e)` and the stack's first line name the file, as Node's own
    // fs errors do; `message` stays the bare reason (with `file` and `where` beside it).
    const head = `${this.name}: ${message}`;
    if (this.file !== undefined && typeof this.stack === 'string' && this.stack.startsWith(head)) {
      this.stack = `${this.name}: ${this.format()}${this.stack.slice(head.length)}`;
    }
  }

  override toString(): string {
    return `${this.name}: ${this.format()}`;
  }

  /** `file: where: message`, the one line the CLI prints. */
  format(): string {
    const parts: string[] = [];
    if (this.file) parts.push(this.file);
    if (this.where) parts.push(this.where);
    parts.push(this.message);
    return `${parts.join(': ')} [${this.code}]`;
  }
}

Object.defineProperty(GatecheckError.prototype, BRAND, { value: true });

/** At most `max` characters of `s`, cut with an ellipsis: quoted text never makes an error line unbounded. */
export function boundText(s: string, max = 200): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/**
 * An unexpected exception as one line: `FILE: internal error: TypeError: … [E_INTERNAL]`.
 * Only the first line of the thrown message, bounded: a third-party library's error may quote
 * its own (minified) source or the whole input. The original stays as `cause` (for --debug).
 */
export function internalError(e: unknown, file?: string): GatecheckError {
  if (isGatecheckError(e)) return e;
  const name = e instanceof Error ? String(e.name || 'Error') : typeof e;
  const raw = e instanceof Error ? String(e.message) : safeString(e);
  const first = (raw.split(/\r?\n/, 1)[0] ?? '').trim();
  return new GatecheckError('E_INTERNAL', `internal error: ${name}: ${boundText(first)}`, { ...(file !== undefined ? { file } : {}), cause: e });
}

function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

export function isGatecheckError(e: unknown): e is GatecheckError {
  return e instanceof GatecheckError;
}

/** Characters of a parse error's message; report text quoted in it is cut before this (src/util/quote.ts). */
const MESSAGE_LIMIT = 1000;

/**
 * Shorthand for a parse error at a place in a file. The message is one line and bounded, as
 * a last line of defence: a quoted value that carries a newline, or a very long one, cannot
 * turn the CLI's one error line into several or into megabytes.
 */
export function parseError(file: string, where: string | undefined, message: string, cause?: unknown): GatecheckError {
  if (/[\r\n]/.test(message)) message = message.replace(/\r\n|[\r\n]/g, ' ');
  if (message.length > MESSAGE_LIMIT) message = `${message.slice(0, MESSAGE_LIMIT)}…`;
  if (where !== undefined && where.length > MESSAGE_LIMIT) where = `${where.slice(0, MESSAGE_LIMIT)}…`;
  const opts: { file: string; where?: string; cause?: unknown } = { file };
  if (where !== undefined) opts.where = where;
  if (cause !== undefined) opts.cause = cause;
  return new GatecheckError('E_PARSE', message, opts);
}
