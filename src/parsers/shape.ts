/**
 * Shape checks for parsers that walk a parsed JSON document: each either returns the value
 * with its type narrowed or throws E_PARSE naming the file and the key path
 * (`Results[2].Vulnerabilities`), so a report with a string where an array belongs fails
 * with a clear message instead of a TypeError.
 */
import { parseError } from '../errors.js';
import type { Artifact, Finding } from '../model/types.js';
import { quote } from '../util/quote.js';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `string`, `number`, `array`, `object`, `null`, … as people say it. */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** The value at `path` must be an object. */
export function expectObject(file: string, v: unknown, path: string): JsonObject {
  if (isObject(v)) return v;
  throw parseError(file, path || undefined, `expected an object (got ${jsonType(v)})`);
}

/** The value at `path` must be an array; a missing key or `null` is an empty list (tools omit empty lists). */
export function optionalArray(file: string, v: unknown, path: string): readonly unknown[] {
  if (Array.isArray(v)) return v;
  if (v === undefined || v === null) return [];
  throw parseError(file, path, `expected an array (got ${jsonType(v)})`);
}

/** A string, or undefined when absent/null; any other type is E_PARSE. Empty strings count as absent. */
export function optionalString(file: string, v: unknown, path: string): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (v === undefined || v === null) return undefined;
  throw parseError(file, path, `expected a string (got ${jsonType(v)})`);
}

/**
 * `o[key]` as an optional string, for hot loops: the key path (`base.key`) is only built when
 * the value has the wrong type, so reading a field costs no string concatenation.
 */
export function stringField(file: string, o: JsonObject, key: string, base: string): string | undefined {
  const v = o[key];
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (v === undefined || v === null) return undefined;
  return optionalString(file, v, `${base}.${key}`);
}

/** A string that must be there and not be empty. */
export function requiredString(file: string, v: unknown, path: string): string {
  const s = optionalString(file, v, path);
  if (s === undefined) throw parseError(file, path, v === '' ? 'must not be empty' : 'is missing');
  return s;
}

/** A number (or a numeric string, as some tools write them), or undefined when absent/null. */
export function optionalNumber(file: string, v: unknown, path: string): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw parseError(file, path, `expected a number (got ${jsonType(v)}${typeof v === 'string' ? ` ${quote(v, 40)}` : ''})`);
}

/** A positive integer line/column number, or undefined (0 and negatives mean "unknown" in several formats). */
export function optionalPosition(file: string, v: unknown, path: string): number | undefined {
  const n = optionalNumber(file, v, path);
  return n !== undefined && n >= 1 ? Math.trunc(n) : undefined;
}

/** The first line of a description, cut to 160 characters: a one-line headline for messages. */
export function firstLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const line = text.trim().split('\n', 1)[0]!.trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line || undefined;
}

/** The findings artifact a findings parser returns (tool version only when the report names one). */
export function findingsArtifact(format: string, source: string, toolName: string, version: string | undefined, findings: Finding[]): Artifact {
  return { format, tool: version ? { name: toolName, version } : { name: toolName }, source, payload: { kind: 'findings', findings } };
}
