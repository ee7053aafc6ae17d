// Cold start: whole processes side by side. `node -e 0` (the floor: starting Node itself),
// `gatecheck --version` and `gatecheck evaluate` on one small JUnit file (examples/) — with the
// V8 code cache the bin keeps beside the bundle (written by the warm-up run: every run after a
// machine's first) and without it (GATECHECK_NO_CODE_CACHE=1: a machine's first run, e.g. a fresh
// CI runner's) — and loading the library both ways (`import`, `require`), run in
// rotating order, ROUNDS rounds. Wall: the median over rounds of each command's time divided
// by the `node -e 0` time of the same round (paired runs, so load from other processes on this
// shared machine hits both alike). Memory: peak RSS (the child's own maxRSS, read at its exit
// through a preloaded one-liner, the same preload for every command).
// Targets (issue 11): evaluate ≤ 1.5×, --version ≤ 1.3× of node -e 0 wall; peak RSS ≤ 1.3×.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadavg } from '../lib.js';

const ROUNDS = 31;
const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin/gatecheck.cjs');
const junit = join(root, 'examples/tests/junit.xml');

const COMMANDS = {
  'node -e 0': ['-e', '0'],
  'gatecheck --version': [bin, '--version'],
  'gatecheck evaluate junit.xml': [bin, 'evaluate', junit],
  'gatecheck evaluate junit.xml, first run (no code cache)': [bin, 'evaluate', junit],
  // The library's start: what `import`/`require` cost before a call (no target in the issue).
  "import('gatecheck')": ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(join(root, 'dist/index.js')).href)})`],
  "require('gatecheck')": ['-e', `require(${JSON.stringify(join(root, 'dist/index.cjs'))})`],
};
/** Extra environment of a command. */
const ENV = { 'gatecheck evaluate junit.xml, first run (no code cache)': { GATECHECK_NO_CODE_CACHE: '1' } };
const TARGET = { 'gatecheck --version': 1.3, 'gatecheck evaluate junit.xml': 1.5, 'gatecheck evaluate junit.xml, first run (no code cache)': 1.5 };
const RSS_TARGET = 1.3;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function once(args, env) {
  const t0 = process.hrtime.bigint();
  // A clean environment for the child: no NODE_OPTIONS or --expose-gc of the bench's own.
  const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export function run(log) {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  const names = Object.keys(COMMANDS);
  for (const n of names) once(COMMANDS[n], { ...env, ...ENV[n] }); // warm the file cache
  const wall = Object.fromEntries(names.map((n) => [n, []]));
  const ratio = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]);
    const t = {};
    for (const n of order) t[n] = once(COMMANDS[n], { ...env, ...ENV[n] });
    for (const n of names) {
      wall[n].push(t[n]);
      ratio[n].push(t[n] / t['node -e 0']);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-rss-'));
  const preload = join(dir, 'rss.cjs');
  const out = join(dir, 'rss');
  writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));\n`);
  const rss = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < 5; r++) {
    for (const n of names) {
      once(['-r', preload, ...COMMANDS[n]], { ...env, ...ENV[n] });
      rss[n].push(Number(readFileSync(out, 'utf8')) / 1024);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const base = median(rss['node -e 0']);
  log(`load average: ${loadavg()}; ${ROUNDS} paired rounds (rotating order), RSS median of 5 runs each`);
  log('| command | wall median | ÷ node -e 0 (median of pairs) | target | peak RSS | ÷ node -e 0 | target |');
  log('|---|---|---|---|---|---|---|');
  for (const n of names) {
    const q = median(ratio[n]);
    const m = median(rss[n]);
    const t = TARGET[n];
    const floor = n === 'node -e 0';
    log(
      `| ${n} | ${median(wall[n]).toFixed(1)} ms | ${floor ? '1' : `${q.toFixed(2)}×`} | ${t ? `≤ ${t}× ${q <= t ? 'met' : 'NOT met'}` : ''} | ` +
        `${m.toFixed(1)} MB | ${floor ? '' : `${(m / base).toFixed(2)}×`} | ${t ? `≤ ${RSS_TARGET}× ${m / base <= RSS_TARGET ? 'met' : 'NOT met'}` : ''} |`,
    );
  }
}
