// POST /v2/coupon/bulk/redeem: a real redemption, a dry run, and documented refusals,
// every answer through the response checks.
import { group, rule } from '../../src/rules/registry.ts';
import { expectRefusal } from '../../src/runtime/verdicts.ts';
import { send, expectConforming, expectStatus, is2xx } from '../../src/runtime/exchange.ts';
import { unknownCouponCode, unknownCustomerReference } from '../../generators/domain.ts';
import { expectRedeemed, issueCoupon, redeem, redeemRequest } from '../support/flows.ts';

const source = 'post-v2-coupon-bulk-redeem.txt';

export default group('POST /v2/coupon/bulk/redeem: documented answers', [
  rule(
    { id: 'bulk-redeem.schema.redeemed', title: 'should answer a valid redemption with 200 and the documented response list', operation: 'bulkRedeemCoupons', kind: 'schema', source, writes: true, covers: ['{prefix}.status.200'] },
    async (ctx) => {
      const customer = ctx.customers[0];
      const { code } = await issueCoupon(ctx, customer);
      const received = await redeem(ctx, [code], customer);
      expectStatus(ctx, received, (s) => s === 200, 'HTTP 200 with every coupon redeemed');
      // The 200 schema also admits a failed batch (x-readings bulk-failure-status): the coupon must be redeemed.
      expectRedeemed(ctx, received, [code]);
      expectConforming(received);
    },
  ),
  rule(
    { id: 'bulk-redeem.schema.dry-run', title: 'should answer a valid dry run (is_redeemable=true) with 200 and the documented response list', operation: 'bulkRedeemCoupons', kind: 'schema', source, writes: true, covers: ['{prefix}.situation.redeemable', '{prefix}.status.200'] },
    async (ctx) => {
      const customer = ctx.customers[0];
      const { code } = await issueCoupon(ctx, customer);
      const received = await redeem(ctx, [code], customer, { dryRun: true });
      expectStatus(ctx, received, is2xx, 'HTTP 200: the coupon is redeemable');
      expectRedeemed(ctx, received, [code], { dryRun: true });
      expectConforming(received);
    },
  ),
  rule(
    { id: 'bulk-redeem.schema.unknown-coupon-refusal', title: 'should refuse a dry run of an unknown coupon code in a documented envelope', operation: 'bulkRedeemCoupons', kind: 'schema', source, writes: false, covers: ['{prefix}.status.4XX'] },
    async (ctx) => {
      const received = await redeem(ctx, [ctx.draw(unknownCouponCode())], ctx.customers[0], { dryRun: true });
      expectRefusal(ctx, received, 'unknown-coupon');
      expectConforming(received);
    },
  ),
  rule(
    { id: 'bulk-redeem.schema.unknown-customer-refusal', title: 'should refuse an unknown customer (dry run) with 400 in a documented envelope', operation: 'bulkRedeemCoupons', kind: 'schema', source: 'FACTS.md (Error envelopes: bulk redeem, HTTP 400, customer unknown)', writes: false, covers: ['{prefix}.status.400'] },
    async (ctx) => {
      const user = ctx.draw(unknownCustomerReference({ customers: ctx.customers }));
      const body = { ...redeemRequest(ctx, [ctx.draw(unknownCouponCode())], ctx.customers[0]), user };
      const received = await send(ctx, { operation: 'bulkRedeemCoupons', body, query: ctx.contract.dryRunQuery() });
      expectRefusal(ctx, received, ['unknown-customer', 'unknown-coupon']);
      expectConforming(received);
    },
  ),
]);
