/**
 * argv → config → parse → evaluate → render → write. The only module that does I/O.
 * `runCli(argv, io)` resolves to the exit code; bin/gatecheck.cjs loads the bundle and calls it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import type { Argv, PositionalOptions } from 'yargs';
import { DEFAULT_POLICY_YAML } from '../config/default-policy.js';
import { configSchema, defaultPolicy, loadPolicy } from '../config/load.js';
import type { ResolvedConfig } from '../config/types.js';
import { parseUnifiedDiff } from '../diff/unified.js';
import { boundText, GatecheckError, internalError, isGatecheckError } from '../errors.js';
import { evaluate } from '../gates/index.js';
import { newCodeCoverage, mergeCoverage } from '../gates/coverage.js';
import type { DiffInfo } from '../gates/types.js';
import modelSchema from '../model/schema.json' with { type: 'json' };
import { summarise } from '../model/summary.js';
import type { Artifact } from '../model/types.js';
import { toModelDocument } from '../parsers/gatecheck-model.js';
import { parsers } from '../parsers/index.js';
import { getReporter, reporters } from '../reporters/index.js';
import { textReporter, warningLines } from '../reporters/text.js';
import { plural } from '../reporters/tally.js';
import type { RenderOptions } from '../reporters/types.js';
import { CI_OPTIONS, commentFromFile, linksFromEnv, publishCi } from './ci.js';
import { fastArgs, type Args, type OptionSpec } from './fast-args.js';
import { defaultRepoRoot, gitDiff } from './git.js';
import { readInputs, type InputSpec } from './inputs.js';
import type { CliIo } from './io.js';

const require = createRequire(import.meta.url);

export const VERSION = '0.1.0';
const CONFIG_NAMES = ['gatecheck.yml', 'gatecheck.yaml', 'gatecheck.json'];

/** Options of the commands that read reports, as yargs option definitions. */
const PARSE_OPTIONS = {
  config: { alias: 'c', type: 'string', describe: 'policy file (default: ./gatecheck.yml|yaml|json, else the embedded default)' },
  format: { alias: 'f', type: 'string', array: true, nargs: 1, describe: 'parser id for every file, or PATH=ID for one (skips detection); diagnostics:PRESET for line diagnostics' },
  'path-prefix': { type: 'string', array: true, nargs: 1, describe: 'prefix to strip from report paths (Go module path, CI workspace)' },
  'repo-root': { type: 'string', describe: 'absolute repository root as the reports spell it (default: the git top level, else the current directory)' },
} as const satisfies Record<string, OptionSpec>;

/** `evaluate`'s options (and `comment`'s, which adds --evaluation). */
const EVALUATE_OPTIONS = {
  ...PARSE_OPTIONS,
  ...CI_OPTIONS,
  input: { type: 'string', array: true, nargs: 1, describe: 'LABEL=PATH: a labelled report (file, directory or glob) that gates can select by label' },
  reporter: { alias: 'r', type: 'string', array: true, nargs: 1, describe: `ID[=PATH], repeatable: ${reporters.map((r) => r.id).join(', ')} (default: text to stdout)` },
  json: { type: 'boolean', describe: 'the evaluation as JSON on stdout (short for --reporter json)' },
  diff: { type: 'string', describe: 'unified diff of the change, for new-code coverage' },
  base: { type: 'string', describe: 'git ref to diff against (merge base), for new-code coverage' },
  baseline: { type: 'string', array: true, nargs: 1, describe: "base branch's results (a gatecheck model document or raw reports)" },
  quiet: { alias: 'q', type: 'boolean', describe: 'text reporter: only the verdict line; with only file reporters, nothing on stdout' },
  'show-skipped': { type: 'boolean', describe: 'text reporter: a row per skipped gate with the reason (default: one line naming them)' },
  'max-evidence': { type: 'number', default: 20, describe: 'evidence items kept per gate' },
  today: { type: 'string', hidden: true, describe: 'YYYY-MM-DD used for waiver expiry (tests)' },
} as const satisfies Record<string, OptionSpec>;

