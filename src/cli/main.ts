// `npx conformance [options]`: resolve the configuration (exit 2 on any problem, nothing
// sent), start the embedded reference host when no --base-url is given, run the mocha
// specs of the root .mocharc.json in-process, write the reports, exit 0 / 1 / 2.
// The CI gate (src/baseline): --baseline counts only regressions against a previous run,
// --deviations accepts known vendor deviations, --write-baseline records this run.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import Mocha from 'mocha';
import { glob } from 'glob';
import { ConfigError, DEFAULT_PROPERTY_RUNS, resolveConfig, type Config, type Fixtures, type RawOptions } from '../config/index.ts';
import { getContract } from '../contract/index.ts';
import { Client } from '../client/index.ts';
import { createRedactor, type Redact } from '../redact.ts';
import { Recorder } from '../runtime/recorder.ts';
import { setSession } from '../runtime/session.ts';
import { createReporterClass, printFailure } from '../runtime/reporter.ts';
import { WRITES_SKIP_REASON, type RuleState } from '../runtime/rule.ts';
import type { CheckResult, Results } from '../results/types.ts';
import { writeReports } from '../report/index.ts';
import { applyGate, deviationWarnings, GateConfigError, loadBaseline, loadDeviations, printGate, todayIso, type Baseline, type Deviation } from '../baseline/index.ts';
import { Progress, PROGRESS_MODES, type ProgressMode } from '../progress/index.ts';
import { mutatorSituations, responseCheckRefs, ruleStates, trace, type MutatorSituations } from '../traceability/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { name: string; version: string };

export const EXIT = { conforms: 0, nonConformance: 1, usage: 2 } as const;

function program(): Command {
  return new Command('conformance')
    .description('Checks a host against the vendor-documented v2 coupon and points API (openapi/openapi.yaml).\nWith no --base-url, runs against the embedded reference host.')
    .version(PKG.version)
    .addOption(new Option('--base-url <url>', 'host to test (env CONFORMANCE_BASE_URL); absent: the embedded reference host'))
    .addOption(new Option('--fixtures <file>', 'fixtures JSON, required with --base-url (env CONFORMANCE_FIXTURES)'))
    .addOption(new Option('--username <user>', 'Basic auth user (env CONFORMANCE_USERNAME)'))
    .addOption(new Option('--password <password>', 'Basic auth password; the suite MD5-hashes it (env CONFORMANCE_PASSWORD)'))
    .addOption(new Option('--oauth-token <token>', 'sent as X-CAP-API-OAUTH-TOKEN (env CONFORMANCE_OAUTH_TOKEN)'))
    .addOption(new Option('--allow-writes', 'permit issue/redeem/update against a non-loopback host (env CONFORMANCE_ALLOW_WRITES=1)'))
    .addOption(new Option('--bulk-max <n>', 'documented batch limit to hold the host to (default: fixtures limits.bulkRedeemMax, else 50)'))
    .addOption(new Option('--max-rpm <n>', 'client-side rate limit (env CONFORMANCE_MAX_RPM); default 1000 remote, unlimited on loopback'))
    .addOption(new Option('--timeout <ms>', 'per-request timeout in ms (default 10000)'))
    .addOption(new Option('--seed <n>', 'property-based seed (env FC_SEED)'))
    .addOption(new Option('--runs <n>', 'property-based runs per property (env FC_RUNS)'))
    .addOption(new Option('--grep <pattern>', 'run a subset: a pattern over rule titles, tags and check ids'))
    .addOption(new Option('--reports <dir>', 'where reports go (default reports/)'))
    .addOption(new Option('--baseline <file>', "a previous run's results.json: exit 1 only for checks that passed there and fail now (new checks are judged normally)"))
    .addOption(new Option('--write-baseline <file>', "record this run's results.json (redacted) as the accepted baseline"))
    .addOption(new Option('--deviations <file>', 'known vendor deviations (JSON or YAML: id, reason, expires?): reported as accepted, not counted until they expire'))
    .addOption(new Option('--progress <mode>', 'progress output: live (one line redrawn in place), plain (a line per rule), auto (live on a terminal)').choices(PROGRESS_MODES as string[]).default('auto'))
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
}

