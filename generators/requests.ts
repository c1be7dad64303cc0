// Valid requests, one named arbitrary per operation: derived from the operation's OpenAPI
// request schema (which keys, which optional, the oneOf/anyOf rules), refined so that a
// host with the fixtures must accept them: real customers by any one identifier, coupons
// issued during the run, redemptions made during the run, the fixtures' points redemptions.
import fc from 'fast-check';
import type { Contract, OperationId } from '../src/contract/index.ts';
import type { Customer, PointsRedemptionFixture } from '../src/config/index.ts';
import { requestBodyArbitrary, requestSchema, schemaAt } from './schema.ts';
import {
  batchSize,
  billAmount,
  billId,
  customerReference,
  pointsEntity,
  shortText,
  transactionNumber,
  type IdentifierKind,
} from './domain.ts';

export type Body = Record<string, unknown>;

/**
 * Built arbitraries, by contract and by the rest of the constraints (as JSON). Building one
 * from the schema flattens and merges the schemas and builds every leaf, and a negative
 * property asks for an operation's valid requests once per mutator (several times for some);
 * arbitraries are immutable, so equal constraints share one instance.
 */
const built = new WeakMap<Contract, Map<string, fc.Arbitrary<Body>>>();

function memoized<C extends { contract: Contract }>(name: string, make: (c: C) => fc.Arbitrary<Body>): (c: C) => fc.Arbitrary<Body> {
  return function cachedArbitrary(c) {
    let byKey = built.get(c.contract);
    if (!byKey) built.set(c.contract, (byKey = new Map()));
    const { contract: _contract, ...rest } = c;
    const key = `${name} ${JSON.stringify(rest)}`;
    let arbitrary = byKey.get(key);
    if (!arbitrary) byKey.set(key, (arbitrary = make(c)));
    return arbitrary;
  };
}

export interface IssueCouponConstraints {
  contract: Contract;
  /** The fixtures' series. */
  seriesId: number;
  /** The fixtures' customers. */
  customers: readonly Customer[];
  /** Which identifiers may name the customer; default any. */
  kinds?: readonly IdentifierKind[];
  /** Whether the other identifiers are sent as "" (the page's own example); default either. */
  blanks?: boolean;
}

/** POST /v2/coupon/issue: the fixtures' series, to a real customer by any one identifier. */
export const issueCouponRequest = memoized('issueCoupon', function issueCouponRequest(c: IssueCouponConstraints): fc.Arbitrary<Body> {
  return requestBodyArbitrary(c.contract, 'issueCoupon', {
    overrides: {
      '/seriesId': fc.constant(c.seriesId),
      '/customer': customerReference({ customers: c.customers, kinds: c.kinds, blanks: c.blanks }),
    },
  }) as fc.Arbitrary<Body>;
});

export interface BulkRedeemConstraints {
  contract: Contract;
  /** The customer the coupons were issued to. */
  customer: Customer;
  /** Distinct codes of coupons issued to `customer` during the run, not redeemed. */
  codes: readonly string[];
  /** Every fixtures customer (so made-up customers are sure to be unknown); default [customer]. */
  customers?: readonly Customer[];
  /** How many coupons; default: 1..3 or just under the batch limit (contract.bulkMax). */
  size?: { min: number; max: number };
  /** Which identifiers may name the customer; default any. */
  kinds?: readonly IdentifierKind[];
  /**
   * The bill amount's notation (x-page-defects bill-amount-string-or-number); default a string,
   * the form of both pages' examples, which every reading (x-readings bulk-bill-amount-type) accepts.
   */
  billAmountAs?: 'string' | 'number' | 'either';
}

function toRedemptionEntries(codes: readonly string[]): (count: number) => { code: string }[] {
  return function firstCodes(count) {
    return codes.slice(0, count).map((code) => ({ code }));
  };
}

/** A size arbitrary for a batch of the pool's codes; the pool bounds it. */
function batchOf(c: BulkRedeemConstraints): fc.Arbitrary<number> {
  if (c.size) {
    if (c.size.max > c.codes.length) throw new Error(`bulkRedeemRequest: ${c.size.max} coupons asked, ${c.codes.length} issued`);
    return fc.integer(c.size);
  }
  return batchSize({ limit: Math.min(c.contract.bulkMax, c.codes.length), relation: 'within' });
}

