import type { Evaluation } from '../gates/types.js';

/** Where the code under review lives, so outputs can link to the exact file and line. */
export interface LinkContext {
  /** e.g. https://github.com */
  serverUrl: string;
  /** owner/name */
  repository: string;
  /** The head commit the findings were made on. */
  sha: string;
}

export interface RenderOptions {
  /** Colour for terminals (text reporter). @default false */
  color?: boolean;
  /** Build file/line links when present. */
  links?: LinkContext;
  /** Quiet: only the verdict line (text reporter). @default false */
  quiet?: boolean;
}

/** A reporter is a pure function from an evaluation to a string; only the CLI writes it anywhere. */
export interface Reporter {
  /** Kebab-case id users type with --reporter. */
  readonly id: string;
  readonly description: string;
  render(evaluation: Evaluation, options: RenderOptions): string;
}
