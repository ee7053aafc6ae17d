// Helpers shared by the benchmark cases.
import { readFileSync, statSync } from 'node:fs';

/**
 * Runs per interleaved measurement. The host is shared and its speed swings by tens of percent
 * within a minute; the best of more runs is the better estimate of what the code costs without that.
 */
export const ROUNDS = 15;

/** Best-of-N wall time in ms of fn(), after one warm-up run. */
export function time(fn, runs = 3) {
  fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

export function mbps(bytes, ms) {
  return bytes / 1e6 / (ms / 1000);
}

export function exists(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Best-of-`rounds` wall times in ms of several functions, run interleaved (a, b, c, a, b, c, …)
 * after one warm-up each, so that load from other processes on a shared machine hits all of
 * them alike. `rounds` may be a number or a map from key to rounds (slow baselines need fewer).
 */
export function interleaved(fns, rounds = 5) {
  const keys = Object.keys(fns);
  const n = (k) => (typeof rounds === 'number' ? rounds : (rounds[k] ?? 5));
  const best = Object.fromEntries(keys.map((k) => [k, Infinity]));
  for (const k of keys) fns[k]();
  const most = Math.max(...keys.map(n));
  for (let r = 0; r < most; r++) {
    for (const k of keys) {
      if (r >= n(k)) continue;
      // Each timed run starts from a collected heap (npm run bench passes --expose-gc), so the
      // garbage of the previous run is not billed to the next one.
      globalThis.gc?.();
      const t0 = process.hrtime.bigint();
      fns[k]();
      best[k] = Math.min(best[k], Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  return best;
}

/** The 1/5/15-minute load averages (Linux), to print next to timings taken on a shared machine. */
export function loadavg() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}

/**
 * A JSON report format end to end (detect + JSON.parse + normalise, through parseReport) next
 * to a bare JSON.parse of the same bytes, interleaved best of ROUNDS so GC and load hit both alike.
 * Target: end to end ≥ 0.7× JSON.parse's throughput.
 */
export function measureJsonFormat(log, label, name, text, parseReport) {
  const bytes = Buffer.byteLength(text);
  let findings = 0;
  const best = interleaved(
    {
      parse: () => JSON.parse(text),
      end: () => {
        findings = 0;
        for (const a of parseReport(name, text)) findings += a.payload.findings.length;
      },
    },
    ROUNDS,
  );
  const ratio = best.parse / best.end;
  log(
    `${label}: ${(bytes / 1e6).toFixed(1)} MB, ${findings} findings — end to end ${mbps(bytes, best.end).toFixed(0)} MB/s ` +
      `(${best.end.toFixed(0)} ms), JSON.parse ${mbps(bytes, best.parse).toFixed(0)} MB/s (${best.parse.toFixed(0)} ms): ` +
      `${ratio.toFixed(3)}× JSON.parse ${ratio >= 0.7 ? '(meets the ≥ 0.7× target)' : '(BELOW the 0.7× target)'}; load ${loadavg()}`,
  );
}
