import type { Artifact, ArtifactKind } from '../model/types.js';
import type { LinePreset } from './diagnostics.js';
import type { SourceFile } from './source.js';

/** Options the CLI passes through to parsers (all optional, all pure data). */
export interface ParseOptions {
  /** Prefix to strip from paths (e.g. a Go module path or a CI workspace), besides the built-in normalisation. */
  pathPrefixes?: string[];
  /** Repository root as an absolute path, to make absolute paths in reports relative. */
  repoRoot?: string;
  /** The part after the colon of `--format ID:VARIANT` (the diagnostics format's preset). */
  variant?: string;
  /** The policy's own diagnostics presets (its `diagnostics:` key), by name. */
  linePatterns?: ReadonlyMap<string, LinePreset>;
}

/**
 * One input format. `detect` must be cheap and look at content, never the file name;
 * `parse` is pure: text in, artifact(s) out, throws GatecheckError (E_PARSE / E_INPUT) on bad input.
 */
export interface Parser {
  /** Kebab-case id users type with --format. */
  readonly id: Lowercase<string>;
  /** The artifact kind this format produces (`findings`, `coverage`, …). The model document says `mixed`. */
  readonly kind: ArtifactKind | 'mixed';
  /** One line for `gatecheck formats` and the README table. */
  readonly description: string;
  detect(file: SourceFile): boolean;
  /**
   * An empty file is a valid report of this format (a tool that prints nothing when clean).
   * Only honoured with an explicit --format: detection never claims an empty file.
   */
  readonly acceptsEmpty?: boolean;
  /** The format takes `--format ID:VARIANT` (handed to parse as `options.variant`). */
  readonly hasVariants?: boolean;
  parse(file: SourceFile, options: ParseOptions): Artifact | Artifact[];
}

/** A parser without its `parse`: what sniffing and `gatecheck formats` need (src/parsers/define.ts). */
export type ParserFormat = Omit<Parser, 'parse'>;
