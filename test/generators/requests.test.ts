// The per-operation valid requests and the domain arbitraries: schema-valid, the same for
// the same seed, and made of the fixtures (a real customer by one identifier, the run's
// coupons and redemptions, the fixtures' points redemptions).
import { expect } from 'chai';
import fc from 'fast-check';
import { getContract } from '../../src/contract/index.ts';
import type { Customer } from '../../src/config/index.ts';
import { IDENTIFIER_KINDS } from '../../generators/domain.ts';
import { VALID_REQUESTS, bulkRedeemPlan, bulkRedeemRequest, withCodes, type Body } from '../../generators/requests.ts';
import { batchSize, billAmount, isUnknownValue, redemptionTime, unknownCouponCode, unknownCustomerReference } from '../../generators/domain.ts';
import { OPERATIONS, SEED, couponCodes, sample, worldFor } from './world.ts';

/** The identifiers of a customer object that are actually given (not absent, not ""). */
function givenIdentifiers(reference: unknown): [string, unknown][] {
  return Object.entries(reference as Record<string, unknown>).filter(([, v]) => v !== '' && v !== undefined && v !== null);
}

function namesExactlyOne(reference: unknown, customers: readonly Customer[]): boolean {
  const given = givenIdentifiers(reference);
  return given.length === 1 && customers.some((c) => c[given[0][0] as keyof Customer] === given[0][1]);
}

describe('generators/requests: valid requests of each operation', () => {
  const contract = getContract();
  const world = worldFor(contract);

  for (const operation of OPERATIONS) {
    it(`${operation}: only schema-valid bodies, the same for the same seed`, () => {
      const arbitrary = (VALID_REQUESTS[operation] as (c: unknown) => fc.Arbitrary<Body>)(world[operation]);
      const bodies = sample(arbitrary);
      for (const body of bodies) expect(contract.validateRequest(operation, body), JSON.stringify(body)).to.deep.equal([]);
      expect(JSON.stringify(sample(arbitrary))).to.equal(JSON.stringify(bodies));
    });
  }

  it('builds one arbitrary per operation and equal constraints (a negative property asks once per mutator)', () => {
    for (const operation of OPERATIONS) {
      const make = VALID_REQUESTS[operation] as (c: unknown) => fc.Arbitrary<Body>;
      expect(make({ ...world[operation] }), operation).to.equal(make(world[operation]));
    }
    const c = world.bulkRedeemCoupons;
    expect(bulkRedeemRequest({ ...c, size: { min: 1, max: 2 } })).to.not.equal(bulkRedeemRequest(c));
    expect(bulkRedeemRequest({ ...c, codes: c.codes.slice(1) })).to.not.equal(bulkRedeemRequest(c));
  });

  it('issueCoupon: the fixtures series, a fixtures customer by exactly one identifier (others absent or "")', () => {
    const c = world.issueCoupon;
    const bodies = sample(VALID_REQUESTS.issueCoupon(c));
    for (const body of bodies) {
      expect(body.seriesId).to.equal(c.seriesId);
      expect(namesExactlyOne(body.customer, c.customers), JSON.stringify(body.customer)).to.equal(true);
      // "" only beside an id (x-readings customer-identifier-precedence=first-present counts an empty one).
      const customer = body.customer as Record<string, unknown>;
      if (Object.values(customer).includes('')) expect(customer).to.have.property('id');
    }
    expect(bodies.some((b) => Object.values(b.customer as object).includes(''))).to.equal(true);
    const kinds = new Set(bodies.map((b) => givenIdentifiers(b.customer)[0][0]));
    expect([...kinds]).to.have.members([...IDENTIFIER_KINDS]);
  });

  it('bulkRedeemCoupons: distinct pool coupons of the customer, 1..limit of them, in the form every reading accepts', () => {
    const c = world.bulkRedeemCoupons;
    const sizes: number[] = [];
    for (const body of sample(VALID_REQUESTS.bulkRedeemCoupons(c))) {
      const codes = (body.redemptionRequestList as { code: string }[]).map((e) => e.code);
      expect(new Set(codes).size).to.equal(codes.length);
      expect(c.codes).to.include.members(codes);
      expect(namesExactlyOne(body.user, [c.customer])).to.equal(true);
      // x-readings bulk-bill-amount-type, bulk-transaction-number, bulk-redemption-time-format.
      expect(body.billAmount).to.be.a('string');
      expect(body.transactionNumber).to.be.a('string');
      expect(body).not.to.have.property('redemptionTime');
      sizes.push(codes.length);
    }
    expect(Math.min(...sizes)).to.equal(1);
    expect(Math.max(...sizes)).to.equal(contract.bulkMax);
  });

  it('bulkRedeemCoupons: the batch limit is the contract\'s (--bulk-max)', () => {
    const small = getContract({ bulkMax: 5 });
    const c = worldFor(small).bulkRedeemCoupons;
    const sizes = sample(bulkRedeemRequest(c)).map((b) => (b.redemptionRequestList as unknown[]).length);
    expect(Math.max(...sizes)).to.equal(5);
  });

  it('bulkRedeemPlan: dry runs up to the limit, real redemptions of at most 2 coupons; withCodes swaps in fresh ones', () => {
    const c = world.bulkRedeemCoupons;
    const plans = sample(bulkRedeemPlan(c), 200);
    expect(plans.some((p) => p.dryRun) && plans.some((p) => !p.dryRun)).to.equal(true);
    for (const plan of plans.filter((p) => !p.dryRun)) expect((plan.body.redemptionRequestList as unknown[]).length).to.be.within(1, 2);
    const fresh = couponCodes(60).slice(55);
    const real = plans.find((p) => !p.dryRun)!.body;
    const swapped = withCodes(real, fresh);
    expect((swapped.redemptionRequestList as { code: string }[]).map((e) => e.code)).to.deep.equal(fresh.slice(0, (real.redemptionRequestList as unknown[]).length));
    expect({ ...swapped, redemptionRequestList: null }).to.deep.equal({ ...real, redemptionRequestList: null });
  });

  it('updateCouponRedemption: distinct redemption ids of the run, the user who redeemed, numeric bill amounts', () => {
    const c = world.updateCouponRedemption;
    for (const body of sample(VALID_REQUESTS.updateCouponRedemption(c))) {
      const entries = body.redemptions as { redemptionId: number; billAmount: unknown }[];
      const ids = entries.map((e) => e.redemptionId);
      expect(new Set(ids).size).to.equal(ids.length);
      expect(c.redemptionIds).to.include.members(ids);
      for (const e of entries) expect(e.billAmount).to.be.a('number');
      // x-readings coupon-update-custom-fields: object-only and array-only vendors exclude each other.
      for (const e of entries) expect(e).not.to.have.property('customFields');
      expect(namesExactlyOne(body.user, [c.customer])).to.equal(true);
    }
  });

  it('updatePointsRedemption: one identifier of a fixtures redemption, a non-empty field to update, its own customer as entity', () => {
    const c = world.updatePointsRedemption;
    for (const body of sample(VALID_REQUESTS.updatePointsRedemption(c))) {
      const ids = (['redemptionId', 'externalReferenceNumber'] as const).filter((k) => k in body);
      expect(ids).to.have.length(1);
      const redemption = c.redemptions.find((r) => r[ids[0]] === body[ids[0]]);
      expect(redemption, JSON.stringify(body)).to.not.equal(undefined);
      expect(['billId', 'billNumber', 'purpose'].some((k) => body[k] !== undefined && body[k] !== '')).to.equal(true);
      // Always sent (x-readings points-entity: a vendor may require it, 1219).
      expect(Object.values(body.entity as object)).to.include(redemption!.customer.mobile);
    }
  });
});

