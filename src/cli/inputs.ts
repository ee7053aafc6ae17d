/**
 * Command-line paths → report files → artifacts. The only place that reads report files.
 * Named files must parse; files found by scanning a directory are sniffed and the ones no
 * parser recognises are skipped (and listed), unless they look like a broken report.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { GatecheckError, internalError, isGatecheckError } from '../errors.js';
import type { Artifact } from '../model/types.js';
import { candidates, parseSource, type ParseReportOptions } from '../parsers/index.js';
import { isBlank, type SourceFile } from '../parsers/source.js';
import type { ParseOptions } from '../parsers/types.js';
import { defaultRepoRoot } from './git.js';
import { LARGE_INPUT_BYTES } from './io.js';
import { readSource } from './read.js';
import { globBase, picomatch } from '../util/picomatch.js';

export interface InputSpec {
  /** A file, directory or glob. */
  path: string;
  label?: string;
}

export interface ReadInputsOptions extends ParseOptions {
  cwd: string;
  /** Parser id for every file, or per path: `PATH=ID`. */
  formats?: string[];
  /** The policy's `formats:` (path glob → parser id), used where the command line names none. */
  policyFormats?: ReadonlyArray<{ path: string; format: string }>;
  /** Called before a report of LARGE_INPUT_BYTES or more is parsed (CliIo.onLargeInput). */
  onLargeInput?: () => void;
}

