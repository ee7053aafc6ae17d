// Helpers shared by the benchmark cases.
import { statSync } from 'node:fs';

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
