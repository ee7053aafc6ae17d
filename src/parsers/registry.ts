/**
 * The parser registry: an explicit list, one line per format. Adding a format is a file in
 * this folder, one line here and a fixture folder (see CONTRIBUTING.md). The CLI's bundle
 * replaces this module with one that holds each parser's format (id, description, detect) and
 * loads its parsing code on first use (scripts/build.mjs, lazy parsers): keep one
 * `import { name } from './file.js';` line per parser, each file exporting `nameFormat` too
 * (src/parsers/define.ts).
 */
import { bandit } from './bandit.js';
import { checkov } from './checkov.js';
import { checkstyle } from './checkstyle.js';
import { clover } from './clover.js';
import { cobertura } from './cobertura.js';
import { coveragepyJson } from './coveragepy-json.js';
import { cyclonedx } from './cyclonedx.js';
import { diagnostics } from './diagnostics.js';
import { eslint } from './eslint.js';
import { gatecheckModel } from './gatecheck-model.js';
import { gitleaks } from './gitleaks.js';
import { goCoverprofile } from './go-coverprofile.js';
import { goTestJson } from './go-test-json.js';
import { goVetJson } from './go-vet-json.js';
import { gofmt } from './gofmt.js';
import { golangciLint } from './golangci-lint.js';
import { gosec } from './gosec.js';
import { grype } from './grype.js';
import { healthJson } from './health-json.js';
import { istanbul } from './istanbul.js';
import { istanbulSummary } from './istanbul-summary.js';
import { jacoco } from './jacoco.js';
import { junit } from './junit.js';
import { k6Summary } from './k6-summary.js';
import { lcov } from './lcov.js';
import { misspell } from './misspell.js';
import { prometheus } from './prometheus.js';
import { pylint } from './pylint.js';
import { sarif } from './sarif.js';
import { semgrep } from './semgrep.js';
import { shellcheck } from './shellcheck.js';
import { trivy } from './trivy.js';
import { trufflehog } from './trufflehog.js';
import { zap } from './zap.js';
import type { Parser } from './types.js';

export const parsers = [
  // gatecheck's own model document
  gatecheckModel,
  // findings: SAST, lint, secrets, containers, DAST
  trivy,
  grype,
  cyclonedx,
  gitleaks,
  trufflehog,
  zap,
  sarif,
  golangciLint,
  checkstyle,
  eslint,
  semgrep,
  gofmt,
  misspell,
  goVetJson,
  bandit,
  checkov,
  pylint,
  shellcheck,
  gosec,
  diagnostics,
  // coverage
  lcov,
  cobertura,
  goCoverprofile,
  jacoco,
  clover,
  istanbul,
  istanbulSummary,
  coveragepyJson,
  // tests, load tests, health
  junit,
  goTestJson,
  k6Summary,
  healthJson,
  prometheus,
] as const satisfies readonly Parser[];