const GLOBAL_OPTIONS = {
  debug: { type: 'boolean', global: true, describe: 'an internal error prints its stack (also GATECHECK_DEBUG=1)' },
} as const satisfies Record<string, OptionSpec>;

/** Every option `gatecheck evaluate` takes: what src/cli/fast-args.ts reads without yargs. */
export const EVALUATE_ARGS: Readonly<Record<string, OptionSpec>> = { ...EVALUATE_OPTIONS, ...GLOBAL_OPTIONS };

const PATHS = { type: 'string', array: true, describe: 'report files, directories (scanned, every file sniffed) or globs' } as const satisfies PositionalOptions;

/**
 * The full command line parser. yargs (with its help and message machinery, ~45 ms of CPU to
 * load) is loaded only when the command line is not one src/cli/fast-args.ts reads. An ES
 * module, required (Node ≥ 20.19) rather than imported: the CLI's bundle holds no import(),
 * which a V8 code cache would not keep (bin/gatecheck.cjs).
 */
function build(): Argv {
  // yargs' module exports its factory as `module.exports` too, which require() returns where
  // Node supports that name (20.20, 24), else the namespace.
  const m = require('yargs') as typeof import('yargs') | (typeof import('yargs'))['default'];
  const yargs = typeof m === 'function' ? m : m.default;
  return yargs()
    .scriptName('gatecheck')
    .usage('$0 <command> [options]')
    .exitProcess(false)
    .strict()
    .wrap(100)
    .command('evaluate [paths..]', 'Read reports, evaluate the policy, report the verdict (exit 0 passed, 1 blocked, 2 could not evaluate, 3 needs approval, 4 roll back)', (y) =>
      y.positional('paths', PATHS).options(EVALUATE_OPTIONS),
    )
    .command('comment [paths..]', 'Post or update the pull/merge request comment: from a saved evaluation (--evaluation FILE, the json reporter\'s output) or by evaluating like evaluate', (y) =>
      y.positional('paths', PATHS).options(EVALUATE_OPTIONS).option('evaluation', { alias: 'e', type: 'string', describe: 'a saved evaluation (gatecheck evaluate --reporter json=FILE) to comment with, instead of evaluating' }),
    )
    .command('inspect <file>', 'Parse one report and print what gatecheck read from it', (y) =>
      y
        .options(PARSE_OPTIONS)
        .positional('file', { type: 'string', demandOption: true })
        .option('json', { type: 'boolean', describe: 'print {format, tool, kind, summary} as JSON' })
        .option('diff', { type: 'string', describe: 'coverage: add new-code figures for this unified diff' })
        .option('base', { type: 'string', describe: 'coverage: add new-code figures for the change against this git ref' }),
    )
    .command('parse [paths..]', 'Parse reports into one gatecheck model document (for CI shards to hand on)', (y) =>
      y
        .options(PARSE_OPTIONS)
        .positional('paths', { type: 'string', array: true })
        .option('output', { alias: 'o', type: 'string', describe: 'write here instead of stdout' }),
    )
    .command('init', 'Write the default policy as a commented gatecheck.yml', (y) =>
      y.option('output', { alias: 'o', type: 'string', default: 'gatecheck.yml' }).option('force', { type: 'boolean', describe: 'overwrite' }),
    )
    .command('schema', 'Print the policy JSON Schema', (y) => y.option('model', { type: 'boolean', describe: 'print the model document schema instead' }))
    .command('formats', 'List the input formats gatecheck reads')
    .demandCommand(1, 'name a command: evaluate, comment, inspect, parse, init, schema or formats')
    .options(GLOBAL_OPTIONS)
    .help()
    .version(VERSION);
}

/** yargs' reading of a command line (E_USAGE with yargs' message when it refuses it). */
export async function yargsArgs(argv: readonly string[]): Promise<{ args: Args; output: string }> {
  const parser = build();
  return new Promise((res, rej) => {
    parser.parse([...argv], {}, (err: Error | undefined, a: unknown, output: string) => {
      if (err) rej(Object.assign(new GatecheckError('E_USAGE', err.message), { output }));
      else res({ args: a as Args, output });
    });
  });
}

