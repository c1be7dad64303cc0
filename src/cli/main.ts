// `npx conformance [options]`: parse, resolve the configuration (exit 2 on any problem,
// nothing sent), hand it to the runner (src/runner), print what happens, exit 0 / 1 / 2.
// What the runner needs from outside src/ (the embedded reference host) is handed in by the
// launcher (bin/conformance.js).
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { ConfigError, resolveConfig, type Config, type RawOptions } from '../config/index.ts';
import { createRedactor, type Redact } from '../redact.ts';
import { printFailure, printRuleResult } from '../runtime/reporter.ts';
import { EXIT, run, runPreflight, RunUsageError, VACUOUS, type RunDeps, type RunOutcome } from '../runner/index.ts';
import { deviationWarnings, GateConfigError, printGate } from '../baseline/index.ts';
import { Progress } from '../progress/index.ts';
import { loadGroups } from '../rules/registry.ts';
import { responseCheckRefs } from '../traceability/index.ts';
import { program, readGateOptions, type GateOptions } from './options.ts';
import { replay, VERDICT_WORDS, type ReplayCase } from '../runner/replay.ts';
import { runCompare, type CompareOutcome } from '../runner/compare.ts';
import { ReplayFileError } from '../replay/index.ts';
import { describeDifference } from '../diff/render.ts';

export { EXIT };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { name: string; version: string };

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

const print = (line: string): void => void process.stdout.write(`${line}\n`);

/** Parsed flags, the configuration and the gate's options; a number is the exit code of a usage problem. */
function parse(argv: string[]): { config: Readonly<Config>; gate: GateOptions; args: string[] } | number {
  const cmd = program(PKG.version);
  try {
    cmd.parse(argv);
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT.conforms : EXIT.usage;
  }
  try {
    const args = cmd.args;
    if (args.length && args[0] !== 'replay') return usageError(`unknown command '${args[0]}' (the only command is \`replay FILE...\`; options start with --)`);
    return { config: resolveConfig(cmd.opts<RawOptions>()), gate: readGateOptions(cmd.opts()), args };
  } catch (err) {
    if (err instanceof ConfigError || err instanceof GateConfigError) return usageError(`configuration error: ${err.message}`);
    throw err;
  }
}

/** What the run tells as it goes: the header, a progress line or a line per rule. */
function runEvents(config: Readonly<Config>, gate: GateOptions, stdio: { restore: () => void }): { events: NonNullable<RunDeps['events']>; finish: () => void } {
  let progress: Progress | undefined;
  const titles = new Map<string, string>();
  const events: NonNullable<RunDeps['events']> = {
    redactor(redact) {
      stdio.restore();
      stdio.restore = redactStdio(redact);
    },
    started({ ctx, hostLabel, rules }) {
      for (const r of rules) titles.set(r.meta.id, r.title);
      const readOnly = config.remote && !config.allowWrites;
      print(`conformance ${PKG.version}: ${hostLabel}`);
      print(`seed ${config.seed}, batch limit ${ctx.limits.bulkMax}, timeout ${config.timeoutMs} ms${config.maxRpm ? `, at most ${config.maxRpm} requests/min` : ''}${readOnly ? ', read-only (no --allow-writes)' : ''}`);
      if (gate.baseline) print(`baseline ${gate.baseline.file}: only checks that did not fail there count`);
      if (gate.deviations) print(`known deviations ${gate.deviations.file}: ${gate.deviations.entries.length} entr${gate.deviations.entries.length === 1 ? 'y' : 'ies'}`);
      print(`${rules.length} rules selected${config.grep ? ` by --grep '${config.grep}'` : ''}\n`);
      let failed = 0;
      const isTTY = process.stdout.isTTY === true;
      progress = new Progress({ mode: gate.progress, isTTY, write: (t) => process.stdout.write(t), total: rules.length, requests: () => ctx.client.requests, failures: () => failed + ctx.recorder.results().filter((r) => r.status === 'failed').length, columns: () => process.stdout.columns });
      progress.start();
      events.ruleEnded = (result) => {
        if (result.status === 'failed') failed++;
        printRuleResult((line) => progress!.print(line), titles.get(result.id) ?? result.title, result);
        progress!.tick();
      };
    },
  };
  return { events, finish: () => progress?.finish() };
}

