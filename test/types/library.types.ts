/**
 * Type-level tests of the library surface, compiled by `npm run typecheck` (never run): each
 * `@ts-expect-error` line must fail to compile, so a widened id type (a parser or reporter whose
 * `id` is a plain `string`) or a diff type evaluate() refuses breaks the typecheck.
 */
import { defaultPolicy, evaluate, parseReport, parseUnifiedDiff, render, type Evaluation, type FormatId, type ReporterId } from '../../src/index.js';

declare const e: Evaluation;

render(e, 'markdown');
render(e, 'github-annotations');
// @ts-expect-error 'md' is not a reporter id
render(e, 'md');

const known: ReporterId = 'junit';
// @ts-expect-error reporter ids are a union, not string
const unknown: ReporterId = 'html';

parseReport('trivy.json', '{}', { format: 'trivy' });
// @ts-expect-error 'trivy-json' is not a format id
parseReport('trivy.json', '{}', { format: 'trivy-json' });
const format: FormatId = 'lcov';
// @ts-expect-error format ids are a union, not string
const notAFormat: FormatId = 'lcov-info';

// parseUnifiedDiff's result is the `diff` evaluate() takes, as is.
const diff = parseUnifiedDiff('', 'change.patch');
evaluate([], defaultPolicy(), { diff });

export { known, unknown, format, notAFormat };
