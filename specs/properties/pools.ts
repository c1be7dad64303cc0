// What the properties' valid requests need from the host, made once per run through the
// API (never read from the reference host's memory): coupons issued to a fixtures customer,
// and coupon redemptions of that customer. Shared by the positive and negative property of
// an operation; a failure to make them fails both, with the step's own failure.
import fc from 'fast-check';
import type { Customer } from '../../src/config/index.ts';
import { expectStatus, is2xx, send } from '../../src/runtime/rule.ts';
import { session, type Session } from '../../src/runtime/session.ts';
import { bulkRedeemRequest } from '../../generators/requests.ts';
import { inParallel, issueCoupons, redemptionIdsOf } from '../support/flows.ts';

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

interface Pools {
  coupons?: Promise<CouponPool>;
  redemptions?: Promise<RedemptionPool>;
}

const bySession = new WeakMap<Session, Pools>();

function poolsOf(s: Session): Pools {
  let pools = bySession.get(s);
  if (!pools) bySession.set(s, (pools = {}));
  return pools;
}

/**
 * bulkMax + OVER_LIMIT_SLACK unredeemed coupons of the first fixtures customer: a dry run of
 * up to the limit, and a batch just over it whose only fault is its size, both need real coupons.
 */
export function couponPool(): Promise<CouponPool> {
  const s = session();
  const pools = poolsOf(s);
  pools.coupons ??= (async () => {
    const customer = s.fixtures.customers[0];
    return { customer, codes: await issueCoupons(customer, s.contract.bulkMax + OVER_LIMIT_SLACK) };
  })();
  return pools.coupons;
}

/** REDEMPTIONS coupon redemptions of the first fixtures customer (issued and redeemed for real). */
export function redemptionPool(): Promise<RedemptionPool> {
  const s = session();
  const pools = poolsOf(s);
  pools.redemptions ??= (async () => {
    const customer = s.fixtures.customers[0];
    const codes = await issueCoupons(customer, REDEMPTIONS);
    const batches: string[][] = [];
    // In batches within the limit (--bulk-max may be 1), several at a time.
    for (let i = 0; i < codes.length; i += s.contract.bulkMax) batches.push(codes.slice(i, i + s.contract.bulkMax));
    const ids = await inParallel(batches, async function redeemBatch(batch) {
      // A valid redemption from the seed, like every request the properties send.
      const arbitrary = bulkRedeemRequest({ contract: s.contract, customer, codes: batch, size: { min: batch.length, max: batch.length } });
      const [body] = fc.sample(arbitrary, { seed: s.config.seed, numRuns: 1 });
      const received = await send({ operation: 'bulkRedeemCoupons', body });
      expectStatus(received, is2xx, 'HTTP 200: freshly issued coupons redeem (post-v2-coupon-bulk-redeem.txt)');
      return redemptionIdsOf(received);
    });
    const redemptionIds = ids.flat();
    return { customer, redemptionIds };
  })();
  return pools.redemptions;
}
