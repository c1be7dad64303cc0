// `npm run bench [-- --quick] [--mutation]`: the suite's performance budget, measured in one
// run and compared with its targets. Prints a table and writes reports/bench.json and
// reports/bench.md. Always exits 0: the verdicts are in the JSON. A verdict comes only from a
// measured run that passed (exit 0, no failed check; for shrinking: the clean run passed and
// exactly the expected check failed against the fault): a run that did not is an ERROR.
//
//   default run     wall time of `node bin/conformance.js` (embedded host), start-up included,
//                   median of 3: target at most 3 s; its requests (target at most 400);
//   remote mode     the CLI against a reference host treated as remote
//                   (CONFORMANCE_TEST_TREAT_LOOPBACK_AS_REMOTE=1), --allow-writes, the documented
//                   1000 requests/min, every answer delayed by --latency 0, 50 and 200 ms, requests
//                   overlapped (the default), fixtures with the minimum two customers; and at
//                   200 ms with four fixtures customers: its time against the rate limit's own
//                   bound (requests x 60 ms); target at most 1.3 x the bound at 200 ms with four
//                   customers (with two, one action per customer at a time puts the floor at
//                   about 1.7 x: half the requests x the round trip). One sequential run
//                   (CONFORMANCE_OVERLAP=0, 0 ms) with the same seed: every overlapped run must give
//                   every check id the same verdict;
//   CPU/request     the same dry-run bulk redeem sent one at a time through a bare node:http client
//                   and through the suite's send() (bench/layers.ts): client CPU per request (no target);
//   shrinking       a negative property against a planted fault, fixed seeds: from its first failing
//                   request to its last request; target at most 2 s (the shrink budget is 5 s), and
//                   for bulk-limit-missing the known minimal counterexample (a batch of limit + 1);
//   mutation        --mutation only (about 2.5 min): faults caught per 100 requests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../test/support/cli.ts';
import { DEFAULT_BULK_MAX } from '../simulator/index.ts';
import {
  defaultRun, layerCosts, median, mutation, remoteRun, shrinkCase, verdictDiff,
  type DefaultRun, type LayerCost, type RemoteRun, type ShrinkCase,
} from './measure.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const QUICK = flag('--quick');
const MUTATION = flag('--mutation');
const SEEDS = QUICK ? [1] : [1, 2];
const REMOTE_SEED = 7;
const LATENCIES = [0, 50, 200];
/** Fixtures customers of the run the 200 ms target is judged on. */
const TARGET_CUSTOMERS = 4;

