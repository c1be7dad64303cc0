// The property engine: runs a property against the host: fast-check generates requests from the seed, each run
// sends them through send() (so every answer also goes through the response checks), and
// a failure shrinks to the smallest request that still fails. The failure handed to the
// user is the CheckFailure of the last failing run (after shrinking: the shrunk request),
// with the seed, fast-check's path, the request as JSON and its curl.
//
// Runs are independent, so against a loopback host they go several at a time (the fast
// path): the values are drawn from the seed up front (fc.sample draws exactly the values
// fc.check hands its property for the same seed and number of runs), the first run goes
// alone, then up to ctx.limits.parallelism runs are in flight (the runs of every case of a
// negative property share them). Which runs are sent depends only on the
// values and the answers, never on timing: run i starts once run i-width has finished, and
// only if no run up to i-width failed. The same seed sends the same requests; only their
// order of arrival interleaves. When a run fails, fc.check runs the property from the same
// seed, one run at a time: the runs already made are replayed from their outcomes (nothing
// is sent again), then it shrinks as before, so the counterexample, the path and the number
// of runs are exactly those of a sequential run. Against a remote host the same, at most
// REMOTE_PARALLELISM runs of a property at once when requests overlap (the client's gate
// spaces them by the rate limit and keeps one request per customer in flight), and one run
// at a time (fc.check alone) when the run is sequential (CONFORMANCE_OVERLAP=0).
//
// The default budget and what it buys: README (Property-based checks).
// A failing property shrinks for at most SHRINK_BUDGET_MS, then reports the smallest
// failing request found so far. It does not shrink past a request that got no answer at all
// (a timeout, a reset, or not sent once the client stopped sending to a silent operation):
// a candidate that was never answered proves nothing, so the failure reported is always one
// the host answered, or the first unanswered run itself.
import fc from 'fast-check';
import { WriteBlockedError, type ApiRequest } from '../client/index.ts';
import { operationName } from '../checks/index.ts';
import type { OperationId } from '../contract/index.ts';
import type { Failure } from '../results/types.ts';
import type { RuleContext, RunContext } from '../runtime/context.ts';
import { CheckFailure, send, type Received } from '../runtime/exchange.ts';

/** Longest a failing property may spend shrinking (each shrink step sends requests). */
export const SHRINK_BUDGET_MS = 5_000;

/** One execution of a property; remembers the last request sent (the one under test comes last). */
export class Trial {
  request: ApiRequest | undefined;

  constructor(private readonly ctx: RunContext) {}

  send(req: ApiRequest): Promise<Received> {
    this.request = req;
    return send(this.ctx, req);
  }
}

export interface PropertySpec<T> {
  operation: OperationId;
  arbitrary: fc.Arbitrary<T>;
  runs: number;
  /**
   * Values tried first, on every run, whatever the seed (fast-check's `examples`): one per
   * form the rule's coverage claims (each identifier kind, each bill amount notation...), so
   * the budget covers before it samples. They count in `runs` (raised to fit them).
   */
  examples?: readonly T[];
  /** One run: send what `value` stands for through `trial`; throw a CheckFailure when the host breaks the rule. */
  run(value: T, trial: Trial): Promise<void>;
  /** Lines that say what was tried (the mutator, the rule it breaks). */
  describe?(value: T): string[];
  /** Default SHRINK_BUDGET_MS. */
  shrinkBudgetMs?: number;
}

interface LastFailure<T> {
  error: unknown;
  value: T;
  request: ApiRequest | undefined;
}

/**
 * Whether a run failed because a request got no HTTP answer at all: send() turns a missing
 * answer (a timeout, a reset, "not sent" once the client stopped sending to a silent
 * operation) into a CheckFailure with the curl and no response; every failure about an
 * answer carries the response.
 */
export function gotNoAnswer(error: unknown): boolean {
  if (!(error instanceof CheckFailure)) return false;
  const { curl, response } = error.failure;
  return curl !== undefined && (response === undefined || response.status === null);
}

/** The request as sent, as JSON: the query, and the body (or the raw text of a malformed one). */
export function requestJson(req: ApiRequest): string {
  return JSON.stringify({
    ...(req.query ? { query: req.query } : {}),
    ...(req.rawBody !== undefined ? { rawBody: req.rawBody } : { body: req.body }),
  });
}

/** Why shrinking stopped early, if it did. */
type ShrinkStop = 'budget' | 'no-answer' | undefined;

const SHRINK_STOPS: Record<Exclude<ShrinkStop, undefined>, string> = {
  budget: ' (shrinking stopped at its time budget)',
  'no-answer': ' (shrinking stopped: a request got no answer, so smaller requests could not be tried)',
};

