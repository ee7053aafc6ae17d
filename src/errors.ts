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
  | 'E_API'; // GitHub/GitLab API failure

export class GatecheckError extends Error {
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

export function isGatecheckError(e: unknown): e is GatecheckError {
  return e instanceof GatecheckError;
}

/** Shorthand for a parse error at a place in a file. */
export function parseError(file: string, where: string | undefined, message: string, cause?: unknown): GatecheckError {
  const opts: { file: string; where?: string; cause?: unknown } = { file };
  if (where !== undefined) opts.where = where;
  if (cause !== undefined) opts.cause = cause;
  return new GatecheckError('E_PARSE', message, opts);
}
