// The CI gate: which failed checks set the exit code. Without --baseline or --deviations
// every failed check counts. An accepted known deviation (--deviations) never counts while it
// has not expired; with --baseline only checks that did not fail in the baseline count (a
// check failing there too is "still failing"). Every failure stays in the reports, marked.
import type { CheckResult, Failure } from '../results/types.ts';
import { compareWithBaseline, type Baseline, type BaselineSection } from './baseline.ts';
import { isExpired, type Deviation } from './deviations.ts';

export { GateConfigError, loadBaseline, compareWithBaseline, type Baseline, type BaselineSection } from './baseline.ts';
export { loadDeviations, isExpired, todayIso, type Deviation } from './deviations.ts';

/** A check as results.json holds it after the gate: `accepted` / `deviation` when a deviation names it. */
export type GatedCheck = CheckResult & {
  /** A failed check accepted as a known vendor deviation: it does not count in the exit code. */
  accepted?: { reason: string; expires?: string };
  /** The deviation entry that named it but expired: the failure counts again. */
  deviationExpired?: { reason: string; expires: string };
};

/** The `deviations` section of results.json. */
export interface DeviationsSection {
  file: string;
  /** Failed and accepted: not counted. */
  accepted: Deviation[];
  /** Past their expiry date: their failures count again. */
  expired: (Deviation & { expires: string; status: string })[];
  /** Entries whose check did not fail in this run (passed, skipped, not run): nothing to accept. */
  unused: (Deviation & { status: string })[];
  /** Ids that name no check of the suite (a warning). */
  unknown: string[];
}

/** The `gate` section of results.json: what set the exit code. */
export interface GateSection {
  /** The failed checks that count: exit 1 when there is one. */
  counted: string[];
  /** Failed checks that do not count, and why. */
  notCounted: { id: string; why: 'accepted deviation' | 'failing in the baseline too' }[];
}

export interface GateInput {
  checks: CheckResult[];
  baseline?: Baseline;
  deviations?: { file: string; entries: Deviation[] };
  /** Every check id of the suite (not only this run's): a deviation naming another id is unknown. */
  knownIds: ReadonlySet<string>;
  /** YYYY-MM-DD (UTC). */
  today: string;
}

export interface Gate {
  checks: GatedCheck[];
  gate: GateSection;
  baseline?: BaselineSection;
  deviations?: DeviationsSection;
}

function withDetail(failure: Failure | undefined, line: string): Failure | undefined {
  return failure ? { ...failure, details: [line, ...(failure.details ?? [])] } : failure;
}

export function applyGate(input: GateInput): Gate {
  const byId = new Map(input.deviations?.entries.map((d) => [d.id, d]) ?? []);
  const statusOf = new Map<string, string>();
  for (const c of input.checks) if (statusOf.get(c.id) !== 'failed') statusOf.set(c.id, c.status);

  const checks: GatedCheck[] = input.checks.map((c) => {
    const d = byId.get(c.id);
    if (!d || c.status !== 'failed') return c;
    if (isExpired(d, input.today)) {
      const line = `The accepted deviation for this check expired on ${d.expires} (${d.reason}): the failure counts again.`;
      return { ...c, deviationExpired: { reason: d.reason, expires: d.expires! }, failure: withDetail(c.failure, line), ...(c.failures ? { failures: c.failures.map((f) => withDetail(f, line)!) } : {}) };
    }
    const line = `Accepted as a known vendor deviation (--deviations): ${d.reason}${d.expires ? ` (until ${d.expires})` : ''}. Not counted in the exit code.`;
    return { ...c, accepted: { reason: d.reason, ...(d.expires ? { expires: d.expires } : {}) }, failure: withDetail(c.failure, line), ...(c.failures ? { failures: c.failures.map((f) => withDetail(f, line)!) } : {}) };
  });

  const baseline = input.baseline ? compareWithBaseline(input.checks, input.baseline) : undefined;
  const stillFailing = new Set(baseline?.stillFailing ?? []);
  const gate: GateSection = { counted: [], notCounted: [] };
  const seen = new Set<string>();
  for (const c of checks) {
    if (c.status !== 'failed' || seen.has(c.id)) continue;
    seen.add(c.id);
    if (c.accepted) gate.notCounted.push({ id: c.id, why: 'accepted deviation' });
    else if (stillFailing.has(c.id)) gate.notCounted.push({ id: c.id, why: 'failing in the baseline too' });
    else gate.counted.push(c.id);
  }

  let deviations: DeviationsSection | undefined;
  if (input.deviations) {
    deviations = { file: input.deviations.file, accepted: [], expired: [], unused: [], unknown: [] };
    for (const d of input.deviations.entries) {
      const status = statusOf.get(d.id);
      if (!input.knownIds.has(d.id) && status === undefined) {
        deviations.unknown.push(d.id);
        continue;
      }
      if (status !== 'failed') deviations.unused.push({ ...d, status: status ?? 'not run' });
      else if (isExpired(d, input.today)) deviations.expired.push({ ...d, expires: d.expires!, status });
      else deviations.accepted.push(d);
    }
  }
  return { checks, gate, ...(baseline ? { baseline } : {}), ...(deviations ? { deviations } : {}) };
}

