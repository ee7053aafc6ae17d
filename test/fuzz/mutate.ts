/**
 * Mutations of a report's text for the fuzz suite (test/parsers/fuzz.test.ts). Each mutator
 * takes the text and a few numbers drawn by fast-check (which site, which value) and returns
 * the mutant, or undefined when the text has no site of that kind.
 *
 * `keepsMeaning`: the mutant still says what the original said (an extra unknown attribute, a
 * namespace prefix, a BOM, a tool name that happens to be `constructor`), so a report that had
 * findings or failing tests must still have them — or carry an error or a warning saying why.
 */

/** Names that are keys of Object.prototype (or behave oddly as keys). */
export const MAGIC_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__'] as const;

/** Numbers no report should drive a loop or an allocation with. */
export const BAD_NUMBERS = ['4294967295', '-1', '-2147483648', '9007199254740993', '1e308', '-1e308', '99999999999999999999999', '2147483648', '1.5', '-0.5', '65536'] as const;

export interface Mutant {
  text: string;
  mutation: string;
  keepsMeaning: boolean;
}

export type Kind = 'json' | 'xml' | 'lines';

export function kindOf(text: string): Kind {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('<')) return 'xml';
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      JSON.parse(t);
      return 'json';
    } catch {
      return 'lines'; // JSON lines (TruffleHog, go test -json) and broken JSON
    }
  }
  return 'lines';
}

/** The parameters fast-check draws for one mutation: a mutator index and three free numbers. */
export interface Draw {
  op: number;
  a: number;
  b: number;
  c: number;
}

const pick = <T>(xs: readonly T[], n: number): T => xs[n % xs.length]!;

// ---------------------------------------------------------------- JSON (a tree that keeps `__proto__` keys)

type Node = null | boolean | number | string | Node[] | { entries: Array<[string, Node]> };

function toNode(v: unknown): Node {
  if (Array.isArray(v)) return v.map(toNode);
  if (v !== null && typeof v === 'object') return { entries: Object.keys(v).map((k) => [k, toNode((v as Record<string, unknown>)[k])]) };
  return v as Node;
}

/** Serialise without ever making an object whose keys could hit Object.prototype; raw numbers are written as given. */
function write(n: Node | { raw: string }, out: string[]): void {
  if (n !== null && typeof n === 'object' && 'raw' in n) out.push(n.raw);
  else if (Array.isArray(n)) {
    out.push('[');
    n.forEach((x, i) => {
      if (i) out.push(',');
      write(x, out);
    });
    out.push(']');
  } else if (n !== null && typeof n === 'object') {
    out.push('{');
    n.entries.forEach(([k, x], i) => {
      if (i) out.push(',');
      out.push(JSON.stringify(k), ':');
      write(x, out);
    });
    out.push('}');
  } else out.push(JSON.stringify(n));
}

interface Site {
  get: () => Node;
  set: (v: Node | { raw: string }) => void;
  obj?: { entries: Array<[string, Node]> };
}

function sites(root: { v: Node }): Site[] {
  const out: Site[] = [];
  const walk = (get: () => Node, set: (v: Node) => void) => {
    const n = get();
    const s: Site = { get, set: set as Site['set'] };
    if (n !== null && typeof n === 'object' && !Array.isArray(n)) s.obj = n;
    out.push(s);
    if (Array.isArray(n)) n.forEach((_, i) => walk(() => n[i]!, (v) => (n[i] = v)));
    else if (n !== null && typeof n === 'object') n.entries.forEach((e) => walk(() => e[1], (v) => (e[1] = v)));
  };
  walk(() => root.v, (v) => (root.v = v));
  return out;
}

function nest(depth: number, inner: string, asObject: boolean): string {
  return asObject ? '{"a":'.repeat(depth) + inner + '}'.repeat(depth) : '['.repeat(depth) + inner + ']'.repeat(depth);
}

const DEPTHS = [120, 1_000, 20_000, 200_000];