/** The closing lines: response check failures, the tally, the gate, the report files. */
function printOutcome(config: Readonly<Config>, outcome: RunOutcome): void {
  const { results } = outcome;
  print('');
  for (const c of outcome.responseChecks.filter((r) => r.status === 'failed')) {
    print(`  ✗ ${c.id} (${c.operation}): failed on ${c.failures?.length ?? 1} of ${c.applied} responses`);
    printFailure(print, c.id, c.failure!);
  }
  const s = results.summary;
  print(`\n${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped (${s.total} checks, ${outcome.requests} requests, ${(results.run.durationMs / 1000).toFixed(1)} s)`);
  const limited = results.run.rateLimited;
  if (limited) {
    print(`rate limited: the host answered 429 ${limited.answers429} time(s); the run paused ${(limited.pausedMs / 1000).toFixed(1)} s for it (Retry-After). ${limited.startedInMinuteBeforeFirst} requests had started in the minute before the first 429: --max-rpm ${Math.max(1, limited.startedInMinuteBeforeFirst - 5)} paces the run below it instead`);
  }
  const reasons = new Map<string, number>();
  for (const c of results.checks) if (c.status === 'skipped') reasons.set(c.skipReason ?? 'skipped', (reasons.get(c.skipReason ?? 'skipped') ?? 0) + 1);
  for (const [reason, n] of reasons) print(`skipped: ${n} (${reason})`);
  printGate(print, outcome.gate, new Set(results.checks.filter((c) => c.status === 'failed').map((c) => c.id)));
  print(`reports: ${outcome.files.map((f) => resolve(f)).join(', ')}`);
  if (outcome.vacuous) print(`conformance: ${VACUOUS} (exit 2)`);
  else if (outcome.exitCode === EXIT.usage) print('conformance: no check ran: nothing to judge (exit 2)');
}

/** Warns about deviation entries that name no check of the suite. */
async function warnUnknownDeviations(gate: GateOptions): Promise<void> {
  if (!gate.deviations) return;
  const known = new Set([...(await loadGroups()).flatMap((g) => g.rules.map((r) => r.meta.id)), ...responseCheckRefs().map((r) => r.id)]);
  for (const w of deviationWarnings(gate.deviations.entries, known, gate.deviations.file)) process.stderr.write(`conformance: ${w}\n`);
}

/** --preflight: only the read-only preflight; exit 0 when the host, the credentials and the fixtures customers check out, else 2. */
async function preflightOnly(config: Readonly<Config>, deps: Pick<RunDeps, 'startHost'>): Promise<number> {
  try {
    const result = await runPreflight(config, deps);
    if (!result.ok) return usageError(`preflight: ${result.cause}${result.key ? ` (fixtures ${result.key})` : ''} (${result.requests} requests)`);
    print(`preflight: ok: the host answers, the credentials are accepted, no fixtures customer is unknown to it (${result.requests} requests)`);
    return EXIT.conforms;
  } catch (err) {
    if (err instanceof RunUsageError) return usageError(err.message);
    throw err;
  }
}

