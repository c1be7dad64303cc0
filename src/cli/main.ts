// `npx conformance [options]`: resolve the configuration (exit 2 on any problem, nothing
// sent), start the embedded reference host when no --base-url is given, run the mocha
// specs of the root .mocharc.json in-process, write the reports, exit 0 / 1 / 2.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import Mocha from 'mocha';
import { glob } from 'glob';
import { ConfigError, resolveConfig, type Config, type Fixtures, type RawOptions } from '../config/index.ts';
import { getContract } from '../contract/index.ts';
import { Client } from '../client/index.ts';
import { createRedactor, type Redact } from '../redact.ts';
import { Recorder } from '../runtime/recorder.ts';
import { setSession } from '../runtime/session.ts';
import { createReporterClass, printFailure } from '../runtime/reporter.ts';
import { WRITES_SKIP_REASON, type RuleState } from '../runtime/rule.ts';
import type { CheckResult, Results } from '../results/types.ts';
import { writeReports } from '../report/index.ts';

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
    .addOption(new Option('--grep <pattern>', 'run a subset: a pattern over rule titles and tags'))
    .addOption(new Option('--reports <dir>', 'where reports go (default reports/)'))
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
}

async function loadSpecs(config: Readonly<Config>, collector: Parameters<typeof createReporterClass>[0]): Promise<LoadedSpecs> {
  const rc = JSON.parse(readFileSync(`${ROOT}.mocharc.json`, 'utf8')) as { spec: string[]; timeout?: number };
  const files = (await glob(rc.spec, { cwd: ROOT, absolute: true })).sort();
  const mocha = new Mocha({
    timeout: rc.timeout ?? 60_000,
    reporter: createReporterClass(collector),
    ...(config.grep ? { grep: config.grep } : {}),
  });
  for (const file of files) mocha.addFile(file);
  await mocha.loadFilesAsync();
  const rules: RuleState[] = [];
  const grep = config.grep ? new RegExp(config.grep) : null;
  const walk = (suite: Mocha.Suite) => {
    for (const test of suite.tests) {
      const state = (test as Mocha.Test & { conformance?: RuleState }).conformance;
      if (state && (!grep || grep.test(test.fullTitle()))) rules.push(state);
    }
    suite.suites.forEach(walk);
  };
  walk(mocha.suite);
  return { mocha, rules };
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
  try {
    config = resolveConfig(flags);
  } catch (err) {
    if (err instanceof ConfigError) return usageError(`configuration error: ${err.message}`);
    throw err;
  }

  const started = new Date();
  const t0 = performance.now();
  let redact = createRedactor(config.auth);
  let restoreStdio = redactStdio(redact);
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const collector = { results: [] as CheckResult[], print, operationOf: (_: RuleState) => '*' };

  let stopHost: (() => Promise<void>) | undefined;
  try {
    const { mocha, rules } = await loadSpecs(config, collector);
    if (!rules.length) return usageError(config.grep ? `no rule matches --grep '${config.grep}'` : 'no rules found under specs/');

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
    print(`${rules.length} rules selected${config.grep ? ` by --grep '${config.grep}'` : ''}\n`);

    await new Promise<number>((done) => mocha.run(done));

    const checks = [...collector.results, ...recorder.results()];
    const summary = {
      passed: checks.filter((c) => c.status === 'passed').length,
      failed: checks.filter((c) => c.status === 'failed').length,
      skipped: checks.filter((c) => c.status === 'skipped').length,
      total: checks.length,
    };
    const ran = summary.passed + summary.failed;
    const exitCode = summary.failed ? EXIT.nonConformance : ran ? EXIT.conforms : EXIT.usage;
    const results: Results = {
      run: {
        tool: PKG.name,
        version: PKG.version,
        host: hostLabel,
        embedded: !config.baseUrl,
        started: started.toISOString(),
        durationMs: Math.round(performance.now() - t0),
        seed: config.seed,
        runs: config.runs ?? 0,
        bulkMax: contract.bulkMax,
        allowWrites: config.allowWrites,
        ...(config.grep ? { grep: config.grep } : {}),
        requests: client.requests,
        exitCode,
      },
      summary,
      checks,
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
    print(`reports: ${files.map((f) => resolve(f)).join(', ')}`);
    if (exitCode === EXIT.usage) print('conformance: no check ran: nothing to judge (exit 2)');
    return exitCode;
  } finally {
    setSession(undefined);
    if (stopHost) await stopHost();
    restoreStdio();
  }
}

