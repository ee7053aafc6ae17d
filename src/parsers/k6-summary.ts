/**
 * k6 end-of-test summaries, all three JSON shapes k6 writes
 * (https://grafana.com/docs/k6/latest/results-output/end-of-test/):
 *
 * 1. legacy `--summary-export` (k6 < 1.0, or `--summary-mode=legacy`): `metrics[name]` holds the
 *    statistics flat (`avg`, `p(95)`, `count`, `rate`, `value`, `passes`, `fails`), without a type,
 *    and `thresholds: { "p(95)<500": true }` where **true means the threshold FAILED** (k6's
 *    "crossed" flag; docs "Summary export" + k6 lib/summary legacy export). gatecheck inverts it.
 *    The type is inferred from the keys; a rate metric's `value` is its rate and becomes `rate`.
 * 2. `handleSummary(data)` (`JSON.stringify(data)`): `metrics[name] = { type, contains, values,
 *    thresholds: { expr: { ok } } }`, plus `root_group`, `options`, `state`.
 * 3. the machine-readable summary (`--new-machine-readable-summary`, schema `version: "1.0.0"`,
 *    k6 internal/lib/summary/machinereadable): `results.metrics: [{ name, type, contains, values }]`
 *    and `results.checks.metrics`; rate values are `{ matches, rate, total }`; it records no
 *    thresholds. Field names from k6's generated types (types_gen.go); tested only against a
 *    hand-made sample built from that schema (see docs/tests-performance-health.md).
 *
 * Sub-metrics keep their selector in the name: `http_req_duration{expected_response:true}`.
 */
