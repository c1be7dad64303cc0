// The model's memory: what the vendor pages say the host holds after the commands so far.
// Written from the pages (api-docs/ and FACTS.md), not from the reference host.
// - Customers: the fixtures' two, each known by id, mobile, email and externalId ("Any one
//   among the customer identifiers is mandatory").
// - Coupons the sequence issued: code, owner, redeemed or not (the fixtures' series is
//   redeemable once per coupon: DESIGN.md, fixtures).
// - Coupon redemptions made by bulk redeem: id, owner, the fields an update stored
//   (put-v2-coupon-redeem.txt: transaction number, bill amount, bill id, custom fields).
// - Points redemptions of the fixtures: both identifiers, owner, the fields an update stored
//   (put-v2-points-updateRedemption.txt: bill_id, bill_number, purpose).
import type { Customer, Fixtures } from '../config/index.ts';

export type IdentifierKind = 'id' | 'mobile' | 'externalId' | 'email';
export const IDENTIFIER_KINDS: readonly IdentifierKind[] = ['id', 'mobile', 'externalId', 'email'];

export interface ModelCoupon {
  code: string;
  /** Index of the owner in model.customers. */
  owner: number;
  redeemed: boolean;
}

/** A value the model knows, or does not know yet (a field the sequence never set). */
export type Known<T> = { known: true; value: T } | { known: false };

export interface ModelCouponRedemption {
  id: number;
  owner: number;
  code: string;
  transactionNumber: Known<string>;
  billAmount: Known<number>;
  billId: Known<number>;
  customFields: Record<string, string>;
}

export interface ModelPointsRecord {
  redemptionId: string;
  externalReferenceNumber: string;
  /** Index of the owner in model.customers, when the fixtures' mobile names one of them. */
  owner: number | undefined;
  mobile: string;
  billId: Known<number>;
  billNumber: Known<string>;
  purpose: Known<string>;
}

export interface Model {
  customers: Customer[];
  coupons: ModelCoupon[];
  redemptions: ModelCouponRedemption[];
  points: ModelPointsRecord[];
}

const unknown = { known: false } as const;

/** The model at the start of a sequence: the fixtures, nothing issued yet. */
export function initialModel(fixtures: Fixtures): Model {
  const customers = fixtures.customers.slice(0, 2);
  if (customers.length < 2) throw new Error('sequences need the fixtures\' two customers');
  return {
    customers,
    coupons: [],
    redemptions: [],
    points: fixtures.pointsRedemptions.map((r) => {
      const owner = customers.findIndex((c) => c.mobile === r.customer.mobile);
      return {
        redemptionId: r.redemptionId,
        externalReferenceNumber: r.externalReferenceNumber,
        owner: owner >= 0 ? owner : undefined,
        mobile: r.customer.mobile,
        billId: unknown,
        billNumber: unknown,
        purpose: unknown,
      };
    }),
  };
}

export function couponByCode(model: Model, code: string): ModelCoupon | undefined {
  return model.coupons.find((c) => c.code === code);
}

/**
 * A customer named by one identifier, the others absent, or blank as the issue page's own
 * example sends them: only beside an `id`, which comes first (x-readings
 * customer-identifier-precedence: a vendor may take the first identifier present).
 */
export function customerRef(customer: Customer, by: IdentifierKind, blankOthers = false): Record<string, string | number> {
  const ref: Record<string, string | number> = {};
  if (blankOthers && by === 'id') for (const kind of IDENTIFIER_KINDS) if (kind !== 'id') ref[kind] = '';
  ref[by] = customer[by];
  return ref;
}
