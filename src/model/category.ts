/**
 * Category by producing tool (the README's category table). Parsers refine per finding where
 * the report says more (a golangci-lint finding from its gosec linter, a SARIF rule tagged
 * `security`, is sast); policies override per tool with `categories:`.
 */
import type { Category } from './types.js';

const BY_TOOL = new Map<string, Category>(Object.entries({
  gosec: 'sast',
  semgrep: 'sast',
  'semgrep oss': 'sast',
  codeql: 'sast',
  lgtm: 'sast',
  bandit: 'sast',
  njsscan: 'sast',
  flawfinder: 'sast',
  'golangci-lint': 'lint',
  eslint: 'lint',
  checkstyle: 'lint',
  shellcheck: 'lint',
  gofmt: 'lint',
  misspell: 'lint',
  'go vet': 'lint',
  govet: 'lint',
  ineffassign: 'lint',
  flake8: 'lint',
  pylint: 'lint',
  // the diagnostics presets' tools
  staticcheck: 'lint',
  mypy: 'lint',
  tsc: 'lint',
  gcc: 'lint',
  clang: 'lint',
  gitleaks: 'secret',
  trufflehog: 'secret',
  trivy: 'vulnerability',
  grype: 'vulnerability',
  'docker scout': 'vulnerability',
  syft: 'vulnerability',
  cyclonedx: 'vulnerability',
  checkov: 'misconfiguration',
  dockle: 'misconfiguration',
  zap: 'dast',
  'owasp zap': 'dast',
} satisfies Record<string, Category>));

/** The documented category of a tool's findings, or undefined for an unknown tool. */
export function categoryForTool(toolName: string): Category | undefined {
  return BY_TOOL.get(toolName.trim().toLowerCase());
}