function mutateJson(text: string, d: Draw): Mutant | undefined {
  const root = { v: toNode(JSON.parse(text.replace(/^\uFEFF/, ''))) };
  const all = sites(root);
  const ops = ['magic-key-add', 'magic-key-rename', 'magic-value', 'type-swap', 'number', 'deep-nest'] as const;
  const op = pick(ops, d.op);
  const serial = () => {
    const out: string[] = [];
    write(root.v, out);
    return out.join('');
  };
  switch (op) {
    case 'magic-key-add':
    case 'magic-key-rename': {
      const objs = all.filter((s) => s.obj && s.obj.entries.length > 0);
      if (objs.length === 0) return undefined;
      const o = pick(objs, d.a).obj!;
      const name = pick(MAGIC_NAMES, d.b);
      const i = d.c % o.entries.length;
      if (op === 'magic-key-rename') o.entries[i] = [name, o.entries[i]![1]];
      else o.entries.push([name, o.entries[i]![1]]);
      return { text: serial(), mutation: `${op} ${name}`, keepsMeaning: op === 'magic-key-add' };
    }
    case 'magic-value': {
      const strs = all.filter((s) => typeof s.get() === 'string');
      if (strs.length === 0) return undefined;
      const name = pick(MAGIC_NAMES, d.b);
      pick(strs, d.a).set(name);
      return { text: serial(), mutation: `magic-value ${name}`, keepsMeaning: false };
    }
    case 'type-swap': {
      const swaps: Node[] = ['x', 1, -1, [], { entries: [] }, null, true, '', [1], { entries: [['__proto__', 1]] }];
      const to = pick(swaps, d.b);
      pick(all, d.a).set(to);
      return { text: serial(), mutation: `type-swap ${JSON.stringify(to)}`, keepsMeaning: false };
    }
    case 'number': {
      const nums = all.filter((s) => typeof s.get() === 'number');
      if (nums.length === 0) return undefined;
      const to = pick(BAD_NUMBERS, d.b);
      pick(nums, d.a).set({ raw: to });
      return { text: serial(), mutation: `number ${to}`, keepsMeaning: false };
    }
    case 'deep-nest': {
      const depth = pick(DEPTHS, d.b);
      const s = pick(all, d.a);
      const inner = (() => {
        const out: string[] = [];
        write(s.get(), out);
        return out.join('');
      })();
      s.set({ raw: nest(depth, inner, d.c % 2 === 0) });
      return { text: serial(), mutation: `deep-nest ${depth}`, keepsMeaning: false };
    }
  }
}

// ---------------------------------------------------------------- XML (text level)

const START_TAG = /<([A-Za-z_][\w.-]*)(?=[\s/>])/g;

function mutateXml(text: string, d: Draw): Mutant | undefined {
  const ops = ['ns-prefix', 'magic-attr', 'magic-value', 'number', 'deep-nest', 'magic-element'] as const;
  const op = pick(ops, d.op);
  switch (op) {
    case 'ns-prefix': {
      // Prefix every element of one name, declare the prefix on the root: same document to a namespace-aware reader.
      const names = [...new Set([...text.matchAll(START_TAG)].map((m) => m[1]!))];
      if (names.length === 0) return undefined;
      const name = pick(names, d.a);
      const rootName = [...text.matchAll(START_TAG)][0]![1]!;
      let out = text.replace(new RegExp(`<(/?)${escapeRe(name)}(?=[\\s/>])`, 'g'), `<$1ns:${name}`);
      const root = rootName === name ? `ns:${name}` : rootName;
      out = out.replace(new RegExp(`<${escapeRe(root)}(?=[\\s/>])`), `<${root} xmlns:ns="urn:gatecheck:fuzz"`);
      return { text: out, mutation: `ns-prefix ${name}`, keepsMeaning: true };
    }
    case 'magic-attr': {
      const tags = [...text.matchAll(START_TAG)];
      if (tags.length === 0) return undefined;
      const m = pick(tags, d.a);
      const name = pick(MAGIC_NAMES, d.b);
      const at = m.index + m[0].length;
      return { text: `${text.slice(0, at)} ${name}="${pick(MAGIC_NAMES, d.c)}"${text.slice(at)}`, mutation: `magic-attr ${name}`, keepsMeaning: true };
    }
    case 'magic-value': {
      const vals = [...text.matchAll(/(\s[\w:.-]+=)"([^"<]*)"/g)];
      if (vals.length === 0) return undefined;
      const m = pick(vals, d.a);
      const name = pick(MAGIC_NAMES, d.b);
      return { text: replaceAt(text, m.index, m[0].length, `${m[1]}"${name}"`), mutation: `magic-value ${m[1]!.trim()}${name}`, keepsMeaning: false };
    }
    case 'number': {
      const vals = [...text.matchAll(/(\s[\w:.-]+=)"(-?\d+(?:\.\d+)?)"/g)];
      if (vals.length === 0) return undefined;
      const m = pick(vals, d.a);
      const to = pick(BAD_NUMBERS, d.b);
      return { text: replaceAt(text, m.index, m[0].length, `${m[1]}"${to}"`), mutation: `number ${m[1]!.trim()}"${to}"`, keepsMeaning: false };
    }
    case 'deep-nest': {
      const tags = [...text.matchAll(/<[A-Za-z_][^<>]*[^/]>/g)];
      if (tags.length === 0) return undefined;
      const m = pick(tags, d.a);
      const depth = pick(DEPTHS, d.b);
      const at = m.index + m[0].length;
      return { text: text.slice(0, at) + '<d>'.repeat(depth) + '</d>'.repeat(depth) + text.slice(at), mutation: `deep-nest ${depth}`, keepsMeaning: false };
    }
    case 'magic-element': {
      const tags = [...text.matchAll(/<[A-Za-z_][^<>]*[^/]>/g)];
      if (tags.length === 0) return undefined;
      const m = pick(tags, d.a);
      const name = pick(MAGIC_NAMES, d.b);
      const at = m.index + m[0].length;
      return { text: `${text.slice(0, at)}<${name} ${pick(MAGIC_NAMES, d.c)}="1"/>${text.slice(at)}`, mutation: `magic-element ${name}`, keepsMeaning: true };
    }
  }
}

