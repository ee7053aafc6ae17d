/**
 * k6 threshold expressions, in k6's own grammar (pure; no I/O):
 * https://grafana.com/docs/k6/latest/using-k6/thresholds/ — "Threshold syntax":
 *
 *     <aggregation_method> <operator> <value>
 *
 * aggregation methods by metric type:
 *   counter: count, rate
 *   gauge:   value
 *   rate:    rate
 *   trend:   avg, min, max, med, p(N)   (N may have decimals, e.g. p(99.9))
 * operators: >, >=, <=, <, ==, ===, !=   (k6 treats == and === alike)
 *
 * k6 evaluates a threshold on a metric with no samples as passed; gatecheck calls it
 * "no data" instead (an error for the gate that reads it), because a latency limit that
 * saw no requests proves nothing.
 */
import type { PerformanceMetric, PerformanceMetricType } from '../model/types.js';
import { compare } from './compare.js';
import { own } from '../util/own.js';

export const K6_OPERATORS = ['<=', '<', '>=', '>', '===', '==', '!='] as const;
export type K6Operator = (typeof K6_OPERATORS)[number];

export interface K6Threshold {
  /** The statistic as the summary spells it: `avg`, `p(95)`, `rate`, `count`, `value`, … */
  stat: string;
  operator: K6Operator;
  value: number;
}

/** Which statistics each metric type allows (k6 docs, "Threshold syntax"). */
export const ALLOWED_STATS: Record<PerformanceMetricType, readonly string[]> = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p(N)'],
};

const EXPRESSION = /^\s*(avg|min|max|med|count|rate|value|p\(\s*(\d+(?:\.\d+)?)\s*\))\s*(<=|<|>=|>|===|==|!=)\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*$/;

/** Parse `p(95)<1000`; throws an Error with a message naming what is wrong. */
export function parseK6Threshold(expression: string): K6Threshold {
  const m = EXPRESSION.exec(expression);
  if (!m) {
    throw new Error(`"${expression}" is not a k6 threshold (expected e.g. p(95)<1000, rate<0.01, avg<=200, count>0)`);
  }
  const pct = m[2];
  if (pct !== undefined && Number(pct) > 100) throw new Error(`"${expression}": percentile above 100`);
  // Normalise p( 95 ) to the summary's key spelling p(95).
  const stat = pct !== undefined ? `p(${pct})` : m[1]!;
  return { stat, operator: m[3] as K6Operator, value: Number(m[4]) };
}

/** Is the statistic allowed for the metric type? `p(N)` stands for any percentile. */
export function isAllowedStat(type: PerformanceMetricType, stat: string): boolean {
  const allowed = ALLOWED_STATS[type];
  return allowed.includes(stat) || (stat.startsWith('p(') && allowed.includes('p(N)'));
}

/** k6's `===` is `==` on numbers; the rest are gatecheck's own operators. */
export function compareK6(value: number, op: K6Operator, limit: number): boolean {
  return compare(value, op === '===' ? '==' : op, limit);
}

export type ThresholdOutcome =
  | { status: 'pass' | 'fail'; value: number; threshold: K6Threshold }
  | { status: 'no-data' | 'invalid'; reason: string };

/** True when the metric saw no samples: a trend/rate/counter with a zero count or no statistics. */
export function hasNoSamples(metric: PerformanceMetric): boolean {
  const v = metric.values;
  if (Object.keys(v).length === 0) return true;
  if (metric.type === 'rate') {
    const total = v['total'] ?? (v['passes'] !== undefined && v['fails'] !== undefined ? v['passes'] + v['fails'] : undefined);
    return total === 0;
  }
  if (metric.type === 'counter') return v['count'] === undefined;
  return false;
}

/** Evaluate one threshold expression against a metric's recorded statistics. */
export function evaluateK6Threshold(metric: PerformanceMetric, expression: string): ThresholdOutcome {
  let t: K6Threshold;
  try {
    t = parseK6Threshold(expression);
  } catch (e) {
    return { status: 'invalid', reason: (e as Error).message };
  }
  if (!isAllowedStat(metric.type, t.stat)) {
    return { status: 'invalid', reason: `${t.stat} is not a statistic of a ${metric.type} metric (allowed: ${ALLOWED_STATS[metric.type].join(', ')})` };
  }
  if (hasNoSamples(metric)) return { status: 'no-data', reason: `${metric.name} has no samples` };
  const value = own(metric.values, t.stat);
  if (value === undefined || !Number.isFinite(value)) {
    const have = Object.keys(metric.values).join(', ') || 'none';
    return { status: 'no-data', reason: `${metric.name} has no ${t.stat} in the summary (statistics present: ${have})` };
  }
  return { status: compareK6(value, t.operator, t.value) ? 'pass' : 'fail', value, threshold: t };
}
