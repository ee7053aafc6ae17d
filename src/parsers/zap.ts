/**
 * OWASP ZAP JSON report ("Traditional JSON Report", `-J report.json` of the packaged scans and
 * the zaproxy GitHub actions) — https://www.zaproxy.org/docs/desktop/addons/report-generation/report-traditional-json/
 * `{@programName?, @version, @generated, site: [{@name, @host, @port, @ssl, alerts: [...],
 * ignoredAlerts?: [...]}]}`; older reports have `site` as a single object.
 *
 * - One finding per alert instance (`instances[]`: uri, method, param, …); an alert without
 *   instances is one finding for the site, never dropped.
 * - Severity from `riskcode` (strings in the report): 3 high, 2 medium, 1 low, 0 info
 *   (https://www.zaproxy.org/docs/constants/ "Risk"); anything else is unknown.
 * - `confidence` 0 is ZAP's "False Positive" (a person marked it so): kept as suppressed.
 *   `ignoredAlerts` (alerts a scan rule config set to IGNORE) are kept as suppressed.
 * - The finding's location path is the instance URI as ZAP wrote it (not a file path).
 *   Attack strings and evidence are not copied into the model: they can hold payloads and
 *   response data.
 */
import { parseError } from '../errors.js';
import { fingerprintOf } from '../model/fingerprint.js';
import type { Artifact, Finding, Severity, Suppression } from '../model/types.js';
import { expectObject, isObject, optionalArray, optionalNumber, optionalString, type JsonObject, findingsArtifact } from './shape.js';
import type { SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParserFormat } from './types.js';

const RISK: Record<number, Severity> = { 3: 'high', 2: 'medium', 1: 'low', 0: 'info' };

export const zapFormat = {
  id: 'zap',
  kind: 'findings',
  description: 'OWASP ZAP JSON report (traditional-json): one finding per alert instance',
  detect(f: SourceFile): boolean {
    const h = f.head;
    return f.looksLikeJson && /^\{\s*"@(programName|version)"\s*:/.test(h) && /"site"\s*:\s*[[{]/.test(h);
  },
} satisfies ParserFormat;

export const zap = /* @__PURE__ */ defineParser(zapFormat, {
  parse(f: SourceFile): Artifact {
    const root = expectObject(f.path, f.json(), '');
    if (!('site' in root)) throw parseError(f.path, undefined, 'not a ZAP report: no "site" key');
    const sites = Array.isArray(root['site']) ? root['site'] : isObject(root['site']) ? [root['site']] : optionalArray(f.path, root['site'], 'site');
    const out: Finding[] = [];
    for (let i = 0; i < sites.length; i++) {
      const sp = Array.isArray(root['site']) ? `site[${i}]` : 'site';
      const site = expectObject(f.path, sites[i], sp);
      const siteName = optionalString(f.path, site['@name'], `${sp}.@name`);
      const alerts = optionalArray(f.path, site['alerts'], `${sp}.alerts`);
      for (let j = 0; j < alerts.length; j++) readAlert(f.path, alerts[j], `${sp}.alerts[${j}]`, siteName, undefined, out);
      const ignored = optionalArray(f.path, site['ignoredAlerts'], `${sp}.ignoredAlerts`);
      const why: Suppression = { kind: 'ignored', justification: 'ZAP ignoredAlerts (scan rule set to IGNORE)' };
      for (let j = 0; j < ignored.length; j++) readAlert(f.path, ignored[j], `${sp}.ignoredAlerts[${j}]`, siteName, why, out);
    }
    const version = optionalString(f.path, root['@version'], '@version');
    return findingsArtifact('zap', f.path, 'zap', version, out);
  },
});

function readAlert(file: string, v: unknown, path: string, siteName: string | undefined, ignored: Suppression | undefined, out: Finding[]): void {
  const a = expectObject(file, v, path);
  const s = (k: string) => optionalString(file, a[k], `${path}.${k}`);
  const pluginId = s('pluginid') ?? s('alertRef');
  if (pluginId === undefined) throw parseError(file, `${path}.pluginid`, 'is missing');
  const alertRef = s('alertRef') ?? pluginId;
  const name = s('alert') ?? s('name') ?? `ZAP rule ${pluginId}`;
  const risk = optionalNumber(file, a['riskcode'], `${path}.riskcode`);
  const severity: Severity = risk === undefined ? 'unknown' : (RISK[risk] ?? 'unknown');
  const confidence = optionalNumber(file, a['confidence'], `${path}.confidence`);
  const cwe = optionalNumber(file, a['cweid'], `${path}.cweid`);
  const riskdesc = s('riskdesc');
  const suppression: Suppression | undefined =
    ignored ?? (confidence === 0 ? { kind: 'false-positive', justification: 'ZAP confidence 0 (False Positive)' } : undefined);

  const make = (inst: JsonObject | undefined, ip: string): Finding => {
    const uri = inst ? optionalString(file, inst['uri'], `${ip}.uri`) : undefined;
    const method = inst ? optionalString(file, inst['method'], `${ip}.method`) : undefined;
    const param = inst ? optionalString(file, inst['param'], `${ip}.param`) : undefined;
    const target = uri ?? siteName;
    const f: Finding = {
      ruleId: pluginId,
      severity,
      category: 'dast',
      message: `${name}${target ? `: ${method ? `${method} ` : ''}${target}` : ''}${param ? ` (parameter ${param})` : ''}`,
      title: name,
      fingerprint: fingerprintOf('zap', alertRef, method, target, param),
      suppressed: suppression !== undefined,
    };
    if (riskdesc !== undefined) f.toolSeverity = riskdesc;
    else if (risk !== undefined) f.toolSeverity = `riskcode ${risk}`;
    if (target !== undefined) f.location = { path: target };
    if (cwe !== undefined && cwe > 0) f.aliases = [`CWE-${cwe}`];
    if (suppression) f.suppression = suppression;
    return f;
  };

  const instances = optionalArray(file, a['instances'], `${path}.instances`);
  if (instances.length === 0) {
    out.push(make(undefined, path));
    return;
  }
  for (let k = 0; k < instances.length; k++) {
    const ip = `${path}.instances[${k}]`;
    out.push(make(expectObject(file, instances[k], ip), ip));
  }
}
