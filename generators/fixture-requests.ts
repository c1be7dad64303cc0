// Well-formed requests built from the fixtures: the smallest valid request of each operation,
// for a given customer and identifier. (The property-based arbitraries build on these.)
import type { Customer, Fixtures, PointsRedemptionFixture } from '../src/config/index.ts';

export type IdentifierKind = 'id' | 'mobile' | 'externalId' | 'email';
export const IDENTIFIER_KINDS: readonly IdentifierKind[] = ['id', 'mobile', 'externalId', 'email'];

/** A customer named by exactly one identifier. */
export function customerRef(customer: Customer, by: IdentifierKind = 'id'): Record<string, string | number> {
  return { [by]: customer[by] };
}

export function issueRequest(fixtures: Fixtures, customer: Customer, by: IdentifierKind = 'id') {
  return { seriesId: fixtures.seriesId, customer: customerRef(customer, by) };
}

/** "YYYY-MM-DD HH:MM:SS", the bulk redeem table's format. */
export function redemptionTime(date = new Date()): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

let transactions = 0;
export function transactionNumber(): string {
  transactions += 1;
  return `conf-${process.pid}-${Date.now().toString(36)}-${transactions}`;
}

export function bulkRedeemRequest(codes: string[], customer: Customer, by: IdentifierKind = 'id', billAmount: string | number = '1000') {
  return {
    redemptionRequestList: codes.map((code) => ({ code })),
    redemptionTime: redemptionTime(),
    transactionNumber: transactionNumber(),
    user: customerRef(customer, by),
    billAmount,
  };
}

export function couponUpdateRequest(redemptionIds: number[], customer: Customer, by: IdentifierKind = 'mobile') {
  return {
    redemptions: redemptionIds.map((redemptionId, i) => ({
      redemptionId,
      billAmount: 1000 + i,
      transactionNumber: transactionNumber(),
      billId: 10_000 + i,
      customFields: { conformance_check: 'updated' },
    })),
    user: customerRef(customer, by),
  };
}

export function pointsUpdateRequest(redemption: PointsRedemptionFixture, by: 'redemptionId' | 'externalReferenceNumber' = 'redemptionId') {
  return {
    [by]: redemption[by],
    billNumber: transactionNumber(),
    purpose: 'conformance check',
    entity: { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: redemption.customer.mobile },
  };
}

const nonce = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();

/** A customer no host has: an external id made for this run. */
export function unknownCustomerRef(): Record<string, string> {
  return { externalId: `CONFORMANCE-NOBODY-${nonce()}` };
}

/** A coupon code no host has issued. */
export function unknownCouponCode(): string {
  return `NOCOUPON${nonce()}`;
}
