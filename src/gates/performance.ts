/**
 * Load-test gates over k6 summaries: one statistic (`performance.metric`), k6's own threshold
 * expressions re-evaluated by gatecheck (`performance.k6-thresholds`) and the relative change
 * of a statistic against the base branch (`performance.regression`).
 */
import type { Artifact, PerformanceMetric } from '../model/types.js';
import { evaluateK6Threshold } from './k6-threshold.js';
import { selectBaseline } from './select.js';
import type { Evidence, GateHandler, Unit } from './types.js';
import { own } from '../util/own.js';

/** Find a metric by its full name across the selected reports (first report wins). */
export function findMetric(inputs: readonly Artifact[], name: string): { metric: PerformanceMetric; source: string } | undefined {
  for (const a of inputs) {
    if (a.payload.kind !== 'performance') continue;
    const m = a.payload.metrics.find((x) => x.name === name);
    if (m) return { metric: m, source: a.source };
  }
  return undefined;
}

/** ` (the summary has: a, b, …)`: the metric names the selected reports do have, for a "not in the report" message. */
export function metricsPresent(inputs: readonly Artifact[], max = 30): string {
  const names = new Set<string>();
  for (const a of inputs) if (a.payload.kind === 'performance') for (const m of a.payload.metrics) names.add(m.name);
  const list = [...names].sort();
  if (list.length === 0) return ' (the summary has no metrics)';
  return ` (the summary has: ${list.slice(0, max).join(', ')}${list.length > max ? `, … ${list.length - max} more` : ''})`;
}

/** k6 reports durations in milliseconds and rates as 0–1 ratios. */
export function unitOf(metric: PerformanceMetric, stat: string): Unit {
  if (metric.type === 'trend') return /duration|time|latency|waiting|connecting|sending|receiving|blocked|handshaking/i.test(metric.name) ? 'ms' : 'number';
  if (metric.type === 'rate' && stat === 'rate') return 'ratio';
  if (metric.type === 'counter' && stat === 'rate') return 'per-second';
  return 'number';
}

/** One statistic of one metric, or the reason it is "no data". */
function statOf(inputs: readonly Artifact[], name: string, stat: string): { value: number; metric: PerformanceMetric; source: string } | { reason: string } {
  const found = findMetric(inputs, name);
  if (!found) return { reason: `no data: metric ${name} is not in the load-test report(s)${metricsPresent(inputs)}` };
  const value = own(found.metric.values, stat);
  if (value === undefined || !Number.isFinite(value)) {
    const have = Object.keys(found.metric.values).join(', ') || 'none';
    return { reason: `no data: ${name} has no ${stat} (statistics present: ${have})` };
  }
  return { value, metric: found.metric, source: found.source };
}

/**
 * `performance.metric`: one statistic of one metric (`http_req_duration` `p(95)`).
 * A metric that is absent, or has no samples, is "no data": an error, not a pass.
 */
export const performanceMetric: GateHandler = (gate, inputs) => {
  const name = String(gate.options['metric']);
  const stat = String(gate.options['stat']);
  const s = statOf(inputs, name, stat);
  if ('reason' in s) return { status: 'error', reason: s.reason };
  const unit = unitOf(s.metric, stat);
  return { value: s.value, unit, evidence: [{ type: 'metric', name, stat, value: s.value, unit }] };
};

/**
 * `performance.k6-thresholds`: the number of failed k6 thresholds. Every threshold expression
 * recorded in the summaries (and any in the gate's `thresholds` option) is evaluated by
 * gatecheck in k6's grammar; where k6 recorded its own outcome, a disagreement is reported and
 * the threshold counts as failed if either says so. A threshold on a metric with no samples,
 * or on a metric that is not in the report, is "no data": the gate errors.
 */