describe('generators/domain: the leaves of the requests', () => {
  it('batchSize: within is 1..limit (small and near the limit), over is limit+1..limit+slack', () => {
    const within = sample(batchSize({ limit: 50, relation: 'within' }), 300);
    expect(Math.min(...within)).to.equal(1);
    expect(Math.max(...within)).to.equal(50);
    expect(within.some((n) => n >= 48)).to.equal(true);
    expect(sample(batchSize({ limit: 50, relation: 'over', slack: 2 }))).to.satisfy((all: number[]) => all.every((n) => n === 51 || n === 52));
    expect(sample(batchSize({ limit: 1, relation: 'within' }))).to.satisfy((all: number[]) => all.every((n) => n === 1));
  });

  it('billAmount: a decimal string or a number, as the pages show both', () => {
    const amounts = sample(billAmount(), 300);
    expect(amounts.some((a) => typeof a === 'string') && amounts.some((a) => typeof a === 'number')).to.equal(true);
    for (const a of amounts) {
      if (typeof a === 'string') expect(a).to.match(/^\d+(\.\d+)?$/);
      else expect(a).to.be.at.least(1);
    }
    expect(sample(billAmount({ as: 'number' })).every((a) => typeof a === 'number')).to.equal(true);
  });

  it('redemptionTime: the table\'s "YYYY-MM-DD HH:MM:SS", a real date', () => {
    for (const t of sample(redemptionTime())) {
      expect(t).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(new Date(`${t.replace(' ', 'T')}Z`).toISOString().slice(0, 19)).to.equal(t.replace(' ', 'T'));
    }
  });

  it('unknown values are marked, and never a known coupon code or customer identifier', () => {
    const known = couponCodes(20);
    for (const code of sample(unknownCouponCode({ known }))) {
      expect(isUnknownValue(code)).to.equal(true);
      expect(known).not.to.include(code);
    }
    for (const reference of sample(unknownCustomerReference())) expect(Object.values(reference).every(isUnknownValue)).to.equal(true);
  });

  it('are pure functions of the seed', () => {
    for (const arbitrary of [billAmount(), redemptionTime(), unknownCouponCode(), batchSize({ limit: 50, relation: 'within' })] as fc.Arbitrary<unknown>[]) {
      expect(sample(arbitrary, 40, SEED + 7)).to.deep.equal(sample(arbitrary, 40, SEED + 7));
    }
  });
});
