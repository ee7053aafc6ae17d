/**
 * UTF-16 reports (PowerShell's `>` and some Windows tools write UTF-16LE with a byte order
 * mark) read as their UTF-8 selves, small or streamed in 64 KiB pieces; UTF-16 without a BOM
 * is refused with a message that says UTF-16, not "binary file".
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSource } from '../../src/cli/read.js';
import { cli, FIXTURES } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-utf16-'));

function utf16(text: string, order: 'le' | 'be', bom = true): Buffer {
  const le = Buffer.from(`${bom ? '\uFEFF' : ''}${text}`, 'utf16le');
  return order === 'le' ? le : le.swap16();
}

describe.each(['le', 'be'] as const)('UTF-16%s with a byte order mark', (order) => {
  it.each([
    ['junit', 'jest-junit-failures', 'xml'],
    ['cobertura', 'gocover-gorilla-mux', 'xml'], // over 64 KiB: streamed in pieces (twice that in UTF-16)
    ['sarif', 'gosec-2.30-many-results', 'sarif'], // over 64 KiB, read whole through JSON
    ['lcov', 'istanbul-ts-branches', 'info'],
  ])('%s/%s inspects exactly as the UTF-8 file does', async (format, c, ext) => {
    const text = readFileSync(join(FIXTURES, format, c, `input.${ext}`), 'utf8');
    const file = join(dir, `${format}-${order}.${ext}`);
    writeFileSync(file, utf16(text, order));
    const want = await cli(['inspect', join(FIXTURES, format, c, `input.${ext}`), '--json']);
    const got = await cli(['inspect', file, '--json']);
    expect(got.stderr).toBe(want.stderr.replaceAll(join(FIXTURES, format, c, `input.${ext}`), file));
    expect(got.code).toBe(0);
    expect(got.stdout).toBe(want.stdout);
  });

  it('characters outside the BMP (surrogate pairs) across every 64 KiB cut read back as written', () => {
    const text = `<r>${'aé😀'.repeat(60_000)}</r>`;
    const file = join(dir, `pairs-${order}.xml`);
    writeFileSync(file, utf16(text, order));
    const src = readSource(file, 'pairs.xml')!;
    expect([...src.chunks()].join('')).toBe(text);
    expect(src.text).toBe(text);
  });

  it('an odd number of bytes is E_PARSE naming UTF-16', async () => {
    const file = join(dir, `odd-${order}.xml`);
    writeFileSync(file, Buffer.concat([utf16('<testsuite/>', order), Buffer.from([0x41])]));
    const r = await cli(['inspect', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('UTF-16');
    expect(r.stderr).toContain('[E_PARSE]');
  });
});

it('UTF-16 without a byte order mark is refused, and the message says UTF-16', async () => {
  const file = join(dir, 'nobom.xml');
  writeFileSync(file, utf16('<testsuite name="s"><testcase name="t"/></testsuite>', 'le', false));
  const r = await cli(['inspect', file]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('UTF-16 text without a byte order mark');
  expect(r.stderr).not.toContain('binary');
});
