/**
 * Plain `gofmt -l` output: one path per line, each a file whose formatting differs from
 * gofmt's (https://pkg.go.dev/cmd/gofmt, flag -l). One lint finding per file.
 *
 * Detection is deliberately strict (every line a single `.go` path, no spaces or colons), so
 * that lcov, coverprofiles and other line formats are never claimed; a list with Windows
 * drive letters or spaces in paths needs `--format gofmt`. gofmt prints nothing when all
 * files are formatted: gatecheck refuses an empty file it has to sniff (fail closed), but
 * with `--format gofmt` an empty file is read as zero findings (`acceptsEmpty`).
 */
import { everyLineMatches, lineFormatArtifact } from './finding-helpers.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';

const GO_PATH = /^[^\s:]+\.go$/;

export const gofmtFormat = {
  id: 'gofmt',
  kind: 'findings',
  description: '`gofmt -l` output (one unformatted .go file per line)',
  detect: (f) => everyLineMatches(f, (l) => GO_PATH.test(l)),
  /** gofmt/misspell print nothing when all is well: with --format, an empty file is zero findings. */
  acceptsEmpty: true,
} satisfies ParserFormat;

export const gofmt = /* @__PURE__ */ defineParser(gofmtFormat, {
  parse: (f, options) =>
    lineFormatArtifact(f, options, 'gofmt', 'one file path per line (gofmt -l)', (line, normalise) =>
      !line.endsWith('.go') || /[\0<>{}]/.test(line) || /:\d+:/.test(line) ? undefined : { location: { path: normalise(line) }, message: 'file is not gofmt-formatted' },
    ),
});