function failureOf<T>(ctx: RunContext, spec: PropertySpec<T>, details: fc.RunDetails<[T]>, last: LastFailure<T> | undefined, stop: ShrinkStop): Failure {
  const op = ctx.contract.operation(spec.operation);
  const error = last?.error ?? details.errorInstance;
  const base: Failure =
    error instanceof CheckFailure
      ? error.failure
      : { title: String((error as Error)?.message ?? error).split('\n')[0], operation: operationName(op), received: String(error), documented: '(see the rule)' };
  const value = last ? last.value : details.counterexample?.[0];
  return {
    ...base,
    seed: details.seed,
    ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
    counterexample: last?.request ? requestJson(last.request) : JSON.stringify(value),
    details: [
      ...(value !== undefined && spec.describe ? spec.describe(value as T) : []),
      ...(base.details ?? []),
      `fast-check: failed on run ${details.numRuns} of ${runsOf(spec as PropertySpec<unknown>)}, shrunk ${details.numShrinks} time(s)${stop ? SHRINK_STOPS[stop] : ''}; the same --seed ${details.seed} sends the same requests`,
    ],
  };
}

// ------------------------------------------------------------------ the concurrent fast path

/** What one run of the fast path did. */
interface Outcome<T> {
  value: T;
  failed: boolean;
  error?: unknown;
  request?: ApiRequest;
  /** The client refused to send a write (remote host, no --allow-writes). */
  blocked?: WriteBlockedError;
}

const stops = (o: Outcome<unknown>) => o.failed || o.blocked !== undefined;

