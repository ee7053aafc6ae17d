/** The reporter registry: an explicit list, one line per output. */
import { jsonReporter } from './json.js';
import { textReporter } from './text.js';
import type { Reporter } from './types.js';

export const reporters = [textReporter, jsonReporter] as const satisfies readonly Reporter[];

export type ReporterId = (typeof reporters)[number]['id'];

export function getReporter(id: string): Reporter | undefined {
  return reporters.find((r) => r.id === id);
}

export type { Reporter, RenderOptions, LinkContext } from './types.js';
