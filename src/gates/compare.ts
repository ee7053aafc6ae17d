import type { Operator, Unit } from './types.js';

/** `value OPERATOR threshold`, on unrounded values. */
export function compare(value: number, operator: Operator, threshold: number): boolean {
  switch (operator) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

/** Two decimals for fractional units, whole numbers for counts. Display only. */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'percent':
      return `${value.toFixed(2)} %`;
    case 'points':
      // Percentage points, signed: +0.25 pp, -0.50 pp.
      return `${value > 0 ? '+' : ''}${value.toFixed(2)} pp`;
    case 'count':
      return Number.isInteger(value) ? String(value) : value.toFixed(2);
    case 'ms':
      return `${value.toFixed(2)} ms`;
    case 'ratio':
      return `${value.toFixed(4).replace(/0+$/, '').replace(/\.$/, '')} (${(value * 100).toFixed(2)} %)`;
    case 'per-second':
      return `${value.toFixed(2)}/s`;
    case 'number':
      return Number.isInteger(value) ? String(value) : value.toFixed(2);
  }
}
