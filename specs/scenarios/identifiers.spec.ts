// "Any one among the customer identifiers is mandatory": each of id, mobile, email and
// externalId alone names the customer, for issue and for redeem; none, or an unknown one,
// is refused with the documented code.
import { group, rule } from '../../src/rules/registry.ts';
import type { RuleContext } from '../../src/runtime/context.ts';
import { send, failWith } from '../../src/runtime/exchange.ts';
import { expectRefusal } from '../../src/runtime/verdicts.ts';
import { IDENTIFIER_KINDS, unknownCouponCode, unknownCustomerReference } from '../../generators/domain.ts';
import { issueCouponRequest } from '../../generators/requests.ts';
import { expectRedeemed, issueCoupon, redeem, redeemRequest } from '../support/flows.ts';

const ISSUE = 'post-v2-coupon-issue.txt ("Any one among the customer identifiers is mandatory")';
const BULK = 'post-v2-coupon-bulk-redeem.txt ("Any one of the customer identifiers is mandatory")';

/** A well-formed issue request of the fixtures' first customer, drawn from the seed. */
const issueBody = (ctx: RuleContext) =>
  ctx.draw(issueCouponRequest({ contract: ctx.contract, seriesId: ctx.fixtures.seriesId, customers: [ctx.customers[0]], kinds: ['id'] }));

export default group('customer identifiers: any one of them is enough', [
  ...IDENTIFIER_KINDS.flatMap((by) => [
    rule(
      { id: `coupon-issue.identifier-${by.toLowerCase()}`, title: `should issue a coupon to the customer named by ${by} alone: that customer can redeem it`, operation: 'issueCoupon', kind: 'scenario', writes: true, source: ISSUE, covers: ['{prefix}.situation.issued'] },
      async (ctx) => {
        // The second customer for two of the kinds: a host that resolves every identifier to the first customer is caught.
        const customer = ctx.customers[IDENTIFIER_KINDS.indexOf(by) % ctx.customers.length];
        const { code } = await issueCoupon(ctx, customer, by);
        // Whose coupon it is, through the API: a dry run by the named customer (by id) finds it redeemable.
        expectRedeemed(ctx, await redeem(ctx, [code], customer, { dryRun: true }), [code], { dryRun: true });
      },
    ),
    rule(
      { id: `bulk-redeem.identifier-${by.toLowerCase()}`, title: `should redeem for a customer named by ${by} alone`, operation: 'bulkRedeemCoupons', kind: 'scenario', writes: true, source: BULK, covers: ['{prefix}.situation.redeemed'] },
      async (ctx) => {
        // Both customers, as for issue: mobile and email name the second one.
        const customer = ctx.customers[IDENTIFIER_KINDS.indexOf(by) % ctx.customers.length];
        const { code } = await issueCoupon(ctx, customer);
        expectRedeemed(ctx, await redeem(ctx, [code], customer, { by }), [code]);
      },
    ),
  ]),
  rule(
    { id: 'coupon-issue.unique-code', title: 'should issue every coupon with its own code', operation: 'issueCoupon', kind: 'scenario', writes: true, source: 'post-v2-coupon-issue.txt (response: "code: The unique coupon code generated")', covers: ['{prefix}.situation.issued'] },
    async (ctx) => {
      const customer = ctx.customers[0];
      const first = await issueCoupon(ctx, customer);
      const second = await issueCoupon(ctx, customer);
      if (first.code === second.code) {
        failWith(ctx, second.received, { kind: 'state-violation', title: 'two coupons issued with one code', received: `code ${second.code}, the code of the coupon issued just before`, documented: 'a unique coupon code per coupon issued' });
      }
    },
  ),
  rule(
    { id: 'coupon-issue.no-identifier', title: 'should refuse to issue when the customer has no identifier', operation: 'issueCoupon', kind: 'scenario', writes: true, source: ISSUE, covers: ['{prefix}.situation.no-customer-identifier'] },
    async (ctx) => {
      expectRefusal(ctx, await send(ctx, { operation: 'issueCoupon', body: { ...issueBody(ctx), customer: {} } }), 'no-customer-identifier');
    },
  ),
  rule(
    { id: 'coupon-issue.unknown-customer', title: 'should refuse to issue to an unknown customer with 701', operation: 'issueCoupon', kind: 'scenario', writes: true, source: `${ISSUE}; FACTS.md code 701` },
    async (ctx) => {
      const customer = ctx.draw(unknownCustomerReference({ customers: ctx.customers }));
      expectRefusal(ctx, await send(ctx, { operation: 'issueCoupon', body: { ...issueBody(ctx), customer } }), 'unknown-customer');
    },
  ),
  rule(
    { id: 'coupon-issue.unknown-series', title: 'should refuse to issue from an unknown series', operation: 'issueCoupon', kind: 'scenario', writes: true, source: 'post-v2-coupon-issue.txt ("Valid coupon series ID"); FACTS.md codes 707, 755' },
    async (ctx) => {
      // A series id no host has: the fixtures' one, negated (series ids are positive).
      const body = { ...issueBody(ctx), seriesId: -Math.abs(ctx.fixtures.seriesId) - 1 };
      expectRefusal(ctx, await send(ctx, { operation: 'issueCoupon', body }), 'unknown-series');
    },
  ),
  rule(
    { id: 'bulk-redeem.no-identifier', title: 'should refuse a redemption whose user has no identifier', operation: 'bulkRedeemCoupons', kind: 'scenario', writes: false, source: BULK, covers: ['{prefix}.situation.no-customer-identifier'] },
    async (ctx) => {
      const body = { ...redeemRequest(ctx, [ctx.draw(unknownCouponCode())], ctx.customers[0]), user: {} };
      // x-readings bulk-check-order: a vendor that checks the coupons first refuses the made-up coupon.
      expectRefusal(ctx, await send(ctx, { operation: 'bulkRedeemCoupons', body, query: ctx.contract.dryRunQuery() }), ['no-customer-identifier', 'unknown-coupon']);
    },
  ),
]);
