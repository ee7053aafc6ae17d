/**
 * `go test -json` event streams (cmd/test2json: https://pkg.go.dev/cmd/test2json): one JSON
 * object per line, `{Time, Action, Package, Test?, Elapsed?, Output?}` with Action one of
 * start, run, pause, cont, pass, bench, fail, output, skip (Go 1.24 adds build-output /
 * build-fail with ImportPath, and `FailedBuild` on the package's fail event).
 *
 * Counting, documented in docs/tests-performance-health.md:
 * - every test and subtest (`TestA/case`) that reached pass/fail/skip is one case, as gotestsum counts;
 * - a test that started (`run`) but never finished (panic, timeout) is errored;
 * - a package that failed without any failing test of its own (build failure, TestMain exit,
 *   panic outside a test) is one errored case named `(package)`, so it cannot vanish;
 * - a package `skip` with no tests ("no test files") is not a test.
 *
 * Before Go 1.24, a package that does not compile gets no JSON event at all: `go test -json`
 * writes a plain `FAIL\t<package> [build failed]` (or `[setup failed]`) line into the stream.
 * Those lines are read as package failures; any other non-JSON line is an error.
 */
import { parseError } from '../errors.js';
import { normalisePath } from '../model/paths.js';
import { isFailing, type Artifact, type TestCase, type TestStatus } from '../model/types.js';
import type { SourceFile } from './source.js';
import { defineParser } from './define.js';
import type { ParseOptions, ParserFormat } from './types.js';

interface Event {
  Action: string;
  Package?: string;
  ImportPath?: string;
  Test?: string;
  Elapsed?: number;
  Output?: string;
}