/**
 * Run the CLI in-process; resolves to the exit code. Never rejects: a known error prints one
 * line (exit 2); an unexpected exception (a bug, here or in a library) also ends as exit 2 with
 * one line naming the file being processed, and its stack only with --debug or GATECHECK_DEBUG=1.
 * A crash is "could not evaluate", never "blocked" (exit 1).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const debug = isDebug(argv, io.env);
  try {
    return await run(argv, io);
  } catch (e) {
    return printError(internalError(e), io, debug);
  }
}

/** `--debug`, or GATECHECK_DEBUG set to anything but empty, 0, false or no. */
export function isDebug(argv: readonly string[], env: CliIo['env']): boolean {
  const v = env['GATECHECK_DEBUG'];
  return argv.includes('--debug') || (v !== undefined && v !== '' && !/^(0|false|no)$/i.test(v));
}

/** Longest line the CLI prints for an error: the last guard against a report's text filling the log. */
const MAX_ERROR_LINE = 1000;
const MAX_ERROR_LINES = 60;

/** Print a known error (one line, plus the key-path list a policy error carries); exit code 2. */
export function printError(e: GatecheckError, io: CliIo, debug = false): number {
  const lines = e.format().split('\n');
  const shown = lines.slice(0, MAX_ERROR_LINES).map((l) => boundText(l, MAX_ERROR_LINE));
  if (lines.length > shown.length) shown.push(`  …and ${lines.length - shown.length} more lines`);
  if (e.code === 'E_INTERNAL' && !debug) {
    shown[0] = shown[0]!.replace(/ \[E_INTERNAL\]$/, ' (a bug in gatecheck; --debug or GATECHECK_DEBUG=1 prints the stack) [E_INTERNAL]');
  }
  io.stderr.write(`gatecheck: ${shown.join('\n')}\n`);
  if (debug) {
    const cause = e.cause instanceof Error ? e.cause : e;
    if (cause.stack) io.stderr.write(`${cause.stack}\n`);
  }
  return 2;
}

/** Run `fn`; an unexpected exception in it becomes E_INTERNAL naming `file` (known errors pass through). */
function within<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw internalError(e, file);
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const debug = isDebug(argv, io.env);
  let args: Args;
  try {
    const fast = fastArgs(argv, EVALUATE_ARGS);
    if (fast === 'version') {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const parsed = fast ? { args: fast, output: '' } : await yargsArgs(argv);
    if (parsed.args['help'] || parsed.args['version']) {
      io.stdout.write(parsed.output.endsWith('\n') ? parsed.output : `${parsed.output}\n`);
      return 0;
    }
    args = parsed.args;
  } catch (e) {
    if (isGatecheckError(e) && e.code === 'E_USAGE') {
      io.stderr.write(`gatecheck: ${boundText(e.message, MAX_ERROR_LINE)} (see gatecheck --help) [${e.code}]\n`);
      return 2;
    }
    throw e;
  }
  try {
    switch (args._[0]) {
      case 'evaluate':
        return await cmdEvaluate(args, io);
      case 'comment':
        return typeof args['evaluation'] === 'string' ? await commentFromFile(args['evaluation'], args, io) : await cmdEvaluate({ ...args, comment: true }, io);
      case 'inspect':
        return cmdInspect(args, io);
      case 'parse':
        return cmdParse(args, io);
      case 'init':
        return cmdInit(args, io);
      case 'schema':
        io.stdout.write(`${JSON.stringify(args['model'] ? modelSchema : configSchema, null, 2)}\n`);
        return 0;
      case 'formats':
        for (const p of parsers) io.stdout.write(`${p.id.padEnd(20)} ${p.kind.padEnd(12)} ${p.description}\n`);
        return 0;
      default:
        throw new GatecheckError('E_USAGE', `unknown command ${String(args._[0])}`);
    }
  } catch (e) {
    return printError(internalError(e), io, debug);
  }
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
}

