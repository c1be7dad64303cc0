// How a spec states a vendor rule: `rule(meta, fn)` registers one mocha test whose title
// reads as the rule, tagged for --grep, carrying a stable check id and the vendor page.
// `send()` sends a request through the client, runs the response checks on the answer and
// records them; failures are typed (CheckFailure) so every report can show
// Received / Documented and the curl.
import type { ApiRequest, ApiResponse, Exchange } from '../client/index.ts';
import { WriteBlockedError } from '../client/index.ts';
import { runResponseChecks, failureOf, operationName, NOT_APPLICABLE, type CheckVerdict } from '../checks/index.ts';
import type { OperationId } from '../contract/index.ts';
import type { Failure } from '../results/types.ts';
import { session } from './session.ts';

export interface RuleMeta {
  /** Stable, dotted: `bulk-redeem.atomic-failure`. */
  id: string;
  /** The rule as a sentence: 'should redeem nothing when one coupon is invalid'. */
  title: string;
  operation?: OperationId;
  kind: 'schema' | 'scenario' | 'property';
  /** The vendor page (and passage) the rule comes from. */
  source: string;
  /** Needs requests that change state on a conforming host (issue, redeem, update). */
  writes: boolean;
  tags?: string[];
}

/** What the reporter finds on a mocha test registered by rule(). */
export interface RuleState extends RuleMeta {
  skipReason?: string;
  failure?: Failure;
}

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

export const WRITES_SKIP_REASON =
  'changes state on the host (issue/redeem/update); the host is remote and --allow-writes is not set';

function tagsOf(meta: RuleMeta): string[] {
  const tags = [meta.id.split('.')[0], ...(meta.tags ?? [])];
  if (meta.writes) tags.push('destructive');
  return [...new Set(tags)];
}

export function titleOf(meta: RuleMeta): string {
  const [first, ...rest] = tagsOf(meta);
  return `[${first}] ${meta.title}${rest.map((t) => ` [${t}]`).join('')}`;
}

export function rule(meta: RuleMeta, fn: () => Promise<void>): Mocha.Test {
  const state: RuleState = { ...meta, tags: tagsOf(meta) };
  const test = it(titleOf(meta), async function () {
    const { client } = session();
    if (meta.writes && !client.writesAllowed) {
      state.skipReason = WRITES_SKIP_REASON;
      this.skip();
    }
    try {
      await fn();
    } catch (err) {
      if (err instanceof WriteBlockedError) {
        state.skipReason = `${err.operation} ${WRITES_SKIP_REASON}`;
        this.skip();
      }
      if (err instanceof CheckFailure) state.failure = err.failure;
      throw err;
    }
  });
  (test as Mocha.Test & { conformance?: RuleState }).conformance = state;
  return test;
}

/** Sends a request, runs and records the response checks. No answer at all is a CheckFailure in plain words. */
export async function send(req: ApiRequest): Promise<Received> {
  const s = session();
  const exchange = await s.client.send(req);
  const op = s.contract.operation(req.operation);
  if (!exchange.response) {
    throw new CheckFailure({
      title: `${operationName(op)}: ${exchange.error}`,
      operation: operationName(op),
      received: exchange.error ?? 'no answer',
      documented: `an HTTP answer within --timeout (${s.config.timeoutMs} ms)`,
      curl: exchange.curl,
    });
  }
  const withResponse = exchange as Exchange & { response: ApiResponse };
  const verdicts = runResponseChecks({ contract: s.contract, op, exchange: withResponse, redact: s.redact });
  s.recorder.recordVerdicts(req.operation, verdicts);
  return { ...withResponse, verdicts };
}

/** Fails with the first response check that failed on this answer (the others as details). */
export function expectConforming(received: Received): void {
  const failed = received.verdicts.filter((v) => v.outcome && v.outcome !== NOT_APPLICABLE);
  if (!failed.length) return;
  const first = failed[0].outcome as Failure;
  throw new CheckFailure({
    ...first,
    title: `${failed[0].check.name}: ${first.title}`,
    details: [...(first.details ?? []), ...failed.slice(1).map((v) => `${v.check.name}: ${(v.outcome as Failure).title}`)],
  });
}

/** Fails unless the answer's status satisfies `ok`; `documented` says what the pages allow. */
export function expectStatus(received: Received, ok: (status: number) => boolean, documented: string): void {
  const { status } = received.response;
  if (ok(status)) return;
  const s = session();
  const op = s.contract.operation(received.request.operation);
  throw new CheckFailure(
    failureOf({ op, exchange: received, redact: s.redact }, {
      title: `${operationName(op)} answered HTTP ${status}`,
      received: `HTTP ${status}`,
      documented,
    }),
  );
}

/** A typed failure about an answer, for a rule's own assertions. */
export function failWith(received: Received, f: { title: string; received: string; documented: string; details?: string[] }): never {
  const s = session();
  const op = s.contract.operation(received.request.operation);
  throw new CheckFailure(failureOf({ op, exchange: received, redact: s.redact }, f));
}

export const is2xx = (status: number) => status >= 200 && status < 300;
export const is4xx = (status: number) => status >= 400 && status < 500;