/** Every later write to stdout/stderr passes through the redactor: no credential is ever printed. */
function redactStdio(redact: Redact): () => void {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const wrap = (write: typeof out) =>
    ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' || Buffer.isBuffer(chunk) ? redact(chunk.toString()) : (chunk as string), ...(rest as []))) as typeof out;
  process.stdout.write = wrap(out);
  process.stderr.write = wrap(err);
  return () => {
    process.stdout.write = out;
    process.stderr.write = err;
  };
}

function usageError(message: string): number {
  process.stderr.write(`conformance: ${message}\n`);
  return EXIT.usage;
}

interface LoadedSpecs {
  mocha: Mocha;
  rules: RuleState[];
  /** Every rule of the specs, whatever --grep selects. */
  allRules: RuleState[];
}

/** The gate's own options (not part of Config): read and checked before anything runs. */
interface GateOptions {
  baseline?: Baseline;
  deviations?: { file: string; entries: Deviation[] };
  writeBaseline?: string;
  progress: ProgressMode;
}

function readGateOptions(opts: { baseline?: string; writeBaseline?: string; deviations?: string; progress?: string }): GateOptions {
  const progress = (opts.progress ?? 'auto') as ProgressMode;
  if (!PROGRESS_MODES.includes(progress)) throw new GateConfigError('--progress', `must be one of ${PROGRESS_MODES.join(', ')}`);
  if (opts.baseline !== undefined && !opts.baseline.trim()) throw new GateConfigError('--baseline', 'needs a file (a previous results.json)');
  if (opts.writeBaseline !== undefined && !opts.writeBaseline.trim()) throw new GateConfigError('--write-baseline', 'needs a file to write');
  if (opts.deviations !== undefined && !opts.deviations.trim()) throw new GateConfigError('--deviations', 'needs a file (JSON or YAML)');
  return {
    progress,
    ...(opts.baseline ? { baseline: loadBaseline(resolve(opts.baseline)) } : {}),
    ...(opts.deviations ? { deviations: { file: opts.deviations, entries: loadDeviations(resolve(opts.deviations)) } } : {}),
    ...(opts.writeBaseline ? { writeBaseline: resolve(opts.writeBaseline) } : {}),
  };
}

/** The negative properties' mutators (generators/), for the rule ids each check covers; none if they cannot load. */
async function loadMutators(): Promise<MutatorSituations | undefined> {
  try {
    const { MUTATORS } = (await import('../../generators/mutators.ts')) as { MUTATORS: Parameters<typeof mutatorSituations>[0] };
    return mutatorSituations(MUTATORS);
  } catch {
    return undefined;
  }
}

async function loadSpecs(config: Readonly<Config>, collector: Parameters<typeof createReporterClass>[0]): Promise<LoadedSpecs> {
  const rc = JSON.parse(readFileSync(`${ROOT}.mocharc.json`, 'utf8')) as { spec: string[]; timeout?: number };
  const files = (await glob(rc.spec, { cwd: ROOT, absolute: true })).sort();
  const mocha = new Mocha({ timeout: rc.timeout ?? 60_000, reporter: createReporterClass(collector) });
  for (const file of files) mocha.addFile(file);
  await mocha.loadFilesAsync();
  const allRules = ruleStates(mocha.suite);
  // --grep selects on the title (with its tags) or the check id: mocha's own grep sees only titles.
  const grep = config.grep ? new RegExp(config.grep) : null;
  const rules: RuleState[] = [];
  const select = (suite: Mocha.Suite) => {
    suite.tests = suite.tests.filter((test) => {
      const state = (test as Mocha.Test & { conformance?: RuleState }).conformance;
      const keep = !grep || grep.test(test.fullTitle()) || (state !== undefined && grep.test(state.id));
      if (keep && state) rules.push(state);
      return keep;
    });
    suite.suites.forEach(select);
  };
  select(mocha.suite);
  return { mocha, rules, allRules };
}

