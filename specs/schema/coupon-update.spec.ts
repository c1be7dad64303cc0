// PUT /v2/coupon/redeem: an update of a real redemption, and a refusal, every answer
// through the response checks.
import { group, rule } from '../../src/rules/registry.ts';
import { expectRefusal } from '../../src/runtime/verdicts.ts';
import { send, expectConforming, expectStatus, is2xx } from '../../src/runtime/exchange.ts';
import { couponUpdateRequest } from '../../generators/requests.ts';
import { issueCoupon, redeem, redemptionIdsOf } from '../support/flows.ts';

const source = 'put-v2-coupon-redeem.txt';

export default group('PUT /v2/coupon/redeem: documented answers', [
  rule(
    { id: 'coupon-update.schema.updated', title: 'should answer an update of a redemption with the documented entity and statuses', operation: 'updateCouponRedemption', kind: 'schema', source, writes: true, covers: ['{prefix}.status.200', 'page-defect.redemption-id-type'] },
    async (ctx) => {
      const customer = ctx.customers[0];
      const { code } = await issueCoupon(ctx, customer);
      const redeemed = await redeem(ctx, [code], customer);
      expectStatus(ctx, redeemed, is2xx, 'HTTP 200: the issued coupon redeems');
      const body = ctx.draw(couponUpdateRequest({ contract: ctx.contract, customer, redemptionIds: redemptionIdsOf(redeemed), all: true, kinds: ['mobile'] }));
      const received = await send(ctx, { operation: 'updateCouponRedemption', body });
      expectStatus(ctx, received, is2xx, 'HTTP 200 with entity.status 761');
      expectConforming(received);
    },
  ),
  rule(
    { id: 'coupon-update.schema.refusal', title: 'should refuse a request with no redemption id in a documented envelope', operation: 'updateCouponRedemption', kind: 'schema', source: `${source} (code 661)`, writes: true, covers: ['{prefix}.status.4XX'] },
    async (ctx) => {
      const received = await send(ctx, { operation: 'updateCouponRedemption', body: { redemptions: [], user: { mobile: ctx.customers[0].mobile } } });
      expectRefusal(ctx, received, 'no-redemption-id');
      expectConforming(received);
    },
  ),
]);