export interface ReadInputsResult {
  artifacts: Artifact[];
  errors: GatecheckError[];
  /** Files in scanned directories that no parser recognised. */
  skipped: string[];
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface ReadReportsOptions extends ParseOptions {
  /** Where relative paths and globs start. @default process.cwd() */
  cwd?: string;
  /** Parser id for every file, or per path: `PATH=ID` (skips detection). */
  formats?: string[];
}

/**
 * Report files, directories (scanned; every file sniffed, the ones no parser recognises left
 * out) or globs → artifacts, read as the CLI reads them. Fails closed: any file that cannot be
 * read or parsed throws (E_IO / E_DETECT / E_PARSE / E_INPUT naming the file; several problems
 * become one error listing each on its own line). `repoRoot` defaults to the git top level.
 */
export function readReports(paths: readonly string[], options: ReadReportsOptions = {}): Artifact[] {
  const cwd = options.cwd ?? process.cwd();
  const res = readInputs(
    paths.map((path) => ({ path })),
    { ...options, cwd, repoRoot: options.repoRoot ?? defaultRepoRoot(cwd) },
  );
  const [first, ...more] = res.errors;
  if (first && more.length === 0) throw first;
  if (first) throw new GatecheckError(first.code, `${res.errors.length} reports could not be read:\n${res.errors.map((e) => `  ${e.format()}`).join('\n')}`);
  return res.artifacts;
}

export function readInputs(specs: readonly InputSpec[], options: ReadInputsOptions): ReadInputsResult {
  const artifacts: Artifact[] = [];
  const errors: GatecheckError[] = [];
  const skipped: string[] = [];
  const { global: globalFormat, perPath } = splitFormats(options.formats ?? []);
  const byGlob = (options.policyFormats ?? []).map((f) => ({ isMatch: picomatch()(f.path, { dot: true }), format: f.format }));
  const policyFormat = (path: string) => byGlob.find((f) => f.isMatch(path) || f.isMatch(path.replace(/^\.\//, '')))?.format;
  for (const spec of specs) {
    let files: Array<{ path: string; scanned: boolean }>;
    try {
      files = expand(spec.path, options.cwd);
    } catch (e) {
      if (!isGatecheckError(e)) throw internalError(e, spec.path);
      errors.push(e);
      continue;
    }
    for (const { path, scanned } of files) {
      try {
        const src = readSource(resolve(options.cwd, path), path, scanned);
        if (!src) {
          skipped.push(path);
          continue;
        }
        if (src.size >= LARGE_INPUT_BYTES) options.onLargeInput?.();
        const format = perPath.get(path) ?? globalFormat ?? policyFormat(path);
        if (scanned && !format && !claimed(src)) {
          skipped.push(path);
          continue;
        }
        const opts: ParseReportOptions = { ...pick(options) };
        if (format) opts.format = format;
        if (spec.label !== undefined) opts.label = spec.label;
        artifacts.push(...parseSource(src, opts));
      } catch (e) {
        if (isGatecheckError(e)) errors.push(e);
        else if (isNodeError(e)) errors.push(new GatecheckError('E_IO', `cannot read: ${e.code ?? e.message}`, { file: path }));
        // Anything else is a bug (in a parser or a library it uses): stop, naming the file.
        else throw internalError(e, path);
      }
    }
  }
  return { artifacts, errors, skipped };
}

function pick(o: ReadInputsOptions): ParseOptions {
  const p: ParseOptions = {};
  if (o.pathPrefixes) p.pathPrefixes = o.pathPrefixes;
  if (o.repoRoot) p.repoRoot = o.repoRoot;
  if (o.linePatterns) p.linePatterns = o.linePatterns;
  return p;
}

/** In a directory scan, a file is taken when a parser claims it, or when it looks like a report but is broken. */
function claimed(src: SourceFile): boolean {
  if (isBlank(src)) return false;
  if (candidates(src).length > 0) return true;
  // A .json/.xml/.sarif file that does not even parse is a broken report, not an unrelated file.
  return /\.(json|sarif|xml|info|lcov|out)$/i.test(src.path) && src.looksLikeJson && src.tryJson() === undefined;
}

function splitFormats(formats: readonly string[]): { global: string | undefined; perPath: Map<string, string> } {
  let global: string | undefined;
  const perPath = new Map<string, string>();
  for (const f of formats) {
    const eq = f.lastIndexOf('=');
    if (eq > 0) perPath.set(f.slice(0, eq), f.slice(eq + 1));
    else global = f;
  }
  return { global, perPath };
}

/** A path, directory (recursive, sorted) or glob → files, relative to cwd where they were given relative. */
export function expand(pattern: string, cwd: string): Array<{ path: string; scanned: boolean }> {
  // `gatecheck evaluate "$REPORTS"` with REPORTS unset: a mistake, not the current directory.
  if (pattern === '') throw new GatecheckError('E_INPUT', 'empty report path (an unset variable?): name a file, directory or glob');
  const globbed = globBase(pattern);
  if (globbed === undefined) {
    let st;
    try {
      st = statSync(resolve(cwd, pattern));
    } catch {
      throw new GatecheckError('E_IO', 'no such file or directory', { file: pattern });
    }
    if (st.isDirectory()) {
      const files = walk(resolve(cwd, pattern)).map((abs) => ({ path: display(pattern, resolve(cwd, pattern), abs), scanned: true }));
      if (files.length === 0) throw new GatecheckError('E_INPUT', 'directory holds no files', { file: pattern });
      return files;
    }
    return [{ path: pattern, scanned: false }];
  }
  const base = globbed || '.';
  const isMatch = picomatch()(pattern, { dot: true });
  let all: string[];
  try {
    all = walk(resolve(cwd, base));
  } catch {
    throw new GatecheckError('E_IO', 'no such directory', { file: base });
  }
  const out = all
    .map((abs) => relative(cwd, abs).replace(/\\/g, '/'))
    .filter((rel) => isMatch(rel) || isMatch(`./${rel}`))
    .map((rel) => ({ path: rel, scanned: false }));
  if (out.length === 0) throw new GatecheckError('E_INPUT', 'the pattern matches no file', { file: pattern });
  return out;
}

function display(given: string, root: string, abs: string): string {
  const rel = relative(root, abs).replace(/\\/g, '/');
  return given === '.' || given === './' ? rel : `${given.replace(/\/+$/, '')}/${rel}`;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) out.push(...walk(join(dir, e.name)));
    } else if (e.isFile()) {
      out.push(join(dir, e.name));
    }
  }
  return out;
}

/** An error from a file system call (it names the call); other errors with a `code` (yaml's, ajv's) are not I/O problems. */
function isNodeError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && 'code' in e && 'syscall' in e;
}
