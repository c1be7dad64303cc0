// `npm run bench [-- --quick] [--rounds N] [--duration S]`: the suite's performance budget,
// measured in one run and compared with its targets. Prints a table and writes
// reports/bench.json and reports/bench.md. Always exits 0: the verdicts are in the JSON.
//
//   raw rate        autocannon against the reference host: a dry-run bulk redeem
//                   (POST /v2/coupon/bulk/redeem?is_redeemable=true, one issued coupon, Basic auth),
//                   10 connections (autocannon's default) and 1 connection (one request at a
//                   time, as the suite sends);
//   suite rate      the CLI with --grep '\[property\]' (the property rules only) against the
//                   same host: arrivals at the host (stats().timestamps) over their window;
//                   target: at least 50% of the raw rate. Raw and suite alternate, --rounds times;
//   where the time  the same request through each layer of the suite's client (bench/layers.ts),
//   goes            the properties' arbitraries sampled without HTTP (bench/generation.ts), and
//                   three CPU profiles (node --cpu-prof) of the property phase, by layer (bench/profile.ts);
//   default run     wall time of `node bin/conformance.js`, start-up included, median of 3:
//                   target at most 10 s; its requests: target at most 400;
//   mutation        faults of the catalogue caught by one default run, per 100 requests it sends
//                   (runMutation(), about 2.5 min; --quick reads reports/mutation.json instead);
//   shrinking       a property that fails (bulk-limit-missing, points-both-identifiers), fixed
//                   seeds: from its first failing request to its last request; target at most 5 s.
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../test/support/cli.ts';
import {
  defaultRun, generationCosts, layerCosts, median, mutation, profilePhase, rawRate, shrinkCase, suitePhase,
  type DefaultRun, type GenerationCosts, type LayerCost, type Mutation, type RawRate, type ShrinkCase, type SuitePhase,
} from './measure.ts';
import type { PhaseProfile } from './profile.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  const v = i >= 0 ? Number(argv[i + 1]) : Number.NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const QUICK = flag('--quick');
const ROUNDS = option('--rounds', 3);
const DURATION = option('--duration', 3);
const SEEDS = QUICK ? [1] : [1, 2, 3];

const TARGETS = {
  suiteShareOfRaw: 0.5,
  defaultRunWallMs: 10_000,
  requestsPerRun: 400,
  shrinkMs: 5_000,
};

type Verdict = 'PASS' | 'FAIL' | 'INFO' | 'ERROR';

