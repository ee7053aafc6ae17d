/**
 * The counts every output shows, told the way the exit code tells it: a failed `log` gate
 * never changes the verdict, so it is "logged", counted apart from "failed" (the evaluation's
 * own `counts` count statuses, where it is a `fail`; see docs/outputs.md).
 */
import type { Evaluation, GateResult } from '../gates/types.js';

export interface Tally {
  pass: number;
  /** Failed gates whose action is block, approve or rollback: they decide the verdict. */
  fail: number;
  /** Failed gates with action `log`: reported, never a reason for a non-zero exit. */
  logged: number;
  skip: number;
  error: number;
}

/** A failed gate that is only logged (action `log`). */
export function isLogged(g: GateResult): boolean {
  return g.status === 'fail' && g.action === 'log';
}

export function tally(e: Evaluation): Tally {
  const t: Tally = { pass: 0, fail: 0, logged: 0, skip: 0, error: 0 };
  for (const g of e.gates) {
    if (isLogged(g)) t.logged++;
    else t[g.status]++;
  }
  return t;
}

/** `1 error`, `2 errors`: the count and the word in the right number. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `5 passed, 4 failed, 1 logged, 7 skipped, 0 errors` (logged only when there is one). */
export function countsText(t: Tally, separator = ', '): string {
  const parts = [`${t.pass} passed`, `${t.fail} failed`];
  if (t.logged > 0) parts.push(`${t.logged} logged`);
  parts.push(`${t.skip} skipped`, plural(t.error, 'error'));
  return parts.join(separator);
}
