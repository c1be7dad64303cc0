// How a rule talks to the host and states what it found. `send(ctx, req)` sends through the
// run's client, runs the response check table on the answer and records it; every assertion
// fails with a CheckFailure carrying one typed Failure (its `kind` says which family:
// server-error, accepted-invalid-request, rejected-valid-request, undocumented-code, ...) so
// every report shows Received / Documented, the curl and the trimmed response.
import type { ApiRequest, ApiResponse, Exchange } from '../client/index.ts';
import { runResponseChecks, failureOf, operationName, NOT_APPLICABLE, type CheckVerdict } from '../checks/index.ts';
import type { Failure, FailureKind } from '../results/types.ts';
import { RUN_KEY_PREFIX, type RunContext, type RuleContext } from './context.ts';

export class CheckFailure extends Error {
  constructor(readonly failure: Failure) {
    super(`${failure.title}\n  Received: ${failure.received}\n  Documented: ${failure.documented}`);
    this.name = 'CheckFailure';
  }
}

export interface Received extends Exchange {
  response: ApiResponse;
  verdicts: CheckVerdict[];
}

/** Waits before each retry of a `customer-busy` answer (x-situations): bounded, about 3 s in all. */
export const BUSY_RETRY_DELAYS_MS = [20, 50, 100, 200, 400, 800, 1500] as const;

/** The statuses of the operation's `customer-busy` situation (HTTP 521 "Multiple actions are running for the same customer"). */
function busyStatuses(ctx: RunContext, req: ApiRequest): number[] {
  return ctx.contract.operation(req.operation).situations['customer-busy']?.httpStatus ?? [];
}

/** Once a host has answered customer-busy, the run's requests that may get it go one at a time (kept in the run's `shared`). */
const ONE_AT_A_TIME = `${RUN_KEY_PREFIX}send.customer-busy.one-at-a-time`;

function serially<T>(queue: { tail: Promise<unknown> }, fn: () => Promise<T>): Promise<T> {
  const turn = queue.tail.then(fn, fn);
  queue.tail = turn.catch(() => undefined);
  return turn;
}

/**
 * Sends a request, runs and records the response checks. No answer at all is a CheckFailure
 * (kind no-answer). An answer of the operation's documented `customer-busy` situation (521,
 * "Multiple actions are running for the same customer": the host was busy with another request
 * for that customer) is sent again later, at most BUSY_RETRY_DELAYS_MS.length times, and from
 * then on the run sends such requests one at a time; `retryBusy: false` (a rule that judges
 * concurrent requests itself) sends once, at once.
 */
export async function send(ctx: RunContext, req: ApiRequest, options: { retryBusy?: boolean } = {}): Promise<Received> {
  const busy = options.retryBusy === false ? [] : busyStatuses(ctx, req);
  if (!busy.length) return sendOnce(ctx, req);
  for (let attempt = 0; ; attempt++) {
    const queue = ctx.shared.get<{ tail: Promise<unknown> }>(ONE_AT_A_TIME);
    const received = queue ? await serially(queue, () => sendOnce(ctx, req)) : await sendOnce(ctx, req);
    if (!busy.includes(received.response.status) || attempt >= BUSY_RETRY_DELAYS_MS.length) return received;
    if (!ctx.shared.get(ONE_AT_A_TIME)) ctx.shared.set(ONE_AT_A_TIME, { tail: Promise.resolve() });
    await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_DELAYS_MS[attempt]));
  }
}

async function sendOnce(ctx: RunContext, req: ApiRequest): Promise<Received> {
  const ruleId = (ctx as Partial<RuleContext>).rule?.id;
  const recorded = ctx.onExchange?.(req, ruleId);
  const exchange = await ctx.client.send(ruleId ? { ...req, check: ruleId } : req);
  if (recorded) recorded(exchange);
  const op = ctx.contract.operation(req.operation);
  if (!exchange.response) {
    throw new CheckFailure({
      kind: 'no-answer',
      title: `${operationName(op)}: ${exchange.error}`,
      operation: operationName(op),
      received: exchange.error ?? 'no answer',
      documented: `an HTTP answer within --timeout (${ctx.limits.timeoutMs} ms)`,
      curl: exchange.curl,
    });
  }
  const withResponse = exchange as Exchange & { response: ApiResponse };
  ctx.recorder.recordStatus(withResponse.response.status, req.auth === undefined || req.auth === 'configured');
  // A response check's failure names the rule whose request showed it (replay re-runs that rule).
  const verdicts = runResponseChecks({ contract: ctx.contract, op, exchange: withResponse, redact: ctx.redact }).map((v) =>
    ruleId && v.outcome && v.outcome !== NOT_APPLICABLE ? { ...v, outcome: { ...(v.outcome as Failure), rule: ruleId } } : v,
  );
  ctx.recorder.recordVerdicts(req.operation, verdicts);
  return { ...withResponse, verdicts };
}

/** A typed failure about an answer, for a rule's own assertions. */
export function failWith(
  ctx: RunContext,
  received: Received,
  f: { kind?: FailureKind; title: string; received: string; documented: string; details?: string[] },
): never {
  const op = ctx.contract.operation(received.request.operation);
  throw new CheckFailure(failureOf({ op, exchange: received, redact: ctx.redact }, { kind: 'rule-violated', ...f }));
}

/** Fails with the first response check that failed on this answer (the others as details). */
export function expectConforming(received: Received): void {
  const failed = received.verdicts.filter((v) => v.outcome && v.outcome !== NOT_APPLICABLE);
  if (!failed.length) return;
  const first = failed[0].outcome as Failure;
  throw new CheckFailure({
    ...first,
    kind: first.kind ?? 'schema-violation',
    title: `${failed[0].check.name}: ${first.title}`,
    details: [...(first.details ?? []), ...failed.slice(1).map((v) => `${v.check.name}: ${(v.outcome as Failure).title}`)],
  });
}

/** Fails unless the answer's status satisfies `ok`; `documented` says what the pages allow; `kind` of a non-5xx miss (default rejected-valid-request). */
export function expectStatus(ctx: RunContext, received: Received, ok: (status: number) => boolean, documented: string, kind?: FailureKind): void {
  const { status } = received.response;
  if (ok(status)) return;
  failWith(ctx, received, {
    kind: status >= 500 ? 'server-error' : kind ?? 'rejected-valid-request',
    title: `${operationName(ctx.contract.operation(received.request.operation))} answered HTTP ${status}`,
    received: `HTTP ${status}`,
    documented,
  });
}

export const is2xx = (status: number) => status >= 200 && status < 300;
export const is4xx = (status: number) => status >= 400 && status < 500;
