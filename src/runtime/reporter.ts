// How a run is told on the terminal: one line per rule as it ends, each failure with
// Received / Documented, the seed and path of a property, and the curl to reproduce it.
import type { CheckResult, Failure } from '../results/types.ts';

/** A failure from whatever a rule threw that was not a CheckFailure (a bug in a rule, an assertion). */
export function failureFromError(err: unknown, operation: string): Failure {
  const e = err as { message?: string; actual?: unknown; expected?: unknown };
  const message = String(e?.message ?? err).split('\n')[0];
  const hasDiff = e !== null && typeof e === 'object' && 'actual' in e && 'expected' in e;
  return {
    kind: 'rule-violated',
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

/** The line(s) of a rule that ended. */
export function printRuleResult(print: (line: string) => void, title: string, result: CheckResult): void {
  if (result.status === 'passed') print(`  ✓ ${title} (${result.durationMs ?? 0} ms)`);
  else if (result.status === 'skipped') print(`  - ${title} (skipped: ${result.skipReason ?? 'skipped'})`);
  else {
    print(`  ✗ ${title}`);
    printFailure(print, result.id, result.failure!);
  }
}
