/**
 * Untrusted text cannot break out: asserted on the rendered outputs of the malicious fixture
 * (fixtures/outputs/malicious) and on the escaping helpers directly.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeRepoPath, escapeHtml, escapeMarkdown, escapeXml, safeUrl } from '../../src/reporters/escape.js';
import { escapeData, escapeProperty, formatAnnotation } from '../../src/reporters/github-annotations.js';
import { getReporter } from '../../src/reporters/index.js';
import { FIXTURES } from '../helpers.js';
import { caseEvaluation } from './cases.js';

const { evaluation, options } = caseEvaluation(join(FIXTURES, 'outputs', 'malicious'));

describe.each(['markdown', 'github-summary'])('%s output of hostile findings', (id) => {
  const md = getReporter(id)!.render(evaluation, options);
  const lines = md.split('\n');

  it('opens no HTML but its own details/summary/b tags, balanced', () => {
    const tags = [...md.matchAll(/<(\/?)([A-Za-z!][\w-]*)/g)].map((m) => m[2]!.toLowerCase());
    expect(new Set(tags)).toEqual(new Set(id === 'markdown' ? ['!--', 'details', 'summary', 'b'] : ['details', 'summary', 'b']));
    expect(md.match(/<details>/g)?.length).toBe(md.match(/<\/details>/g)?.length);
    expect(md).not.toMatch(/<img|<script/i);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain('&lt;/details&gt;&lt;details open&gt;');
  });

  it('has exactly one bot marker (the forged one is inert)', () => {
    expect(md.match(/<!-- gatecheck:comment/g)?.length ?? 0).toBe(id === 'markdown' ? 1 : 0);
    expect(md).toContain('&lt;!-- gatecheck:comment --&gt;');
  });

  it('pings nobody and links no issue', () => {
    expect(md).not.toMatch(/(?<![A-Za-z0-9])@(?!&#8203;)[A-Za-z0-9]/);
    expect(md).not.toMatch(/(?<!&)#\d/);
    expect(md).not.toMatch(/\bGH-\d/i);
    expect(md).toContain('@&#8203;acme/security-team');
    expect(md).toContain('#&#8203;123');
  });

  it('keeps every table row at five cells', () => {
    for (const l of lines.filter((x) => x.startsWith('| '))) {
      const pipes = l.replace(/\\\\/g, '').match(/(?<!\\)\|/g)?.length;
      expect(pipes, l).toBe(6);
    }
  });

  it('smuggles no link, heading, code span or emphasis', () => {
    const destinations = [...md.matchAll(/(?<!\\)\]\(([^)]*)\)/g)].map((m) => m[1]!);
    expect(destinations.length).toBeGreaterThan(0);
    for (const d of destinations) expect(d).toMatch(/^https:\/\/(github\.com\/example-org\/shop\/blob\/|example\.com\/rules\/)/);
    expect(md).not.toMatch(/javascript:alert\(document/);
    expect(md).toContain('\\[click me\\](javascript:alert(1))');
    expect(lines.filter((l) => l.startsWith('#'))).toEqual([lines.find((l) => l.startsWith('### '))]);
    // Backticks appear unescaped only in the gate id code spans gatecheck writes itself.
    for (const l of lines.filter((x) => /(?<!\\)`/.test(x))) expect(l, l).toMatch(/^Gate `[\w.-]+` · /);
    expect(md).toContain('\\*\\*bold\\*\\*');
    expect(md).toContain('\\~\\~strike\\~\\~');
  });

  it('folds line breaks so no block starts inside an item', () => {
    expect(md).toContain('first line \\# Heading injected - list item');
    expect(lines.some((l) => l.startsWith('- list item'))).toBe(false);
  });

  it('shows the input warnings inert: one list item each, pipes, tags and backticks escaped', () => {
    const start = lines.indexOf('**Input warnings** (they do not change the verdict)');
    expect(start).toBeGreaterThan(0);
    const items = lines.slice(start + 2, lines.indexOf('', start + 2));
    expect(items).toEqual([
      '- reports/junit.xml: &lt;testsuite name="x \\| y"&gt; declares \\`5\\` failure(s) &lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt; \\| forged \\| row \\| of \\| five \\| cells \\| - list item @&#8203;octocat #&#8203;123',
      expect.stringMatching(/^- reports\/junit\.xml: \\\[2J\\\[31mcleared the terminal\\\[0m ::error::forged \u009b?31m\\\[click me\\\]\(javascript:alert\(1\)\)$/),
    ]);
    expect(lines.some((l) => l.startsWith('| forged'))).toBe(false);
    expect(md).not.toContain('\u001b');
  });
});

describe('other outputs of hostile findings', () => {
  it('annotations: one command per line, properties escaped', () => {
    const out = getReporter('github-annotations')!.render(evaluation, options);
    for (const l of out.trimEnd().split('\n')) expect(l).toMatch(/^::(error|warning|notice)( [^:]*)?::/);
    expect(out).toContain('file=src/pipe|name.ts,line=13');
    expect(out).toContain('first line # Heading injected - list item');
    expect(out).not.toContain('onerror=alert(1)>\n');
  });

  it('text: each input warning is one line without control characters', () => {
    const out = getReporter('text')!.render(evaluation, { ...options, color: false });
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const warnings = out.split('\n').filter((l) => l.startsWith('warning: '));
    expect(warnings).toEqual([
      'warning: reports/junit.xml: <testsuite name="x | y"> declares `5` failure(s) </details><script>alert(1)</script> | forged | row | of | five | cells | - list item @octocat #123',
      'warning: reports/junit.xml: [2J[31mcleared the terminal[0m ::error::forged 31m[click me](javascript:alert(1))',
    ]);
    expect(out.split('\n').some((l) => l.startsWith('::error::') || l.startsWith('| forged') || l.startsWith('- list item'))).toBe(false);
  });

  it('JUnit: attribute and text escaped', () => {
    const xml = getReporter('junit')!.render(evaluation, options);
    expect(xml).not.toMatch(/<img|<\/details>|<script/);
    expect(xml).toContain('test &lt;/details&gt; &lt;img src=x onerror=alert(1)&gt;');
    // The input warnings: the suite's system-err, one line each, escaped.
    expect(xml).toContain('<system-err>warning: reports/junit.xml: &lt;testsuite name=&quot;x | y&quot;&gt; declares `5` failure(s) &lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt; | forged | row | of | five | cells | - list item @octocat #123\nwarning: reports/junit.xml: \ufffd[2J');
  });
});

describe('escape helpers', () => {
  it('escapeMarkdown', () => {
    expect(escapeMarkdown('a|b `c` *d* _e_ [f](g) <h> & ~i~ #1 @j k@l')).toBe(
      'a\\|b \\`c\\` \\*d\\* \\_e\\_ \\[f\\](g) &lt;h&gt; &amp; \\~i\\~ #&#8203;1 @&#8203;j k@l',
    );
    expect(escapeMarkdown('line\r\nbreak\u202Ehidden')).toBe('line breakhidden');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
    expect(escapeMarkdown('# head')).toBe('\\# head');
    expect(escapeMarkdown('x'.repeat(500), 10)).toBe(`${'x'.repeat(9)}…`);
    // A cut never splits a surrogate pair.
    expect(escapeMarkdown('😀'.repeat(5), 3)).toBe('😀😀…');
  });

  it('escapeHtml', () => {
    expect(escapeHtml('</summary><b>@x #1</b>')).toBe('&lt;/summary&gt;&lt;b&gt;@&#8203;x #&#8203;1&lt;/b&gt;');
  });

  it('escapeXml drops characters XML 1.0 cannot hold', () => {
    expect(escapeXml('a\u0000b\u001bc\ud800d"\'<&>\ud83d\ude00')).toBe('a\ufffdb\ufffdc\ufffdd&quot;&apos;&lt;&amp;&gt;\ud83d\ude00');
  });

  it('safeUrl and encodeRepoPath', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,x')).toBeUndefined();
    expect(safeUrl('https://x.example/a(b)c d')).toBe('https://x.example/a%28b%29c%20d');
    expect(encodeRepoPath('../etc/passwd')).toBeUndefined();
    expect(encodeRepoPath('/abs/path')).toBeUndefined();
    expect(encodeRepoPath('src/a b#c.ts')).toBe('src/a%20b%23c.ts');
  });

  it('workflow command escaping', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    expect(formatAnnotation({ level: 'warning', file: 'x,y.ts', line: 3, title: 'T: 1', message: 'm\n::error::x' })).toBe(
      '::warning file=x%2Cy.ts,line=3,title=T%3A 1::m%0A::error::x',
    );
  });
});