export async function main(argv: string[]): Promise<number> {
  const cmd = program();
  let flags: RawOptions;
  try {
    cmd.parse(argv);
    flags = cmd.opts<RawOptions>();
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.conforms;
      return EXIT.usage; // commander already printed the problem
    }
    throw err;
  }

  let config: Readonly<Config>;
  let gateOptions: GateOptions;
  try {
    config = resolveConfig(flags);
    gateOptions = readGateOptions(cmd.opts());
  } catch (err) {
    if (err instanceof ConfigError || err instanceof GateConfigError) return usageError(`configuration error: ${err.message}`);
    throw err;
  }

  const started = new Date();
  const t0 = performance.now();
  let redact = createRedactor(config.auth);
  let restoreStdio = redactStdio(redact);
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  const collector = { results: [] as CheckResult[], print, operationOf: (_: RuleState) => '*' };

  let stopHost: (() => Promise<void>) | undefined;
  try {
    const { mocha, rules, allRules } = await loadSpecs(config, collector);
    if (!rules.length) return usageError(config.grep ? `no rule matches --grep '${config.grep}'` : 'no rules found under specs/');
    const knownIds = new Set([...allRules.map((r) => r.id), ...responseCheckRefs().map((r) => r.id)]);
    if (gateOptions.deviations) {
      for (const w of deviationWarnings(gateOptions.deviations.entries, knownIds, gateOptions.deviations.file)) process.stderr.write(`conformance: ${w}\n`);
    }

    const remoteReadOnly = config.remote && !config.allowWrites;
    if (remoteReadOnly && rules.every((r) => r.writes)) {
      return usageError(`nothing safe to run: every selected rule ${WRITES_SKIP_REASON}. Add --allow-writes to run them.`);
    }

    let baseUrl = config.baseUrl;
    let fixtures = config.fixtures as Fixtures | null;
    let auth = config.auth;
    if (!baseUrl) {
      const { startSimulator } = await import('../../simulator/index.ts');
      const host = await startSimulator({ bulkMax: config.bulkMax ?? undefined });
      stopHost = host.stop;
      baseUrl = host.baseUrl;
      fixtures = host.fixtures as Fixtures;
      const a = host.fixtures.auth;
      auth = { basic: { username: a.username, password: a.password }, ...(a.oauthToken ? { oauthToken: a.oauthToken } : {}) };
      restoreStdio();
      redact = createRedactor(auth);
      restoreStdio = redactStdio(redact);
    }
    const bulkMax = config.bulkMax ?? fixtures?.limits?.bulkRedeemMax ?? undefined;
    const contract = getContract({ bulkMax });
    const client = new Client(contract, {
      baseUrl,
      auth,
      timeoutMs: config.timeoutMs,
      maxRpm: config.maxRpm,
      remote: config.remote,
      allowWrites: config.allowWrites,
      redact,
    });
    const recorder = new Recorder(contract);
    collector.operationOf = (state) => (state.operation ? `${contract.operation(state.operation).method.toUpperCase()} ${contract.operation(state.operation).path}` : '*');
    setSession({ config, contract, client, fixtures: fixtures!, recorder, redact, baseUrl, embedded: !config.baseUrl });

    const hostLabel = config.baseUrl ? redact(baseUrl) : `embedded reference host (${baseUrl})`;
    print(`conformance ${PKG.version}: ${hostLabel}`);
    print(`seed ${config.seed}, batch limit ${contract.bulkMax}, timeout ${config.timeoutMs} ms${config.maxRpm ? `, at most ${config.maxRpm} requests/min` : ''}${remoteReadOnly ? ', read-only (no --allow-writes)' : ''}`);
    if (gateOptions.baseline) print(`baseline ${gateOptions.baseline.file}: only checks that did not fail there count`);
    if (gateOptions.deviations) print(`known deviations ${gateOptions.deviations.file}: ${gateOptions.deviations.entries.length} entr${gateOptions.deviations.entries.length === 1 ? 'y' : 'ies'}`);
    print(`${rules.length} rules selected${config.grep ? ` by --grep '${config.grep}'` : ''}\n`);

    const progress = new Progress({
      mode: gateOptions.progress,
      isTTY: process.stdout.isTTY === true,
      write: (text) => process.stdout.write(text),
      total: rules.length,
      requests: () => client.requests,
      failures: () => collector.results.filter((r) => r.status === 'failed').length + recorder.results().filter((r) => r.status === 'failed').length,
      columns: () => process.stdout.columns,
    });
    collector.print = (line) => progress.print(line);
    progress.start();
    try {
      await new Promise<number>((done) => {
        const runner = mocha.run(done);
        runner.on(Mocha.Runner.constants.EVENT_TEST_END, () => progress.tick());
      });
    } finally {
      progress.finish();
    }

    const mutators = await loadMutators();
    const raw = [...collector.results, ...recorder.results()];
    const traced = new Map(trace(raw, { mutators }).checks.map((c) => [c.id, c.rules]));
    const gated = applyGate({ checks: raw, baseline: gateOptions.baseline, deviations: gateOptions.deviations, knownIds, today: todayIso() });
    const checks = gated.checks.map((c) => ({ ...c, rules: traced.get(c.id) ?? [] }));
    const summary = {
      passed: checks.filter((c) => c.status === 'passed').length,
      failed: checks.filter((c) => c.status === 'failed').length,
      skipped: checks.filter((c) => c.status === 'skipped').length,
      total: checks.length,
    };
    const ran = summary.passed + summary.failed;
    const exitCode = gated.gate.counted.length ? EXIT.nonConformance : ran ? EXIT.conforms : EXIT.usage;
    const results: Results & Omit<typeof gated, 'checks'> = {
      run: {
        tool: PKG.name,
        version: PKG.version,
        host: hostLabel,
        embedded: !config.baseUrl,
        started: started.toISOString(),
        durationMs: Math.round(performance.now() - t0),
        seed: config.seed,
        runs: config.runs ?? DEFAULT_PROPERTY_RUNS.positive,
        ...(config.runs ? {} : { runsPerProperty: { ...DEFAULT_PROPERTY_RUNS } }),
        bulkMax: contract.bulkMax,
        allowWrites: client.writesAllowed,
        ...(config.grep ? { grep: config.grep } : {}),
        requests: client.requests,
        exitCode,
      },
      summary,
      checks,
      gate: gated.gate,
      ...(gated.baseline ? { baseline: gated.baseline } : {}),
      ...(gated.deviations ? { deviations: gated.deviations } : {}),
    };

    print('');
    for (const c of recorder.results().filter((r) => r.status === 'failed')) {
      print(`  ✗ ${c.id} (${c.operation}): failed on ${c.failures?.length ?? 1} of ${c.applied} responses`);
      printFailure(print, c.id, c.failure!);
    }
    const reportsDir = resolve(config.reportsDir);
    const { files } = await writeReports(results, reportsDir, redact);
    mkdirSync(reportsDir, { recursive: true });
    writeFileSync(resolve(reportsDir, 'requests.jsonl'), client.log.map((r) => redact(JSON.stringify(r))).join('\n') + '\n');
    print(`\n${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped (${summary.total} checks, ${client.requests} requests, ${(results.run.durationMs / 1000).toFixed(1)} s)`);
    if (client.blocked || summary.skipped) print(`skipped: ${summary.skipped} (${WRITES_SKIP_REASON}, or filtered)`);
    printGate(print, gated, new Set(checks.filter((c) => c.status === 'failed').map((c) => c.id)));
    print(`reports: ${files.map((f) => resolve(f)).join(', ')}`);
    if (gateOptions.writeBaseline) {
      mkdirSync(dirname(gateOptions.writeBaseline), { recursive: true });
      copyFileSync(resolve(reportsDir, 'results.json'), gateOptions.writeBaseline);
      print(`baseline written: ${gateOptions.writeBaseline} (this run's results.json; pass it to --baseline)`);
    }
    if (exitCode === EXIT.usage) print('conformance: no check ran: nothing to judge (exit 2)');
    return exitCode;
  } finally {
    setSession(undefined);
    if (stopHost) await stopHost();
    restoreStdio();
  }
}

