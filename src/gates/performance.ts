import type { Artifact, PerformanceMetric } from '../model/types.js';
import type { GateHandler, Unit } from './types.js';

/** Find a metric by its full name across the selected reports (first report wins). */
export function findMetric(inputs: readonly Artifact[], name: string): { metric: PerformanceMetric; source: string } | undefined {
  for (const a of inputs) {
    if (a.payload.kind !== 'performance') continue;
    const m = a.payload.metrics.find((x) => x.name === name);
    if (m) return { metric: m, source: a.source };
  }
  return undefined;
}

/** k6 reports durations in milliseconds and rates as 0–1 ratios. */
export function unitOf(metric: PerformanceMetric, stat: string): Unit {
  if (metric.type === 'trend') return /duration|time|latency|waiting|connecting|sending|receiving|blocked|handshaking/i.test(metric.name) ? 'ms' : 'number';
  if (metric.type === 'rate' && stat === 'rate') return 'ratio';
  if (metric.type === 'counter' && stat === 'rate') return 'per-second';
  return 'number';
}

/**
 * `performance.metric`: one statistic of one metric (`http_req_duration` `p(95)`).
 * A metric that is absent, or has no samples, is "no data": an error, not a pass.
 */
export const performanceMetric: GateHandler = (gate, inputs) => {
  const name = String(gate.options['metric']);
  const stat = String(gate.options['stat']);
  const found = findMetric(inputs, name);
  if (!found) return { status: 'error', reason: `no data: metric ${name} is not in the load-test report(s)` };
  const value = found.metric.values[stat];
  if (value === undefined || !Number.isFinite(value)) {
    const have = Object.keys(found.metric.values).join(', ') || 'none';
    return { status: 'error', reason: `no data: ${name} has no ${stat} (statistics present: ${have})` };
  }
  return {
    value,
    unit: unitOf(found.metric, stat),
    evidence: [{ type: 'metric', name, stat, value, unit: unitOf(found.metric, stat) }],
  };
};
