/**
 * The process's io (src/cli/io.ts): output written to file descriptors 1 and 2 directly, falling
 * back to Node's stream where a write would block, a closed pipe ignored; the heap tuned only when
 * a large report is read (readInputs calls onLargeInput before parsing it).
 */
import { Buffer } from 'node:buffer';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync, type writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/cli/inputs.js';
import { fdStream, LARGE_INPUT_BYTES } from '../../src/cli/io.js';
import { lcovOfSize } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-io-'));

describe('fdStream: output written to its file descriptor', () => {
  const failing = (code: string) => Object.assign(new Error(code), { code });

  it('writes every byte, in order, to the descriptor (multi-byte characters too)', () => {
    const file = join(dir, 'out.txt');
    const fd = openSync(file, 'w');
    const s = fdStream(fd, () => {
      throw new Error('no stream is needed for a file');
    });
    s.write('STATUS — ✓\n');
    s.write('x'.repeat(200_000));
    s.write('\nend 😀\n');
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe(`STATUS — ✓\n${'x'.repeat(200_000)}\nend 😀\n`);
  });

  it('a write that would block (EAGAIN) hands the rest, and every later write, to the stream, in order', () => {
    const direct: string[] = [];
    let calls = 0;
    // Takes 3 bytes, then the pipe is full.
    const write = ((_fd: number, b: Uint8Array, at: number) => {
      if (++calls > 1) throw failing('EAGAIN');
      direct.push(Buffer.from(b.subarray(at, at + 3)).toString());
      return 3;
    }) as unknown as typeof writeSync;
    const via: string[] = [];
    let made = 0;
    const stream = new Writable({ write: (chunk: Buffer, _enc, done) => (via.push(chunk.toString()), done()) }) as unknown as NodeJS.WriteStream;
    const s = fdStream(9, () => (made++, stream), write);
    s.write('abcdefgh');
    s.write('ij');
    expect(direct.join('') + via.join('')).toBe('abcdefghij');
    expect(direct).toEqual(['abc']);
    expect(made).toBe(1);
    // The stream's errors: a closed pipe is dropped, anything else is thrown.
    expect(() => stream.emit('error', failing('EPIPE'))).not.toThrow();
    expect(() => stream.emit('error', failing('EIO'))).toThrow('EIO');
  });

  it('a closed pipe (EPIPE) drops this and later writes; other errors are thrown', () => {
    let calls = 0;
    const s = fdStream(9, () => {
      throw new Error('not needed');
    }, (() => {
      calls++;
      throw failing('EPIPE');
    }) as unknown as typeof writeSync);
    expect(() => s.write('a')).not.toThrow();
    expect(() => s.write('b')).not.toThrow();
    expect(calls).toBe(1);
    const bad = fdStream(9, () => process.stdout, (() => {
      throw failing('EBADF');
    }) as unknown as typeof writeSync);
    expect(() => bad.write('a')).toThrow('EBADF');
  });

  it('a file and /dev/null are no terminal', () => {
    const fd = openSync(join(dir, 'tty.txt'), 'w');
    const nul = openSync('/dev/null', 'w');
    try {
      expect(fdStream(fd, () => process.stdout).isTTY).toBe(false);
      expect(fdStream(nul, () => process.stdout).isTTY).toBe(false);
    } finally {
      closeSync(fd);
      closeSync(nul);
    }
  });
});

describe('readInputs and large reports', () => {
  const small = join(dir, 'small.info');
  const large = join(dir, 'large.info');
  writeFileSync(small, lcovOfSize(LARGE_INPUT_BYTES - 4096));
  writeFileSync(large, lcovOfSize(LARGE_INPUT_BYTES));

  it('calls onLargeInput for a report of LARGE_INPUT_BYTES or more, and only for it', () => {
    const calls: string[] = [];
    const res = readInputs([{ path: small }, { path: large }, { path: small }], { cwd: dir, onLargeInput: () => calls.push('large') });
    expect(res.errors).toEqual([]);
    expect(res.artifacts).toHaveLength(3);
    expect(calls).toEqual(['large']);
    const none: string[] = [];
    readInputs([{ path: small }], { cwd: dir, onLargeInput: () => none.push('large') });
    expect(none).toEqual([]);
  });
});
