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
  /** Called before a report of LARGE_INPUT_BYTES or more is parsed (processIo tunes V8's heap then). */
  onLargeInput?: () => void;
}

/** A report this large or larger makes processIo tune V8's heap (onLargeInput). */
export const LARGE_INPUT_BYTES = 1 << 20;

/**
 * The process's own streams, environment and directory. Each stream is made on first use: a
 * pipe's stream loads Node's net module, ~3 ms of a run that writes nothing to stderr.
 */
export function processIo(): CliIo {
  let tuned = false;
  return {
    get stdout() {
      return guarded(process.stdout);
    },
    get stderr() {
      return guarded(process.stderr);
    },
    env: process.env,
    cwd: process.cwd(),
    onLargeInput() {
      if (tuned) return;
      tuned = true;
      // A run reads its reports once and exits: the model it builds survives and the 64 KiB
      // pieces of text die at once, so a young generation that keeps doubling (V8's default)
      // buys no speed here, only memory. Keep it at its starting size. Measured with `gatecheck
      // inspect`: peak RSS on a 32 MB Cobertura report 125 -> 94 MB, on a 12.6 MB SARIF 139 ->
      // 109 MB, at the same speed (docs/coverage.md). Only for a large report: node:v8 takes
      // ~2 ms to load, most of a small run's own time.
      process.getBuiltinModule('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
    },
  };
}

const GUARDED = new WeakSet<NodeJS.WriteStream>();

/**
 * `gatecheck … | head` closes the pipe early: that is the reader's choice, not an error. Later
 * writes are dropped and the run finishes with its own exit code, without a stack trace.
 */
function guarded(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  if (!GUARDED.has(stream)) {
    GUARDED.add(stream);
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  }
  return stream;
}