/**
 * POST /v2/coupon/bulk/redeem: issued coupons of one customer, named by any one identifier, in
 * the form every reading of x-readings accepts: billAmount always sent, as a decimal string
 * (bulk-bill-amount-type, bulk-bill-amount-required); transactionNumber always sent
 * (bulk-transaction-number: a vendor may answer 718 without one); redemptionTime never sent
 * (not starred; bulk-redemption-time-format: the table's form and the newer example's ISO form
 * exclude each other, and the page says the host uses the store's own time).
 */
export const bulkRedeemRequest = memoized('bulkRedeemCoupons', function bulkRedeemRequest(c: BulkRedeemConstraints): fc.Arbitrary<Body> {
  if (!c.codes.length) throw new Error('bulkRedeemRequest needs issued coupon codes');
  return requestBodyArbitrary(c.contract, 'bulkRedeemCoupons', {
    overrides: {
      '/redemptionRequestList': batchOf(c).map(toRedemptionEntries(c.codes)),
      '/user': customerReference({ customers: [c.customer], kinds: c.kinds }),
      '/billAmount': billAmount({ as: c.billAmountAs ?? 'string' }),
      '/transactionNumber': transactionNumber(),
    },
    // x-page-defects bulk-redeem-required-marks: the suite always sends billAmount.
    require: ['/billAmount', '/transactionNumber'],
    omit: ['/redemptionTime'],
  }) as fc.Arbitrary<Body>;
});

/** A bulk redemption to send: a dry run (is_redeemable=true) of pool coupons, or a real one. */
export interface BulkRedeemPlan {
  dryRun: boolean;
  /** For a real redemption, the codes stand for as many fresh coupons (see withCodes). */
  body: Body;
}

const toDryRun = (body: Body): BulkRedeemPlan => ({ dryRun: true, body });
const toRedemption = (body: Body): BulkRedeemPlan => ({ dryRun: false, body });

/**
 * Dry runs consume nothing, so they may use the whole pool (sizes up to the limit); real
 * redemptions consume coupons, so they stay small (1..redeemMax) and the property issues
 * fresh coupons for them.
 */
export function bulkRedeemPlan(c: BulkRedeemConstraints & { redeemMax?: number }): fc.Arbitrary<BulkRedeemPlan> {
  const redeemMax = Math.min(c.redeemMax ?? 2, c.codes.length, c.contract.bulkMax);
  return fc.oneof(bulkRedeemRequest(c).map(toDryRun), bulkRedeemRequest({ ...c, size: { min: 1, max: redeemMax } }).map(toRedemption));
}

/** The same request with its coupon codes replaced, in order (fresh coupons for a real redemption). */
export function withCodes(body: Body, codes: readonly string[]): Body {
  const list = body.redemptionRequestList as { code: string }[];
  if (codes.length < list.length) throw new Error(`withCodes: ${list.length} codes needed, ${codes.length} given`);
  return { ...body, redemptionRequestList: list.map((entry, i) => ({ ...entry, code: codes[i] })) };
}

export interface CouponUpdateConstraints {
  contract: Contract;
  /** The customer who redeemed. */
  customer: Customer;
  /** Coupon redemption ids of `customer`, from bulk redeems made during the run. */
  redemptionIds: readonly number[];
  /** Which identifiers may name the customer; default any. */
  kinds?: readonly IdentifierKind[];
  /** Every redemption id, once each, in this order (a scenario's fixed request); default a random subset. */
  all?: boolean;
}

function redemptionIdOf(entry: unknown): unknown {
  return (entry as { redemptionId?: unknown }).redemptionId;
}

/**
 * PUT /v2/coupon/redeem: updates of distinct redemptions of one customer. `user` is always
 * sent (optional in the table, but it names whose redemptions these are, and the page's
 * example sends it); billAmount is a number (x-page-defects bill-amount-string-or-number);
 * customFields is never sent (x-readings coupon-update-custom-fields).
 */
