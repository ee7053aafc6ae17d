/**
 * Tables keyed by report text. A plain object's `o[key]` walks the prototype chain, so a
 * tool, rule, metric or severity named `constructor`, `toString` or `__proto__` finds
 * Object.prototype's members (a SARIF tool named `constructor` crashed with
 * "toolName.trim is not a function"), and assigning `o['__proto__'] = …` replaces the
 * prototype instead of adding an entry. Every table keyed by untrusted text is a Map, a
 * {@link dict} or read with {@link own}.
 */

/** `o[key]` when `key` is `o`'s own property, else undefined. */
export function own<T>(o: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** An empty object without a prototype, for tables keyed by report text (it serialises as `{}` does). */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
