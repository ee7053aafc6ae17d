/** The CLI's window on the world, so tests run it in-process with a fake. */
import type { Evaluation } from '../gates/types.js';

export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Called with each evaluation once it is made (the Action writes its step outputs from it). */
  onEvaluation?: (evaluation: Evaluation) => void;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
