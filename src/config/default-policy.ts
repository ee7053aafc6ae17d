/**
 * The embedded default policy, written once as a policy file (what `gatecheck init` writes),
 * so the resolved default is derived from it and a user's copy loads back to the same result.
 * Source: the "Quality Gates Summary", coverage requirements and severity policy of the
 * reference pipeline (shared/seed/ci-cd-pipeline-overview.md).
 */
export const DEFAULT_POLICY_YAML = `# gatecheck policy — https://gatecheck.dev/schema/config-1.json
# Written by \`gatecheck init\`: the embedded default, taken from the reference pipeline's
# "Quality Gates Summary". Edit thresholds and actions to taste; \`gatecheck schema\` prints
# the full schema. A gate passes when \`measured OPERATOR threshold\` holds.
#
# action: block    → exit 1, the pipeline stops
#         approve  → exit 3, a person must approve
#         log      → reported, exit 0
#         rollback → exit 4, roll the deployment back
# A gate with no report to read is skipped (unless required: true, then it is an error).
version: 1

gates:
  # Code quality — all linters must pass.
  - id: lint.issues
    title: Linting
    measure: findings.count
    select: { categories: [lint] }
    operator: "<="
    threshold: 0
    action: block

  # Security (SAST) — no critical or high severity issues.
  - id: sast.critical-high
    title: SAST critical/high
    measure: findings.count
    select: { categories: [sast], minSeverity: high }
    operator: "<="
    threshold: 0
    action: block

  # No secrets in code.
  - id: secrets.any
    title: Secrets
    measure: findings.count
    select: { categories: [secret] }
    operator: "<="
    threshold: 0
    action: block

  # Unit tests — coverage > 85 % overall (statements for Go profiles, which have no lines).
  - id: coverage.overall
    title: Coverage (overall)
    measure: coverage.lines
    operator: ">"
    threshold: 85
    action: block

  # Critical-path coverage > 95 %. Add rules (path globs) to turn it on, e.g.
  #   rules: [{ path: "internal/auth/**" }, { path: "internal/payment/**", threshold: 97 }]
  - id: coverage.critical-paths
    title: Coverage (critical paths)
    measure: coverage.critical-paths
    operator: ">"
    threshold: 95
    action: block

  # New code coverage > 90 % (needs --diff FILE or --base REF).
  - id: coverage.new-code
    title: Coverage (new code)
    measure: coverage.new-code
    operator: ">"
    threshold: 90
    action: block

  # All tests — pass rate 100 %. Zero tests is an error, not 100 %. Skipped tests do not
  # count; a test that passed on a retry counts as passed and is listed as flaky.
  - id: tests.pass-rate
    title: Test pass rate
    measure: tests.pass-rate
    operator: ">="
    threshold: 100
    action: block

  # Integration and staging tests, each 100 %, from labelled reports:
  #   --input integration=reports/it/*.xml --input staging=reports/e2e/*.xml
  # Skipped when no report carries the label.
  - id: tests.integration
    title: Integration tests pass rate
    measure: tests.pass-rate
    select: { labels: [integration] }
    operator: ">="
    threshold: 100
    action: block

  - id: tests.staging
    title: Staging tests pass rate
    measure: tests.pass-rate
    select: { labels: [staging] }
    operator: ">="
    threshold: 100
    action: block

  # Container security — critical blocks, high needs approval, medium/low are logged.
  - id: container.critical
    title: Vulnerabilities (critical)
    measure: findings.count
    select: { categories: [vulnerability], severities: [critical] }
    operator: "<="
    threshold: 0
    action: block

  - id: container.high
    title: Vulnerabilities (high)
    measure: findings.count
    select: { categories: [vulnerability], severities: [high] }
    operator: "<="
    threshold: 0
    action: approve

  - id: container.medium-low
    title: Vulnerabilities (medium/low)
    measure: findings.count
    select: { categories: [vulnerability], severities: [medium, low] }
    operator: "<="
    threshold: 0
    action: log

  # Staging security tests (DAST, OWASP ZAP) — the scan shows no new issues compared with the
  # base branch's scan. Needs --baseline FILE (the base branch's ZAP report); skipped without.
  - id: dast.new
    title: DAST new issues
    measure: findings.new
    select: { categories: [dast] }
    operator: "<="
    threshold: 0
    action: block

  # Performance — response time p95 < 1000 ms, error rate < 1 %.
  - id: performance.p95
    title: Response time p95
    measure: performance.metric
    metric: http_req_duration
    stat: p(95)
    operator: "<"
    threshold: 1000
    action: block

  - id: performance.error-rate
    title: Error rate
    measure: performance.metric
    metric: http_req_failed
    stat: rate
    operator: "<"
    threshold: 0.01
    action: block

  # The load test's own thresholds: every threshold the k6 script sets (k6 exits 99 when one
  # is crossed) is re-evaluated from the summary in k6's grammar, and one that failed blocks,
  # even when p95 and the error rate above pass. Skipped when the summary records none (the
  # machine-readable summary never does); list expressions in \`thresholds\` to add some.
  - id: performance.k6-thresholds
    title: k6 thresholds
    measure: performance.k6-thresholds
    operator: "<="
    threshold: 0
    action: block

  # Performance regression < 2 %: p95 may not grow by more than 2 % against the base
  # branch's summary (needs --baseline; skipped without it).
  - id: performance.regression
    title: Response time p95 regression
    measure: performance.regression
    metric: http_req_duration
    stat: p(95)
    operator: "<="
    threshold: 2
    action: block

  # Production health — availability > 99.9 %, else roll back.
  - id: health.availability
    title: Availability
    measure: metrics.value
    metric: availability
    operator: ">"
    threshold: 99.9
    action: rollback
`;