interface Row {
  metric: string;
  value: string;
  target: string;
  verdict: Verdict;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function attempt<T>(what: string, fn: () => Promise<T>, errors: Record<string, string>): Promise<T | undefined> {
  log(`- ${what}...`);
  try {
    return await fn();
  } catch (err) {
    errors[what] = (err as Error).stack ?? String(err);
    log(`  ERROR: ${(err as Error).message}`);
    return undefined;
  }
}

function machine() {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    if (execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim()) commit += ' (with uncommitted changes)';
  } catch {
    /* not a git checkout */
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(os.freemem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    commit,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function main() {
  const started = new Date();
  const errors: Record<string, string> = {};
  const info = machine();
  log(`bench: ${info.cpus} CPUs (${info.cpuModel}), ${info.memoryGiB} GiB, node ${info.node}, load ${info.loadAverageAtStart.join(' ')}${QUICK ? ', --quick' : ''}`);

  // 1. Raw rate and suite rate, side by side: alternating, ROUNDS times, medians.
  const rounds: { raw10?: RawRate; raw1?: RawRate; suite?: SuitePhase }[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    rounds.push({
      raw10: await attempt(`round ${r}/${ROUNDS}: raw rate, autocannon -c 10 -d ${DURATION}`, () => rawRate(10, DURATION), errors),
      raw1: await attempt(`round ${r}/${ROUNDS}: raw rate, autocannon -c 1 -d ${DURATION}`, () => rawRate(1, DURATION), errors),
      suite: await attempt(`round ${r}/${ROUNDS}: suite, property phase (--grep '\\[property\\]')`, () => suitePhase(), errors),
    });
  }
  const pick = <T>(get: (x: (typeof rounds)[number]) => T | undefined) => rounds.map(get).filter((x): x is T => x !== undefined);
  const raw10 = median(pick((x) => x.raw10?.rps));
  const raw1 = median(pick((x) => x.raw1?.rps));
  const suite = median(pick((x) => x.suite?.rps));
  const suiteByDuration = median(pick((x) => x.suite?.rpsByDuration));

  // 2. Where the time goes.
  const layers = await attempt('layers: one dry-run bulk redeem, 400 times through each layer of the client', () => layerCosts(400), errors);
  const generation = await attempt('generation: the arbitraries of the properties, sampled without HTTP', () => generationCosts(200), errors);
  const profile = await attempt('CPU profile of the property phase (node --cpu-prof), 3 times', () => profilePhase(3), errors);

  // 3. The default run, three times.
  const defaults: DefaultRun[] = [];
  for (let i = 1; i <= 3; i++) {
    const run = await attempt(`default run ${i}/3: node bin/conformance.js`, () => defaultRun(), errors);
    if (run) defaults.push(run);
  }
  const wall = median(defaults.map((d) => d.wallMs));
  const requests = median(defaults.map((d) => d.requests));

  // 4. Shrinking.
  const shrinkSpecs = [
    { fault: 'bulk-limit-missing', grep: '\\[bulk-redeem\\].*\\[negative_data_rejection\\]', check: 'bulk-redeem.negative_data_rejection' },
    { fault: 'points-both-identifiers', grep: '\\[points-update\\].*\\[negative_data_rejection\\]', check: 'points-update.negative_data_rejection' },
  ];
  const shrinks: ShrinkCase[] = [];
  for (const s of shrinkSpecs) {
    for (const seed of SEEDS) {
      const c = await attempt(`shrinking: ${s.check} against ${s.fault}, --seed ${seed}`, () => shrinkCase(s.fault, s.grep, s.check, seed), errors);
      if (c) shrinks.push(c);
    }
  }

  // 5. Faults caught per 100 requests.
  const mut = await attempt(QUICK ? 'mutation score: reports/mutation.json (--quick)' : 'mutation run: runMutation() (about 2.5 min)', () => mutation(QUICK), errors);

  // Verdicts.
  const rows: Row[] = [];
  const verdict = (ok: boolean | undefined): Verdict => (ok === undefined ? 'ERROR' : ok ? 'PASS' : 'FAIL');
  const num = (x: number) => (Number.isFinite(x) ? x : undefined);
  rows.push({ metric: `raw rate: autocannon -c 10, dry-run bulk redeem (median of ${ROUNDS})`, value: `${raw10} req/s`, target: '-', verdict: num(raw10) ? 'INFO' : 'ERROR' });
  rows.push({ metric: `raw rate: autocannon -c 1 (one request at a time)`, value: `${raw1} req/s`, target: '-', verdict: num(raw1) ? 'INFO' : 'ERROR' });
  const share = suite / raw10;
  rows.push({
    metric: `suite: property phase, arrivals at the host (median of ${ROUNDS})`,
    value: `${suite} req/s = ${pct(share)} of raw -c 10`,
    target: `>= ${TARGETS.suiteShareOfRaw * 100}% of raw`,
    verdict: verdict(num(share) === undefined ? undefined : share >= TARGETS.suiteShareOfRaw),
  });
  rows.push({ metric: 'suite vs raw -c 1 (the host answering one request at a time)', value: pct(suite / raw1), target: '-', verdict: num(suite / raw1) ? 'INFO' : 'ERROR' });
  const bare = layers?.find((l) => l.layer.startsWith('node:http'))?.rps ?? Number.NaN;
  rows.push({ metric: 'bare node:http client, the same dry run one at a time (bench/layers.ts)', value: `${bare} req/s = ${pct(bare / raw1)} of raw -c 1; suite = ${pct(suite / bare)} of it`, target: '-', verdict: num(bare) ? 'INFO' : 'ERROR' });
  const idle = profile ? (profile.layers.find((l) => l.layer.startsWith('idle'))?.percent ?? 0) : Number.NaN;
  rows.push({ metric: 'suite client busy during the property phase (CPU profile: 100% - idle)', value: Number.isFinite(idle) ? `${(100 - idle).toFixed(1)}%` : '-', target: '-', verdict: profile ? 'INFO' : 'ERROR' });
  rows.push({ metric: 'suite: results.json requests / property durations', value: `${suiteByDuration} req/s`, target: '-', verdict: num(suiteByDuration) ? 'INFO' : 'ERROR' });
  rows.push({
    metric: `default run wall time, start-up included (median of ${defaults.length})`,
    value: defaults.length ? `${fmtMs(wall)} (${defaults.map((d) => fmtMs(d.wallMs)).join(', ')})` : '-',
    target: `<= ${TARGETS.defaultRunWallMs / 1000} s`,
    verdict: verdict(defaults.length ? wall <= TARGETS.defaultRunWallMs : undefined),
  });
  rows.push({
    metric: 'requests per default run (median)',
    value: defaults.length ? `${requests} (${defaults.map((d) => d.requests).join(', ')})` : '-',
    target: `<= ${TARGETS.requestsPerRun}`,
    verdict: verdict(defaults.length ? requests <= TARGETS.requestsPerRun : undefined),
  });
  rows.push({
    metric: `faults caught per 100 requests (${mut?.source ?? 'mutation'})`,
    value: mut ? `${mut.per100} (${mut.caught}/${mut.faults} faults caught, ${mut.cleanRequests} requests per run, ${mut.falseFailures} false failures)` : '-',
    target: '-',
    verdict: mut ? 'INFO' : 'ERROR',
  });
  for (const s of shrinkSpecs) {
    const cases = shrinks.filter((c) => c.fault === s.fault);
    const worst = cases.length ? Math.max(...cases.map((c) => c.shrinkMs)) : Number.NaN;
    const allFailed = cases.length > 0 && cases.every((c) => c.failed);
    rows.push({
      metric: `shrink time: ${s.check} against ${s.fault} (worst of seeds ${SEEDS.join(', ')})`,
      value: cases.length
        ? `${fmtMs(worst)}; property ${cases.map((c) => fmtMs(c.propertyMs)).join(', ')}; ${cases.map((c) => `${c.shrinks ?? '?'} shrinks`).join(', ')}${cases.some((c) => c.budgetHit) ? '; budget hit' : ''}${allFailed ? '' : '; DID NOT FAIL'}`
        : '-',
      target: `<= ${TARGETS.shrinkMs / 1000} s`,
      verdict: verdict(cases.length ? allFailed && worst <= TARGETS.shrinkMs : undefined),
    });
  }

  const finished = new Date();
  const report = {
    started: started.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    machine: { ...info, loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    options: { quick: QUICK, rounds: ROUNDS, durationSec: DURATION, seeds: SEEDS },
    targets: TARGETS,
    summary: { rawRps: { c10: raw10, c1: raw1 }, suiteRps: suite, suiteShareOfRaw: share, suiteShareOfRawC1: suite / raw1, defaultRunWallMs: wall, requestsPerRun: requests, faultsCaughtPer100Requests: mut?.per100 ?? null, worstShrinkMs: shrinks.length ? Math.max(...shrinks.map((c) => c.shrinkMs)) : null },
    verdicts: rows,
    rounds,
    layers: layers ?? null,
    generation: generation ?? null,
    profile: profile ?? null,
    defaultRuns: defaults,
    shrinks,
    mutation: mut ?? null,
    errors,
  };
  const md = renderMarkdown(report, rows, layers, generation, profile, mut);
  const dir = join(ROOT, 'reports');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'bench.md'), md);
  log('');
  log(renderTable(rows));
  if (layers) {
    log('\nper request, one at a time, through each layer of the client (bench/layers.ts):');
    log(renderTable(layers.map((l) => ({ layer: l.layer, 'req/s': String(l.rps), 'ms/request': l.msPerRequest.toFixed(2), 'client CPU ms/request': l.clientCpuMsPerRequest.toFixed(2) }))));
  }
  if (generation) {
    log('\nrequest generation, no HTTP (bench/generation.ts):');
    log(renderTable(generationRows(generation)));
  }
  if (profile) {
    log(`\nproperty phase, CPU profile by layer (median of ${profile.runs} profiles; ${profile.requests} requests, window ${profile.windowMs} ms):`);
    log(renderTable(profile.layers.map((l) => ({ layer: l.layer, ms: String(l.ms), 'ms/request': (l.ms / profile.requests).toFixed(2), share: `${l.percent}%` }))));
  }
  if (Object.keys(errors).length) log(`\nerrors: ${Object.keys(errors).join('; ')} (details in reports/bench.json)`);
  log(`\nwritten: reports/bench.json, reports/bench.md (${fmtMs(report.durationMs)})`);
}

function generationRows(g: GenerationCosts): Record<string, string>[] {
  return g.costs.map((c) => ({ operation: c.operation, arbitraries: c.kind, 'build + first value': `${c.firstMs} ms`, 'per further value': `${c.usPerValue} µs` }));
}

function renderTable(rows: Record<string, string>[] | Row[]): string {
  const records = rows as Record<string, string>[];
  if (!records.length) return '';
  const keys = Object.keys(records[0]);
  const width = keys.map((k) => Math.max(k.length, ...records.map((r) => String(r[k]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i])).join('  ').trimEnd();
  return [line(keys), line(width.map((w) => '-'.repeat(w))), ...records.map((r) => line(keys.map((k) => String(r[k]))))].join('\n');
}

function mdTable(records: Record<string, string>[]): string {
  if (!records.length) return '';
  const keys = Object.keys(records[0]);
  const cell = (s: string) => String(s).replace(/\|/g, '\\|');
  return [`| ${keys.join(' | ')} |`, `|${keys.map(() => '---').join('|')}|`, ...records.map((r) => `| ${keys.map((k) => cell(r[k])).join(' | ')} |`)].join('\n');
}

function renderMarkdown(
  report: { started: string; durationMs: number; machine: ReturnType<typeof machine> & { loadAverageAtEnd: number[] }; options: object },
  rows: Row[],
  layers: LayerCost[] | undefined,
  generation: GenerationCosts | undefined,
  profile: (PhaseProfile & { requests: number; runs: number }) | undefined,
  mut: Mutation | undefined,
): string {
  const m = report.machine;
  const out = [
    '# Benchmark (`npm run bench`)',
    '',
    `${report.started}, ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB RAM, node ${m.node}, ${m.platform}, commit ${m.commit}; ` +
      `load average ${m.loadAverageAtStart.join(' ')} at start, ${m.loadAverageAtEnd.join(' ')} at end; options ${JSON.stringify(report.options)}; took ${fmtMs(report.durationMs)}.`,
    '',
    mdTable(rows as unknown as Record<string, string>[]),
  ];
  if (layers) {
    out.push('', '## Per request, through each layer of the client', '', 'The same dry-run bulk redeem, sent 400 times one at a time (bench/layers.ts, a child process against the host in the bench process).', '');
    out.push(mdTable(layers.map((l) => ({ layer: l.layer, 'req/s': String(l.rps), 'ms/request': l.msPerRequest.toFixed(2), 'client CPU ms/request': l.clientCpuMsPerRequest.toFixed(2) }))));
  }
  if (generation) {
    out.push('', '## Request generation, without HTTP', '', 'The arbitraries of the properties, built from the reference host\'s fixtures and sampled in a fresh process (bench/generation.ts).', '');
    out.push(mdTable(generationRows(generation)));
  }
  if (profile) {
    out.push('', '## Property phase, CPU profile by layer', '', `\`node --cpu-prof bin/conformance.js --grep '\\[property\\]'\`, ${profile.runs} times, median per layer: ${profile.requests} requests; samples from the first to the last in the client (${profile.windowMs} ms), each given to the first known layer from the top of its stack. V8 samples in wall time: on a loaded machine, time the process spent descheduled lands on whatever function was running.`, '');
    out.push(mdTable(profile.layers.map((l) => ({ layer: l.layer, ms: String(l.ms), 'ms/request': (l.ms / profile.requests).toFixed(2), share: `${l.percent}%` }))));
    out.push('', 'Largest self times:', '', mdTable(profile.topFunctions.map((f) => ({ function: f.fn, ms: String(f.ms) }))));
  }
  if (mut) out.push('', `Mutation: ${mut.source}, started ${mut.started}, ${fmtMs(mut.durationMs)}.`);
  return `${out.join('\n')}\n`;
}

try {
  await main();
} catch (err) {
  // npm run bench always exits 0; a crash of the bench itself is still said plainly
  process.stderr.write(`bench: ${(err as Error).stack ?? err}\n`);
}
process.exit(0);
