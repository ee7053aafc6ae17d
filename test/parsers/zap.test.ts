/* eslint-disable @typescript-eslint/no-explicit-any -- raw third-party report JSON, read to compute expectations independently */
/** ZAP: one finding per instance, riskcode mapping, false positives and ignored alerts, no attack payloads in the model. */
import { describe, expect, it } from 'vitest';
import { findingsOf, fixtureJson, fixtureText, parseErrorOf, parseOne } from './container-helpers.js';

describe('zap', () => {
  it('one finding per instance, located at the instance URI, with the CWE alias', () => {
    const raw = fixtureJson('zap', '2.14.0-multi-site');
    const f = findingsOf(parseOne(fixtureText('zap', '2.14.0-multi-site')));
    const instances = raw.site.flatMap((s: any) => s.alerts.flatMap((a: any) => a.instances.map((i: any) => ({ a, i }))));
    expect(f).toHaveLength(instances.length);
    instances.forEach(({ a, i }: any, k: number) => {
      expect(f[k]).toMatchObject({ ruleId: a.pluginid, location: { path: i.uri }, title: a.alert });
      if (Number(a.cweid) > 0) expect(f[k]!.aliases).toEqual([`CWE-${a.cweid}`]);
    });
  });

  it('attack strings are not copied into the model (beyond the URI, where ZAP itself put them)', () => {
    const raw = fixtureJson('zap', '2.14.0-ignored-alerts');
    const model = JSON.stringify(parseOne(fixtureText('zap', '2.14.0-ignored-alerts')));
    const attacks = raw.site.flatMap((s: any) => s.alerts.flatMap((a: any) => a.instances.filter((i: any) => !i.uri.includes(i.attack)).map((i: any) => i.attack))).filter((x: string) => x.length > 8);
    expect(attacks.length).toBeGreaterThan(0);
    for (const at of attacks) expect(model).not.toContain(JSON.stringify(at).slice(1, -1));
  });

  it('an alert without instances is one finding; confidence 0 (False Positive) is suppressed; unknown riskcode is unknown', () => {
    const raw = fixtureJson('zap', '2.8.0-no-programname');
    const alert = raw.site[0].alerts[0];
    raw.site[0].alerts = [{ ...alert, instances: undefined }, { ...alert, confidence: '0' }, { ...alert, riskcode: '7' }];
    const f = findingsOf(parseOne(JSON.stringify(raw)));
    expect(f).toHaveLength(1 + 2 * alert.instances.length);
    expect(f[0]!.location).toEqual({ path: raw.site[0]['@name'] });
    expect(f.slice(1, 1 + alert.instances.length).every((x) => x.suppressed && x.suppression?.kind === 'false-positive')).toBe(true);
    expect(f.at(-1)!.severity).toBe('unknown');
  });

  it('bad input: E_PARSE with the key path', () => {
    expect(parseErrorOf('{"@version": "2.14.0", "site": [{"alerts": [{"pluginid": "1", "riskcode": "high"}]}]}')).toMatchObject({ code: 'E_PARSE', where: 'site[0].alerts[0].riskcode' });
    expect(parseErrorOf('{"@version": "2.14.0", "site": [{"alerts": [{"pluginid": "1", "instances": [42]}]}]}')).toMatchObject({ code: 'E_PARSE', where: 'site[0].alerts[0].instances[0]' });
  });
});
