/* eslint-disable @typescript-eslint/no-explicit-any -- raw third-party report JSON, read to compute expectations independently */
/**
 * gitleaks and TruffleHog: secret values never reach the model (checked against every
 * secret-bearing field of the real reports), `null` with --format, severities, line errors.
 */
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers.js';
import { findingsOf, fixtureJson, fixtureText, parseErrorOf, parseOne } from './container-helpers.js';

/** Every string of at least 6 characters in the given fields, recursively (short ones would match innocently). */
function secretStrings(records: any[], fields: string[]): string[] {
  const out: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string' && v.length >= 6) out.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
  };
  for (const r of records) for (const k of fields) collect(r[k]);
  return out;
}

describe('gitleaks', () => {
  for (const [name, fields] of [
    ['v8-report', ['Secret', 'Match']],
    ['v7-legacy-keys', ['offender', 'line']],
  ] as const) {
    it(`${name}: no ${fields.join('/')} value appears anywhere in the model`, () => {
      const raw = fixtureJson('gitleaks', name);
      const model = JSON.stringify(parseOne(fixtureText('gitleaks', name)));
      const secrets = secretStrings(raw, [...fields]);
      expect(secrets.length).toBeGreaterThan(0);
      for (const s of secrets) expect(model).not.toContain(JSON.stringify(s).slice(1, -1));
    });
  }

  it('v8: file, line and column from the report', () => {
    const raw = fixtureJson('gitleaks', 'v8-report');
    const f = findingsOf(parseOne(fixtureText('gitleaks', 'v8-report')));
    raw.forEach((r: any, i: number) => {
      expect(f[i]!.ruleId).toBe(r.RuleID);
      expect(f[i]!.location).toMatchObject({ path: r.File, line: r.StartLine, column: r.StartColumn });
    });
  });

  it('`null` is no leaks with --format gitleaks', async () => {
    const r = await cli(['inspect', 'fixtures/gitleaks/no-leaks-null/input.json', '--json', '--format', 'gitleaks']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.total).toBe(0);
  });

  it('bad input: an object root is E_PARSE', () => {
    expect(parseErrorOf('{"RuleID": "x"}', 'gitleaks')).toMatchObject({ code: 'E_PARSE' });
  });
});

describe('trufflehog', () => {
  const lines = (name: string) => fixtureText('trufflehog', name).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

  it('v3: verified → critical, and no Raw/RawV2/Redacted value in the model', () => {
    const raw = lines('v3-git-verified');
    const a = parseOne(fixtureText('trufflehog', 'v3-git-verified'));
    expect(findingsOf(a).map((f) => f.severity)).toEqual(raw.map((r: any) => (r.Verified ? 'critical' : 'high')));
    const model = JSON.stringify(a);
    const secrets = secretStrings(raw, ['Raw', 'RawV2', 'Redacted']);
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) expect(model).not.toContain(s);
  });

  it('v2: no stringsFound/diff/printDiff value in the model', () => {
    const raw = lines('v2-legacy');
    const model = JSON.stringify(parseOne(fixtureText('trufflehog', 'v2-legacy')));
    const secrets = secretStrings(raw, ['stringsFound']);
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) expect(model).not.toContain(JSON.stringify(s).slice(1, -1));
    expect(model).not.toContain('printDiff');
  });

  it('an unverified v3 finding is high; log records in the stream are skipped; other objects are E_PARSE with the line', () => {
    const [first] = lines('v3-git-verified');
    const unverified = JSON.stringify({ ...first, Verified: false });
    const log = JSON.stringify({ level: 'info-0', ts: '2024-01-01T00:00:00Z', logger: 'trufflehog', msg: 'finished scanning' });
    expect(findingsOf(parseOne(`${unverified}\n${log}\n`)).map((f) => f.severity)).toEqual(['high']);
    expect(parseErrorOf(`${unverified}\n{"hello": 1}\n`)).toMatchObject({ code: 'E_PARSE', where: 'line 2' });
    expect(parseErrorOf(`${unverified}\n[1, 2]\n`)).toMatchObject({ code: 'E_PARSE', where: 'line 2' });
  });
});
