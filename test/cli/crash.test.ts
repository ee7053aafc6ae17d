/**
 * Crashes are not verdicts: an unexpected exception anywhere in a run (parser, gates, reporter,
 * the CLI itself) ends as exit 2 with one line naming what was being processed, never exit 1
 * and never a stack trace, unless --debug or GATECHECK_DEBUG asks for it.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getParser } from '../../src/parsers/index.js';
import { getReporter } from '../../src/reporters/index.js';
import { cli, modelDir, ROOT } from '../helpers.js';



/** A library error as fast-xml-parser's escapes: a long message with the minified source after it. */
const NOISY = `Cannot read properties of undefined (reading 'x') ${'function(t){return t&&t.a}'.repeat(400)}\n    at somewhere (lib.js:1:1)`;

afterEach(() => vi.restoreAllMocks());

describe('an unexpected exception', () => {
  it('in a parser: exit 2, one line naming the report, the message bounded, no stack', async () => {
    const d = modelDir();
    vi.spyOn(getParser('gatecheck-model')!, 'parse').mockImplementation(() => {
      throw new TypeError(NOISY);
    });
    const r = await cli(['evaluate', 'm.json'], { cwd: d });
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gatecheck: m\.json: internal error: TypeError: Cannot read properties of undefined \(reading 'x'\) function/);
    expect(lines[0]).toMatch(/--debug or GATECHECK_DEBUG=1 prints the stack\) \[E_INTERNAL\]$/);
    expect(lines[0]!.length).toBeLessThan(400);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('in a reporter: exit 2 (not the verdict), one line naming the output', async () => {
    const d = modelDir('failed');
    vi.spyOn(getReporter('markdown')!, 'render').mockImplementation(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    const r = await cli(['evaluate', 'm.json', '-r', 'markdown=out/comment.md', '-q'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'gatecheck: out/comment.md: internal error: RangeError: Maximum call stack size exceeded (a bug in gatecheck; --debug or GATECHECK_DEBUG=1 prints the stack) [E_INTERNAL]',
    ]);
  });

  it('in the text reporter on stdout names the reporter', async () => {
    const d = modelDir('passed');
    vi.spyOn(getReporter('text')!, 'render').mockImplementation(() => {
      throw new Error('boom');
    });
    const r = await cli(['evaluate', 'm.json'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gatecheck: text reporter (standard output): internal error: Error: boom (a bug in gatecheck; --debug or GATECHECK_DEBUG=1 prints the stack) [E_INTERNAL]\n');
  });

  it('a thrown non-Error (a string, an object without a prototype) is still one line', async () => {
    const d = modelDir();
    vi.spyOn(getParser('gatecheck-model')!, 'parse').mockImplementation(() => {
      throw Object.create(null) as unknown;
    });
    const r = await cli(['inspect', 'm.json'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gatecheck: m\.json: internal error: object: \[object Object\] .*\[E_INTERNAL\]\n$/);
  });

  it('--debug and GATECHECK_DEBUG=1 add the stack of the original error', async () => {
    const d = modelDir();
    vi.spyOn(getParser('gatecheck-model')!, 'parse').mockImplementation(() => {
      throw new TypeError('boom');
    });
    for (const run of [cli(['evaluate', 'm.json', '--debug'], { cwd: d }), cli(['evaluate', 'm.json'], { cwd: d, env: { GATECHECK_DEBUG: '1' } })]) {
      const r = await run;
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe('gatecheck: m.json: internal error: TypeError: boom [E_INTERNAL]');
      expect(r.stderr).toMatch(/\nTypeError: boom\n\s+at /);
    }
    const off = await cli(['evaluate', 'm.json'], { cwd: d, env: { GATECHECK_DEBUG: '0' } });
    expect(off.stderr).not.toMatch(/\n\s+at /);
  });

  it('a known error keeps its code and stays one line', async () => {
    const d = modelDir();
    writeFileSync(join(d, 'bad.json'), '{"gatecheck":"model",');
    const r = await cli(['evaluate', 'bad.json'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.json');
    expect(r.stderr).not.toContain('E_INTERNAL');
  });
});

describe('the real binary', () => {
  const bin = join(ROOT, 'bin/gatecheck.cjs');
  // A preloaded module makes writing to stdout throw: a crash inside the CLI, in a real process.
  // (The CLI writes file descriptor 1 itself: src/cli/io.ts, fdStream.)
  const hook = `data:text/javascript,import fs from 'node:fs'; const w = fs.writeSync; fs.writeSync = (fd, ...a) => { if (fd === 1) throw new TypeError('stdout is gone'); return w(fd, ...a); };`;

  it('a crash is exit 2 with one line, no stack', () => {
    const d = modelDir('failed');
    const r = spawnSync(process.execPath, ['--import', hook, bin, 'evaluate', 'm.json'], { cwd: d, encoding: 'utf8', env: { ...process.env, GATECHECK_DEBUG: '' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('gatecheck: text reporter (standard output): internal error: TypeError: stdout is gone (a bug in gatecheck; --debug or GATECHECK_DEBUG=1 prints the stack) [E_INTERNAL]\n');
  });

  it('standard error that cannot be written (a full disk, a read-only descriptor): exit 2, not Node\'s 7', () => {
    const d = modelDir('failed');
    const readOnly = openSync(join(d, 'm.json'), 'r');
    try {
      // A missing report is an error printed on standard error, whose write then fails (EBADF).
      const r = spawnSync(process.execPath, [bin, 'evaluate', 'missing.json'], { cwd: d, stdio: ['ignore', 'pipe', readOnly], env: { ...process.env, GATECHECK_DEBUG: '' } });
      expect(r.status).toBe(2);
    } finally {
      closeSync(readOnly);
    }
  });

  it('GATECHECK_DEBUG=1 prints the stack after the line', () => {
    const d = modelDir('failed');
    const r = spawnSync(process.execPath, ['--import', hook, bin, 'evaluate', 'm.json'], { cwd: d, encoding: 'utf8', env: { ...process.env, GATECHECK_DEBUG: '1' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^gatecheck: text reporter \(standard output\): internal error: TypeError: stdout is gone \[E_INTERNAL\]\nTypeError: stdout is gone\n\s+at /);
  });
});
