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
function parse(argv: string[]): { config: Readonly<Config>; gate: GateOptions } | number {
  const cmd = program(PKG.version);
  try {
    cmd.parse(argv);
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT.conforms : EXIT.usage;
  }
  try {
    return { config: resolveConfig(cmd.opts<RawOptions>()), gate: readGateOptions(cmd.opts()) };
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
    print(`preflight: ok: the host answers, the credentials are accepted, every fixtures customer exists (${result.requests} requests)`);
    return EXIT.conforms;
  } catch (err) {
    if (err instanceof RunUsageError) return usageError(err.message);
    throw err;
  }
}

export async function main(argv: string[], deps: Pick<RunDeps, 'startHost'> = {}): Promise<number> {
  const parsed = parse(argv);
  if (typeof parsed === 'number') return parsed;
  const { config, gate } = parsed;
  const stdio = { restore: redactStdio(createRedactor(config.auth)) };
  const { events, finish } = runEvents(config, gate, stdio);
  try {
    if (config.preflight) return await preflightOnly(config, deps);
    await warnUnknownDeviations(gate);
    let outcome: RunOutcome;
    try {
      outcome = await run({ ...config, reportsDir: resolve(config.reportsDir) }, { ...deps, gate, events, tool: PKG });
    } catch (err) {
      if (err instanceof RunUsageError) return usageError(err.message);
      throw err;
    } finally {
      finish();
    }
    printOutcome(config, outcome);
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
