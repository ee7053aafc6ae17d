/**
 * Reading a report file: UTF-8, or UTF-16 (LE or BE) when it starts with that byte order mark
 * (Windows tools and PowerShell's `>` write UTF-16LE). A small file is read whole; a large one becomes a streamed source
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
      const utf16 = utf16Of(bytes, bytes.length);
      if (utf16 !== undefined) {
        if (bytes.length % 2 === 1) throw new GatecheckError('E_PARSE', 'a UTF-16 file (by its byte order mark) with an odd number of bytes: truncated?', { file: path });
        return createSource(path, decodeUtf16(bytes, utf16));
      }
      return whole(bytes, path, binaryOk);
    }
    first = Buffer.allocUnsafe(PIECE_BYTES);
    n = fill(fd, first, 0);
  } finally {
    closeSync(fd);
  }
  const utf16 = utf16Of(first, n);
  if (utf16 !== undefined) {
    // UTF-16 (PowerShell's `>` writes UTF-16LE): decoded by its byte order mark, in pieces of an even size.
    if (size % 2 === 1) throw new GatecheckError('E_PARSE', `a UTF-16${utf16 === 'le' ? 'LE' : 'BE'} file (by its byte order mark) with an odd number of bytes: truncated?`, { file: path });
    if (n < PIECE_BYTES) return createSource(path, decodeUtf16(first.subarray(0, n), utf16));
    return createStreamedSource(
      path,
      decodeUtf16(first, utf16),
      () => piecesFrom(abs, n, utf16),
      () => decodeUtf16(readFileSync(abs), utf16),
      size,
      () => endOf(abs, size, utf16),
    );
  }
  if (n < PIECE_BYTES) return whole(first.subarray(0, n), path, binaryOk);
  if (looksBinary(first)) return binary(path, binaryOk, first);
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
function endOf(abs: string, size: number, utf16?: Utf16): string {
  const want = Math.min(size, (HEAD_CHARS + 64) * 4);
  const buf = Buffer.allocUnsafe(want);
  const fd = openSync(abs, 'r');
  let n: number;
  try {
    n = fill(fd, buf, size - want);
  } finally {
    closeSync(fd);
  }
  if (utf16 !== undefined) return decodeUtf16(buf.subarray(0, n), utf16); // size and want are even: code units stay aligned
  let start = 0;
  while (start < n && start < 3 && (buf[start]! & 0xc0) === 0x80) start++;
  return buf.toString('utf8', start, n);
}

type Utf16 = 'le' | 'be';

/** The UTF-16 byte order a byte order mark at the start of `buf[0, n)` names (FF FE little, FE FF big endian), if any. */
function utf16Of(buf: Uint8Array, n: number): Utf16 | undefined {
  if (n < 2) return undefined;
  if (buf[0] === 0xff && buf[1] === 0xfe) return 'le';
  if (buf[0] === 0xfe && buf[1] === 0xff) return 'be';
  return undefined;
}

/** UTF-16 bytes (an even count) as text; big-endian ones are swapped into a copy first. */
function decodeUtf16(bytes: Buffer, order: Utf16): string {
  return (order === 'le' ? bytes : Buffer.from(bytes).swap16()).toString('utf16le');
}

/**
 * True when NULs sit at every other byte, as in UTF-16 text without a byte order mark: the
 * message then says UTF-16 rather than "binary".
 */
function looksUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const half = n / 2;
  return (odd > 0.9 * half && even < 0.1 * half) || (even > 0.9 * half && odd < 0.1 * half);
}

function whole(bytes: Buffer, path: string, binaryOk: boolean): SourceFile | undefined {
  if (looksBinary(bytes)) return binary(path, binaryOk, bytes);
  return createSource(path, bytes.toString('utf8'));
}

function binary(path: string, binaryOk: boolean, bytes: Uint8Array): undefined {
  if (binaryOk) return undefined;
  if (looksUtf16(bytes)) {
    throw new GatecheckError('E_PARSE', 'UTF-16 text without a byte order mark: gatecheck reads UTF-8, and UTF-16 only with a byte order mark; convert it (iconv -f UTF-16LE -t UTF-8, or PowerShell Out-File -Encoding utf8)', { file: path });
  }
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

/** The file's text from byte `start` on, in pieces (one reused buffer; a UTF-8 sequence cut by a piece boundary is completed by the decoder), UTF-8 unless `utf16` says otherwise. */
function* piecesFrom(abs: string, start: number, utf16?: Utf16): Iterable<string> {
  const fd = openSync(abs, 'r');
  try {
    const buf = Buffer.allocUnsafe(PIECE_BYTES);
    // UTF-16: a surrogate pair cut by a piece boundary is completed by the decoder too
    const decoder = new StringDecoder(utf16 !== undefined ? 'utf16le' : 'utf8');
    for (let pos = start; ; ) {
      const n = fill(fd, buf, pos);
      if (n === 0) break;
      pos += n;
      const bytes = n === buf.length ? buf : buf.subarray(0, n);
      if (utf16 === 'be') bytes.swap16(); // n is even: the file's size is
      const s = decoder.write(bytes);
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
