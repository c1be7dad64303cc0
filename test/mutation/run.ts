// The mutation run: the whole default suite against the clean reference host and against
// each fault of its catalogue (one at a time, each on its own host and port, a few in
// parallel), compared with the expected-catchers table.
import { availableParallelism } from 'node:os';
import { FAULTS, FAULT_NAMES, startSimulator, type FaultName } from '../../simulator/index.ts';
import { runCli, writeJson } from '../support/cli.ts';
import { EXPECTED, type Expectation } from './expected.ts';
import type { FailureKind } from '../../src/results/types.ts';

/**
 * The seed of every run: the table is a regression test of the suite, so it is reproducible.
 * (The deterministic checks catch their faults whatever the seed; the sequences sample, and
 * the faults only they reveal are graded with this seed.)
 */
export const MUTATION_SEED = 1;

export interface FaultRun {
  fault: FaultName | 'clean';
  /** The vendor rule the fault breaks (the simulator's catalogue). */
  rule: string;
  outcome: 'caught' | 'passes';
  exitCode: number;
  failed: string[];
  /** The failure kind of each failed check. */
  kinds: Record<string, string>;
  /** The expected catchers that did not fail, or failed for another reason ("id (kind, expected K)"). */
  missed: string[];
  /** Failed checks beyond the expected catchers (reported, not an error). */
  alsoCaughtBy: string[];
  /** The run did what the table expects. */
  asExpected: boolean;
  requests: number;
  durationMs: number;
  note?: string;
  error?: string;
}

/** The readings the host takes besides its fault (x-readings; test/readings/matrix.ts): explicit ones, or a seeded draw. */
export interface MutationReadings {
  readings?: Record<string, string>;
  readingsSeed?: number;
}

export interface MutationReport {
  started: string;
  /** The readings every host of the run took (absent: the defaults). */
  readings?: Record<string, string>;
  durationMs: number;
  parallel: number;
  runs: FaultRun[];
  /** Faults of a documented rule caught by all their expected checks / such faults. */
  score: { caught: number; faults: number; percent: number };
  /** Checks failed against the clean host. */
  falseFailures: string[];
  /** Faults that have no entry in the expected-catchers table. */
  unexpectedFaults: string[];
}

async function runOne(fault: FaultName | 'clean', readings: MutationReadings = {}): Promise<FaultRun> {
  const expected: Expectation = fault === 'clean' ? { outcome: 'passes', catchers: {}, args: [] } : EXPECTED[fault];
  const sim = await startSimulator({ faults: fault === 'clean' ? [] : [('spec' in expected && expected.spec) || fault], ...readings });
  const t0 = performance.now();
  try {
    const run = await runCli(['--base-url', sim.baseUrl, '--fixtures', writeJson(sim.fixtures), '--seed', String(MUTATION_SEED), ...(expected.args ?? [])], {}, 240_000);
    const failedChecks = run.results?.checks.filter((c) => c.status === 'failed') ?? [];
    const failed = failedChecks.map((c) => c.id);
    const kinds = Object.fromEntries(failedChecks.map((c) => [c.id, c.failure?.kind ?? '(none)']));
    // Caught means: the expected check failed, and for the expected reason (its failure kind).
    const missed = Object.entries(expected.catchers).flatMap(([id, kind]) => {
      const allowed = Array.isArray(kind) ? kind : [kind];
      if (!failed.includes(id)) return [id];
      return allowed.includes(kinds[id] as FailureKind) ? [] : [`${id} (failed as ${kinds[id]}, expected ${allowed.join(' or ')})`];
    });
    const asExpected = expected.outcome === 'passes' ? run.code === 0 && failed.length === 0 : run.code === 1 && missed.length === 0;
    return {
      fault,
      rule: fault === 'clean' ? '(none: the clean host)' : FAULTS[fault].rule,
      outcome: expected.outcome,
      exitCode: run.code,
      failed,
      kinds,
      missed,
      alsoCaughtBy: failed.filter((c) => !(c in expected.catchers)),
      asExpected,
      requests: run.results?.run.requests ?? 0,
      durationMs: Math.round(performance.now() - t0),
      ...('note' in expected && expected.note ? { note: expected.note } : {}),
      ...(run.results ? {} : { error: `no results.json (exit ${run.code}): ${run.stderr.slice(0, 500)}` }),
    };
  } finally {
    await sim.stop();
  }
}

/** The full combination a host with these readings takes. */
async function readingsOf(readings: MutationReadings): Promise<Record<string, string>> {
  const sim = await startSimulator(readings);
  await sim.stop();
  return sim.readings;
}

/** Runs `items` through `fn`, at most `limit` at a time, keeping the order. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}

export async function runMutation(options: { faults?: FaultName[]; parallel?: number } & MutationReadings = {}): Promise<MutationReport> {
  const started = new Date();
  const t0 = performance.now();
  const faults = options.faults ?? FAULT_NAMES;
  // Each run is mostly a child process waiting on loopback I/O: one more than the cores.
  const parallel = options.parallel ?? Math.max(2, availableParallelism() + 1);
  const readings: MutationReadings = { ...(options.readings && { readings: options.readings }), ...(options.readingsSeed !== undefined && { readingsSeed: options.readingsSeed }) };
  const runs = await pool<FaultName | 'clean', FaultRun>(['clean', ...faults], parallel, (fault) => runOne(fault, readings));
  const graded = runs.filter((r) => r.fault !== 'clean' && r.outcome === 'caught');
  const caught = graded.filter((r) => r.asExpected).length;
  return {
    started: started.toISOString(),
    ...(options.readings || options.readingsSeed !== undefined ? { readings: { ...(await readingsOf(readings)) } } : {}),
    durationMs: Math.round(performance.now() - t0),
    parallel,
    runs,
    score: { caught, faults: graded.length, percent: graded.length ? Math.round((1000 * caught) / graded.length) / 10 : 100 },
    falseFailures: runs.find((r) => r.fault === 'clean')?.failed ?? [],
    unexpectedFaults: FAULT_NAMES.filter((f) => !(f in EXPECTED)),
  };
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function renderMarkdown(report: MutationReport): string {
  const lines = [
    '| fault | vendor rule it breaks | expected | caught | by (expected) | also failed | requests | time |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of report.runs) {
    const caught = r.failed.length > 0 ? 'yes' : 'no';
    const verdict = r.asExpected ? '' : ' ⚠';
    const by = r.outcome === 'caught' ? r.failed.filter((f) => !r.alsoCaughtBy.includes(f)).join(', ') + (r.missed.length ? ` (missed: ${r.missed.join(', ')})` : '') : '-';
    lines.push(`| ${r.fault} | ${cell(r.rule)} | ${r.outcome === 'caught' ? 'caught' : 'clean pass'} | ${caught}${verdict} | ${cell(by)} | ${r.alsoCaughtBy.length} | ${r.requests} | ${(r.durationMs / 1000).toFixed(1)} s |`);
  }
  lines.push('');
  lines.push(`Mutation score: **${report.score.caught}/${report.score.faults} (${report.score.percent}%)** of the faults that break a documented rule caught by their expected checks; ` +
    `${report.runs.filter((r) => r.fault !== 'clean' && r.outcome === 'passes' && r.asExpected).length} robustness faults passed cleanly as they should; ` +
    `false failures on the clean host: **${report.falseFailures.length}**. ` +
    `${report.runs.length} runs, ${report.parallel} in parallel, ${(report.durationMs / 1000).toFixed(0)} s.`);
  return lines.join('\n');
}