// ---------------------------------------------------------------- line formats (lcov, Go profiles, JSON lines, plain text)

function mutateLines(text: string, d: Draw): Mutant | undefined {
  const ops = ['number', 'magic-word', 'repeat-line'] as const;
  const op = pick(ops, d.op);
  switch (op) {
    case 'number': {
      const nums = [...text.matchAll(/-?\d+(?:\.\d+)?/g)];
      if (nums.length === 0) return undefined;
      const m = pick(nums, d.a);
      const to = pick(BAD_NUMBERS, d.b);
      return { text: replaceAt(text, m.index, m[0].length, to), mutation: `number ${to}`, keepsMeaning: false };
    }
    case 'magic-word': {
      const words = [...text.matchAll(/[A-Za-z_][\w.-]*/g)];
      if (words.length === 0) return undefined;
      const m = pick(words, d.a);
      const name = pick(MAGIC_NAMES, d.b);
      return { text: replaceAt(text, m.index, m[0].length, name), mutation: `magic-word ${m[0].slice(0, 20)}→${name}`, keepsMeaning: false };
    }
    case 'repeat-line': {
      const lines = text.split('\n');
      const i = d.a % lines.length;
      const times = pick([2, 3, 50], d.b);
      lines.splice(i, 0, ...Array<string>(times - 1).fill(lines[i]!));
      return { text: lines.join('\n'), mutation: `repeat-line ×${times}`, keepsMeaning: false };
    }
  }
}

// ---------------------------------------------------------------- any text

function mutateAny(text: string, d: Draw): Mutant {
  switch (d.op % 3) {
    case 0: {
      const at = Math.floor((d.a / 0x7fffffff) * text.length);
      return { text: text.slice(0, at), mutation: `truncate at ${at}/${text.length}`, keepsMeaning: false };
    }
    case 1:
      return { text: `\uFEFF${text.replace(/^\uFEFF/, '')}`, mutation: 'bom', keepsMeaning: true };
    default: {
      // cut out a random middle slice
      const from = Math.floor((d.a / 0x7fffffff) * text.length);
      const len = 1 + (d.b % 64);
      return { text: text.slice(0, from) + text.slice(from + len), mutation: `cut ${len} at ${from}`, keepsMeaning: false };
    }
  }
}

/** One mutant of `text`: three in four draws use a mutator of the text's kind, the rest one for any text. */
export function mutate(text: string, d: Draw): Mutant {
  if (d.c % 4 !== 3) {
    const k = kindOf(text);
    const m = k === 'json' ? mutateJson(text, d) : k === 'xml' ? mutateXml(text, d) : mutateLines(text, d);
    if (m) return m;
  }
  return mutateAny(text, d);
}

function replaceAt(text: string, at: number, len: number, by: string): string {
  return text.slice(0, at) + by + text.slice(at + len);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** UTF-16 bytes with a BOM, as PowerShell's `>` writes them. */
export function utf16(text: string, endian: 'le' | 'be'): Buffer {
  const le = Buffer.from(`\uFEFF${text.replace(/^\uFEFF/, '')}`, 'utf16le');
  if (endian === 'le') return le;
  return le.swap16();
}
