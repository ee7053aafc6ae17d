import type { Parser, ParserFormat } from './types.js';

/**
 * A parser: its format (id, description, `detect`) and its `parse`, kept apart so the CLI's
 * bundle can load every format up front (sniffing runs each `detect`) and a parser's code only
 * when a report of its format is read (scripts/build.mjs, lazy parsers). Pure: a bundler drops
 * the call, and the parsing code only it reaches, where nothing uses the parser.
 */
export function defineParser<F extends ParserFormat>(format: F, impl: Pick<Parser, 'parse'>): F & Pick<Parser, 'parse'> {
  return { ...format, parse: impl.parse };
}
