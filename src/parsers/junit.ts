/**
 * JUnit XML, in the dialects real runners write. There is no single standard; the shapes
 * followed here are:
 * - Ant's JUnit task schema (the common ancestor): https://github.com/windyroad/JUnit-Schema
 *   `<testsuites>` / `<testsuite>` roots, `<testcase>` with `<failure>`, `<error>`, `<skipped>`,
 *   `<properties>`, `<system-out>`, `<system-err>`.
 * - Maven Surefire's report XSD (surefire-test-report-3.0.xsd,
 *   https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report-3.0.xsd):
 *   `<flakyFailure>` / `<flakyError>` (failed, then passed on a rerun) and `<rerunFailure>` /
 *   `<rerunError>` (failed again on every rerun, next to the `<failure>`/`<error>`).
 * - googletest (`--gtest_output=xml`): `status="run|notrun"`, `result="completed|skipped|suppressed"`.
 * - PHPUnit: nested `<testsuite>` trees, `file`/`line` on testcases; pytest xunit1: `file`/`line`.
 *
 * Why a hand-written scanner instead of a DOM (fast-xml-parser): a DOM parse runs at ~10 MB/s
 * here and builds every `<system-out>` and property into objects nobody reads, while CI
 * reports reach tens of MB. This scanner walks the text with `indexOf`, keeps only the
 * attributes of the elements it needs and never materialises output blocks, so it runs
 * at several hundred MB/s (see docs/tests-performance-health.md). Small files use the same
 * scanner: one code path means one set of semantics and one set of error messages.
 *
 * Fail closed (XML 1.0, https://www.w3.org/TR/xml/): it checks the structure a DOM parser
 * would — every tag closed in order (§3), one root (§2.1), quoted attribute values without
 * `<` (§3.1), terminated comments/CDATA/processing instructions (§2.5, §2.7, §2.6), known
 * entity references in the values it reads (§4.6) — and reports the line and column of the
 * first problem. It does not check character classes or entities inside text it skips.
 */
import { GatecheckError, parseError } from '../errors.js';
import { normalisePath } from '../model/paths.js';
import type { Artifact, TestCase, TestStatus, Tool } from '../model/types.js';
import { lineColumn, type SourceFile } from './source.js';
import type { ParseOptions, Parser } from './types.js';

/** Elements whose attributes the scanner reads; every other element is only checked for structure. */
const OUTCOMES = new Set(['failure', 'error', 'skipped', 'flakyFailure', 'flakyError', 'rerunFailure', 'rerunError']);
const WANTED = new Set(['testsuites', 'testsuite', 'testcase', 'property', ...OUTCOMES]);

/** Messages are trimmed to this many characters / lines for evidence. */
const MESSAGE_CHARS = 500;
const MESSAGE_LINES = 8;
/** Body text kept per failure for the message fallback and the file/line search. */
const BODY_CHARS = 16_384;

type Attrs = Record<string, string>;

interface Seen {
  index: number;
  anyFailed: boolean;
}

interface Outcome {
  kind: string;
  attrs: Attrs;
  body: string;
  /** Offset of the element, for entity errors. */
  at: number;
}

interface Pending {
  suite: string;
  attrs: Attrs;
  at: number;
  failure?: Outcome;
  error?: Outcome;
  skipped?: Outcome;
  flaky?: Outcome;
  rerun: boolean;
}

/** What the scan learns about the producing tool, for `Artifact.tool`. */
interface ToolHints {
  rootName?: string;
  suiteNames: Set<string>;
  properties: Map<string, string>;
  surefireVersion?: string;
  hasAssertions: boolean;
  hasDisabled: boolean;
  hasHostname: boolean;
}

