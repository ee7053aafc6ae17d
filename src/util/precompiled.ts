/**
 * Values the bundler works out at build time (scripts/build.mjs replaces this module in the
 * bundled CLI and Action): the schema validators as ajv standalone code, each loaded on first
 * use, and the default policy already read from its YAML and validated. Compiling the schemas
 * at start-up cost ~80 ms of every run, and reading the default policy loaded the YAML library
 * (~50 ms) for a run with no policy file. In the library build (tsc) this module is empty:
 * validators compile on first use and the default policy is read from its YAML.
 */
import type { WrittenConfig } from '../config/types.js';

/** A validator as ajv's standalone code exports it. */
export interface StandaloneValidator {
  (data: unknown): boolean;
  errors?: import('ajv').ErrorObject[] | null;
}

export interface Precompiled {
  /** Loaders by schema `$id`. */
  validators?: Readonly<Record<string, () => StandaloneValidator>>;
  /** The default policy as written, already valid against the schema. */
  defaultPolicy?: WrittenConfig;
}

export const precompiled: Precompiled = {};
