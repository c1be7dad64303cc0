// Steps the rules share: issue a coupon, redeem coupons, read redemption ids. Each step
// draws its request from the named arbitraries of generators/ (fixed sizes, the run's seed),
// sends it through the checked client and fails with a typed failure when the host refuses a
// step the fixtures say must succeed. Independent requests go several at a time against a
// loopback host (ctx.limits.parallelism).
import type { Customer } from '../../src/config/index.ts';
import type { RuleContext, RunContext } from '../../src/runtime/context.ts';
import { send, expectStatus, failWith, is2xx, type Received } from '../../src/runtime/exchange.ts';
import { expectAccepted } from '../../src/runtime/verdicts.ts';
import { bulkEntries } from '../../src/contract/envelopes.ts';
import { bulkRedeemRequest, issueCouponRequest } from '../../generators/requests.ts';
import type { IdentifierKind } from '../../generators/domain.ts';

/**
 * `fn` over `items`, the results in the items' order. The first item goes alone (a host
 * that does not answer costs one request, not a burst: the client stops sending to an
 * operation after a few unanswered requests in a row), then up to ctx.limits.parallelism at
 * a time. Once an item has failed no further one starts; when those in flight have settled,
 * the failure of the first failed item (in the items' order) is thrown.
 */
export async function inParallel<T, R>(ctx: RunContext, items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!items.length) return [];
  const results: R[] = new Array(items.length);
  results[0] = await fn(items[0], 0);
  const errors = new Map<number, unknown>();
  let next = 1;
  async function worker(): Promise<void> {
    while (next < items.length && errors.size === 0) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (error) {
        errors.set(i, error);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(ctx.limits.parallelism, items.length - 1) }, worker));
  if (errors.size) throw errors.get(Math.min(...errors.keys()));
  return results;
}

/** Issues one coupon of the fixtures' series to a customer named by `by`; returns its code. */
export async function issueCoupon(ctx: RuleContext, customer: Customer, by: IdentifierKind = 'id'): Promise<{ code: string; received: Received }> {
  const body = ctx.draw(issueCouponRequest({ contract: ctx.contract, seriesId: ctx.fixtures.seriesId, customers: [customer], kinds: [by] }));
  const received = await send(ctx, { operation: 'issueCoupon', body });
  expectStatus(ctx, received, is2xx, `2xx: the fixtures' series ${ctx.fixtures.seriesId} issues to a fixtures customer (post-v2-coupon-issue.txt)`);
  const { json, jsonError } = received.response;
  if (jsonError !== undefined) {
    failWith(ctx, received, { kind: 'schema-violation', title: 'the issue answer is not valid JSON', received: jsonError, documented: 'a JSON body whose code is the coupon code (string), used to redeem it' });
  }
  const issued = json as { code?: unknown; customer?: { id?: unknown } } | undefined;
  // The coupon is the named customer's: where the answer names its customer, it is that one.
  if (issued?.customer?.id !== undefined && Number(issued.customer.id) !== customer.id) {
    failWith(ctx, received, { kind: 'wrong-record', title: 'the coupon was issued to another customer', received: `customer.id ${JSON.stringify(issued.customer.id)}`, documented: `customer.id ${customer.id}: the customer the request named by ${by}` });
  }
  const code = issued?.code;
  if (typeof code !== 'string' || !code) {
    failWith(ctx, received, { kind: 'schema-violation', title: 'the issued coupon has no code', received: `code: ${JSON.stringify(code)}`, documented: 'code: the coupon code (string), used to redeem it' });
  }
  return { code, received };
}

/** Issues `count` coupons to a customer (several at a time); their codes in the order of the requests. */
export function issueCoupons(ctx: RuleContext, customer: Customer, count: number): Promise<string[]> {
  return inParallel(ctx, Array.from({ length: count }, (_, i) => i), async function issueOne() {
    return (await issueCoupon(ctx, customer)).code;
  });
}

export interface RedeemOptions {
  by?: IdentifierKind;
  dryRun?: boolean;
  /** false: a 521 customer-busy answer is returned, not sent again (a rule that judges concurrency). */
  retryBusy?: boolean;
}

/** A bulk redemption request of exactly `codes` (in order, repeats kept) for `customer`, drawn from the seed. */
export function redeemRequest(ctx: RuleContext, codes: readonly string[], customer: Customer, by: IdentifierKind = 'id'): Record<string, unknown> {
  const size = { min: codes.length, max: codes.length };
  return ctx.draw(bulkRedeemRequest({ contract: ctx.contract, customer, codes, size, kinds: [by] }));
}

export function redeem(ctx: RuleContext, codes: readonly string[], customer: Customer, options: RedeemOptions = {}): Promise<Received> {
  return send(
    ctx,
    {
      operation: 'bulkRedeemCoupons',
      body: redeemRequest(ctx, codes, customer, options.by),
      ...(options.dryRun ? { query: ctx.contract.dryRunQuery() } : {}),
    },
    { retryBusy: options.retryBusy },
  );
}

/** The redemption ids of a successful bulk redeem, as integers (x-page-defects redemption-id-type). */
export function redemptionIdsOf(received: Received): number[] {
  const entries = (received.response.json as { response?: { result?: { redemptionId?: unknown } }[] } | undefined)?.response ?? [];
  return entries.map((e) => Number(e.result?.redemptionId)).filter((n) => Number.isSafeInteger(n) && n >= 0);
}

/**
 * The batch was redeemed (or, in a dry run, found redeemable) as the page documents:
 * a 2xx, and for every coupon an entry, matched by code, with success true and code 700;
 * in a dry run, redemptionId "-1".
 */
export function expectRedeemed(ctx: RunContext, received: Received, codes: readonly string[], options: { dryRun?: boolean } = {}): void {
  const situation = ctx.contract.situation('bulkRedeemCoupons', options.dryRun ? 'redeemable' : 'redeemed');
  expectAccepted(ctx, received, `HTTP 200, every coupon ${options.dryRun ? 'redeemable' : 'redeemed'}: ${situation.description}`);
  const entries = bulkEntries(received.response.json);
  for (const code of codes) {
    const entry = entries.find((e) => e.coupon === code);
    const documented = `an entry for ${code} with success true and code ${situation.codes.join(' or ')}${options.dryRun ? ' and redemptionId "-1"' : ''}`;
    if (!entry) failWith(ctx, received, { kind: 'rule-violated', title: `no entry for coupon ${code}`, received: `entries for ${entries.map((e) => e.coupon).join(', ') || 'none'}`, documented });
    if (entry.success !== true || entry.code === undefined || !situation.codes.includes(entry.code)) {
      failWith(ctx, received, { kind: 'rejected-valid-request', title: `coupon ${code} not ${options.dryRun ? 'redeemable' : 'redeemed'}`, received: `success ${entry.success}, code ${entry.code}`, documented });
    }
    if (options.dryRun && String(entry.redemptionId) !== '-1') {
      failWith(ctx, received, { kind: 'rule-violated', title: `the dry run of ${code} answered a real redemption id`, received: `redemptionId ${JSON.stringify(entry.redemptionId)}`, documented });
    }
  }
}
