/**
 * The GitHub Actions job summary (written to the file `$GITHUB_STEP_SUMMARY` names). The same
 * body as the PR comment, without the bot's marker, with more evidence per gate, and kept
 * under GitHub's limit of 1 MiB per step summary (counted in UTF-8 bytes).
 * https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions#adding-a-job-summary
 */
import { renderMarkdown } from './markdown.js';
import type { Reporter } from './types.js';

/** GitHub's limit on one step's job summary, in bytes. */
export const JOB_SUMMARY_LIMIT = 1024 * 1024;

export const githubSummaryReporter = {
  id: 'github-summary',
  description: 'GitHub Actions job summary Markdown (for $GITHUB_STEP_SUMMARY; ≤ 1 MiB)',
  render: (e, options) =>
    renderMarkdown(e, {
      ...options,
      marker: false,
      compactOnPass: false,
      itemsPerGate: 50,
      measure: 'bytes',
      maxLength: options.maxLength ?? JOB_SUMMARY_LIMIT,
      truncatedNote: 'Shortened to fit the 1 MiB job summary limit; the JSON report carries everything.',
    }),
} satisfies Reporter;
