// "Any one among the customer identifiers is mandatory": each of id, mobile, email and
// externalId alone names the customer, for issue and for redeem; none, or an unknown one,
// is refused with the documented code.
import { rule, send } from '../../src/runtime/rule.ts';
import { expectRefusal } from '../../src/runtime/expect.ts';
import { IDENTIFIER_KINDS, issueRequest, unknownCustomerRef } from '../../generators/fixture-requests.ts';
import { dryRunQuery, expectRedeemed, fixtures, issueCoupon, redeem } from '../support/flows.ts';
import { bulkRedeemRequest, unknownCouponCode } from '../../generators/fixture-requests.ts';

const ISSUE = 'post-v2-coupon-issue.txt ("Any one among the customer identifiers is mandatory")';
const BULK = 'post-v2-coupon-bulk-redeem.txt ("Any one of the customer identifiers is mandatory")';

describe('customer identifiers: any one of them is enough', () => {
  for (const by of IDENTIFIER_KINDS) {
    rule(
      { id: `coupon-issue.identifier-${by.toLowerCase()}`, title: `should issue a coupon to a customer named by ${by} alone`, operation: 'issueCoupon', kind: 'scenario', writes: true, source: ISSUE },
      async () => {
        await issueCoupon(fixtures().customers[0], by);
      },
    );
    rule(
      { id: `bulk-redeem.identifier-${by.toLowerCase()}`, title: `should redeem for a customer named by ${by} alone`, operation: 'bulkRedeemCoupons', kind: 'scenario', writes: true, source: BULK },
      async () => {
        const customer = fixtures().customers[0];
        const { code } = await issueCoupon(customer);
        expectRedeemed(await redeem([code], customer, { by }), [code]);
      },
    );
  }

  rule(
    { id: 'coupon-issue.no-identifier', title: 'should refuse to issue when the customer has no identifier', operation: 'issueCoupon', kind: 'scenario', writes: true, source: ISSUE },
    async () => {
      expectRefusal(await send({ operation: 'issueCoupon', body: { ...issueRequest(fixtures(), fixtures().customers[0]), customer: {} } }), 'no-customer-identifier');
    },
  );
  rule(
    { id: 'coupon-issue.unknown-customer', title: 'should refuse to issue to an unknown customer with 701', operation: 'issueCoupon', kind: 'scenario', writes: true, source: `${ISSUE}; FACTS.md code 701` },
    async () => {
      expectRefusal(await send({ operation: 'issueCoupon', body: { ...issueRequest(fixtures(), fixtures().customers[0]), customer: unknownCustomerRef() } }), 'unknown-customer');
    },
  );
  rule(
    { id: 'coupon-issue.unknown-series', title: 'should refuse to issue from an unknown series', operation: 'issueCoupon', kind: 'scenario', writes: true, source: 'post-v2-coupon-issue.txt ("Valid coupon series ID"); FACTS.md codes 707, 755' },
    async () => {
      // A series id no host has: the fixtures' one, negated (series ids are positive).
      const body = { ...issueRequest(fixtures(), fixtures().customers[0]), seriesId: -Math.abs(fixtures().seriesId) - 1 };
      expectRefusal(await send({ operation: 'issueCoupon', body }), 'unknown-series');
    },
  );
  rule(
    { id: 'bulk-redeem.no-identifier', title: 'should refuse a redemption whose user has no identifier', operation: 'bulkRedeemCoupons', kind: 'scenario', writes: false, source: BULK },
    async () => {
      const body = { ...bulkRedeemRequest([unknownCouponCode()], fixtures().customers[0]), user: {} };
      expectRefusal(await send({ operation: 'bulkRedeemCoupons', body, query: dryRunQuery() }), 'no-customer-identifier');
    },
  );
});
