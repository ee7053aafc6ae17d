// Large JUnit XML: gatecheck's scanner (end to end: parseReport = detect + scan + model) next
// to a bare fast-xml-parser DOM parse of the same bytes. Inputs:
// - /tmp/perf-corpus/mocha-junit-60k.xml and pytest-xunit2-150k.xml (real runner output, made by
//   ../shared/perf/make-corpus.sh; skipped with a note when missing);
// - a ~40 MB file SYNTHESISED here by repeating the <testsuite> elements of the real
//   fixtures/junit/pulsar-retries report (808 testcases, with failure stack traces) under new
//   suite names — real content, repeated; said so in the output.
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { parseReport } from '../../dist/parsers/index.js';
import { exists, mbps, time } from '../lib.js';

function synthesise(targetBytes) {
  const src = readFileSync(new URL('../../fixtures/junit/pulsar-retries/input.xml', import.meta.url), 'utf8');
  const open = src.indexOf('<testsuite ');
  const close = src.lastIndexOf('</testsuites>');
  const body = src.slice(open, close);
  const parts = [src.slice(0, open).replace(/<testsuites[^>]*>/, '<testsuites>')];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const copy = body.replace(/<testsuite name="/g, `<testsuite name="copy${i}.`);
    parts.push(copy);
    size += copy.length;
  }
  parts.push('</testsuites>\n');
  return parts.join('');
}

export async function run(log) {
  const inputs = [];
  for (const f of ['/tmp/perf-corpus/mocha-junit-60k.xml', '/tmp/perf-corpus/pytest-xunit2-150k.xml']) {
    if (exists(f)) inputs.push({ name: f, text: readFileSync(f, 'utf8') });
    else log(`${f}: missing — run ../shared/perf/make-corpus.sh junit (skipped)`);
  }
  inputs.push({ name: 'synthetic: fixtures/junit/pulsar-retries <testsuite>s repeated to ~40 MB', text: synthesise(40e6) });
  const dom = new XMLParser({ ignoreAttributes: false });
  log('| input | MB | tests | gatecheck end to end | fast-xml-parser DOM only |');
  log('|---|---|---|---|---|');
  for (const { name, text } of inputs) {
    const bytes = Buffer.byteLength(text);
    let tests = 0;
    const ours = time(() => {
      const [a] = parseReport(name, text);
      tests = a.payload.cases.length;
    });
    const bare = time(() => dom.parse(text), 1);
    log(`| ${name} | ${(bytes / 1e6).toFixed(1)} | ${tests} | ${mbps(bytes, ours).toFixed(0)} MB/s (${ours.toFixed(0)} ms) | ${mbps(bytes, bare).toFixed(1)} MB/s (${bare.toFixed(0)} ms) |`);
  }
}
