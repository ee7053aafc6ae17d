import type { Action, GateConfig, Operator, Selector } from '../gates/types.js';
import type { Category } from '../model/types.js';
import type { LinePreset, WrittenLinePattern } from '../parsers/diagnostics.js';

/** A gate as users write it (src/config/schema.json is the source of truth). */
export interface WrittenGate {
  id: string;
  title?: string;
  enabled?: boolean;
  /** Optional for a gate whose id is a default gate's: it keeps the default's. */
  measure?: string;
  select?: Selector;
  operator?: Operator;
  threshold?: number;
  action?: Action;
  required?: boolean;
  metric?: string;
  stat?: string;
  rules?: Array<{ path: string; threshold?: number }>;
  per?: 'group' | 'file';
  minLines?: number;
  metricKind?: 'lines' | 'branches' | 'statements';
}

export interface Waiver {
  id?: string;
  rule?: string;
  package?: string;
  path?: string;
  fingerprint?: string;
  reason: string;
  expires?: string;
}

/** A policy file as users write it. */
export interface WrittenConfig {
  $schema?: string;
  version?: 1;
  extends?: 'default' | 'none';
  paths?: { repoRoot?: string; stripPrefixes?: string[] };
  categories?: Record<string, Category>;
  gates?: WrittenGate[];
  waivers?: Waiver[];
  formats?: Array<{ path: string; format: string }>;
  diagnostics?: Record<string, WrittenLinePattern>;
}

/** The policy as the engine reads it: defaults applied, disabled gates removed. */
export interface ResolvedConfig {
  gates: GateConfig[];
  waivers: Array<Waiver & { id: string }>;
  categories: Record<string, Category>;
  paths: { repoRoot?: string; stripPrefixes: string[] };
  /** Report path glob → format (`formats:`), first match wins. */
  formats: Array<{ path: string; format: string }>;
  /** The policy's own diagnostics presets (`diagnostics:`), compiled. */
  linePatterns: Map<string, LinePreset>;
  /** Where it came from: a file path, or `(default)`. */
  origin: string;
}
