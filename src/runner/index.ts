// The runner: run(config, deps) -> RunOutcome. It owns a run's lifecycle: the host (the
// embedded reference host when no --base-url is given, started through deps.startHost),
// the run context (contract compiled once, client, recorder, fixtures, seed, limits), the
// rules (spec groups, --grep), mocha (one test per rule, generated from the registry),
// collection, traceability, the gate and one tally. The CLI parses, prints and exits; every
// output file is written by src/report.
import Mocha from 'mocha';
import { DEFAULT_PROPERTY_RUNS, type Auth, type Config, type Fixtures } from '../config/index.ts';
import { getContract, type Contract } from '../contract/index.ts';
import { Client, WriteBlockedError } from '../client/index.ts';
import { createRedactor, type Redact } from '../redact.ts';
import { Recorder } from '../runtime/recorder.ts';
import { LOOPBACK_PARALLELISM, REMOTE_PARALLELISM, pointsShares, Shared, ruleContext, type ExchangeHook, type RunContext } from '../runtime/context.ts';
import { CheckFailure } from '../runtime/exchange.ts';
import { failureFromError } from '../runtime/reporter.ts';
import { loadGroups, selectRules, type Rule, type RuleGroup } from '../rules/registry.ts';
import type { CheckResult, ExchangeRecord, Results } from '../results/types.ts';
import { applyGate, todayIso, type Baseline, type Deviation, type Gate } from '../baseline/index.ts';
import { responseCheckRefs, trace } from '../traceability/index.ts';
import { tally, writeReports } from '../report/index.ts';
import { operationName } from '../checks/index.ts';
import { isVacuous, preflight, type PreflightResult } from '../preflight/index.ts';
import { expectedRequests, REMOTE_RULES_IN_FLIGHT, overlapWanted, schedule } from './schedule.ts';

export const EXIT = { conforms: 0, nonConformance: 1, usage: 2 } as const;

export const WRITES_SKIP_REASON =
  'changes state on the host (issue/redeem/update); the host is remote and --allow-writes is not set';

/** The embedded host as the runner needs it (simulator/ provides it; the CLI hands it in). */
export interface EmbeddedHost {
  baseUrl: string;
  fixtures: Fixtures & { auth: { username: string; password: string; oauthToken?: string } };
  stop(): Promise<void>;
}

export interface RunDeps {
  /** Starts the embedded reference host; required when config.baseUrl is null. */
  startHost?: (options: { bulkMax?: number }) => Promise<EmbeddedHost>;
  /** The spec groups; default: loaded from the root .mocharc.json's spec files. */
  groups?: readonly RuleGroup[];
  gate?: { baseline?: Baseline; deviations?: { file: string; entries: Deviation[] } };
  /** Told as the run goes (the CLI prints and draws progress). */
  events?: RunEvents;
  tool?: { name: string; version: string };
  /** Optional: told every exchange a rule sends (a differential run records them: ./compare.ts). */
  onExchange?: ExchangeHook;
  /** One request (or property run) at a time, also on loopback: deterministic ordinals (compare) or one exact case (replay). */
  sequential?: boolean;
  /** false: write no report files (a replay or the extra runs of a differential run). */
  writeReports?: boolean;
}

export interface RunEvents {
  /** The run is about to start: what was resolved. */
  started?(info: { ctx: RunContext; hostLabel: string; rules: readonly Rule[] }): void;
  ruleEnded?(result: CheckResult): void;
  /** The redactor changed (the embedded host's credentials are known once it started). */
  redactor?(redact: Redact): void;
}

export interface RunOutcome {
  results: Results & Omit<Gate, 'checks'>;
  gate: Gate;
  exitCode: number;
  files: string[];
  /** The response checks' results (for printing their failures after the rules). */
  responseChecks: CheckResult[];
  redact: Redact;
  requests: number;
  blocked: boolean;
  /** Every answer was 401, 403, 404 or 429: nothing was tested (exit 2). */
  vacuous: boolean;
  /** The preflight's result, when one ran (every run against a configured host). */
  preflight?: PreflightResult;
  /** Every request of the run (credentials redacted), and the fixtures the run used. */
  requestLog: readonly ExchangeRecord[];
  fixtures: Fixtures;
}

/** The sentence of a vacuous run. */
export const VACUOUS = 'nothing was tested: every answer was 401, 403, 404 or 429 (check the credentials, the base URL and the rate limit)';

/** Runs only the preflight (--preflight) against the configured (or embedded) host. */
export async function runPreflight(config: Readonly<Config>, deps: RunDeps = {}): Promise<PreflightResult> {
  const host = await target(config, deps);
  try {
    const redact = createRedactor(host.auth);
    const contract = getContract({ bulkMax: config.bulkMax ?? host.fixtures.limits?.bulkRedeemMax ?? undefined });
    const ctx = createContext(config, host, redact, contract);
    return await preflight({ client: ctx.client, contract, fixtures: ctx.fixtures });
  } finally {
    if (host.stop) await host.stop();
  }
}

