import type { Reporter } from './types.js';

/** The evaluation as JSON (schema: src/reporters/evaluation.schema.json, versioned by `schemaVersion`). */
export const jsonReporter = {
  id: 'json',
  description: 'the evaluation as versioned JSON, for machines',
  render: (evaluation) => `${JSON.stringify(evaluation, null, 2)}\n`,
} satisfies Reporter;
