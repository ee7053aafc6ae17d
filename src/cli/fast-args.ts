/**
 * The command lines CI runs many times a day — `gatecheck evaluate …` with plain options, and
 * `gatecheck --version` — read without loading yargs, which costs ~45 ms of CPU at every start
 * (more than reading and evaluating a small report). The option definitions are yargs' own
 * (the same objects the CLI gives yargs), read here as data.
 *
 * Only what is unambiguous is read here: anything else (help, other commands, `--`, grouped or
 * camel-cased flags, an unknown option, a repeated single-valued option, a value that starts
 * with `-`, an empty `--opt=` of an option that takes one value per use, a choice not allowed, a
 * number that is not one) returns undefined, and yargs parses the whole command line, with its
 * messages. test/cli/fast-args.test.ts checks that every command line read here gives exactly
 * what yargs gives.
 */
/** An option as yargs takes it: the part of yargs' `Options` the CLI's option tables use (yargs' own types are not the package's dependency). */
export interface OptionSpec {
  alias?: string;
  type?: 'string' | 'boolean' | 'number';
  array?: boolean;
  nargs?: number;
  default?: unknown;
  choices?: readonly string[];
  describe?: string;
  hidden?: boolean;
  global?: boolean;
}

export type Args = Record<string, unknown> & { _: Array<string | number> };

export function fastArgs(argv: readonly string[], options: Readonly<Record<string, OptionSpec>>): Args | 'version' | undefined {
  if (argv.length === 1 && argv[0] === '--version') return 'version';
  if (argv[0] !== 'evaluate') return undefined;
  const names = new Map<string, [string, OptionSpec]>();
  const out: Args = { _: ['evaluate'] };
  for (const [key, o] of Object.entries(options)) {
    names.set(key, [key, o]);
    if (o.alias !== undefined) names.set(o.alias, [key, o]);
    if (o.default !== undefined) out[key] = o.default;
  }
  const seen = new Set<string>();
  const paths: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const t = argv[i]!;
    if (!t.startsWith('-')) {
      paths.push(t);
      continue;
    }
    let name: string;
    let value: string | undefined;
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      name = eq < 0 ? t.slice(2) : t.slice(2, eq);
      value = eq < 0 ? undefined : t.slice(eq + 1);
    } else if (t.length === 2) {
      name = t.slice(1);
    } else {
      return undefined; // `-`, grouped short flags, `-c=x`
    }
    let spec = names.get(name);
    let negated = false;
    if (!spec && name.startsWith('no-')) {
      spec = names.get(name.slice(3));
      negated = true;
      if (spec?.[1].type !== 'boolean') return undefined;
    }
    if (!spec) return undefined;
    const [key, o] = spec;
    if (seen.has(key) && !o.array) return undefined; // yargs would make it an array
    if (o.type === 'boolean') {
      const next = argv[i + 1];
      if (value !== undefined || next === 'true' || next === 'false') return undefined;
      out[key] = !negated;
    } else {
      if (negated) return undefined;
      // `--reporter=` last on the line: yargs refuses it for an option that takes one value per
      // use ("Not enough arguments following"); it is not an empty value there.
      if (value === '' && o.nargs !== undefined) return undefined;
      if (value === undefined) {
        value = argv[++i];
        if (value === undefined || value.startsWith('-')) return undefined;
      }
      if (o.choices !== undefined && !(o.choices as readonly unknown[]).includes(value)) return undefined;
      let v: unknown;
      if (o.type === 'number') {
        if (!/^\d{1,15}$/.test(value)) return undefined;
        v = Number(value);
      } else if (o.type === 'string' || o.choices !== undefined) {
        v = value;
      } else {
        return undefined;
      }
      if (o.array) out[key] = [...((seen.has(key) ? out[key] : []) as unknown[]), v];
      else out[key] = v;
    }
    seen.add(key);
  }
  out['paths'] = paths;
  return out;
}
