/** The README's tables are kept true to the code: formats, default policy gates, reporters. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../src/config/load.js';
import { parsers } from '../src/parsers/index.js';
import { reporters } from '../src/reporters/index.js';
import { ROOT } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

function tableIds(marker: string): string[] {
  const m = new RegExp(`<!-- ${marker} -->([\\s\\S]*?)<!-- /${marker} -->`).exec(readme);
  expect(m, `README has a ${marker} block`).not.toBeNull();
  return [...m![1]!.matchAll(/^\| `([^`]+)` \|/gm)].map((x) => x[1]!);
}

describe('README', () => {
  it('starts with the two set-up commands', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toContain('npm test');
  });

  it('formats table lists exactly the registry', () => {
    expect(tableIds('formats-table')).toEqual(parsers.map((p) => p.id));
  });

  it('default policy table lists exactly the default gates', () => {
    expect(tableIds('default-policy-table')).toEqual(defaultPolicy().gates.map((g) => g.id));
  });

  it('names every reporter', () => {
    for (const r of reporters) expect(readme).toContain(`| \`${r.id}\` |`);
  });
});
