// SARIF end to end (detect + JSON.parse + normalise into findings) next to a bare JSON.parse of
// the same bytes. Inputs: the 12.6 MB real ESLint SARIF made by ../shared/perf/make-corpus.sh,
// and a ~50 MB SARIF built in memory by repeating the results of a real fixture (CodeQL 2.5.4).
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { parseReport } from '../../dist/parsers/index.js';
import { exists, mbps, time } from '../lib.js';

const CORPUS = '/tmp/perf-corpus/eslint-sarif-typescript-lib.sarif';
const FIXTURE = new URL('../../fixtures/sarif/codeql-2.5.4-python/input.sarif', import.meta.url);

function measure(log, label, text) {
  const bytes = Buffer.byteLength(text);
  let findings = 0;
  const parseMs = time(() => JSON.parse(text), 7);
  const endMs = time(() => {
    findings = 0;
    for (const a of parseReport('bench.sarif', text)) findings += a.payload.findings.length;
  }, 7);
  const ratio = parseMs / endMs;
  log(
    `${label}: ${(bytes / 1e6).toFixed(1)} MB, ${findings} findings — end to end ${mbps(bytes, endMs).toFixed(0)} MB/s ` +
      `(${endMs.toFixed(0)} ms), JSON.parse ${mbps(bytes, parseMs).toFixed(0)} MB/s (${parseMs.toFixed(0)} ms): ` +
      `${ratio.toFixed(2)}× JSON.parse ${ratio >= 0.7 ? '(meets the ≥ 0.7× target)' : '(BELOW the 0.7× target)'}`,
  );
}

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
    measure(log, 'real ESLint SARIF (typescript@5.9.3 lib)', readFileSync(CORPUS, 'utf8'));
  } else {
    log(`skipped the real ESLint SARIF: ${CORPUS} is missing; make it with bash ../shared/perf/make-corpus.sh`);
  }
  measure(log, 'CodeQL fixture results repeated to ~50 MB (synthetic size, real result shapes)', repeated(50e6));
}
