/**
 * GatecheckError across copies of its module: the CLI's lazily loaded parsers
 * (dist/bundle/parser-*.cjs) each bundle their own src/errors.ts, and the CLI must still know
 * their errors for what they are (one line, exit 2), not report them as internal errors.
 */
import { runInThisContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { GatecheckError, internalError, isGatecheckError } from '../src/errors.js';
import { ROOT } from './helpers.js';

/** A second, separately evaluated copy of src/errors.ts, as a parser bundle holds. */
async function otherCopy(): Promise<typeof import('../src/errors.js')> {
  const out = await build({ entryPoints: [`${ROOT}src/errors.ts`], bundle: true, format: 'cjs', platform: 'node', write: false, logLevel: 'silent' });
  const module = { exports: {} as typeof import('../src/errors.js') };
  (runInThisContext(`(function (module, exports) {${out.outputFiles[0]!.text}\n})`) as (m: unknown, e: unknown) => void)(module, module.exports);
  return module.exports;
}

describe('GatecheckError from another copy of the module', () => {
  it('is a GatecheckError here: instanceof, isGatecheckError, and internalError keeps it as it is', async () => {
    const other = await otherCopy();
    expect(other.GatecheckError).not.toBe(GatecheckError);
    const e = new other.GatecheckError('E_PARSE', 'bad', { file: 'r.xml', where: 'line 3' });
    expect(e instanceof GatecheckError).toBe(true);
    expect(isGatecheckError(e)).toBe(true);
    expect(internalError(e)).toBe(e);
    expect(e.format()).toBe('r.xml: line 3: bad [E_PARSE]');
    // …and ours is one there
    expect(new GatecheckError('E_INPUT', 'x') instanceof other.GatecheckError).toBe(true);
  });

  it('nothing else is: plain errors, look-alikes, null', async () => {
    const other = await otherCopy();
    for (const x of [new Error('x'), { name: 'GatecheckError', code: 'E_PARSE', message: 'x' }, null, undefined, 'E_PARSE']) {
      expect(x instanceof GatecheckError).toBe(false);
      expect(x instanceof other.GatecheckError).toBe(false);
      expect(isGatecheckError(x)).toBe(false);
    }
    expect(internalError(new TypeError('boom')).code).toBe('E_INTERNAL');
  });

  it('a subclass keeps the usual instanceof', () => {
    class Narrow extends GatecheckError {}
    expect(new Narrow('E_IO', 'x') instanceof Narrow).toBe(true);
    expect(new GatecheckError('E_IO', 'x') instanceof Narrow).toBe(false);
    expect(new Narrow('E_IO', 'x') instanceof GatecheckError).toBe(true);
  });
});
