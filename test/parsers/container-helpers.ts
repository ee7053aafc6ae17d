/** Small helpers for the container/secret/DAST parser tests: read a fixture, parse text as a format. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Artifact, Finding } from '../../src/model/types.js';
import { parseReport } from '../../src/parsers/index.js';
import { FIXTURES } from '../helpers.js';

/** The raw text of fixtures/<format>/<name>/input.json. */
export const fixtureText = (format: string, name: string): string => readFileSync(join(FIXTURES, format, name, 'input.json'), 'utf8');

/** The fixture's report as parsed JSON (for deriving edge cases from a real report). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw third-party report JSON
export const fixtureJson = (format: string, name: string): any => JSON.parse(fixtureText(format, name));

/** Parse text with detection (or a forced format); one artifact expected. */
export function parseOne(text: string, path = 'report.json', format?: string): Artifact {
  const arts = parseReport(path, text, format ? { format } : {});
  if (arts.length !== 1) throw new Error(`expected one artifact, got ${arts.length}`);
  return arts[0]!;
}

export function findingsOf(a: Artifact): Finding[] {
  if (a.payload.kind !== 'findings') throw new Error(`not findings: ${a.payload.kind}`);
  return a.payload.findings;
}

/** Parse and return the thrown error (or fail when nothing is thrown). */
export function parseErrorOf(text: string, format?: string): { code: string; message: string; where?: string } {
  try {
    parseOne(text, 'bad.json', format);
  } catch (e) {
    const err = e as { code: string; message: string; where?: string };
    return err;
  }
  throw new Error('expected the parse to fail');
}
