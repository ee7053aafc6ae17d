/**
 * The GitHub Action (entry: ./action-main.ts, bundled by scripts/build.mjs into action/index.mjs,
 * committed; action.yml runs it with the runner's own Node: no install step, no setup-node). It reads the step's inputs from
 * the INPUT_* variables the runner sets, runs `gatecheck evaluate` in-process, writes the step
 * outputs to $GITHUB_OUTPUT (the CLI writes the job summary and the annotations) and ends with
 * the exit code that `fail-on` asks for.
 */
import { appendFileSync } from 'node:fs';
import type { Evaluation } from '../gates/types.js';
import { stepOutputs } from './ci.js';
import { runCli } from './index.js';
import type { CliIo } from './io.js';
import { shellWords } from './shell-words.js';

type Env = Record<string, string | undefined>;

const FAIL_ON = ['any', 'blocking', 'error', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];
const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

/** An input as the runner passes it: INPUT_ + the name upper-cased (hyphens kept), trimmed. */
export function input(env: Env, name: string): string {
  const key = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
  return (env[key] ?? env[key.replace(/-/g, '_')] ?? '').trim();
}

/** The `gatecheck evaluate` command line the inputs ask for, and the `fail-on` policy. */
export function actionArgs(env: Env): { argv: string[]; failOn: FailOn } {
  const argv = ['evaluate'];
  for (const line of input(env, 'paths').split('\n')) argv.push(...shellWords(line, 'paths'));
  const config = input(env, 'config');
  if (config) argv.push('--config', config);
  const reporters = input(env, 'reporters').split('\n').map((l) => l.trim()).filter(Boolean);
  for (const r of reporters) argv.push('--reporter', r);
  if (reporters.length > 0) argv.push('--reporter', 'text');
  const comment = input(env, 'comment') || 'auto';
  if (!['auto', 'true', 'false'].includes(comment)) usage(`comment: auto, true or false (got "${comment}")`);
  // auto: a comment where there is a pull request to put it on; elsewhere (push, schedule) none, silently.
  if (comment === 'true' || (comment === 'auto' && PR_EVENTS.has(env['GITHUB_EVENT_NAME'] ?? ''))) {
    argv.push('--comment', '--comment-on-pass', input(env, 'comment-on-pass') || 'full');
    const id = input(env, 'comment-id');
    if (id) argv.push('--comment-id', id);
  }
  argv.push(...shellWords(input(env, 'args'), 'args'));
  const failOn = (input(env, 'fail-on') || 'any') as FailOn;
  if (!FAIL_ON.includes(failOn)) usage(`fail-on: one of ${FAIL_ON.join(', ')} (got "${failOn}")`);
  return { argv, failOn };
}

function usage(message: string): never {
  throw Object.assign(new Error(message), { inputError: true });
}

/** The step's exit code for gatecheck's `code` under `fail-on`. */
export function stepExitCode(code: number, failOn: FailOn): number {
  switch (failOn) {
    case 'never':
      return 0;
    case 'error':
      return code === 2 ? 2 : 0;
    case 'blocking':
      return code === 3 ? 0 : code;
    default:
      return code;
  }
}

/** `name<<DELIMITER` … `DELIMITER`: the $GITHUB_OUTPUT form that holds any value, newlines included. */
export function outputText(outputs: ReadonlyArray<readonly [string, string]>, delimiter = `ghadelimiter_${crypto.randomUUID()}`): string {
  let text = '';
  for (const [name, value] of outputs) {
    if (value.includes(delimiter)) throw new Error(`output ${name} holds the delimiter`);
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  return text;
}

export async function runAction(env: Env, io: Pick<CliIo, 'stdout' | 'stderr' | 'cwd' | 'onLargeInput'>): Promise<number> {
  let parsed: ReturnType<typeof actionArgs>;
  try {
    parsed = actionArgs(env);
  } catch (e) {
    if (!(e instanceof Error) || !('inputError' in e || (e as { code?: string }).code === 'E_USAGE')) throw e;
    io.stderr.write(`gatecheck action: ${e.message}\n`);
    writeOutputs(env, [['verdict', 'error'], ['exit-code', '2']], io);
    return 2;
  }
  let evaluation: Evaluation | undefined;
  const token = input(env, 'github-token');
  const cliEnv: Env = { ...env, GITHUB_OUTPUT: undefined, ...(token ? { GITHUB_TOKEN: token } : {}) };
  const code = await runCli(parsed.argv, { ...io, env: cliEnv, onEvaluation: (e) => (evaluation = e) });
  // A usage, policy or input error ends before there is an evaluation: verdict error. So does an
  // error after it (a crash while commenting): the run's exit code is 2, and the outputs say that,
  // with the gate counts the evaluation had.
  const outputs = evaluation ? stepOutputs(evaluation) : [];
  const ended = evaluation !== undefined && code === evaluation.exitCode;
  writeOutputs(env, ended ? outputs : [['verdict', 'error'], ['exit-code', String(code)], ...outputs.filter(([k]) => k !== 'verdict' && k !== 'exit-code')], io);
  return stepExitCode(code, parsed.failOn);
}

function writeOutputs(env: Env, outputs: ReadonlyArray<readonly [string, string]>, io: Pick<CliIo, 'stderr'>): void {
  const path = env['GITHUB_OUTPUT'];
  if (!path) return;
  try {
    appendFileSync(path, outputText(outputs));
  } catch (e) {
    io.stderr.write(`gatecheck action: cannot write the step outputs to ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
  }
}