export const performanceK6Thresholds: GateHandler = (gate, inputs, ctx) => {
  const extra = gate.options['thresholds'];
  const wanted: Array<{ metric: string; expression: string; source?: string }> = [];
  for (const a of inputs) {
    if (a.payload.kind !== 'performance') continue;
    for (const m of a.payload.metrics) for (const t of m.thresholds ?? []) wanted.push({ metric: m.name, expression: t.expression, source: a.source });
  }
  if (extra && typeof extra === 'object') {
    for (const [metric, exprs] of Object.entries(extra as Record<string, unknown>)) {
      for (const e of Array.isArray(exprs) ? exprs : [exprs]) wanted.push({ metric, expression: String(e) });
    }
  }
  if (wanted.length === 0) {
    // Nothing the team wrote to check: a skip with the reason, unless the gate insists.
    const reason = 'no thresholds to evaluate: the summary records none (the machine-readable summary never does) and the gate names none in `thresholds`';
    return { status: gate.required ? 'error' : 'skip', reason };
  }
  const problems: string[] = [];
  const failed: Evidence[] = [];
  const disagreements: string[] = [];
  let passed = 0;
  let missing = false;
  for (const w of wanted) {
    const found = w.source ? findMetric(inputs.filter((a) => a.source === w.source), w.metric) : findMetric(inputs, w.metric);
    if (!found) {
      problems.push(`${w.metric} '${w.expression}': no data: metric ${w.metric} is not in the load-test report(s)`);
      missing = true;
      continue;
    }
    const r = evaluateK6Threshold(found.metric, w.expression);
    if (!('value' in r)) {
      problems.push(`${w.metric} '${w.expression}': ${r.status === 'no-data' ? 'no data: ' : ''}${r.reason}`);
      continue;
    }
    const k6ok = found.metric.thresholds?.find((t) => t.expression === w.expression)?.ok;
    if (k6ok !== undefined && k6ok !== (r.status === 'pass')) {
      disagreements.push(`${w.metric} '${w.expression}': gatecheck ${r.status}s (${r.threshold.stat}=${r.value}), k6 recorded ${k6ok ? 'ok' : 'failed'}`);
    }
    if (r.status === 'fail' || k6ok === false) {
      failed.push({ type: 'metric', name: w.metric, stat: r.threshold.stat, value: r.value, unit: unitOf(found.metric, r.threshold.stat), note: `threshold '${w.expression}' failed${k6ok === false ? ' (k6: failed)' : ''}` });
    } else {
      passed++;
    }
  }
  if (problems.length) {
    return { status: 'error', reason: `${problems.length} ${problems.length === 1 ? 'threshold' : 'thresholds'} cannot be evaluated: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}${missing ? metricsPresent(inputs) : ''}` };
  }
  const evidence: Evidence[] = [...failed.slice(0, ctx.maxEvidence)];
  for (const d of disagreements) evidence.push({ type: 'note', text: `disagreement: ${d}` });
  return {
    value: failed.length,
    unit: 'count',
    evidence,
    evidenceTotal: failed.length,
    detail: `${wanted.length} ${wanted.length === 1 ? 'threshold' : 'thresholds'}: ${passed} passed, ${failed.length} failed${disagreements.length ? `, ${disagreements.length} ${disagreements.length === 1 ? 'disagrees' : 'disagree'} with k6's own outcome` : ', all agree with k6\'s own outcomes where recorded'}`,
  };
};

/**
 * `performance.regression`: relative change of one statistic against the base branch's
 * summary, in percent: (now − base) / base × 100. "p95 may not grow by more than 2 %" is
 * `operator: "<=", threshold: 2`; for throughput, "may not drop by more than 5 %" is `">=", -5`.
 */
export const performanceRegression: GateHandler = (gate, inputs, ctx) => {
  const base = ctx.baseline && selectBaseline(ctx.baseline, 'performance', gate.select);
  if (!base) return { status: 'skip', reason: 'no baseline given: pass --baseline FILE (the base branch\'s k6 summary or `gatecheck parse` output)' };
  const name = String(gate.options['metric']);
  const stat = String(gate.options['stat']);
  const now = statOf(inputs, name, stat);
  if ('reason' in now) return { status: 'error', reason: now.reason };
  const before = statOf(base, name, stat);
  if ('reason' in before) return { status: 'error', reason: `baseline: ${before.reason}` };
  if (before.value === 0) {
    if (now.value === 0) return { value: 0, unit: 'percent', detail: `${name} ${stat}: 0 now and on the base` };
    return { status: 'error', reason: `baseline ${name} ${stat} is 0: a relative change is undefined` };
  }
  const change = ((now.value - before.value) / Math.abs(before.value)) * 100;
  const unit = unitOf(now.metric, stat);
  return {
    value: change,
    unit: 'percent',
    evidence: [
      { type: 'metric', name, stat, value: now.value, unit, note: 'now' },
      { type: 'metric', name, stat, value: before.value, unit, note: 'base' },
    ],
    detail: `${name} ${stat}: ${now.value} now vs ${before.value} on the base`,
  };
};
