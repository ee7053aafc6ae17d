import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { quote } from './quote.js';
import options from './ajv-options.json' with { type: 'json' };
import { precompiled } from './precompiled.js';

const require = createRequire(import.meta.url);
let instance: Ajv | undefined;

/**
 * One ajv instance for the package (all errors at once, strict schemas), loaded on first use:
 * loading ajv costs ~70 ms of a CLI start, and `inspect`, `parse` or `--help` never validate.
 */
function ajv(): Ajv {
  if (!instance) {
    const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
    instance = new AjvClass(options);
  }
  return instance;
}

/** A schema validator: the call and the errors of the last call, as ajv's ValidateFunction has them. */
export interface LazyValidator<T> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null | undefined;
}

/**
 * A validator that compiles its schema on first use: compiling the model, policy and
 * evaluation schemas at import time cost ~0.25 s of every CLI start, and most runs use one
 * of them or none. The bundled CLI has them compiled at build time (./precompiled.ts), by
 * `$id` (or `$ref`, for a part of a schema). `refs`: schemas (with an `$id`) that `schema` refers to, added first.
 */
export function lazyValidator<T>(schema: { $id: string } | { $ref: string }, refs: ReadonlyArray<{ $id: string }> = []): LazyValidator<T> {
  let compiled: LazyValidator<T> | undefined;
  const key = '$id' in schema ? schema.$id : schema.$ref;
  const validate: LazyValidator<T> = (data: unknown): data is T => {
    if (!compiled && precompiled.validators) {
      const load = precompiled.validators[key];
      if (!load) throw new Error(`schema ${key} was not precompiled: add it to SCHEMAS in scripts/build.mjs`);
      compiled = load() as LazyValidator<T>;
    }
    if (!compiled) {
      const a = ajv();
      for (const r of refs) if (!a.getSchema(r.$id)) a.addSchema(r);
      compiled = a.compile<T>(schema);
    }
    const ok = compiled(data);
    validate.errors = compiled.errors;
    return ok;
  };
  return validate;
}

/** `instancePath` (`/gates/3/threshold`) → key path (`gates[3].threshold`). */
export function keyPath(instancePath: string, extra?: string): string {
  const segs = instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) segs.push(extra);
  let out = '';
  for (const s of segs) out += /^\d+$/.test(s) ? `[${s}]` : out === '' ? s : `.${s}`;
  return out || '(root)';
}

/** Human messages, one per error, each starting with the key path and quoting the bad value. */
export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined, data: unknown): string[] {
  const out: string[] = [];
  for (const e of errors ?? []) {
    if (e.keyword === 'if') continue; // the failing "then" branch is reported itself
    const extra =
      e.keyword === 'additionalProperties'
        ? String((e.params as { additionalProperty: string }).additionalProperty)
        : e.keyword === 'required'
          ? String((e.params as { missingProperty: string }).missingProperty)
          : undefined;
    const path = keyPath(e.instancePath, extra);
    let msg: string;
    if (e.keyword === 'additionalProperties') msg = 'unknown key';
    else if (e.keyword === 'required') msg = 'is required';
    else if (e.keyword === 'enum') msg = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    else msg = e.message ?? e.keyword;
    const value = extra === undefined ? valueAt(data, e.instancePath) : undefined;
    const got = value === undefined || typeof value === 'object' ? '' : ` (got ${quote(value)})`;
    const line = `${path}: ${msg}${got}`;
    if (!out.includes(line)) out.push(line);
  }
  return out;
}

/** The value at a JSON pointer (`/gates/3/threshold`), or undefined. */
export function valueAt(data: unknown, pointer: string): unknown {
  let cur = data;
  for (const seg of pointer.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

export type { ValidateFunction };
