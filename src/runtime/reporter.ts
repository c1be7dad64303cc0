// The mocha reporter of a conformance run: turns each rule (mocha test) into a CheckResult
// and prints progress, one line a rule, and each failure with Received / Documented and curl.
import Mocha from 'mocha';
import type { CheckResult, Failure } from '../results/types.ts';
import type { RuleState } from './rule.ts';
import { CheckFailure } from './rule.ts';

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

export interface Collector {
  results: CheckResult[];
  /** Where progress goes (the CLI's redacted stdout). */
  print: (line: string) => void;
  /** Mocha's test title → the operation string of the rule ('POST /v2/coupon/issue'). */
  operationOf: (state: RuleState) => string;
}

const isHook = (r: Mocha.Runnable) => (r as { type?: string }).type === 'hook';

function slug(text: string): string {
  return text.toLowerCase().replace(/\[[^\]]*\]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

/** A failure from whatever a rule threw: typed when it was a CheckFailure, else from the assertion. */
export function failureFromError(err: unknown, operation: string): Failure {
  if (err instanceof CheckFailure) return err.failure;
  const e = err as { message?: string; actual?: unknown; expected?: unknown; showDiff?: boolean };
  const message = String(e?.message ?? err).split('\n')[0];
  const hasDiff = e && 'actual' in e && 'expected' in e;
  return {
    title: message,
    operation,
    received: hasDiff ? JSON.stringify(e.actual) ?? String(e.actual) : message,
    documented: hasDiff ? JSON.stringify(e.expected) ?? String(e.expected) : '(see the rule)',
  };
}

export function printFailure(print: (line: string) => void, id: string, f: Failure): void {
  print(`    ${id}: ${f.title}`);
  print(`      Received:   ${f.received}`);
  print(`      Documented: ${f.documented}`);
  for (const d of f.details ?? []) print(`      - ${d}`);
  if (f.seed !== undefined) print(`      Seed: ${f.seed}${f.path ? `  Path: ${f.path}` : ''}`);
  if (f.counterexample) print(`      Counterexample: ${f.counterexample}`);
  if (f.curl) print(`      Reproduce: ${f.curl}`);
  if (f.response) print(`      Response: HTTP ${f.response.status ?? '-'} ${f.response.body.slice(0, 300)}`);
}

export function createReporterClass(collector: Collector): typeof Mocha.reporters.Base {
  return class ConformanceReporter extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
      super(runner, options);
      const stateOf = (test: Mocha.Runnable): RuleState | undefined => (test as Mocha.Runnable & { conformance?: RuleState }).conformance;
      const base = (test: Mocha.Runnable): CheckResult => {
        const state = stateOf(test);
        return {
          id: state?.id ?? `${isHook(test) ? 'hook' : 'spec'}.${slug(test.fullTitle())}`,
          title: state?.title ?? test.title,
          operation: state ? collector.operationOf(state) : '*',
          kind: state?.kind ?? 'scenario',
          status: 'passed',
          ...(state?.source ? { source: state.source } : {}),
          ...(state?.tags ? { tags: state.tags } : {}),
          durationMs: test.duration ?? 0,
        };
      };
      runner.on(EVENT_TEST_PASS, (test) => {
        collector.results.push(base(test));
        collector.print(`  ✓ ${test.title} (${test.duration ?? 0} ms)`);
      });
      runner.on(EVENT_TEST_PENDING, (test) => {
        const reason = stateOf(test)?.skipReason ?? 'skipped';
        collector.results.push({ ...base(test), status: 'skipped', skipReason: reason });
        collector.print(`  - ${test.title} (skipped: ${reason})`);
      });
      runner.on(EVENT_TEST_FAIL, (test, err) => {
        const result = base(test);
        const failure = failureFromError(err, result.operation);
        collector.results.push({ ...result, status: 'failed', failure, failures: [failure] });
        collector.print(`  ✗ ${isHook(test) ? test.fullTitle() : test.title}`);
        printFailure(collector.print, result.id, failure);
      });
    }
  };
}
