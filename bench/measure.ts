// The measurements of `npm run bench`, one function each. The reference host always runs in
// this process (so its stats() and arrival timestamps can be read) and every client (the
// CLI, autocannon, the layer benchmark) in a child process, so client and host never share
// an event loop: the same topology for the raw rate and for the suite.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basicAuthorization, startSimulator, type Simulator } from '../simulator/index.ts';
import type { Results } from '../src/results/types.ts';
import { ROOT, writeJson } from '../test/support/cli.ts';
import { analyzeProfile, type PhaseProfile } from './profile.ts';

const require = createRequire(import.meta.url);
const AUTOCANNON = require.resolve('autocannon');

/** The property rules: every rule tagged [property] (specs/properties/*.spec.ts). */
export const PROPERTY_GREP = '\\[property\\]';

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : Number.NaN;
};

interface Child {
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
}

function child(args: string[], timeoutMs = 300_000, env: Record<string, string> = {}): Promise<Child> {
  const cleanEnv = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CONFORMANCE_') && !k.startsWith('FC_'))), ...env };
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, env: cleanEnv, timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      const wallMs = performance.now() - t0;
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr, wallMs });
    });
  });
}

export interface CliRun extends Child {
  results?: Results;
  /** requests.jsonl: one line per attempt, in the order sent. */
  log: { method: string; url: string; status: number | null; durationMs: number }[];
  reportsDir: string;
}

/** `node [nodeArgs] bin/conformance.js --reports <tmp> [args]`, timed from spawn to exit. */
export async function cli(args: string[], nodeArgs: string[] = [], env: Record<string, string> = {}): Promise<CliRun> {
  const reportsDir = mkdtempSync(join(tmpdir(), 'bench-reports-'));
  const run = await child([...nodeArgs, join(ROOT, 'bin/conformance.js'), '--reports', reportsDir, ...args], 300_000, env);
  const read = (name: string) => {
    try {
      return readFileSync(join(reportsDir, name), 'utf8');
    } catch {
      return undefined;
    }
  };
  const results = read('results.json');
  const log = (read('requests.jsonl') ?? '').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  return { ...run, results: results ? (JSON.parse(results) as Results) : undefined, log, reportsDir };
}

const hostArgs = (sim: Simulator, extra: string[] = []) => ['--base-url', sim.baseUrl, '--fixtures', writeJson(sim.fixtures), ...extra];

