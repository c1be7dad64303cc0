// Runs a property against the host: fast-check generates requests from the seed, each run
// sends them through send() (so every answer also goes through the response checks), and
// a failure shrinks to the smallest request that still fails. The failure handed to the
// user is the CheckFailure of the last failing run (after shrinking: the shrunk request),
// with the seed, fast-check's path, the request as JSON and its curl.
//
// What the default budget buys (embedded reference host, measured with the CLI, default
// --runs; results.json run.requests for `--grep 'positive_data_acceptance|negative_data_rejection'`
// is about 160 requests in about 1 s):
//   - positive_data_acceptance: 10 runs per operation. One request a run, except a real
//     bulk redemption (about half the bulk runs), which first issues its 1-2 coupons.
//   - negative_data_rejection: 12 runs per operation, spread over its mutators (at least
//     one each, so every documented rule is tried on every run): 2 runs per mutator today,
//     one request each.
//   - setup, once per run: bulk redeem issues bulkMax + 2 coupons (dry runs of up to the
//     limit, and batches just over it, need that many real coupons); coupon update issues
//     and redeems 2 coupons.
//   => issue 10 + 12, bulk redeem 52 + ~16 + 18, coupon update 3 + 10 + 12, points 10 + 14.
// A failing property shrinks for at most SHRINK_BUDGET_MS, then reports the smallest
// failing request found so far.
import fc from 'fast-check';
import { WriteBlockedError, type ApiRequest } from '../../src/client/index.ts';
import { operationName } from '../../src/checks/index.ts';
import type { OperationId } from '../../src/contract/index.ts';
import type { Failure } from '../../src/results/types.ts';
import { CheckFailure, send, type Received } from '../../src/runtime/rule.ts';
import { session } from '../../src/runtime/session.ts';
import { DEFAULT_PROPERTY_RUNS } from '../../src/config/index.ts';
import type { InvalidRequest, Mutator } from '../../generators/mutators.ts';
import type { OperationConstraints } from '../../generators/requests.ts';
import { expectRejected } from './verdicts.ts';

/** Runs per property when --runs / FC_RUNS is not given (kept with the configuration: src/config). */
export const DEFAULT_RUNS = DEFAULT_PROPERTY_RUNS;

/** Longest a failing property may spend shrinking (each shrink step sends requests). */
export const SHRINK_BUDGET_MS = 5_000;

export function runsOf(kind: keyof typeof DEFAULT_RUNS): number {
  return session().config.runs ?? DEFAULT_RUNS[kind];
}

/** One execution of a property; remembers the last request sent (the one under test comes last). */
export class Trial {
  request: ApiRequest | undefined;

  send(req: ApiRequest): Promise<Received> {
    this.request = req;
    return send(req);
  }
}

export interface PropertySpec<T> {
  operation: OperationId;
  arbitrary: fc.Arbitrary<T>;
  runs: number;
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

/** The request as sent, as JSON: the query, and the body (or the raw text of a malformed one). */
export function requestJson(req: ApiRequest): string {
  return JSON.stringify({
    ...(req.query ? { query: req.query } : {}),
    ...(req.rawBody !== undefined ? { rawBody: req.rawBody } : { body: req.body }),
  });
}

function failureOf<T>(spec: PropertySpec<T>, details: fc.RunDetails<[T]>, last: LastFailure<T> | undefined, budgetSpent: boolean): Failure {
  const op = session().contract.operation(spec.operation);
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
      `fast-check: failed on run ${details.numRuns} of ${spec.runs}, shrunk ${details.numShrinks} time(s)${budgetSpent ? ' (shrinking stopped at its time budget)' : ''}; the same --seed ${details.seed} sends the same requests`,
    ],
  };
}

/**
 * fc.check of an async property with the run's seed. Shrinking stops SHRINK_BUDGET_MS after
 * the first failure: later candidates pass without being sent, so fast-check keeps the
 * smallest failing request found in time. A write the client refuses to send (remote host,
 * no --allow-writes) is rethrown for rule() to turn into a skip.
 */
export async function checkProperty<T>(spec: PropertySpec<T>): Promise<void> {
  const { seed } = session().config;
  let last: LastFailure<T> | undefined;
  let blocked: WriteBlockedError | undefined;
  let shrinkUntil = Number.POSITIVE_INFINITY;
  const property = fc.asyncProperty(spec.arbitrary, async function holds(value) {
    if (blocked || Date.now() > shrinkUntil) return true;
    const trial = new Trial();
    try {
      await spec.run(value, trial);
      return true;
    } catch (error) {
      if (error instanceof WriteBlockedError) {
        blocked = error;
        return true;
      }
      if (shrinkUntil === Number.POSITIVE_INFINITY) shrinkUntil = Date.now() + (spec.shrinkBudgetMs ?? SHRINK_BUDGET_MS);
      last = { error, value, request: trial.request };
      throw error;
    }
  });
  const details = await fc.check(property, { seed, numRuns: spec.runs });
  if (blocked) throw blocked;
  if (details.failed) throw new CheckFailure(failureOf(spec, details, last, Date.now() > shrinkUntil));
}

function toApiRequest(operation: OperationId, invalid: InvalidRequest, extra: Partial<ApiRequest>): ApiRequest {
  return invalid.rawBody !== undefined ? { operation, rawBody: invalid.rawBody, ...extra } : { operation, body: invalid.body, ...extra };
}

export interface MutatorsSpec<K extends OperationId> {
  operation: K;
  mutators: readonly Mutator<K>[];
  constraints: OperationConstraints[K];
  /** Runs of the whole property, spread over the mutators (each gets at least one). */
  runs: number;
  /** Added to every request (bulk redeem: the dry-run query). */
  extra?: Partial<ApiRequest>;
}

/**
 * negative_data_rejection: every mutator in turn, each its own fc.check with the run's seed,
 * so every documented rule is tried whatever the seed; stops at the first mutator that fails.
 */
export async function checkMutators<K extends OperationId>(spec: MutatorsSpec<K>): Promise<void> {
  const each = Math.max(1, Math.ceil(spec.runs / spec.mutators.length));
  for (const mutator of spec.mutators) {
    await checkProperty<InvalidRequest>({
      operation: spec.operation,
      arbitrary: mutator.arbitrary(spec.constraints),
      runs: each,
      describe: (invalid) => [
        `mutator ${mutator.name} (${mutator.kind} rule): ${mutator.rule}`,
        `expected the codes of x-situations ${invalid.situations.join(', ')}${invalid.path ? `; changed ${invalid.path}` : ''}`,
      ],
      run: async (invalid, trial) => {
        const received = await trial.send(toApiRequest(spec.operation, invalid, spec.extra ?? {}));
        expectRejected(received, invalid);
      },
    });
  }
}
