/**
 * Finding the parser for a report (the list of parsers is ./registry.ts) and parsing it.
 */
import { GatecheckError, isGatecheckError } from '../errors.js';
import type { Artifact } from '../model/types.js';
import { createSource, isBlank, type SourceFile } from './source.js';
import type { ParseOptions, Parser } from './types.js';
import { parsers } from './registry.js';

export { parsers };

export type FormatId = (typeof parsers)[number]['id'];

export function getParser(id: string): Parser | undefined {
  return parsers.find((p) => p.id === id);
}

/** Every parser whose detect claims the file. A detect that throws counts as "no". */
export function candidates(file: SourceFile): Parser[] {
  return parsers.filter((p) => {
    try {
      return p.detect(file);
    } catch {
      return false;
    }
  });
}

/** The one parser that claims the file; none or several is E_DETECT listing the candidates. */
export function detectFormat(file: SourceFile): Parser {
  if (isBlank(file)) {
    throw new GatecheckError('E_PARSE', 'file is empty: nothing to measure', { file: file.path });
  }
  const found = candidates(file);
  if (found.length === 1) return found[0]!;
  const ids = parsers.map((p) => p.id).join(', ');
  if (found.length === 0) {
    // JSON that does not parse is a broken report: say where it breaks rather than "unknown format".
    if (file.looksLikeJson) file.json();
    // `null` and `[]` are what several tools write for "nothing found": name the ones that read it.
    const bare = file.text.trim();
    if (bare === 'null' || bare === '[]') {
      const readers = parsers.filter((p) => {
        try {
          p.parse(file, {});
          return true;
        } catch (e) {
          // A parser whose code cannot load (the CLI's bundle, a broken install) is no "no".
          if (isGatecheckError(e) && e.code === 'E_INTERNAL') throw e;
          return false;
        }
      });
      throw new GatecheckError(
        'E_DETECT',
        `the file holds only ${bare}, which ${readers.map((p) => p.id).join(', ') || 'no known format'} write${readers.length === 1 ? 's' : ''} for "nothing found"; gatecheck cannot tell which tool wrote it: pass --format ID`,
        { file: file.path },
      );
    }
    throw new GatecheckError('E_DETECT', `no parser recognises this file; pass --format ID (known formats: ${ids})`, {
      file: file.path,
    });
  }
  throw new GatecheckError(
    'E_DETECT',
    `several parsers claim this file (${found.map((p) => p.id).join(', ')}); pass --format ID to choose`,
    { file: file.path },
  );
}

export interface ParseReportOptions extends ParseOptions {
  /** Skip detection and use this parser id (the library's typed surface narrows it to FormatId). */
  format?: string;
  label?: string;
}

/**
 * Parse one report's text into artifacts: detect (or use `format`), parse, attach the label.
 * Pure: the caller reads the file.
 */
export function parseReport(path: string, text: string, options: ParseReportOptions = {}): Artifact[] {
  return parseSource(createSource(path, text), options);
}

/** `parseReport` for a SourceFile the caller already made (its JSON parse is memoised, so sniffing and parsing share it). */
export function parseSource(file: SourceFile, options: ParseReportOptions = {}): Artifact[] {
  const path = file.path;
  let parser: Parser;
  if (options.format) {
    // `ID:VARIANT` picks a variant of a format (the diagnostics format's presets)
    const colon = options.format.indexOf(':');
    const id = colon > 0 ? options.format.slice(0, colon) : options.format;
    const p = getParser(id);
    if (!p) {
      throw new GatecheckError('E_USAGE', `unknown format "${options.format}" (known: ${parsers.map((x) => x.id).join(', ')})`);
    }
    if (colon > 0) {
      if (!p.hasVariants) throw new GatecheckError('E_USAGE', `format ${id} has no variants (got "${options.format}")`);
      options = { ...options, variant: options.format.slice(colon + 1) };
    }
    parser = p;
    if (!p.acceptsEmpty && isBlank(file)) {
      throw new GatecheckError('E_PARSE', 'file is empty: nothing to measure', { file: path });
    }
  } else {
    parser = detectFormat(file);
  }
  const out = parser.parse(file, options);
  const artifacts = Array.isArray(out) ? out : [out];
  if (options.label !== undefined) for (const a of artifacts) a.label = options.label;
  return artifacts;
}
