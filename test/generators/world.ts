// What the generators' tests build requests from: the reference host's seeded fixtures (as
// the CLI hands them to the properties) and a pool of coupon codes made by the domain
// arbitrary, so no test writes a payload by hand.
import fc from 'fast-check';
import { getContract, type Contract } from '../../src/contract/index.ts';
import { fixturesOf, randomCredentials, seedState } from '../../simulator/state.ts';
import { couponCode } from '../../generators/domain.ts';
import type { OperationConstraints } from '../../generators/requests.ts';

export const SEED = 20240611;
export const SAMPLES = 150;

export function simulatorFixtures(bulkMax = 50) {
  return fixturesOf(seedState(), randomCredentials(), bulkMax);
}

/** `count` distinct coupon codes, as the host would issue them. */
export function couponCodes(count: number): string[] {
  const codes = [...new Set(fc.sample(couponCode(), { seed: SEED, numRuns: count * 3 }))];
  if (codes.length < count) throw new Error('not enough distinct codes');
  return codes.slice(0, count);
}

/** The constraints of every operation for a contract: the pool holds bulkMax + 2 codes, as the properties' does. */
export function worldFor(contract: Contract = getContract()): OperationConstraints {
  const fixtures = simulatorFixtures(contract.bulkMax);
  const [customer] = fixtures.customers;
  return {
    issueCoupon: { contract, seriesId: fixtures.seriesId, customers: fixtures.customers },
    bulkRedeemCoupons: { contract, customer, customers: fixtures.customers, codes: couponCodes(contract.bulkMax + 2) },
    updateCouponRedemption: { contract, customer, redemptionIds: [18958125, 18958126] },
    updatePointsRedemption: { contract, redemptions: fixtures.pointsRedemptions },
  };
}

export const OPERATIONS = ['issueCoupon', 'bulkRedeemCoupons', 'updateCouponRedemption', 'updatePointsRedemption'] as const;

export function sample<T>(arbitrary: fc.Arbitrary<T>, numRuns = SAMPLES, seed = SEED): T[] {
  return fc.sample(arbitrary, { seed, numRuns });
}
