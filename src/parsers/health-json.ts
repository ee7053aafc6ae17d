/**
 * gatecheck's health input: a small JSON document of named service-level numbers, for
 * availability, error budgets, SLO burn rates — whatever a monitoring job can write.
 * Format (documented in docs/tests-performance-health.md):
 *
 *     { "gatecheck": "health", "metrics": { "availability": 99.95, "p99_latency_ms": 310 },
 *       "tool": { "name": "uptime-robot", "version": "2" } }
 *
 * `"gatecheck": "health"` makes detection unambiguous; `metrics` maps names to finite
 * numbers (percentages as 0–100, as the default policy's availability gate expects);
 * `tool` is optional.
 */
import { GatecheckError, parseError } from '../errors.js';
import type { Artifact, Tool } from '../model/types.js';
import type { SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';
import { isObject } from './shape.js';
import { dict } from '../util/own.js';
import { quote } from '../util/quote.js';

export const healthJsonFormat = {
  id: 'health-json',
  kind: 'metrics',
  description: 'gatecheck health JSON: {"gatecheck": "health", "metrics": {"availability": 99.95, …}}',
  detect: (f: SourceFile) => f.looksLikeJson && /"gatecheck"\s*:\s*"health"/.test(f.head),
} satisfies ParserFormat;

export const healthJson = /* @__PURE__ */ defineParser(healthJsonFormat, {
  parse(f: SourceFile): Artifact {
    const doc = f.json();
    if (!isObject(doc) || doc['gatecheck'] !== 'health') throw parseError(f.path, 'gatecheck', 'expected "gatecheck": "health"');
    const m = doc['metrics'];
    if (!isObject(m)) throw parseError(f.path, 'metrics', `expected an object of named numbers, got ${m === undefined ? 'nothing' : Array.isArray(m) ? 'an array' : typeof m}`);
    const metrics = dict<number>();
    for (const [k, v] of Object.entries(m)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw parseError(f.path, `metrics[${quote(k)}]`, `expected a number, got ${quote(v)}`);
      metrics[k] = v;
    }
    if (Object.keys(metrics).length === 0) throw new GatecheckError('E_INPUT', 'the health report holds no metrics: nothing to measure', { file: f.path, where: 'metrics' });
    const tool: Tool = { name: 'health-json' };
    const t = doc['tool'];
    if (t !== undefined) {
      if (!isObject(t) || typeof t['name'] !== 'string') throw parseError(f.path, 'tool', 'expected {"name": string, "version"?: string}');
      tool.name = t['name'];
      if (typeof t['version'] === 'string') tool.version = t['version'];
    }
    return { format: 'health-json', tool, source: f.path, payload: { kind: 'metrics', metrics } };
  },
});