export async function main(argv: string[], deps: Pick<RunDeps, 'startHost'> = {}): Promise<number> {
  const parsed = parse(argv);
  if (typeof parsed === 'number') return parsed;
  const { config, gate, args } = parsed;
  const configRedact = createRedactor(config.auth);
  const compareRedact = config.compare ? createRedactor(config.compare.auth) : undefined;
  const stdio = { restore: redactStdio(compareRedact ? (t) => compareRedact(configRedact(t)) : configRedact) };
  if (args[0] === 'replay') {
    try {
      return await replayMain(config, args.slice(1), deps);
    } finally {
      stdio.restore();
    }
  }
  const { events, finish } = runEvents(config, gate, stdio);
  try {
    if (config.preflight) return await preflightOnly(config, deps);
    await warnUnknownDeviations(gate);
    let outcome: RunOutcome;
    try {
      const runConfig = { ...config, reportsDir: resolve(config.reportsDir) };
      outcome = config.compare ? await runCompare(runConfig, { ...deps, gate, events, tool: PKG }) : await run(runConfig, { ...deps, gate, events, tool: PKG });
    } catch (err) {
      if (err instanceof RunUsageError) return usageError(err.message);
      throw err;
    } finally {
      finish();
    }
    printOutcome(config, outcome);
    if (outcome.results.checks.some((c) => c.status === 'failed')) print(`failures saved: ${resolve(config.reportsDir, 'failures')} (re-check one with: npx conformance replay FILE...)`);
    if ('diff' in outcome) printCompare(config, outcome as CompareOutcome);
    if (gate.writeBaseline) {
      mkdirSync(dirname(gate.writeBaseline), { recursive: true });
      copyFileSync(resolve(config.reportsDir, 'results.json'), gate.writeBaseline);
      print(`baseline written: ${gate.writeBaseline} (this run's results.json; pass it to --baseline)`);
    }
    return outcome.exitCode;
  } finally {
    stdio.restore();
  }
}

/** The differential run's closing lines: what differs (not noise) per operation and field. */
function printCompare(config: Readonly<Config>, outcome: CompareOutcome): void {
  const { diff, candidate } = outcome;
  const real = diff.differences.filter((d) => !d.noise);
  print(`\ndifferential run against ${config.compare!.baseUrl} (its own run: ${candidate.passed} passed, ${candidate.failed} failed, ${candidate.skipped} skipped, ${candidate.requests} requests)`);
  print(`${diff.pairs} request pairs compared, ${diff.noisePairs} calibration pairs: ${real.length} difference(s) that are not noise, ${diff.differences.length - real.length} noise, ${diff.unpaired.filter((u) => !u.noise).length} unpaired`);
  for (const d of real) {
    print(`  ≠ ${d.operation} ${describeDifference(d)}`);
    print(`      e.g. ${d.example.key}: ${d.example.request}`);
  }
  for (const u of diff.unpaired.filter((x) => !x.noise)) print(`  ≠ ${u.operation} ${u.key}: answered by the ${u.only} only`);
  if (!diff.ok) print('conformance: the hosts differ (exit 1)');
}

/** One replayed case, as a line and (unless fixed) the failure. */
function printCase(c: ReplayCase): void {
  const head = `${VERDICT_WORDS[c.verdict]}  ${c.saved.check}${c.saved.rule !== c.saved.check ? ` (re-ran ${c.saved.rule})` : ''}  [${c.file}]`;
  print(head);
  if (c.verdict === 'still-failing' && c.now) printFailure(print, c.saved.check, c.now);
  if (c.verdict === 'not-run') print(`    ${c.reason}`);
  if (c.verdict === 'failing-differently') {
    print('    saved:');
    printFailure(print, c.saved.check, c.saved.failure);
    print('    now:');
    if (c.now) printFailure(print, c.saved.check, c.now);
    for (const d of c.differences ?? []) print(`    differs: ${d}`);
  }
}

/** `conformance replay FILE...`: exit 0 when every case is fixed, 1 otherwise, 2 on a bad file (named). */
async function replayMain(config: Readonly<Config>, files: string[], deps: Pick<RunDeps, 'startHost'>): Promise<number> {
  try {
    const where = config.baseUrl ?? 'the embedded reference host';
    print(`conformance ${PKG.version} replay: ${files.length} saved failure(s) against ${where}`);
    const outcome = await replay(config, files, { ...deps, tool: PKG, caseEnded: printCase });
    const n = (v: ReplayCase['verdict']) => outcome.cases.filter((c) => c.verdict === v).length;
    print(`\n${n('fixed')} fixed, ${n('still-failing')} still failing, ${n('failing-differently')} failing differently, ${n('not-run')} not run`);
    return outcome.exitCode;
  } catch (err) {
    if (err instanceof ReplayFileError) return usageError(`replay: ${err.message}`);
    if (err instanceof RunUsageError) return usageError(err.message);
    throw err;
  }
}