function parseOptions(args: Args, io: CliIo, policy?: ResolvedConfig) {
  const prefixes = [...strings(args['path-prefix']), ...(policy?.paths.stripPrefixes ?? [])];
  // Reports spell absolute paths from the checkout's root, wherever in it gatecheck runs.
  const repoRoot = (args['repo-root'] as string | undefined) ?? policy?.paths.repoRoot ?? defaultRepoRoot(io.cwd);
  const goModule = readGoModule(io.cwd);
  if (goModule && !prefixes.includes(goModule)) prefixes.push(goModule);
  return {
    cwd: io.cwd,
    formats: strings(args['format']),
    pathPrefixes: prefixes,
    repoRoot,
    ...(policy ? { policyFormats: policy.formats, linePatterns: policy.linePatterns } : {}),
    ...(io.onLargeInput ? { onLargeInput: io.onLargeInput } : {}),
  };
}

/** The `module` line of ./go.mod, if any: Go coverprofiles name files by import path, the diff by repository path. */
function readGoModule(cwd: string): string | undefined {
  try {
    const m = /^module\s+"?([^\s"]+)"?\s*$/m.exec(readFileSync(resolve(cwd, 'go.mod'), 'utf8'));
    return m?.[1];
  } catch {
    return undefined;
  }
}

function loadConfig(args: Args, io: CliIo): ResolvedConfig {
  const given = args['config'] as string | undefined;
  const path = given ?? CONFIG_NAMES.find((n) => existsSync(resolve(io.cwd, n)));
  if (!path) return defaultPolicy();
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, path), 'utf8');
  } catch (e) {
    throw new GatecheckError('E_CONFIG', `cannot read policy: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file: path });
  }
  return within(path, () => loadPolicy(text, path));
}

/** inspect and parse: the policy (its formats: and diagnostics:) when one is given or found, else none (no default to load). */
function loadConfigIfAny(args: Args, io: CliIo): ResolvedConfig | undefined {
  return args['config'] !== undefined || CONFIG_NAMES.some((n) => existsSync(resolve(io.cwd, n))) ? loadConfig(args, io) : undefined;
}

/**
 * Read every input; print every problem (one line each) and fail with exit 2 if any. The
 * parsers' warnings go to stderr too, unless `warn` is false (`evaluate` shows them in its
 * outputs, from the evaluation) and the read succeeded (then no output will show them).
 */
function readAll(specs: InputSpec[], args: Args, io: CliIo, policy?: ResolvedConfig, warn = true): Artifact[] | number {
  const res = readInputs(specs, parseOptions(args, io, policy));
  if (res.skipped.length > 0) {
    io.stderr.write(`gatecheck: skipped ${plural(res.skipped.length, 'file')} no parser recognises: ${res.skipped.slice(0, 10).join(', ')}${res.skipped.length > 10 ? ', …' : ''}\n`);
  }
  if (warn || res.errors.length > 0) for (const a of res.artifacts) for (const w of a.warnings ?? []) io.stderr.write(`gatecheck: warning: ${a.source}: ${w}\n`);
  if (res.errors.length > 0) {
    for (const e of res.errors) io.stderr.write(`gatecheck: ${e.format()}\n`);
    io.stderr.write(`gatecheck: could not evaluate: ${plural(res.errors.length, 'input problem')} (exit 2)\n`);
    return 2;
  }
  return res.artifacts;
}

function readDiff(args: Args, io: CliIo): DiffInfo | undefined {
  const diffPath = args['diff'] as string | undefined;
  const base = args['base'] as string | undefined;
  if (diffPath && base) throw new GatecheckError('E_USAGE', 'give --diff or --base, not both');
  if (diffPath) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, diffPath), 'utf8');
    } catch (e) {
      throw new GatecheckError('E_IO', `cannot read diff: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file: diffPath });
    }
    return { added: within(diffPath, () => parseUnifiedDiff(text, diffPath)).added, source: `--diff ${diffPath}` };
  }
  if (base) return gitDiff(base, { cwd: io.cwd });
  return undefined;
}