export const couponUpdateRequest = memoized('updateCouponRedemption', function couponUpdateRequest(c: CouponUpdateConstraints): fc.Arbitrary<Body> {
  if (!c.redemptionIds.length) throw new Error('couponUpdateRequest needs redemption ids');
  return requestBodyArbitrary(c.contract, 'updateCouponRedemption', {
    overrides: {
      '/redemptions/*/redemptionId': fc.constantFrom(...c.redemptionIds),
      '/redemptions/*/billAmount': billAmount({ as: 'number' }),
      '/redemptions/*/transactionNumber': transactionNumber(),
      '/redemptions/*/billId': billId(),
      '/user': customerReference({ customers: [c.customer], kinds: c.kinds }),
    },
    lists: {
      '/redemptions': (entries, { minLength }) =>
        c.all
          ? fc.tuple(...c.redemptionIds.map(() => entries)).map(function inGivenOrder(list) {
              return list.map((entry, i) => ({ ...(entry as Body), redemptionId: c.redemptionIds[i] }));
            })
          : fc.uniqueArray(entries, { selector: redemptionIdOf, minLength: Math.max(1, minLength), maxLength: c.redemptionIds.length }),
    },
    require: ['/user'],
    // x-readings coupon-update-custom-fields: the request table says Array, the response
    // table Object; a vendor may take either alone, so valid requests leave customFields out.
    omit: ['/redemptions/*/customFields'],
  }) as fc.Arbitrary<Body>;
});

export interface PointsUpdateConstraints {
  contract: Contract;
  /** The fixtures' points redemptions (updates may be repeated). */
  redemptions: readonly PointsRedemptionFixture[];
  /** Which identifier names the redemption; default either. */
  by?: 'redemptionId' | 'externalReferenceNumber';
  /** Fields always sent besides '/entity' (e.g. '/billNumber'); the others may be absent. */
  require?: readonly string[];
}

/** The entity types the schema allows (its enum). */
export function entityTypes(contract: Contract): string[] {
  const { schema, root } = requestSchema(contract, 'updatePointsRedemption');
  const types = schemaAt(schema, root, '/entity/type')?.enum;
  if (!types?.length) throw new Error('openapi: UpdatePointsRedemptionRequest.entity.type has no enum');
  return types as string[];
}

/** PUT /v2/points/updateRedemption: one fixtures redemption by exactly one identifier, at least one field to update. */
export const pointsUpdateRequest = memoized('updatePointsRedemption', function pointsUpdateRequest(c: PointsUpdateConstraints): fc.Arbitrary<Body> {
  if (!c.redemptions.length) throw new Error('pointsUpdateRequest needs the fixtures points redemptions');
  const types = entityTypes(c.contract);
  const forRedemption = (r: PointsRedemptionFixture) =>
    requestBodyArbitrary(c.contract, 'updatePointsRedemption', {
      overrides: {
        '/redemptionId': fc.constant(r.redemptionId),
        '/externalReferenceNumber': fc.constant(r.externalReferenceNumber),
        // Non-empty: a host may read "" as "not sent" (as the document says of identifiers).
        '/billNumber': shortText(),
        '/purpose': shortText(),
        '/billId': billId(),
        '/entity': pointsEntity({ redemption: r, types }),
      },
      // entity is not starred, but 1219 "Entity details not set/invalid" lets a vendor require
      // it (x-readings points-entity): valid requests always send it.
      require: ['/entity', ...(c.require ?? [])],
    }).map(function namedBy(body) {
      // Exactly one identifier (the schema's oneOf): the one asked for, when one is.
      if (!c.by) return body as Body;
      const { redemptionId: _id, externalReferenceNumber: _ref, ...rest } = body as Body;
      return { [c.by]: r[c.by], ...rest };
    });
  return fc.oneof({ withCrossShrink: true }, ...c.redemptions.map(forRedemption));
});

/** What each operation's valid requests are made from. */
export interface OperationConstraints {
  issueCoupon: IssueCouponConstraints;
  bulkRedeemCoupons: BulkRedeemConstraints;
  updateCouponRedemption: CouponUpdateConstraints;
  updatePointsRedemption: PointsUpdateConstraints;
}

/** The valid-request arbitrary of each operation (one instance per equal constraints: see memoized). */
export const VALID_REQUESTS: { [K in OperationId]: (c: OperationConstraints[K]) => fc.Arbitrary<Body> } = {
  issueCoupon: issueCouponRequest,
  bulkRedeemCoupons: bulkRedeemRequest,
  updateCouponRedemption: couponUpdateRequest,
  updatePointsRedemption: pointsUpdateRequest,
};
