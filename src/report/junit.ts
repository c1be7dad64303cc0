// junit.xml: the CI pipeline gate's view of a run (GitHub Actions test reporters, Jenkins).
//
// Built with junit-report-builder rather than by string templates: it is the small, long-kept,
// widely used library (Jenkins-compatible, typed, MIT) whose whole job is this format: it writes the
// testsuites/testsuite/testcase tree with the tests/failures/errors/skipped counts on every
// level computed from the cases themselves, escapes attributes and text, wraps bodies in CDATA
// and drops characters XML 1.0 cannot carry. Hand-rolled JUnit writers tend to get exactly
// those parts wrong on a hostile response body. Two gaps of the library are covered below:
// `<skipped>` gets no message attribute (the skip reason), and only the first `]]>` of a
// CDATA body is split (xmlbuilder 15), so a body's `]]>` is written `]] >` (the HTML and Markdown
// reports keep it as it was).
import builderModule from 'junit-report-builder';
import type { Builder, TestCase } from 'junit-report-builder';
import { addDiffTestSuite } from '../diff/render.ts';
import type { CheckResult, Failure, Results } from '../results/types.ts';
import { failuresOf, operationLabel, responseLine } from './model.ts';

// The package is CommonJS; under Node's ESM interop its module.exports is the default import,
// but guard for a bundler handing over `{ default }`.
const rootBuilder = ((builderModule as unknown as { default?: Builder }).default ?? builderModule) as Builder;

type XmlElement = Parameters<TestCase['build']>[0];

/** Text that can go inside CDATA whole: `]]>` would end the section early. */
function cdataSafe(text: string): string {
  return text.replaceAll(']]>', ']] >');
}

/** The JUnit schema's timestamp: ISO 8601 without zone (here UTC); anything unparsable as given. */
function junitTimestamp(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 19);
}

/** One line for an attribute (message): newlines and runs of blanks folded. */
function oneLine(text: string, max = 500): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A failure as readable text: what a CI log or test-report viewer shows under the case. */
export function failureText(f: Failure): string {
  const parts: string[] = [];
  parts.push(`${f.title}\n  Operation:  ${f.operation}\n  Received:   ${f.received}\n  Documented: ${f.documented}`);
  if (f.details?.length) parts.push(`Details:\n${f.details.map((d) => `  - ${d}`).join('\n')}`);
  if (f.curl) parts.push(`Request (replay with):\n${f.curl}`);
  if (f.response) parts.push(`Response: ${responseLine(f.response)}\n${f.response.body}`);
  const prop: string[] = [];
  if (f.seed !== undefined) prop.push(`  Seed:           ${f.seed}`);
  if (f.path !== undefined) prop.push(`  Path:           ${f.path}`);
  if (f.counterexample !== undefined) prop.push(`  Counterexample: ${f.counterexample}`);
  if (prop.length) parts.push(`Property (fast-check):\n${prop.join('\n')}`);
  return parts.join('\n\n');
}

function checkBody(check: CheckResult, failures: Failure[]): string {
  const head = [`Check: ${check.id} (${check.kind})`, `Rule:  ${check.title}`];
  if (check.source) head.push(`Source: ${check.source}`);
  if (check.applied !== undefined) head.push(`Applied to: ${check.applied}`);
  if (failures.length === 0) return `${head.join('\n')}\n\nThe check failed without a recorded failure.`;
  const blocks = failures.map((f, i) =>
    failures.length > 1 ? `--- Failure ${i + 1} of ${failures.length} ---\n${failureText(f)}` : failureText(f),
  );
  return `${head.join('\n')}\n\n${blocks.join('\n\n')}`;
}

/** `<skipped/>` with the reason as its message attribute, as Jenkins and the GitHub reporters read it. */
function skippedWithMessage(testCase: TestCase, reason: string): void {
  testCase.skipped();
  const build = testCase.build.bind(testCase);
  testCase.build = (parent: XmlElement) => {
    const element = build(parent);
    for (const child of element.children) {
      const node = child as unknown as { name?: string; att?: (n: string, v: string) => unknown };
      if (node.name === 'skipped' && node.att) node.att('message', reason);
    }
    return element;
  };
}

/** The JUnit XML of a run: one testsuite per operation, one testcase per check. */
export function renderJunit(results: Results): string {
  const builder = rootBuilder.newBuilder();
  const run = results.run;
  builder.name(`${run.tool} ${run.version}: ${run.host}`);

  const byOperation = new Map<string, CheckResult[]>();
  for (const c of results.checks) {
    const list = byOperation.get(c.operation) ?? [];
    list.push(c);
    byOperation.set(c.operation, list);
  }
  const operations = [...byOperation.keys()].sort((a, b) => Number(a === '*') - Number(b === '*'));

  for (const operation of operations) {
    const checks = byOperation.get(operation)!;
    const label = operationLabel(operation);
    const suite = builder
      .testSuite()
      .name(label)
      .timestamp(junitTimestamp(run.started))
      .time(checks.reduce((sum, c) => sum + (c.durationMs ?? 0), 0) / 1000)
      .property('host', run.host)
      .property('seed', String(run.seed))
      .property('runs', String(run.runs));
    for (const check of checks) {
      const testCase = suite.testCase().className(label).name(`${check.id} — ${check.title}`);
      if (check.durationMs !== undefined) testCase.time(check.durationMs / 1000);
      if (check.status === 'failed') {
        const failures = failuresOf(check);
        const message = failures[0]?.title ?? 'failed without a recorded failure';
        testCase.failure(oneLine(message), check.kind).stacktrace(cdataSafe(checkBody(check, failures)));
      } else if (check.status === 'skipped') {
        skippedWithMessage(testCase, oneLine(check.skipReason ?? 'skipped (no reason recorded)'));
      }
    }
  }
  if (results.diff) addDiffTestSuite(builder, results.diff);
  return `${builder.build()}\n`;
}
