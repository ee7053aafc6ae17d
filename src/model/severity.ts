import { SEVERITIES, type Severity } from './types.js';

/** Rank for ordering and "at least" comparisons: critical = 5 … unknown = 0. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(s);
}

/** True when `s` is at least as severe as `min`. `unknown` is never at least anything but `unknown`. */
export function isAtLeast(s: Severity, min: Severity): boolean {
  return severityRank(s) >= severityRank(min);
}

export function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

/**
 * A severity word as tools write it (any case; `moderate`, `negligible`, `error`/`warning`
 * are NOT words here — callers map tool-specific vocabularies before calling this).
 * Returns undefined when the word is not one of the scale's own.
 */
export function severityFromWord(word: unknown): Severity | undefined {
  if (typeof word !== 'string') return undefined;
  const w = word.trim().toLowerCase();
  return isSeverity(w) ? w : undefined;
}

/**
 * A numeric score (CVSS / SARIF `security-severity`) on the documented scale:
 * ≥ 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low, 0 info.
 */
export function severityFromScore(score: number): Severity {
  if (!Number.isFinite(score) || score < 0) return 'unknown';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

/** SARIF `level` → severity: error → high, warning → medium, note → low, none → info. */
export function severityFromSarifLevel(level: unknown): Severity | undefined {
  switch (level) {
    case 'error':
      return 'high';
    case 'warning':
      return 'medium';
    case 'note':
      return 'low';
    case 'none':
      return 'info';
    default:
      return undefined;
  }
}

export function emptySeverityCounts(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0, unknown: 0 };
}