async function withHost<T>(options: Parameters<typeof startSimulator>[0], fn: (sim: Simulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator(options);
  try {
    return await fn(sim);
  } finally {
    await sim.stop();
  }
}

// ---------------------------------------------------------------------------------------
// Raw request rate of the reference host: autocannon, a dry-run bulk redeem of one issued coupon.

export interface RawRate {
  connections: number;
  durationSec: number;
  rps: number;
  latencyMs: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** The bulk redeem of the bench: a valid dry run of one coupon issued to the first customer. */
export async function dryRunRequest(sim: Simulator): Promise<{ url: string; headers: Record<string, string>; body: string }> {
  const { username, password } = sim.fixtures.auth;
  const headers = { Authorization: basicAuthorization(username, password), 'Content-Type': 'application/json' };
  const customer = sim.fixtures.customers[0];
  const issued = await fetch(`${sim.baseUrl}/v2/coupon/issue`, { method: 'POST', headers, body: JSON.stringify({ seriesId: sim.fixtures.seriesId, customer: { id: customer.id } }) });
  const { code } = (await issued.json()) as { code: string };
  if (issued.status !== 200 || !code) throw new Error(`could not issue the bench coupon: HTTP ${issued.status}`);
  const body = JSON.stringify({ redemptionRequestList: [{ code }], redemptionTime: '2025-01-01 10:00:00', transactionNumber: 'bench-raw-1', user: { id: customer.id }, billAmount: '1000' });
  return { url: `${sim.baseUrl}/v2/coupon/bulk/redeem?is_redeemable=true`, headers, body };
}

export async function rawRate(connections: number, durationSec: number): Promise<RawRate> {
  return withHost({}, async (sim) => {
    const { url, headers, body } = await dryRunRequest(sim);
    const headerArgs = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
    const run = await child([AUTOCANNON, '-j', '-n', '-c', String(connections), '-d', String(durationSec), '-m', 'POST', ...headerArgs, '-b', body, url]);
    if (run.code !== 0) throw new Error(`autocannon exited ${run.code}: ${run.stderr.slice(0, 500)}`);
    const r = JSON.parse(run.stdout) as { requests: { average: number; total: number }; latency: { average: number }; non2xx: number; errors: number };
    return { connections, durationSec, rps: Math.round(r.requests.average), latencyMs: r.latency.average, requests: r.requests.total, non2xx: r.non2xx, errors: r.errors };
  });
}

// ---------------------------------------------------------------------------------------
// The suite's own request rate during its property phase.

export interface SuitePhase {
  /** Arrivals at the host while the property rules ran (the CLI selected only them). */
  requests: number;
  /** First to last arrival. */
  windowMs: number;
  /** (requests - 1) / window. */
  rps: number;
  /** results.json run.requests, and the sum of the property rules' durations. */
  cliRequests: number;
  propertyMs: number;
  rpsByDuration: number;
  exitCode: number;
}

export async function suitePhase(): Promise<SuitePhase> {
  return withHost({}, async (sim) => {
    const run = await cli(hostArgs(sim, ['--grep', PROPERTY_GREP]));
    if (!run.results) throw new Error(`no results.json (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
    const ts = sim.stats().timestamps;
    const windowMs = ts.length > 1 ? ts[ts.length - 1] - ts[0] : Number.NaN;
    const propertyMs = run.results.checks.filter((c) => c.kind === 'property').reduce((a, c) => a + (c.durationMs ?? 0), 0);
    return {
      requests: ts.length,
      windowMs,
      rps: Math.round(((ts.length - 1) * 1000) / windowMs),
      cliRequests: run.results.run.requests,
      propertyMs,
      rpsByDuration: Math.round((run.results.run.requests * 1000) / propertyMs),
      exitCode: run.code,
    };
  });
}

// ---------------------------------------------------------------------------------------
// Where the time goes: the layer benchmark and a CPU profile of the property phase.

export interface LayerCost {
  layer: string;
  requests: number;
  rps: number;
  msPerRequest: number;
  clientCpuMsPerRequest: number;
}

export async function layerCosts(n: number): Promise<LayerCost[]> {
  return withHost({}, async (sim) => {
    const run = await child(['--import', 'tsx', join(ROOT, 'bench/layers.ts'), sim.baseUrl, writeJson(sim.fixtures), String(n)]);
    if (run.code !== 0) throw new Error(`bench/layers.ts exited ${run.code}: ${run.stderr.slice(0, 800)}`);
    return JSON.parse(run.stdout.trim().split('\n').pop()!) as LayerCost[];
  });
}

export interface GenerationCosts {
  /** Building the fixtures world of test/generators/world.ts (not a cost of the suite). */
  worldMs: number;
  costs: { operation: string; kind: 'valid' | 'mutators'; firstMs: number; usPerValue: number }[];
}

export async function generationCosts(n: number): Promise<GenerationCosts> {
  const run = await child(['--import', 'tsx', join(ROOT, 'bench/generation.ts'), String(n)]);
  if (run.code !== 0) throw new Error(`bench/generation.ts exited ${run.code}: ${run.stderr.slice(0, 800)}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as GenerationCosts;
}

async function profileOnce(): Promise<PhaseProfile & { requests: number }> {
  return withHost({}, async (sim) => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-prof-'));
    try {
      const run = await cli(hostArgs(sim, ['--grep', PROPERTY_GREP]), ['--cpu-prof', '--cpu-prof-dir', dir]);
      // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread (1 is tsx's loader)
      const main = readdirSync(dir).find((f) => f.endsWith('.cpuprofile') && f.split('.')[4] === '0');
      if (!main) throw new Error(`no main-thread CPU profile (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
      return { ...analyzeProfile(join(dir, main)), requests: sim.stats().requests };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/**
 * V8 samples in wall time: when another process takes the CPU, the gap lands on whatever
 * function was running. So the phase is profiled `times` times and each layer keeps its
 * median; the top functions are those of the median profile (by window).
 */
export async function profilePhase(times = 3): Promise<PhaseProfile & { requests: number; runs: number }> {
  const all: (PhaseProfile & { requests: number })[] = [];
  for (let i = 0; i < times; i++) all.push(await profileOnce());
  const names = [...new Set(all.flatMap((p) => p.layers.map((l) => l.layer)))];
  const layers = names.map((layer) => ({ layer, ms: median(all.map((p) => p.layers.find((l) => l.layer === layer)?.ms ?? 0)) }));
  const total = layers.reduce((a, l) => a + l.ms, 0);
  const mid = [...all].sort((a, b) => a.windowMs - b.windowMs)[Math.floor(all.length / 2)];
  return {
    windowMs: median(all.map((p) => p.windowMs)),
    samples: mid.samples,
    requests: median(all.map((p) => p.requests)),
    runs: all.length,
    layers: layers.sort((a, b) => b.ms - a.ms).map((l) => ({ ...l, percent: Math.round((1000 * l.ms) / total) / 10 })),
    topFunctions: mid.topFunctions,
  };
}

// ---------------------------------------------------------------------------------------
// The full default run: `node bin/conformance.js`, embedded host, start-up included.

export interface DefaultRun {
  wallMs: number;
  requests: number;
  durationMs: number;
  exitCode: number;
  /** Exit 0 and no failed check: only then do its numbers count. */
  passed: boolean;
  failed: string[];
}

const failedIds = (results: Results | undefined) => (results?.checks ?? []).filter((c) => c.status === 'failed').map((c) => c.id);

export async function defaultRun(): Promise<DefaultRun> {
  const run = await cli([]);
  if (!run.results) throw new Error(`no results.json (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
  const failed = failedIds(run.results);
  return { wallMs: Math.round(run.wallMs), requests: run.results.run.requests, durationMs: run.results.run.durationMs, exitCode: run.code, passed: run.code === 0 && failed.length === 0, failed };
}

// ---------------------------------------------------------------------------------------
// The remote-mode run: a loopback host treated as remote (CONFORMANCE_TEST_TREAT_LOOPBACK_AS_REMOTE),
// writes allowed, the documented 1000 requests/min, every answer delayed by --latency.

/** The vendor's documented rate limit (FACTS.md), the remote default of --max-rpm. */
export const DOCUMENTED_RPM = 1000;

export interface RemoteRun {
  latencyMs: number;
  /** Customers in the host's fixtures (each takes one action at a time). */
  customers: number;
  overlap: boolean;
  seed: number;
  wallMs: number;
  /** results.json run.durationMs: from run() to the last report (preflight included, process start-up not). */
  durationMs: number;
  requests: number;
  /** The rate limit's own bound: requests x 60000 / DOCUMENTED_RPM ms. */
  boundMs: number;
  exitCode: number;
  passed: boolean;
  failed: string[];
  /** Check id -> status. */
  verdicts: Record<string, string>;
  /** Answers 521 counted at the host (customer-busy=busy-521 is not set here: expected 0). */
  answers521: number;
}

export async function remoteRun(latencyMs: number, overlap: boolean, seed: number, customers = 2): Promise<RemoteRun> {
  return withHost({ latencyMs, customers }, async (sim) => {
    const env = { CONFORMANCE_TEST_TREAT_LOOPBACK_AS_REMOTE: '1', CONFORMANCE_OVERLAP: overlap ? '1' : '0' };
    const run = await cli(hostArgs(sim, ['--allow-writes', '--max-rpm', String(DOCUMENTED_RPM), '--seed', String(seed)]), [], env);
    if (!run.results) throw new Error(`no results.json (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
    const failed = failedIds(run.results);
    const requests = run.results.run.requests;
    return {
      latencyMs, overlap, seed, customers,
      wallMs: Math.round(run.wallMs),
      durationMs: run.results.run.durationMs,
      requests,
      boundMs: Math.round((requests * 60_000) / DOCUMENTED_RPM),
      exitCode: run.code,
      passed: run.code === 0 && failed.length === 0,
      failed,
      verdicts: Object.fromEntries(run.results.checks.map((c) => [c.id, c.status])),
      answers521: sim.stats().byStatus[521] ?? 0,
    };
  });
}

/** The check ids whose status differs between two runs. */
export function verdictDiff(a: Record<string, string>, b: Record<string, string>): string[] {
  const ids = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return ids.filter((id) => a[id] !== b[id]).map((id) => `${id}: ${a[id] ?? 'absent'} vs ${b[id] ?? 'absent'}`);
}

// ---------------------------------------------------------------------------------------
// Shrinking time of a failing property.

export interface ShrinkCase {
  fault: string;
  check: string;
  seed: number;
  /** The property failed as expected. */
  failed: boolean;
  /** The same run against the clean host passed (exit 0): the measured run means something. */
  cleanPassed: boolean;
  /** Against the fault, exactly the expected check failed (exit 1). */
  onlyExpectedFailed: boolean;
  /** The property's duration (results.json), pool setup included. */
  propertyMs: number;
  /** From the first request whose answer differs from the clean host's (same seed) to the last request. */
  shrinkMs: number;
  /** Requests sent while shrinking. */
  shrinkRequests: number;
  /** fast-check's count of successful shrinks, and whether the time budget stopped it. */
  shrinks?: number;
  budgetHit: boolean;
  counterexample?: string;
  /** Entries of the counterexample's redemptionRequestList, when it has one. */
  counterexampleListLength?: number;
}

function listLength(json: string): number | undefined {
  try {
    const list = (JSON.parse(json) as { body?: { redemptionRequestList?: unknown } }).body?.redemptionRequestList;
    return Array.isArray(list) ? list.length : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs one property (by --grep) with a fixed seed against the clean host and against the
 * faulty one. Both send the same requests until the first answer the fault changes (the
 * first failing run); everything after it, up to the last request, is shrinking. Times are
 * the host's arrival stamps.
 */
export async function shrinkCase(fault: string, grep: string, check: string, seed: number): Promise<ShrinkCase> {
  const args = (sim: Simulator) => hostArgs(sim, ['--grep', grep, '--seed', String(seed)]);
  const cleanRun = await withHost({}, async (sim) => cli(args(sim)));
  const clean = cleanRun.log;
  return withHost({ faults: [fault] }, async (sim) => {
    const run = await cli(args(sim));
    const failed = failedIds(run.results);
    const ts = sim.stats().timestamps;
    const result = run.results?.checks.find((c) => c.id === check);
    if (!run.results || !result) throw new Error(`no result for ${check} (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
    if (run.log.length !== ts.length) throw new Error(`request log (${run.log.length}) and arrivals (${ts.length}) do not line up`);
    let first = run.log.findIndex((entry, i) => entry.status !== clean[i]?.status);
    if (first < 0) first = ts.length - 1;
    const details = result.failure?.details ?? [];
    const shrunk = details.map((d) => d.match(/shrunk (\d+) time/)).find(Boolean);
    return {
      fault,
      check,
      seed,
      cleanPassed: cleanRun.code === 0 && failedIds(cleanRun.results).length === 0,
      onlyExpectedFailed: failed.length === 1 && failed[0] === check && run.code === 1,
      failed: result.status === 'failed',
      propertyMs: result.durationMs ?? Number.NaN,
      shrinkMs: ts[ts.length - 1] - ts[first],
      shrinkRequests: ts.length - 1 - first,
      ...(shrunk ? { shrinks: Number(shrunk[1]) } : {}),
      budgetHit: details.some((d) => d.includes('shrinking stopped at its time budget')),
      ...(result.failure?.counterexample ? { counterexample: result.failure.counterexample.slice(0, 300), counterexampleListLength: listLength(result.failure.counterexample) } : {}),
    };
  });
}

// ---------------------------------------------------------------------------------------
// Faults caught per 100 requests: the mutation run (or its last report).

export interface Mutation {
  source: 'runMutation()' | 'reports/mutation.json';
  started: string;
  caught: number;
  faults: number;
  falseFailures: number;
  /** Requests of one default run against the clean host. */
  cleanRequests: number;
  /** Faults caught by one default run, per 100 requests it sends. */
  per100: number;
  durationMs: number;
}

export async function mutation(quick: boolean): Promise<Mutation> {
  type Report = import('../test/mutation/run.ts').MutationReport;
  let report: Report;
  let source: Mutation['source'];
  if (quick) {
    report = JSON.parse(readFileSync(join(ROOT, 'reports/mutation.json'), 'utf8')) as Report;
    source = 'reports/mutation.json';
  } else {
    const { runMutation } = await import('../test/mutation/run.ts');
    report = await runMutation();
    source = 'runMutation()';
  }
  const clean = report.runs.find((r) => r.fault === 'clean');
  if (!clean) throw new Error('the mutation report has no clean run');
  return {
    source,
    started: report.started,
    caught: report.score.caught,
    faults: report.score.faults,
    falseFailures: report.falseFailures.length,
    cleanRequests: clean.requests,
    per100: Math.round((report.score.caught / clean.requests) * 1000) / 10,
    durationMs: report.durationMs,
  };
}
