import type { GateHandler } from './types.js';
import { own } from '../util/own.js';

/** `metrics.value`: a named service-level number (availability, error budget, …). Absent is an error. */
export const metricsValue: GateHandler = (gate, inputs) => {
  const name = String(gate.options['metric']);
  for (const a of inputs) {
    if (a.payload.kind !== 'metrics') continue;
    const v = own(a.payload.metrics, name);
    if (v !== undefined) {
      return { value: v, unit: 'number', evidence: [{ type: 'metric', name, value: v, note: a.source }] };
    }
  }
  return { status: 'error', reason: `no data: metric ${name} is not in the health report(s)` };
};