async function cmdEvaluate(args: Args, io: CliIo): Promise<number> {
  const policy = loadConfig(args, io);
  const specs: InputSpec[] = strings(args['paths']).map((path) => ({ path }));
  for (const l of strings(args['input'])) {
    const eq = l.indexOf('=');
    if (eq <= 0) throw new GatecheckError('E_USAGE', `--input takes LABEL=PATH (got "${l}")`);
    specs.push({ label: l.slice(0, eq), path: l.slice(eq + 1) });
  }
  if (specs.length === 0) throw new GatecheckError('E_USAGE', 'no reports given: name files, directories or globs (or --input LABEL=PATH)');
  const reporterSpecs = strings(args['reporter']);
  if (args['json']) reporterSpecs.push('json');
  const outputs = reporterSpecs.map((spec) => {
    const eq = spec.indexOf('=');
    const id = eq > 0 ? spec.slice(0, eq) : spec;
    const reporter = getReporter(id);
    if (!reporter) throw new GatecheckError('E_USAGE', `unknown reporter "${id}" (known: ${reporters.map((r) => r.id).join(', ')})`);
    return { reporter, path: eq > 0 ? spec.slice(eq + 1) : undefined };
  });
  // The job log is never empty: with only file outputs, the text table still goes to stdout,
  // unless --quiet or the text reporter was sent to a file.
  if (!outputs.some((o) => !o.path || o.reporter.id === 'text') && !args['quiet']) outputs.push({ reporter: textReporter, path: undefined });
  if (outputs.length === 0) outputs.push({ reporter: textReporter, path: undefined });
  const toStdout = outputs.filter((o) => !o.path).map((o) => o.reporter.id);
  if (toStdout.length > 1) {
    throw new GatecheckError('E_USAGE', `${toStdout.join(' and ')} would both write to standard output: give all but one a path (--reporter ID=PATH)`);
  }
  const diff = readDiff(args, io);
  // The input warnings are in the text table; on stderr as well they would show twice in a
  // terminal. Without the table on stdout (--quiet, the table to a file, JSON on stdout) stderr
  // is where a person running gatecheck sees them.
  const tableOnStdout = !args['quiet'] && outputs.some((o) => !o.path && o.reporter.id === 'text');
  const artifacts = readAll(specs, args, io, policy, false);
  if (typeof artifacts === 'number') return artifacts;
  let baseline: Artifact[] | undefined;
  if (args['baseline'] !== undefined) {
    const b = readAll(strings(args['baseline']).map((path) => ({ path })), args, io, policy);
    if (typeof b === 'number') return b;
    baseline = b;
  }
  const evaluation = within('evaluating the gates', () => evaluate(artifacts, policy, {
    maxEvidence: Number(args['max-evidence'] ?? 20),
    ...(typeof args['today'] === 'string' ? { today: args['today'] } : {}),
    ...(diff ? { diff } : {}),
    ...(baseline ? { baseline } : {}),
  }));
  for (const p of evaluation.problems ?? []) io.stderr.write(`gatecheck: ${p} [E_INPUT]\n`);
  // The table's own lines: one line each, control characters dropped, at most ten.
  if (!tableOnStdout) for (const l of warningLines(evaluation)) io.stderr.write(`gatecheck: ${l}\n`);
  const links = linksFromEnv(io);
  for (const { reporter, path } of outputs) {
    const options: RenderOptions = {
      color: !path && reporter.id === 'text' && useColor(io),
      quiet: Boolean(args['quiet']),
      showSkipped: Boolean(args['show-skipped']),
      ...(links ? { links } : {}),
    };
    within(path ?? `${reporter.id} reporter (standard output)`, () => {
      const out = reporter.render(evaluation, options);
      if (path) writeOut(resolve(io.cwd, path), out);
      else io.stdout.write(out);
    });
  }
  await publishCi(evaluation, args, io, outputs.some((o) => !o.path && o.reporter.id !== 'text'));
  return evaluation.exitCode;
}

