/**
 * Reading a report file. A small file is read whole; a large one becomes a streamed source
 * (src/parsers/source.ts): its first 64 KiB piece for sniffing, the rest read on demand in
 * 64 KiB pieces. The streaming parsers then never hold the whole text: reading and decoding a
 * 32 MB report whole costs ~0.3 s here (allocating and touching that much fresh memory), while
 * pieces of this size are decoded in the young generation and the same memory is reused.
 */
import { Buffer } from 'node:buffer';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { GatecheckError } from '../errors.js';
import { createSource, createStreamedSource, HEAD_CHARS, looksBinary, type SourceFile } from '../parsers/source.js';

/** Piece size: large enough that per-piece work is noise, small enough to stay out of the large-object space. */
export const PIECE_BYTES = 64 * 1024;

/** The file at `abs` as a source named `path`; E_PARSE when it is binary. `binaryOk` returns undefined for a binary file instead. */
export function readSource(abs: string, path: string, binaryOk = false): SourceFile | undefined {
  const fd = openSync(abs, 'r');
  let first: Buffer;
  let n: number;
  let size: number;
  try {
    const st = fstatSync(fd);
    size = st.size;
    if (!st.isFile()) {
      // a pipe or device: no positioned reads, read it whole
      const bytes = readFileSync(fd);
      return whole(bytes, path, binaryOk);
    }
    first = Buffer.allocUnsafe(PIECE_BYTES);
    n = fill(fd, first, 0);
  } finally {
    closeSync(fd);
  }
  if (n < PIECE_BYTES) return whole(first.subarray(0, n), path, binaryOk);
  if (looksBinary(first)) return binary(path, binaryOk);
  const cut = utf8Boundary(first, n);
  return createStreamedSource(
    path,
    first.toString('utf8', 0, cut),
    () => piecesFrom(abs, cut),
    () => readFileSync(abs, 'utf8'),
    size,
    () => endOf(abs, size),
  );
}

/**
 * The last bytes of a file of `size` bytes, decoded: enough for `SourceFile.tail` (its characters
 * are at most 4 bytes each, plus trailing whitespace). A UTF-8 sequence cut at the start is dropped.
 */
function endOf(abs: string, size: number): string {
  const want = Math.min(size, (HEAD_CHARS + 64) * 4);
  const buf = Buffer.allocUnsafe(want);
  const fd = openSync(abs, 'r');
  let n: number;
  try {
    n = fill(fd, buf, size - want);
  } finally {
    closeSync(fd);
  }
  let start = 0;
  while (start < n && start < 3 && (buf[start]! & 0xc0) === 0x80) start++;
  return buf.toString('utf8', start, n);
}

function whole(bytes: Buffer, path: string, binaryOk: boolean): SourceFile | undefined {
  if (looksBinary(bytes)) return binary(path, binaryOk);
  return createSource(path, bytes.toString('utf8'));
}

function binary(path: string, binaryOk: boolean): undefined {
  if (binaryOk) return undefined;
  throw new GatecheckError('E_PARSE', 'binary file (contains NUL bytes): not a report', { file: path });
}

/** Read into `buf` from `position` until it is full or the file ends; the byte count. */
function fill(fd: number, buf: Buffer, position: number): number {
  let n = 0;
  while (n < buf.length) {
    const got = readSync(fd, buf, n, buf.length - n, position + n);
    if (got === 0) break;
    n += got;
  }
  return n;
}

/** The file's text from byte `start` on, in pieces (one reused buffer; a UTF-8 sequence cut by a piece boundary is completed by the decoder). */
function* piecesFrom(abs: string, start: number): Iterable<string> {
  const fd = openSync(abs, 'r');
  try {
    const buf = Buffer.allocUnsafe(PIECE_BYTES);
    const decoder = new StringDecoder('utf8');
    for (let pos = start; ; ) {
      const n = fill(fd, buf, pos);
      if (n === 0) break;
      pos += n;
      const s = decoder.write(n === buf.length ? buf : buf.subarray(0, n));
      if (s.length > 0) yield s;
      if (n < buf.length) break;
    }
    const tail = decoder.end();
    if (tail.length > 0) yield tail;
  } finally {
    closeSync(fd);
  }
}

/** The largest `k <= n` such that `buf[0, k)` does not end inside a UTF-8 sequence. */
export function utf8Boundary(buf: Uint8Array, n: number): number {
  let j = n - 1;
  while (j > 0 && n - j < 4 && (buf[j]! & 0xc0) === 0x80) j--;
  const lead = buf[j]!;
  if (lead < 0x80) return n;
  const len = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return j + len <= n ? n : j;
}
