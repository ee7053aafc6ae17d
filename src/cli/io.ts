/** The CLI's window on the world, so tests run it in-process with a fake. */
import { Buffer } from 'node:buffer';
import { fstatSync, statSync, writeSync } from 'node:fs';
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

/** The process's own output (file descriptors 1 and 2: fdStream), environment and directory. */
export function processIo(): CliIo {
  let tuned = false;
  return {
    stdout: fdStream(1, () => process.stdout),
    stderr: fdStream(2, () => process.stderr),
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

/**
 * Output written straight to a file descriptor, as Node's own stdout and stderr write to a file
 * or, on Linux and macOS, a pipe or terminal: synchronously. Node's stream objects are not made
 * (a pipe's loads node:net, a file's the stream machinery: ~2-3 ms of a ~15 ms run), except where
 * a write would block (EAGAIN: a pipe that another process writing to it made non-blocking;
 * O_NONBLOCK belongs to the open pipe, shared by every process that writes it, not to the
 * reader's end): from then on, in order, everything goes through `stream()`. On Windows, always.
 *
 * `gatecheck … | head` closes the pipe early: that is the reader's choice, not an error. Later
 * writes are dropped and the run finishes with its own exit code, without a stack trace.
 */
export function fdStream(fd: number, stream: () => NodeJS.WriteStream, write: typeof writeSync = writeSync): OutStream {
  let via: NodeJS.WriteStream | undefined;
  let closed = false;
  let tty: boolean | undefined;
  const broken = (e: unknown) => (e as NodeJS.ErrnoException).code === 'EPIPE';
  const adopt = () => {
    via = stream();
    via.on('error', (err) => {
      if (!broken(err)) throw err;
    });
    return via;
  };
  return {
    get isTTY() {
      return (tty ??= isTerminal(fd));
    },
    write(chunk: string) {
      if (closed) return true;
      if (via) return via.write(chunk);
      // Windows writes a console or pipe through calls of its own (a console's in UTF-16).
      if (process.platform === 'win32') return adopt().write(chunk);
      const bytes = Buffer.from(chunk, 'utf8');
      for (let at = 0; at < bytes.length; ) {
        try {
          at += write(fd, bytes, at);
        } catch (e) {
          if (broken(e)) {
            closed = true;
            return true;
          }
          if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
          return adopt().write(bytes.subarray(at));
        }
      }
      return true;
    },
  };
}

/**
 * tty.isatty(fd), without loading node:tty (which loads node:net, ~3 ms) where the answer is
 * plain: a file, a pipe or a socket is no terminal, and neither is /dev/null (a character device,
 * as terminals are).
 */
function isTerminal(fd: number): boolean {
  let st;
  try {
    st = fstatSync(fd);
  } catch {
    return false;
  }
  if (!st.isCharacterDevice()) return false;
  if (process.platform !== 'win32') {
    try {
      if (statSync('/dev/null').rdev === st.rdev) return false;
    } catch {
      // no /dev/null: ask node:tty
    }
  }
  return process.getBuiltinModule('node:tty').isatty(fd);
}
