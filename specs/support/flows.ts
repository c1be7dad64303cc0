// Steps the rules share: issue a coupon, redeem coupons, read redemption ids. Each step
// sends through the checked client and fails with a typed failure when the host refuses
// a step the fixtures say must succeed. Independent requests (coupons to issue, property
// runs: specs/properties/harness.ts) go several at a time against a loopback host.
import type { Customer } from '../../src/config/index.ts';
import { send, expectStatus, failWith, is2xx, type Received } from '../../src/runtime/rule.ts';
import { session } from '../../src/runtime/session.ts';
import { bulkRedeemRequest, issueRequest, type IdentifierKind } from '../../generators/fixture-requests.ts';
import { bulkEntries } from '../../src/contract/envelopes.ts';
import { expectAccepted } from '../../src/runtime/expect.ts';

export function fixtures() {
  return session().fixtures;
}

/** Independent requests in flight at once against a loopback host (see parallelism()). */
export const LOOPBACK_PARALLELISM = 8;

/**
 * How many independent requests (or property runs) may be in flight at once:
 * LOOPBACK_PARALLELISM against a loopback host, such as the reference host, which answers
 * concurrent requests as it answers sequential ones; 1 against a remote host, where the rate
 * limit spaces the starts anyway, and where concurrent requests for one customer (the
 * fixtures' first customer holds every coupon the properties use) may draw the documented
 * HTTP 521 "Multiple actions are running for the same customer" (openapi: CustomerBusy).
 */
export function parallelism(): number {
  return session().config.remote ? 1 : LOOPBACK_PARALLELISM;
}

/**
 * `fn` over `items`, the results in the items' order. The first item goes alone (a host
 * that does not answer costs one request, not a burst: the client stops sending to an
 * operation after a few unanswered requests in a row), then up to parallelism() at a time.
 * Once an item has failed no further one starts; when those in flight have settled, the
 * failure of the first failed item (in the items' order) is thrown.
 */
export async function inParallel<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
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
  await Promise.all(Array.from({ length: Math.min(parallelism(), items.length - 1) }, worker));
  if (errors.size) throw errors.get(Math.min(...errors.keys()));
  return results;
}

/** Issues one coupon of the fixtures' series to a customer; returns its code. */
export async function issueCoupon(customer: Customer, by: IdentifierKind = 'id'): Promise<{ code: string; received: Received }> {
  const received = await send({ operation: 'issueCoupon', body: issueRequest(fixtures(), customer, by) });
  expectStatus(received, is2xx, `2xx: the fixtures' series ${fixtures().seriesId} issues to a fixtures customer (post-v2-coupon-issue.txt)`);
  const { json, jsonError } = received.response;
  if (jsonError !== undefined) {
    failWith(received, { title: 'the issue answer is not valid JSON', received: jsonError, documented: 'a JSON body whose code is the coupon code (string), used to redeem it' });
  }
  const code = (json as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !code) {
    failWith(received, { title: 'the issued coupon has no code', received: `code: ${JSON.stringify(code)}`, documented: 'code: the coupon code (string), used to redeem it' });
  }
  return { code, received };
}

/** Issues `count` coupons to a customer (several at a time: inParallel); their codes in the order of the requests. */
export function issueCoupons(customer: Customer, count: number): Promise<string[]> {
  return inParallel(Array.from({ length: count }, (_, i) => i), async function issueOne() {
    return (await issueCoupon(customer)).code;
  });
}

export interface RedeemOptions {
  by?: IdentifierKind;
  dryRun?: boolean;
}

/** The dry-run query (x-profile.dryRunParameter): `is_redeemable=true`. */
export function dryRunQuery(): Record<string, string> {
  return { [session().contract.profile.dryRunParameter.value]: 'true' };
}

export function redeem(codes: string[], customer: Customer, options: RedeemOptions = {}): Promise<Received> {
  return send({
    operation: 'bulkRedeemCoupons',
    body: bulkRedeemRequest(codes, customer, options.by),
    ...(options.dryRun ? { query: dryRunQuery() } : {}),
  });
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
export function expectRedeemed(received: Received, codes: string[], options: { dryRun?: boolean } = {}): void {
  const situation = session().contract.situation('bulkRedeemCoupons', options.dryRun ? 'redeemable' : 'redeemed');
  expectAccepted(received, `HTTP 200, every coupon ${options.dryRun ? 'redeemable' : 'redeemed'}: ${situation.description}`);
  const entries = bulkEntries(received.response.json);
  for (const code of codes) {
    const entry = entries.find((e) => e.coupon === code);
    const documented = `an entry for ${code} with success true and code ${situation.codes.join(' or ')}${options.dryRun ? ' and redemptionId "-1"' : ''}`;
    if (!entry) failWith(received, { title: `no entry for coupon ${code}`, received: `entries for ${entries.map((e) => e.coupon).join(', ') || 'none'}`, documented });
    if (entry.success !== true || entry.code === undefined || !situation.codes.includes(entry.code)) {
      failWith(received, { title: `coupon ${code} not ${options.dryRun ? 'redeemable' : 'redeemed'}`, received: `success ${entry.success}, code ${entry.code}`, documented });
    }
    if (options.dryRun && String(entry.redemptionId) !== '-1') {
      failWith(received, { title: `the dry run of ${code} answered a real redemption id`, received: `redemptionId ${JSON.stringify(entry.redemptionId)}`, documented });
    }
  }
}
