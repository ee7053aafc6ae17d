// `npm run bench`: runs every bench/cases/*.js (each exports `run(log, part)`), after `npm run build`.
// Large inputs come from ../shared/perf (make-corpus.sh, make-dcperf.sh) into /tmp; a case
// whose input is missing says how to make it and is skipped.
//
// Each case runs in a process of its own, and so does each part of a case that exports
// `parts` (the JUnit inputs): one report per process, as a CLI run reads it. In one shared
// process a case inherited the heap the previous one had grown and code V8 had specialised
// for another input (mocha's entity-heavy names before pytest's plain ones, say).
// `npm run bench -- junit` runs one case; `npm run bench -- junit:pytest` one part of it.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const only = process.argv.slice(2);
const dir = new URL('./cases/', import.meta.url);
const log = (line) => console.log(line);

if (process.env.GATECHECK_BENCH_CHILD) {
  // In the child: run the one case (or part) named.
  const [name, part] = only[0].split(':');
  const mod = await import(new URL(`${name}.js`, dir).href);
  await mod.run(log, part);
} else {
  const files = readdirSync(dir).filter((f) => f.endsWith('.js')).sort();
  for (const f of files) {
    const name = f.replace(/\.js$/, '');
    const wanted = only.filter((o) => name.includes(o.split(':')[0]));
    if (only.length && wanted.length === 0) continue;
    const mod = await import(new URL(f, dir).href);
    console.log(`\n## ${name}`);
    mod.header?.(log);
    const parts = mod.parts ? mod.parts.filter((p) => !wanted.some((o) => o.includes(':')) || wanted.includes(`${name}:${p}`)) : [undefined];
    for (const part of parts) {
      const selector = part === undefined ? name : `${name}:${part}`;
      const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), selector], {
        stdio: 'inherit',
        env: { ...process.env, GATECHECK_BENCH_CHILD: '1' },
      });
      if (r.status !== 0) process.exitCode = 1;
    }
    mod.footer?.(log);
  }
}
