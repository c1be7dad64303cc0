// What the properties' valid requests need from the host, made once per run through the
// API (never read from the reference host's memory): coupons issued to a fixtures customer,
// and coupon redemptions of that customer. Shared by the positive and negative property of
// an operation; a failure to make them fails both, with the step's own failure.
import type { Customer } from '../../src/config/index.ts';
import { customersFor, type RuleContext } from '../../src/runtime/context.ts';
import { expectStatus, is2xx, send } from '../../src/runtime/exchange.ts';
import { inParallel, issueCoupons, redeemRequest, redemptionIdsOf } from './flows.ts';

const COUPONS = 'pool.coupons';
const REDEMPTIONS_POOL = 'pool.redemptions';

/** Coupons beyond the batch limit: the over-limit batches are limit+1..limit+OVER_LIMIT_SLACK real coupons. */
export const OVER_LIMIT_SLACK = 2;
/** Redemptions made for the coupon update properties (updates may be repeated). */
export const REDEMPTIONS = 2;

export interface CouponPool {
  customer: Customer;
  /** Issued to `customer`, never redeemed: only dry runs use them. */
  codes: string[];
}

export interface RedemptionPool {
  customer: Customer;
  redemptionIds: number[];
}

/**
 * bulkMax + OVER_LIMIT_SLACK unredeemed coupons of one fixtures customer (the one the pool's name falls on): a dry run of
 * up to the limit, and a batch just over it whose only fault is its size, both need real coupons.
 */
export function couponPool(ctx: RuleContext): Promise<CouponPool> {
  return ctx.shared.memo(COUPONS, async () => {
    const customer = customersFor(ctx.fixtures.customers, COUPONS)[0];
    return { customer, codes: await issueCoupons(ctx, customer, ctx.contract.bulkMax + OVER_LIMIT_SLACK) };
  });
}

/** REDEMPTIONS coupon redemptions of one fixtures customer (issued and redeemed for real). */
export function redemptionPool(ctx: RuleContext): Promise<RedemptionPool> {
  return ctx.shared.memo(REDEMPTIONS_POOL, async () => {
    const customer = customersFor(ctx.fixtures.customers, REDEMPTIONS_POOL)[0];
    const codes = await issueCoupons(ctx, customer, REDEMPTIONS);
    const batches: string[][] = [];
    // In batches within the limit (--bulk-max may be 1), several at a time.
    for (let i = 0; i < codes.length; i += ctx.contract.bulkMax) batches.push(codes.slice(i, i + ctx.contract.bulkMax));
    const ids = await inParallel(ctx, batches, async function redeemBatch(batch) {
      // A valid redemption from the seed, like every request the properties send.
      const received = await send(ctx, { operation: 'bulkRedeemCoupons', body: redeemRequest(ctx, batch, customer) });
      expectStatus(ctx, received, is2xx, 'HTTP 200: freshly issued coupons redeem (post-v2-coupon-bulk-redeem.txt)');
      return redemptionIdsOf(received);
    });
    return { customer, redemptionIds: ids.flat() };
  });
}
