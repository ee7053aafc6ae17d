/**
 * ajv's errors on a policy turned into one sentence per mistake, each starting with the key
 * path: the schema's `anyOf` on waivers becomes "needs one of …" (not five lines), an unknown
 * key or measure says which known one it is likely a typo of.
 */
import type { ErrorObject } from 'ajv';
import { formatAjvErrors, keyPath, valueAt } from '../util/ajv.js';
import { didYouMean } from './suggest.js';

/** The subschema at a `#/a/b` pointer. */
function schemaAt(root: object, pointer: string): unknown {
  let cur: unknown = root;
  for (const seg of pointer.replace(/^#\/?/, '').split('/')) {
    if (seg === '') continue;
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/**
 * The subschema that describes the value at an instance pointer (`/gates/0`), following
 * `properties`, `items`, `additionalProperties` and local `$ref`s: ajv's own `schemaPath`
 * is relative to the last `$ref` it followed, so it cannot be looked up from the root.
 */
function schemaFor(start: object, refRoot: object, instancePath: string): Record<string, unknown> | undefined {
  const deref = (s: unknown): Record<string, unknown> | undefined => {
    let cur = s;
    for (let hops = 0; hops < 10 && cur !== null && typeof cur === 'object' && typeof (cur as { $ref?: unknown }).$ref === 'string'; hops++) {
      const ref = (cur as { $ref: string }).$ref;
      cur = schemaAt(refRoot, ref.slice(ref.indexOf('#')));
    }
    return cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>) : undefined;
  };
  let cur = deref(start);
  for (const raw of instancePath.split('/').slice(1)) {
    if (!cur) return undefined;
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const props = cur['properties'] as Record<string, unknown> | undefined;
    if (props && Object.hasOwn(props, seg)) cur = deref(props[seg]);
    else if (/^\d+$/.test(seg) && cur['items']) cur = deref(cur['items']);
    else if (cur['additionalProperties'] && typeof cur['additionalProperties'] === 'object') cur = deref(cur['additionalProperties']);
    else return undefined;
  }
  return cur;
}

/** A value for a message: JSON, cut to 80 characters. */
export function quote(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

/**
 * One line per mistake. `root` is the schema `data` was validated against (the whole policy
 * schema, or the gate definition when a merged gate is checked on its own), `refRoot` the
 * document its `$ref`s point into; `prefix` is put before every key path (`gates[2]`).
 */
export function policyErrorLines(errors: readonly ErrorObject[] | null | undefined, data: unknown, root: object, refRoot: object = root, prefix = ''): string[] {
  const list = errors ?? [];
  const withPrefix = (p: string) => (prefix === '' ? p : p === '(root)' ? prefix : p.startsWith('[') ? `${prefix}${p}` : `${prefix}.${p}`);
  const at = (instancePath: string, extra?: string) => withPrefix(keyPath(instancePath, extra));
  // Objects whose "one of these keys" anyOf failed: its branches' "is required" lines are noise.
  const anyOfFailed = new Set(list.filter((e) => e.keyword === 'anyOf').map((e) => `${e.instancePath}\u0000${e.schemaPath}`));
  const out: string[] = [];
  for (const e of list) {
    if (e.keyword === 'if') continue;
    const parentAnyOf = /^(.*\/anyOf)\/\d+\//.exec(e.schemaPath)?.[1];
    if (parentAnyOf !== undefined && anyOfFailed.has(`${e.instancePath}\u0000${parentAnyOf}`)) continue;
    if (e.keyword === 'anyOf') {
      const branches = schemaFor(root, refRoot, e.instancePath)?.['anyOf'];
      const keys = Array.isArray(branches) ? branches.flatMap((b: { required?: string[] }) => b.required ?? []) : [];
      out.push(keys.length > 0 ? `${at(e.instancePath)}: needs one of ${keys.slice(0, -1).join(', ')}${keys.length > 1 ? ' or ' : ''}${keys[keys.length - 1]}` : `${at(e.instancePath)}: ${e.message ?? 'anyOf'}`);
      continue;
    }
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const props = schemaFor(root, refRoot, e.instancePath)?.['properties'];
      out.push(`${at(e.instancePath, key)}: unknown key${didYouMean(key, Object.keys(props ?? {}))}`);
      continue;
    }
    const value = valueAt(data, e.instancePath);
    if (e.keyword === 'enum' && /\/measure\/enum$/.test(e.schemaPath)) {
      const allowed = (e.params as { allowedValues: string[] }).allowedValues;
      const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
      out.push(`${at(e.instancePath)}: unknown measure (got ${quote(value)})${hint || `; measures: ${allowed.join(', ')}`}`);
      continue;
    }
    for (const line of formatAjvErrors([e], data)) {
      let hint = e.keyword === 'enum' && typeof value === 'string' ? didYouMean(value, (e.params as { allowedValues: unknown[] }).allowedValues.map(String)) : '';
      // k6 spells a percentile p(95); `p95` and `P95` are the usual slips.
      const pct = /\/stat$/.test(e.instancePath) && typeof value === 'string' ? /^p\s*(\d+(?:\.\d+)?)$/i.exec(value.trim()) : null;
      if (pct) hint = `; did you mean p(${pct[1]})?`;
      const colon = line.indexOf(': ');
      out.push(`${withPrefix(line.slice(0, colon))}${line.slice(colon)}${hint}`);
    }
  }
  return [...new Set(out)];
}
