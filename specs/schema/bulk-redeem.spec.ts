// POST /v2/coupon/bulk/redeem: a real redemption, a dry run, and documented refusals,
// every answer through the response checks.
import { rule, send, expectConforming, expectStatus, is2xx, is4xx } from '../../src/runtime/rule.ts';
import { bulkRedeemRequest, unknownCouponCode, unknownCustomerRef } from '../../generators/fixture-requests.ts';
import { dryRunQuery, fixtures, issueCoupon, redeem } from '../support/flows.ts';

const source = 'post-v2-coupon-bulk-redeem.txt';

describe('POST /v2/coupon/bulk/redeem: documented answers', () => {
  rule(
    { id: 'bulk-redeem.schema.redeemed', title: 'should answer a valid redemption with 200 and the documented response list', operation: 'bulkRedeemCoupons', kind: 'schema', source, writes: true },
    async () => {
      const customer = fixtures().customers[0];
      const { code } = await issueCoupon(customer);
      const received = await redeem([code], customer);
      expectStatus(received, (s) => s === 200, 'HTTP 200 with every coupon redeemed');
      expectConforming(received);
    },
  );

  rule(
    { id: 'bulk-redeem.schema.dry-run', title: 'should answer a valid dry run (is_redeemable=true) with 200 and the documented response list', operation: 'bulkRedeemCoupons', kind: 'schema', source, writes: true },
    async () => {
      const customer = fixtures().customers[0];
      const { code } = await issueCoupon(customer);
      const received = await redeem([code], customer, { dryRun: true });
      expectStatus(received, is2xx, 'HTTP 200: the coupon is redeemable');
      expectConforming(received);
    },
  );

  rule(
    { id: 'bulk-redeem.schema.unknown-coupon-refusal', title: 'should refuse a dry run of an unknown coupon code in a documented envelope', operation: 'bulkRedeemCoupons', kind: 'schema', source, writes: false },
    async () => {
      const received = await redeem([unknownCouponCode()], fixtures().customers[0], { dryRun: true });
      expectStatus(received, is4xx, 'a 4xx: the batch fails when one coupon is invalid');
      expectConforming(received);
    },
  );

  rule(
    { id: 'bulk-redeem.schema.unknown-customer-refusal', title: 'should refuse an unknown customer (dry run) with 400 in a documented envelope', operation: 'bulkRedeemCoupons', kind: 'schema', source: 'FACTS.md (Error envelopes: bulk redeem, HTTP 400, customer unknown)', writes: false },
    async () => {
      const body = { ...bulkRedeemRequest([unknownCouponCode()], fixtures().customers[0]), user: unknownCustomerRef() };
      const received = await send({ operation: 'bulkRedeemCoupons', body, query: dryRunQuery() });
      expectStatus(received, (s) => s === 400, 'HTTP 400 with code 701');
      expectConforming(received);
    },
  );
});
