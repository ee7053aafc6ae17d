/**
 * Golden outputs: every fixtures/outputs/<case>/ holds a gatecheck model document transcribed
 * from real reports (model.json, see SOURCE) or a list of real report fixtures to read
 * (reports.json: repository-relative paths), optionally policy.yml, diff.patch and
 * options.json ({ today, links, commentId }), and the expected renderings, compared with
 * toMatchFileSnapshot so reviewers read the Markdown, XML and SARIF as they are (and the
 * terminal table, for the cases that hold an expected.txt).
 * Every JSON/XML output is also validated against its published schema.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import type { Evaluation } from '../../src/gates/types.js';
import modelSchema from '../../src/model/schema.json' with { type: 'json' };
import evaluationSchema from '../../src/reporters/evaluation.schema.json' with { type: 'json' };
import { getReporter } from '../../src/reporters/index.js';
import type { RenderOptions } from '../../src/reporters/types.js';
import { FIXTURES, ROOT } from '../helpers.js';
import { caseEvaluation } from './cases.js';

const OUTPUTS = join(FIXTURES, 'outputs');

const cases = readdirSync(OUTPUTS).filter((n) => existsSync(join(OUTPUTS, n, 'model.json')) || existsSync(join(OUTPUTS, n, 'reports.json')));

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(modelSchema);
const validateEvaluation = ajv.compile(evaluationSchema);
const sarifAjv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const sarifSchema = JSON.parse(readFileSync(join(ROOT, 'test/data/sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
const validateSarif = sarifAjv.compile(sarifSchema);
const junitXsd = readFileSync(join(ROOT, 'test/data/junit-10.xsd'), 'utf8');

function render(id: string, e: Evaluation, options: RenderOptions): string {
  return getReporter(id)!.render(e, options);
}

describe.each(cases)('outputs/%s', (name) => {
  const dir = join(OUTPUTS, name);
  const { evaluation, options } = caseEvaluation(dir);

  it('markdown comment matches expected.md', async () => {
    await expect(render('markdown', evaluation, options)).toMatchFileSnapshot(join(dir, 'expected.md'));
  });

  if (existsSync(join(dir, 'expected.txt'))) {
    it('text table matches expected.txt', async () => {
      await expect(render('text', evaluation, options)).toMatchFileSnapshot(join(dir, 'expected.txt'));
    });
  }

  it('job summary matches expected.summary.md', async () => {
    await expect(render('github-summary', evaluation, options)).toMatchFileSnapshot(join(dir, 'expected.summary.md'));
  });

  it('annotations match expected.annotations.txt', async () => {
    await expect(render('github-annotations', evaluation, options)).toMatchFileSnapshot(join(dir, 'expected.annotations.txt'));
  });

  it('JUnit XML matches expected.xml and is valid against the JUnit XSD', async () => {
    const xml = render('junit', evaluation, options);
    await expect(xml).toMatchFileSnapshot(join(dir, 'expected.xml'));
    // libxml2's own xmllint --schema, compiled to WebAssembly: no system package needed.
    const result = await validateXML({ xml: [{ fileName: 'out.xml', contents: xml }], schema: [junitXsd] });
    expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('SARIF matches expected.sarif and is valid SARIF 2.1.0', async () => {
    const text = render('sarif', evaluation, options);
    await expect(text).toMatchFileSnapshot(join(dir, 'expected.sarif'));
    const doc = JSON.parse(text) as { runs: Array<{ results: unknown[] }> };
    expect(validateSarif(doc), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    // Every finding is in the log, once.
    expect(doc.runs.reduce((n, r) => n + r.results.length, 0)).toBe(evaluation.findings?.length);
  });

  it('Code Quality matches expected.codequality.json', async () => {
    const text = render('gitlab-codequality', evaluation, options);
    await expect(text).toMatchFileSnapshot(join(dir, 'expected.codequality.json'));
    const issues = JSON.parse(text) as Array<{ fingerprint: string }>;
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    expect(issues.length).toBe(evaluation.findings?.filter((f) => f.status === 'open').length);
  });

  it('JSON output is valid against evaluation.schema.json', () => {
    const doc = JSON.parse(render('json', evaluation, options)) as unknown;
    expect(validateEvaluation(doc), JSON.stringify(validateEvaluation.errors?.slice(0, 3))).toBe(true);
  });
});