/** At most `free` runs in flight at once, for one property. */
class Slots {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/**
 * A property's slots: at most ctx.limits.parallelism of its runs in flight. Per property, not
 * per run: against a remote host several rules run at once, and which request goes first is
 * the client's gate's choice (by the scheduler's ranks), not the order properties took slots.
 */
function slots(ctx: RunContext): Slots {
  const rule = (ctx as Partial<RuleContext>).rule?.id ?? '';
  return ctx.shared.memo(`property-slots:${rule}`, () => new Slots(ctx.limits.parallelism));
}

/** The values fc.check would hand the property, in order, for the run's seed. */
function drawn<T>(ctx: RunContext, spec: PropertySpec<T>): T[] {
  const examples = spec.examples ?? [];
  const sampled = runsOf(spec) - examples.length;
  return [...examples, ...(sampled > 0 ? fc.sample(spec.arbitrary, { seed: ctx.seed, numRuns: sampled }) : [])];
}

/** The runs of a property: as asked, and at least one per example. */
function runsOf(spec: PropertySpec<unknown>): number {
  return Math.max(spec.runs, spec.examples?.length ?? 0);
}

async function runOnce<T>(ctx: RunContext, spec: PropertySpec<T>, value: T): Promise<Outcome<T>> {
  const limit = slots(ctx);
  await limit.acquire();
  const trial = new Trial(ctx);
  try {
    await spec.run(value, trial);
    return { value, failed: false };
  } catch (error) {
    if (error instanceof WriteBlockedError) return { value, failed: false, blocked: error };
    return { value, failed: true, error, request: trial.request };
  } finally {
    limit.release();
  }
}

/**
 * The runs of `values` after those `done`, at most `width` beyond the first unfinished one:
 * run i starts once run i-width has finished, and only if no run up to i-width failed, so
 * the runs sent depend on the answers, not on timing. Resolves when every started run has.
 */
async function runWindow<T>(ctx: RunContext, spec: PropertySpec<T>, values: readonly T[], done: readonly Outcome<T>[], width: number): Promise<Outcome<T>[]> {
  if (done.some(stops)) return [...done];
  const outcomes: Promise<Outcome<T>>[] = done.map((o) => Promise.resolve(o));
  for (let i = done.length; i < values.length; i++) {
    if (i >= width && stops(await outcomes[i - width])) break;
    outcomes.push(runOnce(ctx, spec, values[i]));
  }
  return Promise.all(outcomes);
}

/** The fast path of one property: its first run alone, then the others ctx.limits.parallelism at a time. */
async function firstRuns<T>(ctx: RunContext, spec: PropertySpec<T>): Promise<Outcome<T>[]> {
  const values = drawn(ctx, spec);
  if (!values.length) return [];
  return runWindow(ctx, spec, values, [await runOnce(ctx, spec, values[0])], ctx.limits.parallelism);
}

/**
 * After the fast path: nothing to do if every run passed; a refused write is rethrown; at
 * the first failed run (in the runs' order), fc.check takes over from the same seed.
 */
async function settle<T>(ctx: RunContext, spec: PropertySpec<T>, outcomes: readonly Outcome<T>[]): Promise<void> {
  const first = outcomes.findIndex(stops);
  if (first < 0) return;
  if (outcomes[first].blocked) throw outcomes[first].blocked;
  await checkSequentially(ctx, spec, outcomes.slice(0, first + 1));
}

function sameValue(a: unknown, b: unknown): boolean {
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------ fc.check, one run at a time

/**
 * fc.check of an async property with the run's seed. `replay`: the outcomes of the first
 * runs, already made by the fast path (up to and including the first failed one): fc.check
 * hands the property the same values in the same order, so those runs are answered from
 * their outcomes instead of being sent again (a value that differs is sent, as a safety net).
 * Shrinking stops SHRINK_BUDGET_MS after the first failure, or at the first run that got no
 * answer: later candidates pass without being sent, so fast-check keeps the smallest failing
 * request found in time. A write the client refuses to send (remote host, no
 * --allow-writes) is rethrown for rule() to turn into a skip.
 */
async function checkSequentially<T>(ctx: RunContext, spec: PropertySpec<T>, replay: readonly Outcome<T>[] = []): Promise<void> {
  const { seed } = ctx;
  const budget = spec.shrinkBudgetMs ?? SHRINK_BUDGET_MS;
  let last: LastFailure<T> | undefined;
  let blocked: WriteBlockedError | undefined;
  let shrinkUntil = Number.POSITIVE_INFINITY;
  let unanswered = false;
  let call = 0;
  let replaying = replay.length > 0;
  const failed = (error: unknown, value: T, request: ApiRequest | undefined): never => {
    if (shrinkUntil === Number.POSITIVE_INFINITY) shrinkUntil = Date.now() + budget;
    if (gotNoAnswer(error)) unanswered = true;
    last = { error, value, request };
    throw error;
  };
  const property = fc.asyncProperty(spec.arbitrary, async function holds(value) {
    const i = call++;
    if (replaying && i < replay.length) {
      const known = replay[i];
      if (sameValue(known.value, value)) return known.failed ? failed(known.error, value, known.request) : true;
      replaying = false;
    }
    if (blocked || unanswered || Date.now() > shrinkUntil) return true;
    const trial = new Trial(ctx);
    try {
      await spec.run(value, trial);
      return true;
    } catch (error) {
      if (error instanceof WriteBlockedError) {
        blocked = error;
        return true;
      }
      if (last && gotNoAnswer(error)) {
        // A shrink candidate the host did not answer: keep the last answered failure.
        unanswered = true;
        return true;
      }
      return failed(error, value, trial.request);
    }
  });
  // Replaying a saved case (conformance replay): exactly the value at fast-check's path, no shrinking.
  const replayPath = ctx.config.replay?.path;
  const replayCase = replayPath !== undefined ? { path: replayPath, endOnFailure: true, numRuns: 1 } : {};
  const details = await fc.check(property, { seed, numRuns: runsOf(spec as PropertySpec<unknown>), examples: (spec.examples ?? []).map((e) => [e] as [T]), ...replayCase });
  if (blocked) throw blocked;
  if (details.failed) {
    const stop: ShrinkStop = unanswered ? 'no-answer' : Date.now() > shrinkUntil ? 'budget' : undefined;
    throw new CheckFailure(failureOf(ctx, spec, details, last, stop));
  }
}

/**
 * Checks a property with the run's seed: the fast path against a loopback host, fc.check
 * alone against a remote one; either way a failure is shrunk and reported by fc.check.
 */
export async function checkProperty<T>(ctx: RunContext, spec: PropertySpec<T>): Promise<void> {
  if (ctx.limits.parallelism === 1 || ctx.config.replay?.path !== undefined) return checkSequentially(ctx, spec);
  await settle(ctx, spec, await firstRuns(ctx, spec));
}

/**
 * Several properties checked together with the run's seed, every one of them every time:
 * against a loopback host their runs share the fast path (the first run of the first alone,
 * then every property's runs, ctx.limits.parallelism at a time); against a remote host one
 * after another. Resolves to each property's outcome, in order: undefined when it held, the
 * (shrunk) CheckFailure or refused write when it did not. One failing property never stops
 * the others.
 */
export async function checkProperties(ctx: RunContext, specs: readonly PropertySpec<unknown>[]): Promise<(unknown | undefined)[]> {
  const outcomeOf = async (p: Promise<void>): Promise<unknown | undefined> => {
    try {
      await p;
      return undefined;
    } catch (error) {
      return error;
    }
  };
  if (ctx.limits.parallelism === 1 || specs.length === 0) {
    const out: (unknown | undefined)[] = [];
    for (const spec of specs) out.push(await outcomeOf(checkSequentially(ctx, spec)));
    return out;
  }
  const values = specs.map((spec) => drawn(ctx, spec));
  const probe = values[0].length ? [await runOnce(ctx, specs[0], values[0][0])] : [];
  const width = ctx.limits.parallelism;
  const outcomes = await Promise.all(specs.map((spec, k) => runWindow(ctx, spec, values[k], k === 0 ? probe : [], width)));
  const results: (unknown | undefined)[] = [];
  for (let k = 0; k < specs.length; k++) results.push(await outcomeOf(settle(ctx, specs[k], outcomes[k])));
  return results;
}
