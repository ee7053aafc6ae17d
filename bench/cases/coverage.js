// Coverage: large real reports (coverage.py over Debian's dist-packages, made by
// ../shared/perf/make-corpus.sh coveragepy) read end to end (parseReport = detect + scan +
// model + totals) next to bare parses of the same bytes, peak memory of `gatecheck inspect`
// next to the input size, and new-code coverage timed side by side with diff-cover on the
// same report and change (../shared/perf/make-dcperf.sh: /tmp/dcperf, /tmp/dcperf.diff), with the
// time and peak-RSS ratios (diff-cover from PATH or $DIFF_COVER; the current release is 11.x).
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { parseReport, parseSource, readSource } from '../internals.js';
import { exists, interleaved, loadavg, mbps, time } from '../lib.js';

const XML = '/tmp/perf-corpus/coveragepy-cobertura-dist-packages.xml';
const LCOV = '/tmp/perf-corpus/coveragepy-dist-packages.info';
const BIN = fileURLToPath(new URL('../../bin/gatecheck.cjs', import.meta.url));

/** Wall ms and peak RSS (MB) of a child process, via GNU time when present. */
function measure(cmd, args, cwd) {
  const useTime = exists('/usr/bin/time');
  const t0 = process.hrtime.bigint();
  const r = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const kb = useTime ? Number(/(\d+)\s*$/.exec(r.stderr)?.[1]) : NaN;
  return { ms, peakMb: kb / 1024, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Best wall time and largest peak RSS of `runs` child runs. */
function measureBest(cmd, args, cwd, runs) {
  let best;
  for (let i = 0; i < runs; i++) {
    const m = measure(cmd, args, cwd);
    if (m.status !== 0) return m;
    best = best ? { ...m, ms: Math.min(best.ms, m.ms), peakMb: Math.max(best.peakMb, m.peakMb) } : m;
  }
  return best;
}

export async function run(log) {
  log(`load average at start: ${loadavg()} (2 CPUs here; ratios to the bare pass, measured interleaved in this process, are what carries over)`);
  log('| input | MB | gatecheck end to end | gatecheck, format given | gatecheck from the file (read in 64 KiB pieces) | bare pass of the same bytes | end to end ÷ bare |');
  log('|---|---|---|---|---|---|---|');
  const row = (label, file, format, bare) => {
    if (!exists(file)) return log(`${file}: missing — run ../shared/perf/make-corpus.sh coveragepy (skipped)`);
    const text = readFileSync(file, 'utf8');
    const bytes = Buffer.byteLength(text);
    const t = interleaved({
      e2e: () => parseReport(file, text),
      given: () => parseReport(file, text, { format }),
      file: () => parseSource(readSource(file, file)),
      bare: () => bare.run(text),
    });
    const extra = bare.extra ? `; ${bare.extra(text, bytes)}` : '';
    log(
      `| ${label} | ${(bytes / 1e6).toFixed(1)} | ${mbps(bytes, t.e2e).toFixed(0)} MB/s (${t.e2e.toFixed(0)} ms) | ${mbps(bytes, t.given).toFixed(0)} MB/s | ${mbps(bytes, t.file).toFixed(0)} MB/s | ${bare.label}: ${mbps(bytes, t.bare).toFixed(0)} MB/s${extra} | ${(t.bare / t.e2e).toFixed(2)} |`,
    );
  };
  row('coverage.py Cobertura', XML, 'cobertura', {
    label: 'one regex over every <line> (`match`)',
    run: (text) => text.match(/<line\b[^>]*>/g)?.length,
    extra: (text, bytes) => `fast-xml-parser DOM: ${mbps(bytes, time(() => new XMLParser({ ignoreAttributes: false }).parse(text), 1)).toFixed(1)} MB/s`,
  });
  row('coverage.py lcov', LCOV, 'lcov', { label: "text.split('\\n')", run: (text) => text.split('\n').length });

  const bare = measureBest(process.execPath, ['-e', '0'], '/tmp', 3);
  log(`bare \`node -e 0\`: ${bare.ms.toFixed(0)} ms, ${bare.peakMb.toFixed(0)} MB peak RSS (subtracted below)`);
  for (const f of [XML, LCOV]) {
    if (!exists(f)) continue;
    const m = measureBest(process.execPath, [BIN, 'inspect', f, '--json'], '/tmp', 3);
    const base = measure(process.execPath, ['-e', `require('fs').readFileSync(${JSON.stringify(f)}, 'utf8')`], '/tmp');
    const mb = statSync(f).size / 1e6;
    log(
      `gatecheck inspect ${f.split('/').pop()}: ${m.ms.toFixed(0)} ms, peak RSS ${m.peakMb.toFixed(0)} MB = ${(m.peakMb - bare.peakMb).toFixed(0)} MB over bare node (${((m.peakMb - bare.peakMb) / mb).toFixed(1)}× the ${mb.toFixed(0)} MB input; node only reading the file: ${(base.peakMb - bare.peakMb).toFixed(0)} MB over bare node)`,
    );
  }

  if (!exists('/tmp/dcperf.diff') || !exists('/tmp/dcperf-report.json') || !exists(XML)) {
    log('new-code vs diff-cover: /tmp/dcperf missing — run ../shared/perf/make-dcperf.sh (skipped)');
    return;
  }
  const ours = measureBest(process.execPath, [BIN, 'inspect', XML, '--diff', '/tmp/dcperf.diff', '--json'], '/tmp/dcperf', 3);
  if (ours.status !== 0) throw new Error(`gatecheck failed: ${ours.stderr}`);
  const nc = JSON.parse(ours.stdout).summary.newCode;
  // diff-cover from PATH (or DIFF_COVER): the PyPI release (11.x) or Debian's 7.4. 11 deprecates
  // --json-report for --format json:FILE; its figures are compared as well as make-dcperf.sh's.
  const dcBin = process.env.DIFF_COVER ?? 'diff-cover';
  const dcVersion = spawnSync(dcBin, ['--version'], { encoding: 'utf8' }).stdout?.trim().split(/\s+/).pop();
  const dcOut = '/tmp/dcperf-bench-report.json';
  const dcArgs = Number(dcVersion?.split('.')[0]) >= 11 ? ['--format', `json:${dcOut}`] : ['--json-report', dcOut];
  const theirs = dcVersion ? measureBest(dcBin, [XML, '--compare-branch=main', ...dcArgs], '/tmp/dcperf', 2) : undefined;
  if (theirs && theirs.status !== 0) throw new Error(`diff-cover ${dcVersion} failed: ${theirs.stderr}`);
  const dc = JSON.parse(readFileSync(theirs ? dcOut : '/tmp/dcperf-report.json', 'utf8'));
  const same = nc.lines.total === dc.total_num_lines && nc.lines.total - nc.lines.covered === dc.total_num_violations;
  log('');
  log('| new-code coverage, 32 MB Cobertura + change (best of 3 / 2 runs) | wall | peak RSS (over bare node) | changed coverable lines | uncovered |');
  log('|---|---|---|---|---|');
  log(`| gatecheck inspect --diff (node start included) | ${ours.ms.toFixed(0)} ms | ${ours.peakMb.toFixed(0)} MB (${(ours.peakMb - bare.peakMb).toFixed(0)}) | ${nc.lines.total} | ${nc.lines.total - nc.lines.covered} |`);
  if (theirs) log(`| diff-cover ${dcVersion} ${XML.split('/').pop()} --compare-branch=main | ${theirs.ms.toFixed(0)} ms | ${theirs.peakMb.toFixed(0)} MB | ${dc.total_num_lines} | ${dc.total_num_violations} |`);
  else log(`diff-cover not found (${dcBin}): figures from /tmp/dcperf-report.json, no timing`);
  const ratios = theirs ? `; diff-cover ÷ gatecheck: time ${(theirs.ms / ours.ms).toFixed(1)}×, peak RSS ${(theirs.peakMb / ours.peakMb).toFixed(1)}×` : '';
  log(`same figures as diff-cover${theirs ? ` ${dcVersion}` : ''}: ${same ? 'yes' : 'NO'}${ratios}; load average at end: ${loadavg()}`);
}
