/**
 * The process's io (src/cli/io.ts): streams made on first use, each guarded against EPIPE once;
 * the heap tuned only when a large report is read (readInputs calls onLargeInput before parsing it).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/cli/inputs.js';
import { LARGE_INPUT_BYTES, processIo } from '../../src/cli/io.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-io-'));

/** An lcov report of at least `bytes` bytes: one file, one DA line per source line. */
function lcov(bytes: number): string {
  const lines = ['SF:src/a.c'];
  let size = lines[0]!.length + 1;
  for (let n = 1; size < bytes; n++) {
    const l = `DA:${n},${n % 3}`;
    lines.push(l);
    size += l.length + 1;
  }
  lines.push('end_of_record');
  return `${lines.join('\n')}\n`;
}

describe('processIo', () => {
  it('hands out the process streams, each with one EPIPE guard however often it is asked for', () => {
    const io = processIo();
    const before = process.stderr.listenerCount('error');
    expect(io.stderr).toBe(process.stderr);
    const after = process.stderr.listenerCount('error');
    expect(io.stderr).toBe(process.stderr);
    expect(processIo().stderr).toBe(process.stderr);
    expect(process.stderr.listenerCount('error')).toBe(after);
    expect(after - before).toBe(1); // nothing in this file asked before
    const guard = process.stderr.listeners('error').at(-1) as (e: unknown) => void;
    expect(() => guard(Object.assign(new Error('closed'), { code: 'EPIPE' }))).not.toThrow();
    expect(() => guard(Object.assign(new Error('bad fd'), { code: 'EBADF' }))).toThrow('bad fd');
    expect(io.stdout).toBe(process.stdout);
  });
});

describe('readInputs and large reports', () => {
  const small = join(dir, 'small.info');
  const large = join(dir, 'large.info');
  writeFileSync(small, lcov(LARGE_INPUT_BYTES - 4096));
  writeFileSync(large, lcov(LARGE_INPUT_BYTES));

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