const MAX_LISTED = 20;

function listed(print: (line: string) => void, mark: string, ids: string[], note = ''): void {
  for (const id of ids.slice(0, MAX_LISTED)) print(`    ${mark} ${id}${note}`);
  if (ids.length > MAX_LISTED) print(`    ... and ${ids.length - MAX_LISTED} more (results.json)`);
}

/** The gate's part of the summary on stdout. */
export function printGate(print: (line: string) => void, g: Gate, failed: ReadonlySet<string>): void {
  if (g.baseline) {
    const b = g.baseline;
    const newFailing = b.new.filter((id) => failed.has(id));
    print(`\nbaseline ${b.file}${b.started ? ` (run of ${b.started}${b.host ? `, ${b.host}` : ''})` : ''}:`);
    print(`  new failures (passed in the baseline, fail now): ${b.newFailures.length}`);
    listed(print, '✗', b.newFailures);
    print(`  still failing (failed in the baseline too, not counted): ${b.stillFailing.length}`);
    listed(print, '-', b.stillFailing);
    print(`  fixed (failed in the baseline, pass now): ${b.fixed.length}`);
    listed(print, '✓', b.fixed);
    print(`  new checks (not in the baseline, judged normally): ${b.new.length}${newFailing.length ? `, ${newFailing.length} failing` : ''}`);
    listed(print, '✗', newFailing);
    if (b.notRun.length) print(`  in the baseline but not run now: ${b.notRun.length}`);
  }
  if (g.deviations) {
    const d = g.deviations;
    if (d.accepted.length || d.expired.length || d.unused.length) print(`\nknown deviations ${d.file}:`);
    for (const a of d.accepted) print(`  ≈ ${a.id}: accepted (${a.reason}${a.expires ? `; until ${a.expires}` : ''})`);
    for (const e of d.expired) print(`  ✗ ${e.id}: the accepted deviation EXPIRED on ${e.expires} (${e.reason}): counted again`);
    for (const u of d.unused) print(`  · ${u.id}: listed as a deviation but ${u.status} in this run`);
  }
  const { counted, notCounted } = g.gate;
  if (counted.length) print(`\n${counted.length} failure${counted.length > 1 ? 's' : ''} counted: ${counted.slice(0, MAX_LISTED).join(', ')}${counted.length > MAX_LISTED ? ', ...' : ''}`);
  else if (notCounted.length) print(`\nno failure counted (${notCounted.length} not counted: ${[...new Set(notCounted.map((n) => n.why))].join(', ')})`);
}

/** Warnings for the start of a run (stderr): deviation ids that name no check. */
export function deviationWarnings(entries: readonly Deviation[], knownIds: ReadonlySet<string>, file: string): string[] {
  return entries.filter((d) => !knownIds.has(d.id)).map((d) => `warning: --deviations ${file}: '${d.id}' names no check of the suite (ignored)`);
}
