import type { Evaluation } from '../gates/types.js';

/** Where the code under review lives, so outputs can link to the exact file and line. */
export interface LinkContext {
  /** e.g. `https://github.com`, `https://gitlab.example.com` */
  serverUrl: string;
  /** `owner/name` (GitHub) or the project path `group/sub/project` (GitLab). */
  repository: string;
  /** The head commit the findings were made on. */
  sha: string;
  /** Which URL scheme to build (`/blob/SHA/path#L1-L2` or `/-/blob/SHA/path#L1-2`). @default "github" */
  provider?: 'github' | 'gitlab';
}

export interface RenderOptions {
  /** Colour for terminals (text reporter). @default false */
  color?: boolean;
  /** Build file/line links when present (markdown, github-summary). */
  links?: LinkContext;
  /** Quiet: only the verdict line (text reporter). @default false */
  quiet?: boolean;
  /** text: one row per skipped gate, with the reason, instead of one line naming them all. @default false */
  showSkipped?: boolean;
  /**
   * markdown: an id in the hidden marker (`<!-- gatecheck:comment:ID -->`) and the heading, so
   * several gatecheck runs (a CI matrix) can each keep their own comment on one pull request.
   */
  commentId?: string;
  /** markdown: when every gate passed, render only a short "all gates passed" body. @default false */
  compactOnPass?: boolean;
  /**
   * markdown / github-summary: the size limit. The comment counts characters (GitHub: 65,536),
   * the job summary counts UTF-8 bytes (GitHub: 1 MiB). @default 65536 / 1048576
   */
  maxLength?: number;
}

/** A reporter is a pure function from an evaluation to a string; only the CLI writes it anywhere. */
export interface Reporter {
  /** Kebab-case id users type with --reporter. */
  readonly id: Lowercase<string>;
  readonly description: string;
  render(evaluation: Evaluation, options: RenderOptions): string;
}
