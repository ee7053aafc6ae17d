// gatecheck's own parse steps that the benches time (parseSource, readSource), which the package
// does not export: bundled here from src/ with esbuild (a devDependency), dependencies left to
// node_modules, into bench/.build/ (not in git), once per bench process.
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = fileURLToPath(new URL('./.build/internals.mjs', import.meta.url));

await build({
  absWorkingDir: root,
  stdin: {
    contents: "export { parseReport, parseSource } from './src/parsers/index.ts';\nexport { readSource } from './src/cli/read.ts';\n",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: out,
  logLevel: 'warning',
});

export const { parseReport, parseSource, readSource } = await import(pathToFileURL(out).href);