import { parseError } from '../errors.js';
import type { Artifact, PerformanceMetric, PerformanceMetricType, PerformanceThreshold, Tool } from '../model/types.js';
import type { SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';
import { isObject } from './shape.js';
import { dict } from '../util/own.js';
import { quote } from '../util/quote.js';

type Shape = 'legacy' | 'handle-summary' | 'machine-readable';

const TYPES: readonly PerformanceMetricType[] = ['trend', 'rate', 'counter', 'gauge'];

/** Which shape a parsed document is, or undefined when it is not a k6 summary. */
export function k6Shape(doc: unknown): Shape | undefined {
  if (!isObject(doc)) return undefined;
  if (typeof doc['version'] === 'string' && isObject(doc['results']) && Array.isArray(doc['results']['metrics']) && isObject(doc['metadata']) && 'k6Version' in doc['metadata']) {
    return 'machine-readable';
  }
  if (!isObject(doc['metrics']) || !isObject(doc['root_group'])) return undefined;
  const first = Object.values(doc['metrics']).find(isObject);
  if (first && typeof first['type'] === 'string' && isObject(first['values'])) return 'handle-summary';
  return 'legacy';
}

function numbers(v: unknown, path: string, where: string): Record<string, number> {
  if (!isObject(v)) throw parseError(path, where, `expected an object of statistics, got ${describe(v)}`);
  const out = dict<number>();
  for (const [k, x] of Object.entries(v)) {
    if (k === 'thresholds') continue;
    if (typeof x !== 'number' || !Number.isFinite(x)) throw parseError(path, `${where}.${k}`, `expected a number, got ${describe(x)}`);
    out[k] = x;
  }
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? `the string ${quote(v, 40)}` : typeof v;
}

/** Legacy export: infer the metric type from its statistics. */
function legacyType(v: Record<string, number>): PerformanceMetricType {
  if (Object.hasOwn(v, 'avg') || Object.hasOwn(v, 'med') || Object.keys(v).some((k) => k.startsWith('p('))) return 'trend';
  if (Object.hasOwn(v, 'passes') || Object.hasOwn(v, 'fails')) return 'rate';
  if (Object.hasOwn(v, 'count')) return 'counter';
  return 'gauge';
}

function legacyMetric(name: string, raw: unknown, path: string): PerformanceMetric {
  const where = `metrics[${quote(name)}]`;
  const values = numbers(raw, path, where);
  const type = legacyType(values);
  if (type === 'rate' && values['value'] !== undefined) {
    // the rate metric's `value` is its rate (share of non-zero samples)
    values['rate'] = values['value'];
    delete values['value'];
  }
  const m: PerformanceMetric = { name, type, values };
  const th = (raw as Record<string, unknown>)['thresholds'];
  if (th !== undefined) {
    if (!isObject(th)) throw parseError(path, `${where}.thresholds`, `expected an object, got ${describe(th)}`);
    m.thresholds = Object.entries(th).map(([expression, crossed]): PerformanceThreshold => {
      if (typeof crossed !== 'boolean') throw parseError(path, `${where}.thresholds[${quote(expression)}]`, `expected true/false, got ${describe(crossed)}`);
      return { expression, ok: !crossed }; // legacy: true = crossed = failed
    });
  }
  return m;
}

function typedMetric(name: string, raw: unknown, path: string, where: string): PerformanceMetric {
  if (!isObject(raw)) throw parseError(path, where, `expected a metric object, got ${describe(raw)}`);
  const type = raw['type'];
  if (typeof type !== 'string' || !TYPES.includes(type as PerformanceMetricType)) {
    throw parseError(path, `${where}.type`, `expected one of ${TYPES.join(', ')}, got ${describe(type)}`);
  }
  const m: PerformanceMetric = { name, type: type as PerformanceMetricType, values: numbers(raw['values'], path, `${where}.values`) };
  const th = raw['thresholds'];
  if (th !== undefined) {
    if (!isObject(th)) throw parseError(path, `${where}.thresholds`, `expected an object, got ${describe(th)}`);
    m.thresholds = Object.entries(th).map(([expression, r]): PerformanceThreshold => {
      const ok = isObject(r) ? r['ok'] : undefined;
      if (typeof ok !== 'boolean') throw parseError(path, `${where}.thresholds[${quote(expression)}].ok`, `expected true/false, got ${describe(ok)}`);
      return { expression, ok };
    });
  }
  return m;
}

/** Parse a k6 summary document (any of the three shapes) into metrics. */
export function parseK6Summary(doc: unknown, path: string): { metrics: PerformanceMetric[]; tool: Tool; shape: Shape } {
  const shape = k6Shape(doc);
  if (!shape) throw parseError(path, undefined, 'not a k6 summary: expected `metrics` + `root_group` (summary export / handleSummary) or `version` + `results.metrics` (machine-readable summary)');
  const d = doc as Record<string, unknown>;
  const metrics: PerformanceMetric[] = [];
  const tool: Tool = { name: 'k6' };
  if (shape === 'machine-readable') {
    const meta = d['metadata'] as Record<string, unknown>;
    if (typeof meta['k6Version'] === 'string') tool.version = meta['k6Version'];
    const results = d['results'] as Record<string, unknown>;
    const lists: Array<[unknown[], string]> = [[results['metrics'] as unknown[], 'results.metrics']];
    const checks = results['checks'];
    if (isObject(checks) && Array.isArray(checks['metrics'])) lists.push([checks['metrics'], 'results.checks.metrics']);
    for (const [list, base] of lists) {
      list.forEach((raw, i) => {
        const where = `${base}[${i}]`;
        const name = isObject(raw) ? raw['name'] : undefined;
        if (typeof name !== 'string' || name === '') throw parseError(path, `${where}.name`, `expected a metric name, got ${describe(name)}`);
        metrics.push(typedMetric(name, raw, path, where));
      });
    }
  } else {
    for (const [name, raw] of Object.entries(d['metrics'] as Record<string, unknown>)) {
      metrics.push(shape === 'legacy' ? legacyMetric(name, raw, path) : typedMetric(name, raw, path, `metrics[${quote(name)}]`));
    }
  }
  if (metrics.length === 0) throw parseError(path, shape === 'machine-readable' ? 'results.metrics' : 'metrics', 'the k6 summary holds no metrics: nothing to measure');
  return { metrics, tool, shape };
}

export const k6SummaryFormat = {
  id: 'k6-summary',
  kind: 'performance',
  description: 'k6 end-of-test summary: --summary-export (legacy), handleSummary() data, machine-readable summary 1.0.0',
  detect(f: SourceFile): boolean {
    if (!f.looksLikeJson || !f.head.includes('"metrics"')) return false;
    return k6Shape(f.tryJson()) !== undefined;
  },
} satisfies ParserFormat;

export const k6Summary = /* @__PURE__ */ defineParser(k6SummaryFormat, {
  parse(f: SourceFile): Artifact {
    const { metrics, tool } = parseK6Summary(f.json(), f.path);
    return { format: 'k6-summary', tool, source: f.path, payload: { kind: 'performance', metrics } };
  },
});
