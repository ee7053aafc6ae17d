/** The reporter registry: an explicit list, one line per output. */
import { githubAnnotationsReporter } from './github-annotations.js';
import { githubSummaryReporter } from './github-summary.js';
import { gitlabCodeQualityReporter } from './gitlab-codequality.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';
import type { Reporter } from './types.js';

export const reporters = [
  textReporter,
  jsonReporter,
  junitReporter,
  markdownReporter,
  sarifReporter,
  gitlabCodeQualityReporter,
  githubSummaryReporter,
  githubAnnotationsReporter,
] as const satisfies readonly Reporter[];

export type ReporterId = (typeof reporters)[number]['id'];

export function getReporter(id: string): Reporter | undefined {
  return reporters.find((r) => r.id === id);
}

export type { Reporter, RenderOptions, LinkContext } from './types.js';