function isNameEnd(c: number): boolean {
  // whitespace, '/', '>' end an element name
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62 || Number.isNaN(c);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

class Scan {
  readonly cases: TestCase[] = [];
  readonly hints: ToolHints = { suiteNames: new Set(), properties: new Map(), hasAssertions: false, hasDisabled: false, hasHostname: false };
  /**
   * suite → classname → name → where the test is. Nested maps rather than one joined key:
   * joining three substrings of a large report into a key string costs more than the whole
   * scan (V8 must flatten and hash each new string); hashing the substrings does not.
   */
  private readonly seen = new Map<string, Map<string, Map<string, Seen>>>();
  private readonly suites: string[] = [];
  private current: Pending | undefined;
  private currentDepth = -1;
  private capture: Outcome | undefined;
  private captureDepth = -1;

  constructor(
    private readonly text: string,
    private readonly path: string,
    private readonly options: ParseOptions,
  ) {}

  fail(offset: number, message: string): never {
    throw parseError(this.path, lineColumn(this.text, offset), `not well-formed XML: ${message}`);
  }

  run(): void {
    const text = this.text;
    const len = text.length;
    const stack: string[] = [];
    const opened: number[] = [];
    let pos = 0;
    let root: string | undefined;
    for (;;) {
      const lt = text.indexOf('<', pos);
      const textEnd = lt === -1 ? len : lt;
      if (textEnd > pos) {
        if (stack.length === 0) {
          for (let i = pos; i < textEnd; i++) if (!isSpace(text.charCodeAt(i))) this.fail(i, 'text outside the root element');
        } else if (this.capture && this.capture.body.length < BODY_CHARS) {
          this.capture.body += this.decodeAt(text.slice(pos, textEnd), pos, false);
        }
      }
      if (lt === -1) break;
      const c = text.charCodeAt(lt + 1);
      if (c === 47) {
        // end tag  (§3.1 ETag)
        const gt = text.indexOf('>', lt + 2);
        if (gt === -1) this.fail(lt, 'unterminated end tag');
        const name = text.slice(lt + 2, gt).trimEnd();
        const top = stack.pop();
        opened.pop();
        if (top !== name) {
          this.fail(lt, top === undefined ? `end tag </${name}> without a start tag` : `expected </${top}> but found </${name}>`);
        }
        this.close(name, stack.length);
        pos = gt + 1;
        continue;
      }
      if (c === 33) {
        if (text.startsWith('<!--', lt)) {
          const end = text.indexOf('-->', lt + 4);
          if (end === -1) this.fail(lt, 'unterminated comment');
          pos = end + 3;
          continue;
        }
        if (text.startsWith('<![CDATA[', lt)) {
          if (stack.length === 0) this.fail(lt, 'CDATA section outside the root element');
          const end = text.indexOf(']]>', lt + 9);
          if (end === -1) this.fail(lt, 'unterminated CDATA section');
          if (this.capture && this.capture.body.length < BODY_CHARS) this.capture.body += text.slice(lt + 9, end);
          pos = end + 3;
          continue;
        }
        if (text.startsWith('<!DOCTYPE', lt) && root === undefined) {
          const bracket = text.indexOf('[', lt);
          let gt = text.indexOf('>', lt);
          if (bracket !== -1 && bracket < gt) gt = text.indexOf(']>', bracket) + 1;
          if (gt <= 0) this.fail(lt, 'unterminated DOCTYPE');
          pos = gt + 1;
          continue;
        }
        this.fail(lt, 'unexpected markup after "<!"');
      }
      if (c === 63) {
        const end = text.indexOf('?>', lt + 2);
        if (end === -1) this.fail(lt, 'unterminated processing instruction');
        pos = end + 2;
        continue;
      }
      // start tag (§3.1 STag / EmptyElemTag)
      let k = lt + 1;
      while (!isNameEnd(text.charCodeAt(k))) k++;
      if (k === lt + 1) this.fail(lt, '"<" not followed by an element name');
      const name = text.slice(lt + 1, k);
      const wanted = WANTED.has(name);
      const attrs: Attrs | undefined = wanted ? {} : undefined;
      let selfClosing = false;
      for (;;) {
        while (isSpace(text.charCodeAt(k))) k++;
        const ch = text.charCodeAt(k);
        if (ch === 62) {
          k++;
          break;
        }
        if (ch === 47) {
          if (text.charCodeAt(k + 1) !== 62) this.fail(k, `"/" not followed by ">" in <${name}>`);
          selfClosing = true;
          k += 2;
          break;
        }
        if (Number.isNaN(ch)) this.fail(lt, `unterminated start tag <${name}> (end of file)`);
        const ns = k;
        while (k < len) {
          const a = text.charCodeAt(k);
          if (a === 61 || isSpace(a) || a === 62 || a === 47) break;
          k++;
        }
        if (k === ns) this.fail(k, `attribute name expected in <${name}>`);
        const aname = text.slice(ns, k);
        while (isSpace(text.charCodeAt(k))) k++;
        if (text.charCodeAt(k) !== 61) this.fail(k, `attribute ${aname} of <${name}> has no value`);
        k++;
        while (isSpace(text.charCodeAt(k))) k++;
        const q = text.charCodeAt(k);
        if (q !== 34 && q !== 39) this.fail(k, `attribute ${aname} of <${name}> is not quoted`);
        const vEnd = text.indexOf(q === 34 ? '"' : "'", k + 1);
        if (vEnd === -1) this.fail(k, `unterminated value of attribute ${aname} in <${name}>`);
        const lt2 = text.indexOf('<', k + 1);
        if (lt2 !== -1 && lt2 < vEnd) this.fail(lt2, `"<" inside the value of attribute ${aname} of <${name}>`);
        if (attrs) attrs[aname] = text.slice(k + 1, vEnd);
        k = vEnd + 1;
      }
      if (stack.length === 0) {
        if (root !== undefined) this.fail(lt, `a second root element <${name}> after </${root}>`);
        root = name;
        if (name !== 'testsuites' && name !== 'testsuite') {
          throw parseError(this.path, lineColumn(text, lt), `not JUnit XML: the root element is <${name}>, expected <testsuites> or <testsuite>`);
        }
      }
      if (attrs) this.open(name, attrs, lt, stack.length, selfClosing);
      if (selfClosing) {
        this.close(name, stack.length);
      } else {
        stack.push(name);
        opened.push(lt);
      }
      pos = k;
    }
    if (stack.length > 0) {
      const where = opened[opened.length - 1]!;
      throw parseError(
        this.path,
        `${lineColumn(text, len)} (end of file)`,
        `not well-formed XML: the file ends inside <${stack[stack.length - 1]}> opened at ${lineColumn(text, where)} (truncated?)`,
      );
    }
    if (root === undefined) throw parseError(this.path, undefined, 'not well-formed XML: no root element');
  }

  private attr(attrs: Attrs, name: string, at: number): string | undefined {
    const raw = attrs[name];
    return raw === undefined ? undefined : this.decodeAt(raw, at, true);
  }

  /** decode() with the error placed in the file (no closure per call: this runs per attribute). */
  private decodeAt(raw: string, at: number, attribute: boolean): string {
    try {
      return decode(raw, attribute);
    } catch (e) {
      this.fail(at, (e as Error).message);
    }
  }

  private open(name: string, attrs: Attrs, at: number, depth: number, selfClosing: boolean): void {
    switch (name) {
      case 'testsuites':
        if (depth === 0) {
          const n = this.attr(attrs, 'name', at);
          if (n !== undefined) this.hints.rootName = n;
          if (attrs['disabled'] !== undefined) this.hints.hasDisabled = true;
        }
        return;
      case 'testsuite': {
        const n = this.attr(attrs, 'name', at) ?? '';
        this.suites.push(n);
        this.hints.suiteNames.add(n);
        if (depth === 0) this.hints.rootName ??= n;
        if (attrs['assertions'] !== undefined) this.hints.hasAssertions = true;
        if (attrs['disabled'] !== undefined) this.hints.hasDisabled = true;
        if (attrs['hostname'] !== undefined) this.hints.hasHostname = true;
        const schema = attrs['xsi:noNamespaceSchemaLocation'] ?? attrs['xmlns'];
        // Surefire 3 names its XSD and writes its own version on the suite (surefire-test-report-3.0.xsd).
        if (schema?.includes('surefire') || (depth === 0 && attrs['version'] !== undefined)) this.hints.surefireVersion = this.attr(attrs, 'version', at) ?? '';
        return;
      }
      case 'property': {
        const n = this.attr(attrs, 'name', at);
        if (n !== undefined && !this.hints.properties.has(n)) this.hints.properties.set(n, this.attr(attrs, 'value', at) ?? '');
        return;
      }
      case 'testcase':
        if (this.current) this.fail(at, '<testcase> inside another <testcase>');
        this.current = { suite: this.suites[this.suites.length - 1] ?? '', attrs, at, rerun: false };
        this.currentDepth = depth;
        return;
      default: {
        // an outcome element: failure, error, skipped, flaky*, rerun*
        const cur = this.current;
        if (!cur) return; // outside a testcase (some tools write suite-level <error>): not a test
        const o: Outcome = { kind: name, attrs, body: '', at };
        if (name === 'failure') cur.failure ??= o;
        else if (name === 'error') cur.error ??= o;
        else if (name === 'skipped') cur.skipped ??= o;
        else if (name === 'flakyFailure' || name === 'flakyError') cur.flaky ??= o;
        else cur.rerun = true;
        if (!selfClosing && (o === cur.failure || o === cur.error || o === cur.skipped)) {
          this.capture = o;
          this.captureDepth = depth;
        }
      }
    }
  }

  private close(name: string, depth: number): void {
    if (this.capture && depth === this.captureDepth) {
      this.capture = undefined;
      this.captureDepth = -1;
    }
    if (name === 'testcase' && this.current && depth === this.currentDepth) this.finish();
    else if (name === 'testsuite') this.suites.pop();
  }

  /** Turn the open testcase into a TestCase and merge repeats of the same test. */
  private finish(): void {
    const p = this.current!;
    this.current = undefined;
    this.currentDepth = -1;
    const at = p.at;
    const name = this.attr(p.attrs, 'name', at) ?? '';
    const classname = this.attr(p.attrs, 'classname', at);
    let status: TestStatus = 'passed';
    let outcome: Outcome | undefined;
    if (p.failure) [status, outcome] = ['failed', p.failure];
    else if (p.error) [status, outcome] = ['errored', p.error];
    else if (p.rerun) status = 'failed'; // rerun elements without a final failure: fail closed
    else if (p.skipped) [status, outcome] = ['skipped', p.skipped];
    else {
      // googletest: status="notrun" (disabled) or result="skipped"/"suppressed"
      const gs = p.attrs['status'];
      const gr = p.attrs['result'];
      if (gs === 'notrun' || gr === 'skipped' || gr === 'suppressed') status = 'skipped';
    }
    const tc: TestCase = { suite: p.suite, name, status };
    if (classname !== undefined && classname !== '') tc.classname = classname;
    const time = p.attrs['time'];
    if (time !== undefined) {
      const s = Number(time.includes(',') ? time.replace(/,/g, '') : time);
      if (Number.isFinite(s)) tc.durationMs = s * 1000;
    }
    const flakyMessage = status === 'passed' && p.flaky ? this.messageOf(p.flaky) : undefined;
    if (outcome) {
      const m = this.messageOf(outcome);
      if (m !== undefined) tc.message = m;
    } else if (flakyMessage !== undefined) {
      tc.message = flakyMessage;
    }
    if (status === 'passed' && p.flaky) tc.flaky = true;
    // Where it failed (the trace) beats where the test is declared (file/line attributes).
    const loc = outcome && (status === 'failed' || status === 'errored') ? locationFromTrace(outcome.body) : undefined;
    const file = this.attr(p.attrs, 'file', at);
    if (loc) {
      tc.file = normalisePath(loc.file, this.options);
      tc.line = loc.line;
    } else if (file !== undefined && file !== '') {
      tc.file = normalisePath(file, this.options);
      const line = p.attrs['line'];
      // pytest writes the 0-based line of the test function (item.location); others are 1-based.
      const n = (line === undefined ? NaN : Number(line)) + (this.hints.suiteNames.has('pytest') ? 1 : 0);
      if (Number.isInteger(n) && n > 0) tc.line = n;
    }
    this.add(tc);
  }

  private messageOf(o: Outcome): string | undefined {
    const m = this.attr(o.attrs, 'message', o.at)?.trim();
    return trimMessage(m !== undefined && m !== '' ? m : o.body.trim());
  }

  /**
   * The same test (suite + classname + name) written more than once is one test: the last run
   * that was not skipped decides; if an earlier run failed and the last passed, it is flaky.
   */
  private add(tc: TestCase): void {
    let byClass = this.seen.get(tc.suite);
    if (!byClass) this.seen.set(tc.suite, (byClass = new Map()));
    let byName = byClass.get(tc.classname ?? '');
    if (!byName) byClass.set(tc.classname ?? '', (byName = new Map()));
    const seen = byName.get(tc.name);
    const failing = tc.status === 'failed' || tc.status === 'errored';
    if (!seen) {
      byName.set(tc.name, { index: this.cases.length, anyFailed: failing });
      this.cases.push(tc);
      return;
    }
    seen.anyFailed ||= failing;
    const prev = this.cases[seen.index]!;
    if (tc.status === 'skipped') return; // a skipped repeat never overrides a run
    const merged: TestCase = { ...tc };
    if (tc.status === 'passed' && seen.anyFailed) {
      merged.flaky = true;
      const msg = tc.message ?? prev.message;
      if (msg !== undefined) merged.message = msg;
      if (merged.file === undefined && prev.file !== undefined) {
        merged.file = prev.file;
        if (prev.line !== undefined) merged.line = prev.line;
      }
    }
    this.cases[seen.index] = merged;
  }
}

/** Predefined entities (§4.6) and character references (§4.1); attribute values are normalised per §3.3.3. */
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#x([0-9a-fA-F]{1,6})|#([0-9]{1,7}));/g;
const BAD_AMP = /&(?!(?:lt|gt|amp|quot|apos|#x[0-9a-fA-F]{1,6}|#[0-9]{1,7});)/;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(raw: string, attribute: boolean): string {
  let s = raw;
  if (attribute && /[\t\n\r]/.test(s)) s = s.replace(/\r\n|[\t\n\r]/g, ' ');
  if (!s.includes('&')) return s;
  // Two native regex passes beat a hand loop here: report names are often full of entities.
  const bad = BAD_AMP.exec(s);
  if (bad) throw new Error(`unknown or malformed entity reference "${s.slice(bad.index, bad.index + 12)}"`);
  return s.replace(ENTITY, (_m, named: string | undefined, hex: string | undefined, dec: string | undefined) => {
    if (named !== undefined) return NAMED[named]!;
    const ch = safeCodePoint(hex !== undefined ? parseInt(hex, 16) : parseInt(dec!, 10));
    if (ch === undefined) throw new Error(`character reference "&#${hex !== undefined ? `x${hex}` : dec};" is not a character`);
    return ch;
  });
}

function safeCodePoint(n: number): string | undefined {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

function trimMessage(m: string): string | undefined {
  if (m === '') return undefined;
  let lines = m.split(/\r?\n/);
  let cut = false;
  if (lines.length > MESSAGE_LINES) {
    lines = lines.slice(0, MESSAGE_LINES);
    cut = true;
  }
  let s = lines.map((l) => l.trimEnd()).join('\n');
  if (s.length > MESSAGE_CHARS) {
    s = s.slice(0, MESSAGE_CHARS);
    cut = true;
  }
  return cut ? `${s.trimEnd()} …` : s;
}

/**
 * A failing test's own file and line, from the stack trace the dialect writes (only for
 * failing tests, so it costs nothing on the passing bulk):
 * pytest's `path.py:25: AssertionError` (last such line), a Node/jest/vitest frame
 * `(path/x.test.js:10:21)` or vitest's `❯ x.test.js:8:20` outside node_modules, Go's `x_test.go:6: message`.
 */
export function locationFromTrace(body: string): { file: string; line: number } | undefined {
  if (body === '') return undefined;
  let m: RegExpExecArray | null;
  const py = /^\s*([^\s:]+\.py):(\d+): /gm;
  let last: RegExpExecArray | undefined;
  while ((m = py.exec(body)) !== null) last = m;
  if (last) return { file: last[1]!, line: Number(last[2]) };
  const node = /(?:\(|at |❯ )((?:[A-Za-z]:)?[^\s():]+\.(?:[cm]?[jt]sx?|vue|svelte)):(\d+):\d+\)?/g;
  while ((m = node.exec(body)) !== null) {
    if (!/node_modules|^node:|^internal\//.test(m[1]!)) return { file: m[1]!, line: Number(m[2]) };
  }
  m = /^\s*([^\s:]+_test\.go):(\d+): /m.exec(body);
  if (m) return { file: m[1]!, line: Number(m[2]) };
  return undefined;
}

function toolOf(h: ToolHints): Tool {
  if (h.surefireVersion !== undefined) return h.surefireVersion ? { name: 'maven-surefire', version: h.surefireVersion } : { name: 'maven-surefire' };
  const sv = h.properties.get('surefire.version');
  if (sv !== undefined) return { name: 'maven-surefire', version: sv };
  const xunit = /^xUnit\.net\s+(\S+)/.exec(h.properties.get('nunit-version') ?? '');
  if (xunit) return { name: 'xunit.net', version: xunit[1]! };
  if (h.rootName === 'jest tests') return { name: 'jest-junit' };
  if (h.rootName === 'vitest tests') return { name: 'vitest' };
  if (h.rootName === 'Mocha Tests') return { name: 'mocha-junit-reporter' };
  if (h.suiteNames.has('pytest')) return { name: 'pytest' };
  if (h.properties.has('go.version')) return { name: h.hasHostname ? 'go-junit-report' : 'gotestsum' };
  if (h.hasAssertions) return { name: 'phpunit' };
  if (h.hasDisabled) return { name: 'googletest' };
  return { name: 'junit' };
}

/** The root element's name, skipping the XML declaration, comments, a DOCTYPE and whitespace. */
function rootElement(head: string): string | undefined {
  let s = head;
  for (;;) {
    s = s.trimStart();
    if (s.startsWith('<?')) {
      const e = s.indexOf('?>');
      if (e === -1) return undefined;
      s = s.slice(e + 2);
    } else if (s.startsWith('<!--')) {
      const e = s.indexOf('-->');
      if (e === -1) return undefined;
      s = s.slice(e + 3);
    } else if (s.startsWith('<!DOCTYPE')) {
      const e = s.indexOf('>');
      if (e === -1) return undefined;
      s = s.slice(e + 1);
    } else {
      return /^<([A-Za-z_][\w.:-]*)/.exec(s)?.[1];
    }
  }
}

/** Parse JUnit XML text into test cases (exported for the benchmark and tests). */
export function parseJunitText(text: string, path: string, options: ParseOptions = {}): { cases: TestCase[]; tool: Tool } {
  const scan = new Scan(text, path, options);
  try {
    scan.run();
  } catch (e) {
    if (e instanceof GatecheckError) throw e;
    throw parseError(path, undefined, `could not read JUnit XML: ${(e as Error).message}`, e);
  }
  return { cases: scan.cases, tool: toolOf(scan.hints) };
}

export const junit = {
  id: 'junit',
  kind: 'tests',
  description: 'JUnit XML (Surefire, Gradle, pytest, jest-junit, vitest, mocha, go-junit-report, gotestsum, PHPUnit, googletest, Bazel, xUnit.net)',
  detect(f: SourceFile): boolean {
    if (f.looksLikeJson || !f.head.startsWith('<')) return false;
    const root = rootElement(f.head);
    return root === 'testsuites' || root === 'testsuite';
  },
  parse(f: SourceFile, options: ParseOptions): Artifact {
    const { cases, tool } = parseJunitText(f.text, f.path, options);
    return { format: 'junit', tool, source: f.path, payload: { kind: 'tests', cases } };
  },
} satisfies Parser;
