/**
 * Report text used as a key (issue 12, item 2): tools, rules, metrics, statistics, severities
 * and ids named like Object.prototype's members are entries like any other, in every format
 * and in the gates and summaries that read them.
 */
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/config/load.js';
import { evaluate } from '../../src/gates/index.js';
import { summarise } from '../../src/model/summary.js';
import type { Artifact } from '../../src/model/types.js';
import { parseReport } from '../../src/parsers/index.js';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'] as const;

/** JSON text with `name` as a key: JSON.stringify of an object literal would drop `__proto__`. */
const key = (name: string) => JSON.stringify(name);

function findings(a: Artifact | undefined) {
  if (a?.payload.kind !== 'findings') throw new Error(`not findings: ${a?.payload.kind}`);
  return a.payload.findings;
}

describe.each(NAMES)('a report naming things %s', (name) => {
  it('SARIF: tool name, rule id, messageStrings id, uriBaseId', () => {
    const sarif = `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":${key(name)},"rules":[{"id":${key(name)},"messageStrings":{${key(name)}:{"text":"m {0}"}}}]}},
      "originalUriBaseIds":{${key(name)}:{"uri":"src/"}},
      "results":[{"ruleId":${key(name)},"level":"error","message":{"id":${key(name)},"arguments":["x"]},
        "locations":[{"physicalLocation":{"artifactLocation":{"uri":"a.go","uriBaseId":${key(name)}},"region":{"startLine":3}}}]}]}]}`;
    const [a] = parseReport('r.sarif', sarif);
    expect(a!.tool.name).toBe(name);
    const [f] = findings(a);
    expect(f).toMatchObject({ ruleId: name, severity: 'high', category: 'lint', message: 'm x', location: { path: 'src/a.go', line: 3 } });
  });

  it('Semgrep: severity word', () => {
    const doc = `{"errors":[],"paths":{"scanned":["a.py"]},"results":[{"check_id":"r","path":"a.py","start":{"line":1,"col":1},"end":{"line":1,"col":2},"extra":{"severity":${key(name)},"message":"m","metadata":{},"lines":"x"}}]}`;
    const [f] = findings(parseReport('s.json', doc)[0]);
    expect(f!.severity).toBe('unknown');
  });

  it('checkstyle: severity word', () => {
    const [f] = findings(parseReport('c.xml', `<checkstyle><file name="a"><error line="1" severity="${name}" source="${name}"/></file></checkstyle>`)[0]);
    expect(f).toMatchObject({ severity: 'unknown', ruleId: name });
  });

  it('health JSON: a metric name, kept by the summary', () => {
    const [a] = parseReport('h.json', `{"gatecheck":"health","metrics":{${key(name)}:42,"availability":99.99}}`);
    expect(a!.payload.kind === 'metrics' && Object.keys(a!.payload.metrics)).toEqual([name, 'availability']);
    expect(summarise(a!)).toEqual({ metrics: JSON.parse(`{${key(name)}:42,"availability":99.99}`) });
    expect(JSON.stringify(summarise(a!))).toBe(`{"metrics":{${key(name)}:42,"availability":99.99}}`);
  });

  it('Prometheus: a series name is a metric, not a duplicate', () => {
    const [a] = parseReport('p.json', `{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":${key(name)}},"value":[1,"7"]}]}}`);
    expect(a!.payload.kind === 'metrics' && Object.keys(a!.payload.metrics)).toEqual([name]);
    expect(a!.payload.kind === 'metrics' && a!.payload.metrics[name]).toBe(7);
  });

  it('k6: a metric and a statistic name; the summary keeps both', () => {
    const doc = `{"root_group":{},"metrics":{${key(name)}:{"type":"counter","contains":"default","values":{${key(name)}:3,"count":1}}}}`;
    const [a] = parseReport('k.json', doc);
    const text = JSON.stringify(summarise(a!));
    expect(text).toBe(`{"metrics":{${key(name)}:{${key(name)}:3,"count":1}}}`);
  });

  it('istanbul: statement and branch ids', () => {
    const doc = `{"a.js":{"path":"a.js","statementMap":{${key(name)}:{"start":{"line":2,"column":0},"end":{"line":2,"column":5}}},"s":{${key(name)}:1},
      "fnMap":{},"f":{},"branchMap":{${key(name)}:{"loc":{"start":{"line":2,"column":0},"end":{"line":2,"column":5}},"type":"if","locations":[]}},"b":{${key(name)}:[1,0]}}}`;
    const [a] = parseReport('coverage-final.json', doc);
    expect(a!.payload.kind === 'coverage' && a!.payload.totals).toMatchObject({ lines: { covered: 1, total: 1 }, branches: { covered: 1, total: 2 } });
  });

  it('JaCoCo: a counter type', () => {
    const xml = `<report name="r"><package name="p"><sourcefile name="A.java"><counter type="${name}" missed="1" covered="1"/><counter type="LINE" missed="1" covered="3"/></sourcefile></package></report>`;
    const [a] = parseReport('j.xml', xml);
    expect(a!.payload.kind === 'coverage' && a!.payload.totals.lines).toEqual({ covered: 3, total: 4 });
  });

  it('JUnit: suite, test and attribute names', () => {
    const [a] = parseReport('t.xml', `<testsuite name="${name}" ${name}="1" failures="1"><testcase name="${name}" classname="${name}" ${name}="x"><failure ${name}="y" message="${name}"/></testcase></testsuite>`);
    expect(a!.payload.kind === 'tests' && a!.payload.cases).toEqual([{ suite: name, name, classname: name, status: 'failed', message: name }]);
    expect(a!.warnings).toBeUndefined();
  });

  it('lcov: function and file names', () => {
    const [a] = parseReport('l.info', `SF:${name}\nFN:1,${name}\nFNDA:1,${name}\nDA:1,1\nend_of_record\n`);
    expect(a!.payload.kind === 'coverage' && a!.payload.files.map((f) => [f.path, f.functions])).toEqual([[name, { covered: 1, total: 1 }]]);
  });

  it('the default policy evaluates a SARIF tool of that name (its findings are counted, no crash)', () => {
    const sarif = `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":${key(name)}}},"results":[{"ruleId":"r","level":"error","message":{"text":"m"}}]}]}`;
    const e = evaluate(parseReport('r.sarif', sarif), defaultPolicy(), { today: '2026-01-01' });
    expect(e.gates.find((g) => g.id === 'lint.issues')).toMatchObject({ status: 'fail', value: 1 });
  });
});
