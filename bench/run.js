// `npm run bench`: runs every bench/cases/*.js (each exports `run(log)`), after `npm run build`.
// Large inputs come from ../shared/perf (make-corpus.sh, make-dcperf.sh) into /tmp; a case
// whose input is missing says how to make it and is skipped.
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const dir = new URL('./cases/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.js')).sort();
for (const f of files) {
  if (only.length && !only.some((o) => f.includes(o))) continue;
  const mod = await import(new URL(f, dir).href);
  console.log(`\n## ${f.replace(/\.js$/, '')}`);
  await mod.run((line) => console.log(line));
}
