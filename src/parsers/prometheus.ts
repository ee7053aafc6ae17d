/**
 * Prometheus HTTP API instant-query responses (`GET /api/v1/query`), per
 * https://prometheus.io/docs/prometheus/latest/querying/api/#format-overview and
 * #instant-queries:
 *
 *     { "status": "success", "data": { "resultType": "vector",
 *       "result": [ { "metric": { "__name__": "up", "job": "api" }, "value": [ 1435781451.781, "1" ] } ] } }
 *     { "status": "success", "data": { "resultType": "scalar", "result": [ 1435781451.781, "99.95" ] } }
 *     { "status": "error", "errorType": "bad_data", "error": "…" }
 *
 * Sample values are strings (the API's "Expression query result formats"), so "NaN" and
 * "+Inf" can occur; they are no data and rejected. Naming a series, first match wins:
 * a `gatecheck` label (add one with `label_replace(expr, "gatecheck", "availability", "", "")`),
 * then `__name__`; a series without either, or a scalar, is `value`. When several series
 * share a name, each is `name{label="v",…}` (labels sorted, `__name__` left out).
 */
import { GatecheckError, parseError } from '../errors.js';
import type { Artifact } from '../model/types.js';
import type { SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';
import { isObject } from './shape.js';
import { dict } from '../util/own.js';
import { excerpt, quote } from '../util/quote.js';

function sample(v: unknown, path: string, where: string): number {
  if (!Array.isArray(v) || v.length !== 2 || typeof v[1] !== 'string') {
    throw parseError(path, where, 'expected a sample [ <unix time>, "<value>" ]');
  }
  const n = Number(v[1]);
  if (!Number.isFinite(n)) throw new GatecheckError('E_INPUT', `sample value is ${quote(v[1])}: no data`, { file: path, where });
  return n;
}

export const prometheusFormat = {
  id: 'prometheus',
  kind: 'metrics',
  description: 'Prometheus HTTP API instant query response (/api/v1/query: vector or scalar)',
  detect(f: SourceFile): boolean {
    if (!f.looksLikeJson || !/"status"\s*:\s*"(success|error)"/.test(f.head)) return false;
    return /"resultType"\s*:/.test(f.head) || /"errorType"\s*:/.test(f.head);
  },
} satisfies ParserFormat;

export const prometheus = /* @__PURE__ */ defineParser(prometheusFormat, {
  parse(f: SourceFile): Artifact {
    const doc = f.json();
    if (!isObject(doc)) throw parseError(f.path, undefined, 'expected a Prometheus API response object');
    if (doc['status'] === 'error') {
      throw new GatecheckError('E_INPUT', `Prometheus query failed: ${excerpt(doc['errorType'] ?? 'error', 80)}: ${excerpt(doc['error'] ?? '(no message)', 300)}`, { file: f.path, where: 'status' });
    }
    if (doc['status'] !== 'success') throw parseError(f.path, 'status', `expected "success" or "error", got ${quote(doc['status'])}`);
    const data = doc['data'];
    if (!isObject(data)) throw parseError(f.path, 'data', 'expected an object');
    const type = data['resultType'];
    const result = data['result'];
    const metrics = dict<number>();
    if (type === 'scalar') {
      metrics['value'] = sample(result, f.path, 'data.result');
    } else if (type === 'vector') {
      if (!Array.isArray(result)) throw parseError(f.path, 'data.result', 'expected an array of series');
      const named = result.map((s, i) => {
        const where = `data.result[${i}]`;
        if (!isObject(s) || !isObject(s['metric'])) throw parseError(f.path, `${where}.metric`, 'expected an object of labels');
        const labels = s['metric'] as Record<string, unknown>;
        const base = typeof labels['gatecheck'] === 'string' ? labels['gatecheck'] : typeof labels['__name__'] === 'string' ? labels['__name__'] : 'value';
        const rest = Object.keys(labels)
          .filter((k) => k !== '__name__' && k !== 'gatecheck')
          .sort()
          .map((k) => {
            const v = labels[k];
            // label values are strings (the API's format); String() of a deeply nested value overflows the stack
            if (typeof v !== 'string') throw parseError(f.path, `${where}.metric[${quote(k)}]`, `expected a label value string (got ${quote(v)})`);
            return `${k}=${JSON.stringify(v)}`;
          });
        return { base, full: rest.length ? `${base}{${rest.join(',')}}` : base, value: sample(s['value'], f.path, `${where}.value`) };
      });
      const counts = new Map<string, number>();
      for (const n of named) counts.set(n.base, (counts.get(n.base) ?? 0) + 1);
      for (const n of named) {
        const key = counts.get(n.base) === 1 ? n.base : n.full;
        if (Object.hasOwn(metrics, key)) throw new GatecheckError('E_INPUT', `two series are both named ${key}`, { file: f.path, where: 'data.result' });
        metrics[key] = n.value;
      }
    } else if (type === 'matrix' || type === 'string') {
      throw new GatecheckError('E_INPUT', `resultType ${type} is not supported: gate on an instant query (/api/v1/query) that returns a vector or scalar`, { file: f.path, where: 'data.resultType' });
    } else {
      throw parseError(f.path, 'data.resultType', `expected vector or scalar, got ${quote(type)}`);
    }
    if (Object.keys(metrics).length === 0) throw new GatecheckError('E_INPUT', 'the query returned no series: no data', { file: f.path, where: 'data.result' });
    return { format: 'prometheus', tool: { name: 'prometheus' }, source: f.path, payload: { kind: 'metrics', metrics } };
  },
});