const PLAIN_PACKAGE_FAIL = /^FAIL\s+(\S+)\s+\[(build|setup) failed\]\s*$/;
const FIRST_EVENT = /^\{\s*"Time"\s*:\s*"[^"]*"\s*,\s*"Action"\s*:\s*"(start|run|output|pass|fail|skip|pause|cont|bench)"|^\{\s*"ImportPath"\s*:\s*"[^"]*"\s*,\s*"Action"\s*:\s*"build-(output|fail)"/;
/** Output lines kept per test for the failure message. */
const KEEP_LINES = 40;

interface TestState {
  pkg: string;
  name: string;
  status?: TestStatus;
  elapsed?: number;
  output: string[];
}

export const goTestJsonFormat = {
  id: 'go-test-json',
  kind: 'tests',
  description: '`go test -json` event stream (test2json): tests, subtests, package/build failures',
  detect(f: SourceFile): boolean {
    const lines = f.head.split('\n');
    let i = 0;
    while (i < lines.length - 1 && PLAIN_PACKAGE_FAIL.test(lines[i]!)) i++;
    return FIRST_EVENT.test(lines[i] ?? '');
  },
} satisfies ParserFormat;

export const goTestJson = /* @__PURE__ */ defineParser(goTestJsonFormat, {
  parse(f: SourceFile, options: ParseOptions): Artifact {
    const tests = new Map<string, TestState>();
    const pkgs = new Map<string, { status?: TestStatus; output: string[] }>();
    const buildOutput = new Map<string, string[]>();
    const lines = f.text.split('\n');
    if (lines.every((l) => l.trim() === '')) throw parseError(f.path, undefined, 'no go test -json events');
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (line === '') return;
      const plain = PLAIN_PACKAGE_FAIL.exec(line);
      if (plain) {
        const p = pkgs.get(plain[1]!) ?? { output: [] };
        p.status = 'failed';
        p.output.push(`${plain[2]} failed`);
        pkgs.set(plain[1]!, p);
        return;
      }
      let e: unknown;
      try {
        e = JSON.parse(line);
      } catch (err) {
        // go test mixes plain lines (e.g. build errors on stderr redirected) only when misused; say where.
        throw parseError(f.path, `line ${i + 1}`, `not a go test -json event: ${(err as Error).message}`);
      }
      if (typeof e !== 'object' || e === null || typeof (e as Event).Action !== 'string') {
        throw parseError(f.path, `line ${i + 1}`, 'not a go test -json event: no "Action"');
      }
      const ev = e as Event;
      if (ev.Action === 'build-output' || ev.Action === 'build-fail') {
        const key = ev.ImportPath ?? '';
        const out = buildOutput.get(key) ?? [];
        if (ev.Output) out.push(ev.Output);
        buildOutput.set(key, out);
        return;
      }
      const pkg = ev.Package ?? '';
      if (ev.Test === undefined) {
        const p = pkgs.get(pkg) ?? { output: [] };
        pkgs.set(pkg, p);
        if (ev.Action === 'pass' || ev.Action === 'fail' || ev.Action === 'skip') p.status = ev.Action === 'pass' ? 'passed' : ev.Action === 'fail' ? 'failed' : 'skipped';
        else if (ev.Action === 'output' && ev.Output) {
          p.output.push(ev.Output);
          if (p.output.length > KEEP_LINES) p.output.shift();
        }
        return;
      }
      const key = `${pkg}\u0000${ev.Test}`;
      let t = tests.get(key);
      if (!t) {
        t = { pkg, name: ev.Test, output: [] };
        tests.set(key, t);
      }
      switch (ev.Action) {
        case 'pass':
          t.status = 'passed';
          break;
        case 'fail':
          t.status = 'failed';
          break;
        case 'skip':
          t.status = 'skipped';
          break;
        case 'output':
          if (ev.Output) {
            t.output.push(ev.Output);
            if (t.output.length > KEEP_LINES) t.output.shift();
          }
          break;
      }
      if (typeof ev.Elapsed === 'number' && ev.Action !== 'output') t.elapsed = ev.Elapsed;
    });
    const cases: TestCase[] = [];
    const failingPkgs = new Set<string>();
    for (const t of tests.values()) {
      const status: TestStatus = t.status ?? 'errored';
      const c: TestCase = { suite: t.pkg, name: t.name, status };
      // Elapsed is seconds with at most microsecond digits: rounding at the microsecond keeps 1.001 s
      // at 1001 ms (1.001 * 1000 is 1000.9999999999999), as JUnit's `time` is read.
      if (t.elapsed !== undefined) c.durationMs = Math.round(t.elapsed * 1e6) / 1e3;
      if (status === 'failed' || status === 'errored' || status === 'skipped') {
        const { message, file, line } = summariseOutput(t.output);
        if (message) c.message = message;
        if (file !== undefined && status !== 'skipped') {
          c.file = normalisePath(file, options);
          if (line !== undefined) c.line = line;
        }
        if (status === 'errored' && !c.message) c.message = 'the test started but never finished (panic or timeout)';
      }
      if (isFailing(status)) failingPkgs.add(t.pkg);
      cases.push(c);
    }
    for (const [pkg, p] of pkgs) {
      if (p.status === 'failed' && !failingPkgs.has(pkg)) {
        const build = buildOutput.get(pkg) ?? [];
        const text = [...build, ...p.output].map((s) => s.trimEnd()).filter((s) => s !== '' && !/^(FAIL|ok)\s/.test(s));
        const msg = trim(text.join('\n'));
        cases.push({ suite: pkg, name: '(package)', status: 'errored', message: msg === 'build failed' || msg === 'setup failed' ? `the package did not compile (${msg}); see the go test output` : msg || 'the package failed outside any test (TestMain, init or a panic)' });
      }
    }
    return { format: 'go-test-json', tool: { name: 'go test' }, source: f.path, payload: { kind: 'tests', cases } };
  },
});

function trim(s: string): string {
  const lines = s.split('\n').slice(0, 8);
  const out = lines.join('\n');
  return out.length > 500 ? `${out.slice(0, 500)} …` : out;
}

/** The test's own log lines (`    x_test.go:12: message`) make its message, file and line. */
function summariseOutput(output: string[]): { message?: string; file?: string; line?: number } {
  const logs = output.filter((l) => !/^\s*(=== (RUN|PAUSE|CONT|NAME)|--- (FAIL|PASS|SKIP)|$)/.test(l));
  const first = logs.map((l) => /^\s+([^\s:]+\.go):(\d+): ?(.*)$/s.exec(l)).find((m) => m !== null);
  const message = trim(logs.map((l) => l.trimEnd()).join('\n').trim());
  const out: { message?: string; file?: string; line?: number } = {};
  if (message) out.message = message;
  if (first) {
    out.file = first[1]!;
    out.line = Number(first[2]);
  }
  return out;
}
