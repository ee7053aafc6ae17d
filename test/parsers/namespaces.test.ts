/**
 * Namespace prefixes (issue 12, item 5): every XML format matches elements by local name
 * (Namespaces in XML 1.0 §4), so `<ns:failure>` is a failure and `<ns:error>` a finding, never
 * an unknown element skipped into a clean result. And a JUnit suite that declares more
 * failures than were read in it warns, in the artifact and on the CLI's stderr.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/parsers/index.js';
import type { Artifact } from '../../src/model/types.js';
import { FIXTURES } from '../helpers.js';

/** Findings plus failing tests: what a gate stops on. */
function badness(artifacts: readonly Artifact[]): number {
  let n = 0;
  for (const a of artifacts) {
    if (a.payload.kind === 'findings') n += a.payload.findings.length;
    else if (a.payload.kind === 'tests') n += a.payload.cases.filter((c) => c.status === 'failed' || c.status === 'errored').length;
  }
  return n;
}

/** Prefix every element named `name` (start and end tags) and declare the prefix on the root element `root`. */
function prefixed(xml: string, name: string, root: string): string {
  const out = xml.replace(new RegExp(`<(/?)${name}(?=[\\s/>])`, 'g'), `<$1ns:${name}`);
  const r = name === root ? `ns:${root}` : root;
  return out.replace(new RegExp(`<${r}(?=[\\s/>])`), `<${r} xmlns:ns="urn:example"`);
}

const read = (format: string, c: string) => readFileSync(join(FIXTURES, format, c, 'input.xml'), 'utf8');

describe('namespace prefixes read as the local name', () => {
  it.each([
    ['junit', 'jest-junit-failures', 'failure', 'testsuites'],
    ['junit', 'gotestsum-package-failure', 'failure', 'testsuites'],
    ['junit', 'googletest-failure', 'testcase', 'testsuites'],
    ['junit', 'jest-junit-failures', 'testsuites', 'testsuites'],
    ['checkstyle', 'golangci-lint-codegen-mcp', 'error', 'checkstyle'],
    ['checkstyle', 'golangci-lint-codegen-mcp', 'file', 'checkstyle'],
  ])('%s/%s: <ns:%s> counts as before', (format, c, name, root) => {
    const xml = read(format, c);
    const before = parseReport('r.xml', xml);
    expect(badness(before)).toBeGreaterThan(0);
    const after = parseReport('r.xml', prefixed(xml, name, root));
    expect(badness(after)).toBe(badness(before));
  });

  it.each([
    ['cobertura', 'istanbul-jest-ts', 'line', 'coverage'],
    ['cobertura', 'istanbul-jest-ts', 'class', 'coverage'],
    ['jacoco', 'maven-spring-app', 'counter', 'report'],
    ['jacoco', 'maven-spring-app', 'line', 'report'],
    ['clover', 'gcovr-nested', 'line', 'coverage'],
    ['clover', 'gcovr-nested', 'file', 'coverage'],
  ])('%s/%s: <ns:%s> gives the same coverage', (format, c, name, root) => {
    const xml = read(format, c);
    const [before] = parseReport('r.xml', xml);
    const [after] = parseReport('r.xml', prefixed(xml, name, root));
    expect(after!.payload).toEqual(before!.payload);
  });
});

describe('a JUnit suite that declares more failures than it holds warns', () => {
  it('an unknown outcome element: the suite count says 1 failure, none read', () => {
    const [a] = parseReport('r.xml', '<testsuite name="S" tests="1" failures="1" errors="0">\n  <testcase name="t"><x:oops xmlns:x="urn:y"/></testcase>\n</testsuite>');
    expect(a!.warnings).toEqual(['line 1 column 1: <testsuite name="S"> declares 1 failure(s) and error(s), but 0 failing test case(s) were read in it']);
  });

  it('agreeing counts, or more failures read than declared, give no warning', () => {
    const [a] = parseReport('r.xml', '<testsuite name="S" failures="1" errors="1"><testcase name="a"><failure/></testcase><testcase name="b"><error/></testcase></testsuite>');
    expect(a!.warnings).toBeUndefined();
    const [b] = parseReport('r.xml', '<testsuite name="S" failures="0"><testcase name="a"><failure/></testcase></testsuite>');
    expect(b!.warnings).toBeUndefined();
  });

  it('nested suites: each is checked against the tests read inside it', () => {
    const [a] = parseReport(
      'r.xml',
      '<testsuites failures="2"><testsuite name="A" failures="1"><testcase name="a"><failure/></testcase></testsuite><testsuite name="B" failures="1"><testcase name="b"/></testsuite></testsuites>',
    );
    expect(a!.warnings).toHaveLength(2);
    expect(a!.warnings![0]).toContain('<testsuite name="B"> declares 1');
    expect(a!.warnings![1]).toContain('<testsuites> declares 2');
  });
});
