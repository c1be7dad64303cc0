// The readings matrix: the default suite (the CLI, as a user runs it against a host) against
// the reference host under each alternative reading of the inventory (x-readings in
// openapi.yaml) alone, and under random combinations (one reading per point, drawn from a
// seed). A conforming vendor may take any of them, so every run must pass: 0 failed checks.
//
// Rate limits: the suite is unlimited on loopback, and a user tells it their vendor's limit
// with --max-rpm. A run against a host that takes rate-limit=100-per-minute passes
// --max-rpm 95 and a smaller sample, --runs 3 --sequences 2 (as that user would: every rule
// still runs, each property's examples included, and the run takes about 3 minutes for its
// 280 requests instead of 4 for 390); it runs once, first, beside the others. The sample
// does not depend on the reading (a property's forms are its examples, sent at any --runs),
// and every other run uses the default one. In a random combination that draws
// 100-per-minute the host takes 1000-per-minute instead (a 320-request run never reaches
// 1000 in a minute, so the suite needs no --max-rpm there): the label says so.
import { readReadings } from '../../src/contract/readings.ts';
import { randomReadings, startSimulator } from '../../simulator/index.ts';
import { runCli, writeJson } from '../support/cli.ts';

/** The rate a user would give the suite for a host that takes this rate-limit reading. */
export const MAX_RPM_FOR: Record<string, string | undefined> = { '100-per-minute': '95' };
/** The sample such a user would take at that rate (see the header). */
const SLOW_RATE_SAMPLE = ['--runs', '3', '--sequences', '2'];
/** The reading a random combination takes instead of a slow one (see the header). */
const FAST_RATE = '1000-per-minute';

export interface MatrixJob {
  label: string;
  /** Explicit readings (point -> name); the others take their default, or the seed's draw. */
  readings: Record<string, string>;
  seed?: number;
  args: string[];
}

export interface MatrixRun {
  label: string;
  /** The full combination the host took. */
  readings: Record<string, string>;
  exitCode: number;
  passed: number;
  failed: { id: string; title: string; received?: string; documented?: string }[];
  requests: number;
  durationMs: number;
  error?: string;
}

/** Each alternative reading of the inventory alone (the slow rate reading first), then `random` seeded combinations. */
export function matrixJobs(options: { random?: number; firstSeed?: number; only?: string[] } = {}): MatrixJob[] {
  const alone: MatrixJob[] = [];
  for (const point of readReadings()) {
    if (options.only && !options.only.includes(point.id)) continue;
    for (const r of point.readings) {
      if (r.name === point.default) continue;
      const rpm = point.id === 'rate-limit' ? MAX_RPM_FOR[r.name] : undefined;
      alone.push({
        label: `${point.id}=${r.name}`,
        readings: { [point.id]: r.name },
        args: rpm ? ['--max-rpm', rpm, ...SLOW_RATE_SAMPLE] : [],
      });
    }
  }
  alone.sort((a, b) => b.args.length - a.args.length);
  const random: MatrixJob[] = [];
  const first = options.firstSeed ?? 1;
  for (let seed = first; seed < first + (options.random ?? 0); seed++) {
    const slow = MAX_RPM_FOR[randomReadings(seed)['rate-limit']] !== undefined;
    random.push({ label: `random seed ${seed}${slow ? ` (rate-limit ${FAST_RATE} for the drawn 100-per-minute)` : ''}`, readings: slow ? { 'rate-limit': FAST_RATE } : {}, seed, args: [] });
  }
  return [...alone, ...random];
}

export async function runMatrixJob(job: MatrixJob, timeoutMs = 300_000): Promise<MatrixRun> {
  const t0 = performance.now();
  const sim = await startSimulator({ readings: job.readings, ...(job.seed === undefined ? {} : { readingsSeed: job.seed }) });
  try {
    const run = await runCli(['--base-url', sim.baseUrl, '--fixtures', writeJson(sim.fixtures), '--progress', 'plain', ...job.args], {}, timeoutMs);
    const checks = run.results?.checks ?? [];
    return {
      label: job.label,
      readings: { ...sim.readings },
      exitCode: run.code,
      passed: checks.filter((c) => c.status === 'passed').length,
      failed: checks
        .filter((c) => c.status === 'failed')
        .map((c) => ({ id: c.id, title: c.failure?.title ?? '', received: c.failure?.received, documented: c.failure?.documented })),
      requests: run.results?.run.requests ?? 0,
      durationMs: Math.round(performance.now() - t0),
      ...(run.results ? {} : { error: `no results.json (exit ${run.code}): ${run.stderr.slice(0, 400)}` }),
    };
  } finally {
    await sim.stop();
  }
}

/** `fn` over `items`, at most `limit` at a time, results in the items' order. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export async function runMatrix(jobs: MatrixJob[], parallel = 3): Promise<{ runs: MatrixRun[]; durationMs: number }> {
  const t0 = performance.now();
  const runs = await pool(jobs, parallel, (job) => runMatrixJob(job));
  return { runs, durationMs: Math.round(performance.now() - t0) };
}

/** One line per run that did not pass cleanly: its label, exit code and failed checks. */
export function problems(runs: MatrixRun[]): string[] {
  return runs
    .filter((r) => r.exitCode !== 0 || r.failed.length > 0 || r.error)
    .map((r) => `${r.label}: exit ${r.exitCode}${r.error ? ` ${r.error}` : ''}; failed ${r.failed.map((f) => `${f.id} (${f.title}; received ${f.received})`).join(', ')}`);
}