const TARGETS = {
  defaultRunWallMs: 3_000,
  requestsPerRun: 400,
  remoteBoundRatioAt200: 1.3,
  shrinkMs: 2_000,
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

async function main() {
  const started = new Date();
  const errors: Record<string, string> = {};
  const info = machine();
  log(`bench: ${info.cpus} CPUs (${info.cpuModel}), ${info.memoryGiB} GiB, node ${info.node}, load ${info.loadAverageAtStart.join(' ')}${QUICK ? ', --quick' : ''}`);
  const rows: Row[] = [];
  const verdict = (ok: boolean | undefined): Verdict => (ok === undefined ? 'ERROR' : ok ? 'PASS' : 'FAIL');

  // 1. The default run, three times; only runs that passed count.
  const defaults: DefaultRun[] = [];
  for (let i = 1; i <= 3; i++) {
    const run = await attempt(`default run ${i}/3: node bin/conformance.js`, () => defaultRun(), errors);
    if (run) defaults.push(run);
  }
  const good = defaults.filter((d) => d.passed);
  const bad = defaults.filter((d) => !d.passed);
  const badNote = bad.length ? `; ${bad.length} run(s) did not pass (exit ${bad.map((d) => d.exitCode).join(', ')}; failed ${[...new Set(bad.flatMap((d) => d.failed))].slice(0, 5).join(', ') || '-'}): not counted` : '';
  const wall = median(good.map((d) => d.wallMs));
  const requests = median(good.map((d) => d.requests));
  rows.push({
    metric: `default run wall time, embedded host, start-up included (median of ${good.length} passing)`,
    value: good.length ? `${fmtMs(wall)} (${good.map((d) => fmtMs(d.wallMs)).join(', ')})${badNote}` : `-${badNote}`,
    target: `<= ${TARGETS.defaultRunWallMs / 1000} s`,
    verdict: verdict(good.length ? wall <= TARGETS.defaultRunWallMs : undefined),
  });
  rows.push({
    metric: 'requests per default run (median)',
    value: good.length ? `${requests} (${good.map((d) => d.requests).join(', ')})` : '-',
    target: `<= ${TARGETS.requestsPerRun}`,
    verdict: verdict(good.length ? requests <= TARGETS.requestsPerRun : undefined),
  });

  // 2. Remote mode: one sequential run, then the overlapped runs at each latency, same seed.
  const sequential = await attempt(`remote mode, sequential (CONFORMANCE_OVERLAP=0), 0 ms, --seed ${REMOTE_SEED}`, () => remoteRun(0, false, REMOTE_SEED), errors);
  const remotes: RemoteRun[] = [];
  for (const latency of LATENCIES) {
    const run = await attempt(`remote mode, overlapped, --latency ${latency}, --seed ${REMOTE_SEED}`, () => remoteRun(latency, true, REMOTE_SEED), errors);
    if (run) remotes.push(run);
  }
  const spread = await attempt(`remote mode, overlapped, --latency 200, ${TARGET_CUSTOMERS} fixtures customers, --seed ${REMOTE_SEED}`, () => remoteRun(200, true, REMOTE_SEED, TARGET_CUSTOMERS), errors);
  if (spread) remotes.push(spread);
  const remoteRow = (r: RemoteRun, label: string, target: string, judge?: (ratio: number) => boolean): Row => {
    const ratio = r.durationMs / r.boundMs;
    const diff = sequential?.passed ? verdictDiff(sequential.verdicts, r.verdicts) : undefined;
    const valid = r.passed && diff !== undefined && diff.length === 0 && r.answers521 === 0;
    const why = !r.passed
      ? `; did not pass (exit ${r.exitCode}; failed ${r.failed.slice(0, 5).join(', ') || '-'})`
      : diff === undefined
        ? '; no passing sequential run to compare with'
        : diff.length
          ? `; verdicts differ from the sequential run: ${diff.slice(0, 5).join('; ')}`
          : r.answers521
            ? `; ${r.answers521} answers 521`
            : '; same verdicts as the sequential run';
    return {
      metric: label,
      value: `${fmtMs(r.durationMs)} = ${ratio.toFixed(2)} x the bound (${r.requests} requests x 60 ms = ${fmtMs(r.boundMs)}); wall ${fmtMs(r.wallMs)}${why}`,
      target,
      verdict: valid ? (judge ? verdict(judge(ratio)) : 'INFO') : 'ERROR',
    };
  };
  if (sequential) {
    const ratio = sequential.durationMs / sequential.boundMs;
    rows.push({
      metric: 'remote mode, sequential (CONFORMANCE_OVERLAP=0), 0 ms latency',
      value: `${fmtMs(sequential.durationMs)} = ${ratio.toFixed(2)} x the bound (${sequential.requests} requests); wall ${fmtMs(sequential.wallMs)}${sequential.passed ? '' : `; did not pass (exit ${sequential.exitCode})`}`,
      target: '-',
      verdict: sequential.passed ? 'INFO' : 'ERROR',
    });
  } else rows.push({ metric: 'remote mode, sequential, 0 ms latency', value: '-', target: '-', verdict: 'ERROR' });
  for (const latency of LATENCIES) {
    const r = remotes.find((x) => x.latencyMs === latency && x.customers === 2);
    const label = `remote mode, overlapped, --latency ${latency}, 2 fixtures customers (1000 requests/min, --allow-writes)`;
    if (!r) rows.push({ metric: label, value: '-', target: '-', verdict: 'ERROR' });
    else rows.push(remoteRow(r, label, latency === 200 ? '- (floor about 1.7 x: one action per customer)' : '-'));
  }
  {
    const label = `remote mode, overlapped, --latency 200, ${TARGET_CUSTOMERS} fixtures customers`;
    if (!spread) rows.push({ metric: label, value: '-', target: '-', verdict: 'ERROR' });
    else rows.push(remoteRow(spread, label, `<= ${TARGETS.remoteBoundRatioAt200} x the bound`, (ratio) => ratio <= TARGETS.remoteBoundRatioAt200));
  }

  // 3. CPU per request: a bare node:http client against the suite's send().
  const layers = await attempt('layers: one dry-run bulk redeem, 400 times through each layer of the client', () => layerCosts(400), errors);
  const bare = layers?.find((l) => l.layer.startsWith('node:http'));
  const suite = layers?.find((l) => l.layer.startsWith('send()'));
  rows.push({
    metric: 'client CPU per request: the suite\'s send() vs a bare node:http client (bench/layers.ts)',
    value: bare && suite ? `${suite.clientCpuMsPerRequest.toFixed(2)} ms vs ${bare.clientCpuMsPerRequest.toFixed(2)} ms (${(suite.clientCpuMsPerRequest / bare.clientCpuMsPerRequest).toFixed(1)}x)` : '-',
    target: '-',
    verdict: bare && suite ? 'INFO' : 'ERROR',
  });

  // 4. Shrinking against planted faults.
  const shrinkSpecs = [
    { fault: 'bulk-limit-missing', check: 'bulk-redeem.negative_data_rejection.over-limit-list', minimalList: true },
    { fault: 'points-both-identifiers', check: 'points-update.negative_data_rejection.both-identifiers', minimalList: false },
  ];
  const shrinks: ShrinkCase[] = [];
  for (const s of shrinkSpecs) {
    for (const seed of SEEDS) {
      const c = await attempt(`shrinking: ${s.check} against ${s.fault}, --seed ${seed}`, () => shrinkCase(s.fault, s.check.replace(/\./g, '\\.'), s.check, seed), errors);
      if (c) shrinks.push(c);
    }
  }
  for (const s of shrinkSpecs) {
    const cases = shrinks.filter((c) => c.fault === s.fault);
    const valid = cases.filter((c) => c.cleanPassed && c.onlyExpectedFailed);
    const worst = valid.length ? Math.max(...valid.map((c) => c.shrinkMs)) : Number.NaN;
    const minimal = s.minimalList ? valid.every((c) => c.counterexampleListLength === DEFAULT_BULK_MAX + 1) : true;
    const invalid = cases.length - valid.length;
    rows.push({
      metric: `shrink time: ${s.check} against ${s.fault} (worst of seeds ${SEEDS.join(', ')})${s.minimalList ? `, counterexample a batch of ${DEFAULT_BULK_MAX + 1}` : ''}`,
      value: cases.length
        ? `${valid.length ? fmtMs(worst) : '-'}; ${cases.map((c) => `${c.shrinks ?? '?'} shrinks${c.counterexampleListLength !== undefined ? `, list of ${c.counterexampleListLength}` : ''}`).join('; ')}${cases.some((c) => c.budgetHit) ? '; budget hit' : ''}${invalid ? `; ${invalid} case(s) not valid (clean run failed, or not exactly the expected check failed)` : ''}`
        : '-',
      target: `<= ${TARGETS.shrinkMs / 1000} s${s.minimalList ? ' and minimal' : ''}`,
      verdict: valid.length === SEEDS.length ? verdict(worst <= TARGETS.shrinkMs && minimal) : 'ERROR',
    });
  }

  // 5. Optional: faults caught per 100 requests.
  const mut = MUTATION ? await attempt('mutation run: runMutation() (about 2.5 min)', () => mutation(false), errors) : undefined;
  if (MUTATION) {
    rows.push({
      metric: `faults caught per 100 requests (${mut?.source ?? 'mutation'})`,
      value: mut ? `${mut.per100} (${mut.caught}/${mut.faults} faults caught, ${mut.cleanRequests} requests per run, ${mut.falseFailures} false failures)` : '-',
      target: '-',
      verdict: mut ? 'INFO' : 'ERROR',
    });
  }

  const finished = new Date();
  const report = {
    started: started.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    machine: { ...info, loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    options: { quick: QUICK, mutation: MUTATION, seeds: SEEDS, remoteSeed: REMOTE_SEED, latencies: LATENCIES },
    targets: TARGETS,
    summary: {
      defaultRunWallMs: good.length ? wall : null,
      requestsPerRun: good.length ? requests : null,
      remote: remotes.map((r) => ({ latencyMs: r.latencyMs, customers: r.customers, durationMs: r.durationMs, boundMs: r.boundMs, ratio: +(r.durationMs / r.boundMs).toFixed(2), passed: r.passed })),
      sequentialRemote: sequential ? { durationMs: sequential.durationMs, boundMs: sequential.boundMs, passed: sequential.passed } : null,
      worstShrinkMs: shrinks.length ? Math.max(...shrinks.map((c) => c.shrinkMs)) : null,
    },
    verdicts: rows,
    defaultRuns: defaults,
    remoteRuns: [...(sequential ? [sequential] : []), ...remotes].map(({ verdicts: _v, ...r }) => r),
    layers: layers ?? null,
    shrinks,
    mutation: mut ?? null,
    errors,
  };
  const md = renderMarkdown(report, rows, layers);
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
  if (Object.keys(errors).length) log(`\nerrors: ${Object.keys(errors).join('; ')} (details in reports/bench.json)`);
  log(`\nwritten: reports/bench.json, reports/bench.md (${fmtMs(report.durationMs)})`);
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
  return `${out.join('\n')}\n`;
}

try {
  await main();
} catch (err) {
  // npm run bench always exits 0; a crash of the bench itself is still said plainly
  process.stderr.write(`bench: ${(err as Error).stack ?? err}\n`);
}
process.exit(0);
