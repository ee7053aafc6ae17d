/**
 * CI integration of the CLI: in GitHub Actions, the job summary, annotations and step
 * outputs (on by default, `--no-github` to opt out); the PR comment (`--comment`,
 * `gatecheck comment`). Failing to comment never changes the verdict's exit code: the
 * problem is printed (a `::warning::` in Actions) and the job summary still has the result.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { OptionSpec } from './fast-args.js';
import { redact, secretsOf } from '../comment/redact.js';
import { ciLinks, parseEvent } from '../comment/target.js';
import { GatecheckError, isGatecheckError } from '../errors.js';
import type { Evaluation } from '../gates/types.js';
import modelSchema from '../model/schema.json' with { type: 'json' };
import evaluationSchema from '../reporters/evaluation.schema.json' with { type: 'json' };
import { githubAnnotationsReporter } from '../reporters/github-annotations.js';
import { githubSummaryReporter } from '../reporters/github-summary.js';
import { commentMarker, renderMarkdown } from '../reporters/markdown.js';
import { plural, tally } from '../reporters/tally.js';
import type { LinkContext } from '../reporters/types.js';
import { formatAjvErrors, lazyValidator } from '../util/ajv.js';
import type { CliIo } from './io.js';

type Args = Record<string, unknown>;

export const COMMENT_ON_PASS = ['full', 'short', 'delete'] as const;

function eventText(io: CliIo): string | undefined {
  const path = io.env['GITHUB_EVENT_PATH'];
  if (!path) return undefined;
  try {
    return readFileSync(resolve(io.cwd, path), 'utf8');
  } catch {
    return undefined;
  }
}

/** File/line links for the outputs, from the CI environment. */
export function linksFromEnv(io: CliIo): LinkContext | undefined {
  return ciLinks(io.env, parseEvent(eventText(io)));
}

function inActions(args: Args, io: CliIo): boolean {
  return io.env['GITHUB_ACTIONS'] === 'true' && args['github'] !== false;
}

/**
 * After an evaluation: GitHub job summary + annotations + step outputs (in Actions), then the
 * comment when asked. `stdoutTaken`: another output went to stdout, so annotations go to
 * stderr (the runner reads workflow commands from both).
 */
export async function publishCi(evaluation: Evaluation, args: Args, io: CliIo, stdoutTaken: boolean): Promise<void> {
  io.onEvaluation?.(evaluation);
  const links = linksFromEnv(io);
  if (inActions(args, io)) {
    const summaryPath = io.env['GITHUB_STEP_SUMMARY'];
    if (summaryPath) appendSafely(summaryPath, githubSummaryReporter.render(evaluation, links ? { links } : {}), io, 'job summary');
    const annotations = githubAnnotationsReporter.render(evaluation);
    (stdoutTaken ? io.stderr : io.stdout).write(annotations);
    const outputPath = io.env['GITHUB_OUTPUT'];
    if (outputPath) {
      const lines = stepOutputs(evaluation).map(([k, v]) => `${k}=${v}`);
      appendSafely(outputPath, `${lines.join('\n')}\n`, io, 'step outputs');
    }
  }
  if (args['comment']) await comment(evaluation, args, io, links);
}

/** The GitHub step outputs of an evaluation (each value one line: a verdict or a number). */
export function stepOutputs(evaluation: Evaluation): Array<[string, string]> {
  const c = tally(evaluation);
  return [
    ['verdict', evaluation.verdict],
    ['exit-code', String(evaluation.exitCode)],
    ['passed', String(c.pass)],
    ['failed', String(c.fail)],
    ['logged', String(c.logged)],
    ['skipped', String(c.skip)],
    ['errors', String(c.error)],
  ];
}