/** A problem found before anything was sent: the CLI exits 2 with this message. */
export class RunUsageError extends Error {}

interface Target {
  baseUrl: string;
  fixtures: Fixtures;
  auth: Auth;
  stop?: () => Promise<void>;
}

async function target(config: Readonly<Config>, deps: RunDeps): Promise<Target> {
  if (config.baseUrl) return { baseUrl: config.baseUrl, fixtures: config.fixtures!, auth: config.auth };
  if (!deps.startHost) throw new RunUsageError('no --base-url and no embedded host to start');
  const host = await deps.startHost({ bulkMax: config.bulkMax ?? undefined });
  const a = host.fixtures.auth;
  return { baseUrl: host.baseUrl, fixtures: host.fixtures, auth: { basic: { username: a.username, password: a.password }, ...(a.oauthToken ? { oauthToken: a.oauthToken } : {}) }, stop: host.stop };
}

function createContext(config: Readonly<Config>, t: Target, redact: Redact, contract: Contract, deps: Pick<RunDeps, 'onExchange' | 'sequential'> = {}): RunContext {
  const client = new Client(contract, {
    baseUrl: t.baseUrl,
    auth: t.auth,
    timeoutMs: config.timeoutMs,
    maxRpm: config.maxRpm,
    remote: config.remote,
    allowWrites: config.allowWrites,
    redact,
    fixtures: t.fixtures,
  });
  const overlap = config.remote && overlapWanted();
  return {
    config,
    contract,
    client,
    fixtures: t.fixtures,
    recorder: new Recorder(contract),
    redact,
    baseUrl: t.baseUrl,
    embedded: !config.baseUrl,
    seed: config.seed,
    limits: {
      bulkMax: contract.bulkMax,
      parallelism: deps.sequential ? 1 : config.remote ? (overlap ? REMOTE_PARALLELISM : 1) : LOOPBACK_PARALLELISM,
      rulesInFlight: overlap && !deps.sequential ? REMOTE_RULES_IN_FLIGHT : 1,
      runs: config.runs ? { positive: config.runs, negative: config.runs } : { ...DEFAULT_PROPERTY_RUNS },
      sequences: config.sequences,
      timeoutMs: config.timeoutMs,
    },
    shared: new Shared(),
    ...(deps.onExchange ? { onExchange: deps.onExchange } : {}),
  };
}

function resultOf(ctx: RunContext, rule: Rule, status: CheckResult['status'], durationMs: number, extra: Partial<CheckResult> = {}): CheckResult {
  const m = rule.meta;
  return {
    id: m.id,
    title: m.title,
    operation: m.operation ? operationName(ctx.contract.operation(m.operation)) : '*',
    kind: m.kind,
    status,
    source: m.source,
    tags: m.tags,
    durationMs,
    ...extra,
  };
}

/** Runs one rule with its context; never throws: the outcome is its CheckResult. */
async function runRule(ctx: RunContext, rule: Rule): Promise<CheckResult> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  if (rule.meta.writes && !ctx.client.writesAllowed) return resultOf(ctx, rule, 'skipped', 0, { skipReason: WRITES_SKIP_REASON });
  try {
    await rule.run(ruleContext(ctx, rule.meta));
    return resultOf(ctx, rule, 'passed', ms());
  } catch (err) {
    if (err instanceof WriteBlockedError) return resultOf(ctx, rule, 'skipped', ms(), { skipReason: `${err.operation} ${WRITES_SKIP_REASON}` });
    const failure = err instanceof CheckFailure ? err.failure : failureFromError(err, rule.meta.operation ? operationName(ctx.contract.operation(rule.meta.operation)) : '*');
    return resultOf(ctx, rule, 'failed', ms(), { failure, failures: [failure] });
  }
}

/**
 * One mocha test per rule, under one suite per group; mocha runs them in order. When the
 * rules overlap (schedule.ts), a root `before` hook starts them and each test awaits its own.
 */
function buildMocha(ctx: RunContext, groups: readonly RuleGroup[], collected: CheckResult[], events: RunEvents): Mocha {
  const mocha = new Mocha({ reporter: class Silent extends Mocha.reporters.Base {}, timeout: 0 });
  const plan = schedule(groups.flatMap((g) => g.rules), (rule) => runRule(ctx, rule), ctx.limits.rulesInFlight ?? 1, (rule) => expectedRequests(rule, ctx.limits), pointsShares(ctx.fixtures.pointsRedemptions).shared);
  mocha.suite.beforeAll('start the rules', function startRules() {
    plan.start();
  });
  for (const g of groups) {
    const suite = Mocha.Suite.create(mocha.suite, g.title);
    for (const rule of g.rules) {
      suite.addTest(
        new Mocha.Test(rule.title, async function conformanceRule(this: Mocha.Context) {
          const result = await plan.result(rule);
          collected.push(result);
          events.ruleEnded?.(result);
          if (result.status === 'skipped') this.skip();
          if (result.status === 'failed') throw new CheckFailure(result.failure!);
        }),
      );
    }
  }
  return mocha;
}

