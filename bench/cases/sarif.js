// SARIF end to end (detect + JSON.parse + normalise into findings) next to a bare JSON.parse of
// the same bytes. Inputs: the 12.6 MB real ESLint SARIF made by ../shared/perf/make-corpus.sh,
// and a ~50 MB SARIF built in memory by repeating the results of a real fixture (CodeQL 2.5.4).
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { parseReport } from '../internals.js';
import { exists, measureJsonFormat } from '../lib.js';

const CORPUS = '/tmp/perf-corpus/eslint-sarif-typescript-lib.sarif';
const FIXTURE = new URL('../../fixtures/sarif/codeql-2.5.4-python/input.sarif', import.meta.url);

/** The fixture's run with its results repeated (lines shifted so fingerprints differ as in a real report) up to ~`target` bytes. */
function repeated(target) {
  const log = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const run = log.runs[0];
  const base = run.results;
  const one = Buffer.byteLength(JSON.stringify(base, null, 1));
  const copies = Math.max(1, Math.ceil(target / one));
  const results = [];
  for (let c = 0; c < copies; c++) {
    for (const r of base) {
      const copy = JSON.parse(JSON.stringify(r));
      const loc = copy.locations?.[0]?.physicalLocation;
      if (loc?.artifactLocation?.uri) loc.artifactLocation.uri = `copy${c}/${loc.artifactLocation.uri}`;
      results.push(copy);
    }
  }
  run.results = results;
  return JSON.stringify(log, null, 1);
}

export async function run(log) {
  if (exists(CORPUS)) {
    measureJsonFormat(log, 'real ESLint SARIF (typescript@5.9.3 lib)', 'bench.sarif', readFileSync(CORPUS, 'utf8'), parseReport);
  } else {
    log(`skipped the real ESLint SARIF: ${CORPUS} is missing; make it with bash ../shared/perf/make-corpus.sh`);
  }
  measureJsonFormat(log, 'CodeQL fixture results repeated to ~50 MB (synthetic size, real result shapes)', 'bench.sarif', repeated(50e6), parseReport);
}
