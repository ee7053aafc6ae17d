/**
 * gatecheck's own model document (src/model/schema.json): what `gatecheck parse` writes, so
 * any tool can emit it and CI shards can hand results on. Validated in full before use.
 */
import { parseError } from '../errors.js';
import schema from '../model/schema.json' with { type: 'json' };
import { MODEL_SCHEMA_VERSION, type Artifact, type ModelDocument } from '../model/types.js';
import { formatAjvErrors, lazyValidator } from '../util/ajv.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';

const validate = lazyValidator<ModelDocument>(schema);

export const gatecheckModelFormat = {
  id: 'gatecheck-model',
  kind: 'mixed',
  description: "gatecheck's own model document (any tool may emit it; CI shards hand results on with it)",
  detect: (f) => f.looksLikeJson && /"gatecheck"\s*:\s*"model"/.test(f.head),
} satisfies ParserFormat;

export const gatecheckModel = /* @__PURE__ */ defineParser(gatecheckModelFormat, {
  parse(f) {
    const doc = f.json();
    if (!validate(doc)) {
      const errs = formatAjvErrors(validate.errors, doc);
      throw parseError(f.path, undefined, `not a valid gatecheck model document (schemaVersion ${MODEL_SCHEMA_VERSION}): ${errs.slice(0, 5).join('; ')}${errs.length > 5 ? `; …and ${errs.length - 5} more` : ''}`);
    }
    return doc.artifacts.map((a): Artifact => ({ ...a, source: a.source || f.path }));
  },
});

export function toModelDocument(artifacts: readonly Artifact[]): ModelDocument {
  return { gatecheck: 'model', schemaVersion: MODEL_SCHEMA_VERSION, artifacts: [...artifacts] };
}