/**
 * Colour on standard output: FORCE_COLOR decides when set (0/false: never; otherwise always, as
 * in GitHub Actions logs, which show colour but are not a TTY); then NO_COLOR when non-empty
 * (https://no-color.org); then a TTY that is not TERM=dumb.
 */
export function useColor(io: CliIo): boolean {
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined) return !/^(0|false)$/i.test(force);
  if (io.env['NO_COLOR']) return false;
  return Boolean(io.stdout.isTTY) && io.env['TERM'] !== 'dumb';
}

function writeOut(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (e) {
    throw new GatecheckError('E_IO', `cannot write: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file: path });
  }
}

function cmdInspect(args: Args, io: CliIo): number {
  const file = String(args['file']);
  const diff = readDiff(args, io);
  const artifacts = readAll([{ path: file }], args, io, loadConfigIfAny(args, io));
  if (typeof artifacts === 'number') return artifacts;
  const docs = artifacts.map((a) => {
    const summary: Record<string, unknown> = { ...summarise(a) };
    if (diff && a.payload.kind === 'coverage') {
      const r = newCodeCoverage(mergeCoverage([a]).files, diff.added);
      summary['newCode'] = { lines: r.lines, uncovered: Object.fromEntries(r.uncovered) };
    }
    return { format: a.format, tool: a.tool, kind: a.payload.kind, summary, ...(a.warnings?.length ? { warnings: a.warnings } : {}) };
  });
  if (args['json']) {
    io.stdout.write(`${JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 2)}\n`);
  } else {
    for (const d of docs) {
      io.stdout.write(`${file}: ${d.format} (${d.tool.name}${d.tool.version ? ` ${d.tool.version}` : ''}), ${d.kind}\n`);
      io.stdout.write(`${JSON.stringify(d.summary, null, 2)}\n`);
    }
  }
  return 0;
}

function cmdParse(args: Args, io: CliIo): number {
  const paths = strings(args['paths']);
  if (paths.length === 0) throw new GatecheckError('E_USAGE', 'no reports given');
  const artifacts = readAll(paths.map((path) => ({ path })), args, io, loadConfigIfAny(args, io));
  if (typeof artifacts === 'number') return artifacts;
  const out = `${JSON.stringify(toModelDocument(artifacts))}\n`;
  const dest = args['output'] as string | undefined;
  if (dest) writeOut(resolve(io.cwd, dest), out);
  else io.stdout.write(out);
  return 0;
}

function cmdInit(args: Args, io: CliIo): number {
  const dest = resolve(io.cwd, String(args['output']));
  if (existsSync(dest) && !args['force']) {
    throw new GatecheckError('E_USAGE', `${String(args['output'])} exists; pass --force to overwrite`);
  }
  writeOut(dest, `${schemaComments(dirname(dest), io.cwd)}${DEFAULT_POLICY_YAML}`);
  io.stdout.write(`wrote ${String(args['output'])} (the default policy; edit thresholds and actions to taste)\n`);
  return 0;
}

const SCHEMA_IN_PACKAGE = 'node_modules/gatecheck/dist/config/schema.json';

/**
 * Editor completion for the file `init` writes: the YAML language server (VS Code's YAML
 * extension) reads `# yaml-language-server: $schema=…`, JetBrains IDEs `# $schema: …`; a
 * `$schema:` key is ignored by both in YAML. The path is relative to the written file: the
 * installed package's schema in the nearest node_modules above it, else where
 * `npm install -D gatecheck` in the working directory will put it.
 */
export function schemaComments(destDir: string, cwd: string): string {
  let target = resolve(cwd, SCHEMA_IN_PACKAGE);
  for (let dir = destDir; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, SCHEMA_IN_PACKAGE))) {
      target = resolve(dir, SCHEMA_IN_PACKAGE);
      break;
    }
    if (dirname(dir) === dir) break;
  }
  let rel = relative(destDir, target).split(sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return `# yaml-language-server: $schema=${rel}\n# $schema: ${rel}\n`;
}
