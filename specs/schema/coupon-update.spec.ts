// PUT /v2/coupon/redeem: an update of a real redemption, and a refusal, every answer
// through the response checks.
import { rule, send, expectConforming, expectStatus, is2xx, is4xx } from '../../src/runtime/rule.ts';
import { couponUpdateRequest } from '../../generators/fixture-requests.ts';
import { fixtures, issueCoupon, redeem, redemptionIdsOf } from '../support/flows.ts';

const source = 'put-v2-coupon-redeem.txt';

describe('PUT /v2/coupon/redeem: documented answers', () => {
  rule(
    { id: 'coupon-update.schema.updated', title: 'should answer an update of a redemption with the documented entity and statuses', operation: 'updateCouponRedemption', kind: 'schema', source, writes: true },
    async () => {
      const customer = fixtures().customers[0];
      const { code } = await issueCoupon(customer);
      const redeemed = await redeem([code], customer);
      expectStatus(redeemed, is2xx, 'HTTP 200: the issued coupon redeems');
      const received = await send({ operation: 'updateCouponRedemption', body: couponUpdateRequest(redemptionIdsOf(redeemed), customer) });
      expectStatus(received, is2xx, 'HTTP 200 with entity.status 761');
      expectConforming(received);
    },
  );

  rule(
    { id: 'coupon-update.schema.refusal', title: 'should refuse a request with no redemption id in a documented envelope', operation: 'updateCouponRedemption', kind: 'schema', source: `${source} (code 661)`, writes: true },
    async () => {
      const received = await send({ operation: 'updateCouponRedemption', body: { redemptions: [], user: { mobile: fixtures().customers[0].mobile } } });
      expectStatus(received, is4xx, 'a 4xx with code 661 "No Redemption id passed"');
      expectConforming(received);
    },
  );
});
