// Large JUnit XML: gatecheck's scanner (end to end: parseReport = detect + scan + model) next
// to two baselines over the same bytes, interleaved in one process per input, best of N: one
// regex pass that matches every <testcase> start tag (the floor for anything that looks at each
// test) and a fast-xml-parser DOM parse. The machine is shared: the ratios carry over, and the
// load average is printed with them. Inputs:
// - /tmp/perf-corpus/mocha-junit-60k.xml and pytest-xunit2-150k.xml (real runner output, made by
//   ../shared/perf/make-corpus.sh; skipped with a note when missing);
// - a ~40 MB file SYNTHESISED here by repeating the <testsuite> elements of the real
//   fixtures/junit/pulsar-retries report (808 testcases, with failure stack traces) under new
//   suite names — real content, repeated; said so in the output.
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { parseReport, parseSource, readSource } from '../internals.js';
import { exists, interleaved, loadavg, mbps, ROUNDS } from '../lib.js';

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

/** The inputs, each measured in a process of its own (bench/run.js). */
export const parts = ['mocha', 'pytest', 'synthetic'];

const CORPUS = { mocha: '/tmp/perf-corpus/mocha-junit-60k.xml', pytest: '/tmp/perf-corpus/pytest-xunit2-150k.xml' };

export function header(log) {
  log(`load average at start: ${loadavg()} (2 CPUs here; each input in its own process; best of ${ROUNDS} interleaved runs, DOM best of 2)`);
  log('| input | MB | tests | gatecheck end to end | gatecheck from the file (read in 64 KiB pieces) | one regex pass over every `<testcase …>` | end to end ÷ regex pass | fast-xml-parser DOM only | end to end ÷ DOM |');
  log('|---|---|---|---|---|---|---|---|---|');
}

export function footer(log) {
  log(`load average at end: ${loadavg()}`);
}

export async function run(log, part) {
  let input;
  if (part === 'synthetic') {
    input = { name: 'synthetic: fixtures/junit/pulsar-retries <testsuite>s repeated to ~40 MB', text: synthesise(40e6) };
  } else {
    const f = CORPUS[part];
    if (!exists(f)) {
      log(`| ${f} | missing: run ../shared/perf/make-corpus.sh junit (skipped) |`);
      return;
    }
    input = { name: f, file: f, text: readFileSync(f, 'utf8') };
  }
  const dom = new XMLParser({ ignoreAttributes: false });
  const { name, file, text } = input;
  const bytes = Buffer.byteLength(text);
  let tests = 0;
  const testcase = /<testcase\b[^>]*>/g;
  const t = interleaved(
    {
      ours: () => {
        const [a] = parseReport(name, text);
        tests = a.payload.cases.length;
      },
      ...(file ? { file: () => parseSource(readSource(file, file)) } : {}),
      regex: () => {
        testcase.lastIndex = 0;
        let n = 0;
        while (testcase.test(text)) n++;
        return n;
      },
      dom: () => dom.parse(text),
    },
    { ours: ROUNDS, file: ROUNDS, regex: ROUNDS, dom: 2 },
  );
  const rate = (ms) => mbps(bytes, ms);
  log(
    `| ${name} | ${(bytes / 1e6).toFixed(1)} | ${tests} | ${rate(t.ours).toFixed(0)} MB/s (${t.ours.toFixed(0)} ms) | ${t.file ? `${rate(t.file).toFixed(0)} MB/s` : 'n/a (in memory)'} | ${rate(t.regex).toFixed(0)} MB/s | ${(t.regex / t.ours).toFixed(3)} | ${rate(t.dom).toFixed(1)} MB/s | ${(t.dom / t.ours).toFixed(1)}× faster |`,
  );
}