function appendSafely(path: string, text: string, io: CliIo, what: string): void {
  try {
    appendFileSync(resolve(io.cwd, path), text);
  } catch (e) {
    io.stderr.write(`gatecheck: cannot write the ${what} to ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
  }
}

async function comment(evaluation: Evaluation, args: Args, io: CliIo, links: LinkContext | undefined): Promise<void> {
  const onPass = (args['comment-on-pass'] as (typeof COMMENT_ON_PASS)[number] | undefined) ?? 'full';
  const id = args['comment-id'] as string | undefined;
  const passed = evaluation.verdict === 'passed';
  const body = renderMarkdown(evaluation, { ...(links ? { links } : {}), ...(id ? { commentId: id } : {}), compactOnPass: onPass === 'short' });
  const pr = args['pr'] === undefined ? undefined : Number(args['pr']);
  try {
    if (pr !== undefined && !(Number.isInteger(pr) && pr > 0)) throw new GatecheckError('E_USAGE', `--pr takes a pull/merge request number (got ${String(args['pr'])})`);
    const text = eventText(io);
    // Loaded only when commenting: Octokit is most of the CLI's start-up otherwise.
    const { postComment } = await import('../comment/index.js');
    const result = await postComment({
      env: io.env,
      ...(text !== undefined ? { eventText: text } : {}),
      flags: {
        ...(typeof args['repo'] === 'string' ? { repo: args['repo'] } : {}),
        ...(pr !== undefined ? { pr } : {}),
        ...(typeof args['comment-author'] === 'string' ? { author: args['comment-author'] } : {}),
      },
      body,
      marker: commentMarker(id),
      remove: passed && onPass === 'delete',
    });
    const where = `${result.target.repo}${result.target.provider === 'github' ? '#' : '!'}${result.target.number}`;
    io.stderr.write(`gatecheck: comment ${result.action} on ${where}${result.removed ? ` (${plural(result.removed, 'duplicate')} removed)` : ''}\n`);
  } catch (e) {
    if (!isGatecheckError(e)) throw e;
    const msg = redact(e.message, secretsOf(io.env));
    io.stderr.write(`gatecheck: could not comment (the verdict and exit code are unchanged): ${msg} [${e.code}]\n`);
    if (io.env['GITHUB_ACTIONS'] === 'true') io.stdout.write(`::warning title=gatecheck comment::${msg.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
  }
}

const validateEvaluation = lazyValidator<Evaluation>(evaluationSchema, [modelSchema]);

/** Read a saved `--reporter json` evaluation, validated against its schema. */
export function readEvaluation(path: string, io: CliIo): Evaluation {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(resolve(io.cwd, path), 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new GatecheckError(code ? 'E_IO' : 'E_PARSE', code ? `cannot read: ${code}` : `not JSON: ${(e as Error).message}`, { file: path });
  }
  if (!validateEvaluation(doc)) {
    const errs = formatAjvErrors(validateEvaluation.errors, doc);
    throw new GatecheckError('E_PARSE', `not a gatecheck evaluation (schemaVersion 1): ${errs.slice(0, 5).join('; ')}`, { file: path });
  }
  return doc;
}

/** `gatecheck comment --evaluation FILE`: re-render a saved evaluation and post it. Exit code: the verdict's. */
export async function commentFromFile(path: string, args: Args, io: CliIo): Promise<number> {
  const evaluation = readEvaluation(path, io);
  await publishCi(evaluation, { ...args, comment: true }, io, false);
  return evaluation.exitCode;
}

/** The CI options of `evaluate` and `comment`. */
/** The CI options of `evaluate` and `comment`, as yargs option definitions (data: src/cli/fast-args.ts reads them too). */
export const CI_OPTIONS = {
  comment: { type: 'boolean', describe: 'post or update the pull/merge request comment (finds the PR from the CI environment, or --repo/--pr)' },
  'comment-id': { type: 'string', describe: 'keep a separate comment per id (several gatecheck runs on one PR, e.g. a CI matrix)' },
  'comment-on-pass': { choices: COMMENT_ON_PASS, describe: 'when every gate passes: full comment, a short "all gates passed" line, or delete the comment (default: full)' },
  'comment-author': { type: 'string', describe: "the bot's login, when GET /user cannot tell it (a GitHub App: <slug>[bot])" },
  repo: { type: 'string', describe: 'GitHub owner/name or GitLab project id/path (default: from the CI environment)' },
  pr: { type: 'number', describe: 'pull request number / merge request IID (default: from the CI environment)' },
  github: { type: 'boolean', default: true, describe: 'in GitHub Actions, write the job summary, annotations and step outputs (--no-github: off)' },
} as const satisfies Record<string, OptionSpec>;