/** Runs the suite against the configured (or embedded) host. Throws RunUsageError before sending anything when the run cannot start. */
export async function run(config: Readonly<Config>, deps: RunDeps = {}): Promise<RunOutcome> {
  const started = new Date();
  const t0 = performance.now();
  const allGroups = deps.groups ?? (await loadGroups());
  const groups = selectRules(allGroups, config.grep);
  const rules = groups.flatMap((g) => g.rules);
  if (!rules.length) throw new RunUsageError(config.grep ? `no rule matches --grep '${config.grep}'` : 'no rules found under specs/');
  if (config.remote && !config.allowWrites && rules.every((r) => r.meta.writes)) {
    throw new RunUsageError(`nothing safe to run: every selected rule ${WRITES_SKIP_REASON}. Add --allow-writes to run them.`);
  }
  const knownIds = new Set([...allGroups.flatMap((g) => g.rules.map((r) => r.meta.id)), ...responseCheckRefs().map((r) => r.id)]);
  const events = deps.events ?? {};

  const host = await target(config, deps);
  try {
    const redact = config.baseUrl ? createRedactor(config.auth) : createRedactor(host.auth);
    if (!config.baseUrl) events.redactor?.(redact);
    const contract = getContract({ bulkMax: config.bulkMax ?? host.fixtures.limits?.bulkRedeemMax ?? undefined });
    const ctx = createContext(config, host, redact, contract, deps);
    const hostLabel = config.baseUrl ? redact(host.baseUrl) : `embedded reference host (${host.baseUrl})`;
    // A configured host is first asked a few read-only questions: a wrong password, base URL or
    // fixtures customer is one sentence and exit 2, not a wall of failures.
    const checked = config.baseUrl ? await preflight({ client: ctx.client, contract, fixtures: ctx.fixtures }) : undefined;
    if (checked && !checked.ok) throw new RunUsageError(`preflight: ${checked.cause}${checked.key ? ` (fixtures ${checked.key})` : ''}`);
    events.started?.({ ctx, hostLabel, rules });

    const collected: CheckResult[] = [];
    const mocha = buildMocha(ctx, groups, collected, events);
    await new Promise<number>((done) => mocha.run(done));
    mocha.dispose();

    const responseChecks = ctx.recorder.results();
    const raw = [...collected, ...responseChecks];
    const covers = new Map(rules.map((r) => [r.meta.id, r.meta.covers ?? []]));
    const traced = new Map(trace(raw, { covers }).checks.map((c) => [c.id, c.rules]));
    const gate = applyGate({ checks: raw, baseline: deps.gate?.baseline, deviations: deps.gate?.deviations, knownIds, today: todayIso() });
    const checks = gate.checks.map((c) => ({ ...c, rules: traced.get(c.id) ?? [] }));
    const summary = tally(checks);
    const ran = summary.passed + summary.failed;
    // Vacuous: every answer to a request sent with the run's credentials (the rules that send none or wrong ones expect 401) was 401, 403, 404 or 429.
    const vacuous = isVacuous(ctx.recorder.statuses);
    const exitCode = vacuous ? EXIT.usage : gate.gate.counted.length ? EXIT.nonConformance : ran ? EXIT.conforms : EXIT.usage;
    const { checks: _checks, ...gateRest } = gate;
    const results: RunOutcome['results'] = {
      run: {
        tool: deps.tool?.name ?? 'conformance',
        version: deps.tool?.version ?? '0',
        host: hostLabel,
        embedded: !config.baseUrl,
        started: started.toISOString(),
        durationMs: Math.round(performance.now() - t0),
        seed: config.seed,
        runs: config.runs ?? DEFAULT_PROPERTY_RUNS.positive,
        ...(config.runs ? {} : { runsPerProperty: { ...DEFAULT_PROPERTY_RUNS } }),
        bulkMax: contract.bulkMax,
        sequences: config.sequences,
        allowWrites: ctx.client.writesAllowed,
        ...(config.grep ? { grep: config.grep } : {}),
        requests: ctx.client.requests,
        ...(ctx.client.rateLimited.answers
          ? { rateLimited: { answers429: ctx.client.rateLimited.answers, pausedMs: ctx.client.rateLimited.pausedMs, startedInMinuteBeforeFirst: ctx.client.rateLimited.startedInMinuteBeforeFirst } }
          : {}),
        exitCode,
      },
      summary,
      checks,
      ...gateRest,
    };
    const { files } = deps.writeReports === false ? { files: [] } : await writeReports(results, config.reportsDir, redact, { requests: ctx.client.log });
    return { results, gate, exitCode, files, responseChecks, redact, requests: ctx.client.requests, blocked: ctx.client.blocked > 0, vacuous, requestLog: ctx.client.log, fixtures: ctx.fixtures, ...(checked ? { preflight: checked } : {}) };
  } finally {
    if (host.stop) await host.stop();
  }
}
