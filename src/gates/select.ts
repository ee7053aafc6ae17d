import type { Artifact, ArtifactKind, Finding } from '../model/types.js';
import { isAtLeast } from '../model/severity.js';
import type { Selector } from './types.js';
import { picomatch } from '../util/picomatch.js';

const matcherCache = new Map<string, (s: string) => boolean>();

/** A cached glob matcher (picomatch, dotfiles included). */
export function globMatcher(globs: readonly string[]): (s: string) => boolean {
  const key = globs.join('\u0000');
  let m = matcherCache.get(key);
  if (!m) {
    m = picomatch()(globs as string[], { dot: true });
    matcherCache.set(key, m);
  }
  return m;
}

/** Artifacts of the measure's kind that the gate's selector admits (report-level keys only). */
export function selectArtifacts(artifacts: readonly Artifact[], kind: ArtifactKind, sel: Selector): Artifact[] {
  const tools = sel.tools?.map((t) => t.toLowerCase());
  const sources = sel.sources ? globMatcher(sel.sources) : undefined;
  return artifacts.filter(
    (a) =>
      a.payload.kind === kind &&
      (!tools || tools.includes(a.tool.name.toLowerCase())) &&
      (!sel.formats || sel.formats.includes(a.format)) &&
      (!sel.labels || (a.label !== undefined && sel.labels.includes(a.label))) &&
      (!sources || sources(a.source.replace(/\\/g, '/'))),
  );
}

/** Finding-level keys of a selector. */
export function findingFilter(sel: Selector): (f: Finding) => boolean {
  const paths = sel.paths ? globMatcher(sel.paths) : undefined;
  return (f) =>
    (!sel.categories || sel.categories.includes(f.category)) &&
    (!sel.minSeverity || isAtLeast(f.severity, sel.minSeverity)) &&
    (!sel.severities || sel.severities.includes(f.severity)) &&
    (!paths || (f.location !== undefined && paths(f.location.path))) &&
    (sel.fixAvailable === undefined || Boolean(f.package?.fixedVersion) === sel.fixAvailable);
}

/**
 * The base branch's reports a gate compares with (`--baseline`): the same kind and selector,
 * less labels and report-path globs, since baseline reports carry no labels and may live
 * elsewhere.
 */
export function selectBaseline(baseline: readonly Artifact[], kind: ArtifactKind, sel: Selector): Artifact[] {
  const { labels: _l, sources: _s, ...rest } = sel;
  return selectArtifacts(baseline, kind, rest);
}
