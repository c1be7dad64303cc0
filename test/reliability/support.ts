// Helpers for the reliability tests: run the CLI as a user would (test/support/cli.ts)
// against a reference host started here, time it, and read what it left behind.
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/index.ts';
import type { CheckResult, Failure } from '../../src/results/types.ts';
import { runCli, writeJson, type CliRun } from '../support/cli.ts';

export interface TimedRun extends CliRun {
  /** Wall time of the whole CLI process, start-up included. */
  wallMs: number;
}

export async function timedCli(args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): Promise<TimedRun> {
  const t0 = performance.now();
  const run = await runCli(args, env, timeoutMs);
  return { ...run, wallMs: Math.round(performance.now() - t0) };
}

/** The arguments that point the CLI at a started host, with its fixtures file. */
export function hostArgs(sim: Simulator, extra: string[] = [], fixtures: unknown = sim.fixtures): string[] {
  return ['--base-url', sim.baseUrl, '--fixtures', writeJson(fixtures), ...extra];
}

/** Started hosts, stopped together in an `after` hook. */
export class Hosts {
  private readonly all: Simulator[] = [];

  async start(options: SimulatorOptions = {}): Promise<Simulator> {
    const sim = await startSimulator(options);
    this.all.push(sim);
    return sim;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.all.splice(0).map((s) => s.stop()));
  }
}

export function failed(run: CliRun): CheckResult[] {
  return run.results?.checks.filter((c) => c.status === 'failed') ?? [];
}

/** What a failure says, in one string: title, received, documented, details. */
export function wordsOf(f: Failure | undefined): string {
  if (!f) return '';
  return [f.title, f.received, f.documented, ...(f.details ?? [])].join('\n');
}

/** Lines that look like a JavaScript stack frame ("    at fn (file.ts:12:3)"). */
export function stackFrames(text: string): string[] {
  return text.split('\n').filter((line) => /^\s+at\s+(?:.+\s+\()?(?:file:|node:|\/|[A-Za-z]:\\|<anonymous>).*\d+:\d+\)?\s*$/.test(line));
}

/** Words of a crash rather than a verdict: an unhandled rejection or error, or a bare stack trace. */
export function crashSigns(run: CliRun): string[] {
  const signs: string[] = [];
  for (const [where, text] of [['stderr', run.stderr], ['stdout', run.stdout]] as const) {
    if (/Unhandled/i.test(text)) signs.push(`${where} says "Unhandled": ${text.match(/.*Unhandled.*/i)![0]}`);
    const frames = stackFrames(text);
    if (frames.length) signs.push(`${where} has ${frames.length} stack frame(s), e.g. ${frames[0].trim()}`);
  }
  return signs;
}

/** Arrival times at the host (ms), and the shortest span of k+1 consecutive arrivals, for every k. */
export function shortestSpans(timestamps: number[]): { k: number; spanMs: number }[] {
  const out: { k: number; spanMs: number }[] = [];
  for (let k = 1; k < timestamps.length; k++) {
    let min = Number.POSITIVE_INFINITY;
    for (let i = 0; i + k < timestamps.length; i++) min = Math.min(min, timestamps[i + k] - timestamps[i]);
    out.push({ k, spanMs: min });
  }
  return out;
}

/** The largest number of arrivals in any window of `windowMs` (the window starts at an arrival). */
export function maxInWindow(timestamps: number[], windowMs: number): number {
  let max = 0;
  let j = 0;
  for (let i = 0; i < timestamps.length; i++) {
    while (timestamps[i] - timestamps[j] >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

/** The lines of requests.jsonl (one per attempt, in the order sent). */
export function requestLog(run: CliRun): { method: string; url: string; status: number | null; durationMs: number; error?: string }[] {
  return (run.reports['requests.jsonl'] ?? '').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

/**
 * A CLI run per case, each against its own reference host, all at once: registers the mocha
 * hooks and returns the runs by case name (filled before the tests run).
 */
export function runPerCase<C>(cases: readonly C[], each: (c: C) => { name: string; faults: string[]; args: string[]; env?: Record<string, string>; timeoutMs?: number }): Map<string, { run: TimedRun; sim: Simulator }> {
  const hosts = new Hosts();
  const runs = new Map<string, { run: TimedRun; sim: Simulator }>();
  before(async () => {
    await Promise.all(
      cases.map(async (c) => {
        const { name, faults, args, env, timeoutMs } = each(c);
        const sim = await hosts.start({ faults });
        runs.set(name, { run: await timedCli(hostArgs(sim, args), env ?? {}, timeoutMs), sim });
      }),
    );
  });
  after(() => hosts.stopAll());
  return runs;
}
