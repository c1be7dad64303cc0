// Domain arbitraries: the leaves of the vendor's requests, shaped as the pages show them
// (coupon codes, customer identifiers, bill amounts as string or number, batch sizes
// around the documented limit, the table's redemption time format). Each is a named
// arbitrary with a constraints object, composed from smaller ones with named mappers.
// Pure functions of the seed: no clock, no Math.random.
import fc from 'fast-check';
import { matching } from './text.ts';
import type { Customer, PointsRedemptionFixture } from '../src/config/index.ts';

/** How a request names a customer: "Any one among the customer identifiers is mandatory". */
export type IdentifierKind = 'id' | 'mobile' | 'externalId' | 'email';
export const IDENTIFIER_KINDS: readonly IdentifierKind[] = ['id', 'mobile', 'externalId', 'email'];

/**
 * A coupon code as the pages show them (U6ER8MJ5, 3ELN50QRLCKGW5S6): upper-case letters
 * and digits. Only the generators' tests use it (real codes come from the host).
 */
export function couponCode(constraints: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> {
  const { minLength = 6, maxLength = 16 } = constraints;
  return matching(new RegExp(`^[A-Z0-9]{${minLength},${maxLength}}$`));
}

/** Marks every value the suite makes up to name nothing: lower case and '-', which no vendor code uses. */
export const UNKNOWN_MARK = 'zz-unknown-';

function toUnknownValue(suffix: string): string {
  return `${UNKNOWN_MARK}${suffix}`;
}

/**
 * A coupon code no host has issued: the vendor issues upper-case alphanumeric codes, and
 * these are lower case with dashes. `known` codes are excluded all the same.
 */
export function unknownCouponCode(constraints: { known?: readonly string[] } = {}): fc.Arbitrary<string> {
  const known = new Set(constraints.known ?? []);
  return matching(/^[a-z0-9]{4,10}$/).map(toUnknownValue).filter((code) => !known.has(code));
}

/** Whether a value was made by the unknown-value arbitraries above. */
export function isUnknownValue(value: unknown): boolean {
  return typeof value === 'string' && value.includes(UNKNOWN_MARK);
}

/**
 * The customer object of a request: one real identifier, the others absent, or "" beside an
 * id (the issue page's own example). Blanks only beside an id: a vendor may take the first
 * identifier present in the order id, mobile, externalId, email, even an empty one
 * (x-readings customer-identifier-precedence), and the id comes first.
 */
function toCustomerReference([customer, by, blanks]: [Customer, IdentifierKind, boolean]): Record<string, string | number> {
  const reference: Record<string, string | number> = { [by]: customer[by] };
  if (blanks && by === 'id') for (const other of IDENTIFIER_KINDS) if (other !== 'id') reference[other] = '';
  return reference;
}

/** A real customer named by any one identifier ("Any one among the customer identifiers is mandatory"). */
export function customerReference(constraints: { customers: readonly Customer[]; kinds?: readonly IdentifierKind[]; blanks?: boolean }): fc.Arbitrary<Record<string, string | number>> {
  const { customers, kinds = IDENTIFIER_KINDS, blanks } = constraints;
  if (!customers.length) throw new Error('customerReference needs at least one customer');
  return fc.tuple(fc.constantFrom(...customers), fc.constantFrom(...kinds), blanks === undefined ? fc.boolean() : fc.constant(blanks)).map(toCustomerReference);
}

/** An identifier value of a kind that names no customer (string identifiers only: any integer id may exist). */
function toUnknownIdentifier([by, suffix]: ['mobile' | 'externalId' | 'email', string]): Record<string, string> {
  const value = by === 'email' ? `${toUnknownValue(suffix)}@example.invalid` : toUnknownValue(suffix);
  return { [by]: value };
}

export function unknownCustomerReference(constraints: { customers?: readonly Customer[] } = {}): fc.Arbitrary<Record<string, string>> {
  const taken = new Set((constraints.customers ?? []).flatMap((c) => [c.mobile, c.externalId, c.email.toLowerCase()]));
  return fc
    .tuple(fc.constantFrom('externalId' as const, 'mobile' as const, 'email' as const), matching(/^[a-z0-9]{4,10}$/))
    .map(toUnknownIdentifier)
    .filter((ref) => !Object.values(ref).some((v) => taken.has(v.toLowerCase())));
}

/** A customer object with none of the identifiers: absent, or "" (which counts as absent). */
export function noCustomerIdentifier(): fc.Arbitrary<Record<string, string>> {
  const blank = fc.constant('');
  return fc.record({ mobile: blank, externalId: blank, email: blank }, { requiredKeys: [], noNullPrototype: true });
}

function toBillAmount([cents, asString, withDecimals]: [number, boolean, boolean]): string | number {
  const amount = withDecimals ? (cents / 100).toFixed(2) : String(Math.round(cents / 100));
  return asString ? amount : Number(amount);
}

/**
 * A bill amount: a decimal string ("2000", the bulk redeem examples) or a number (the
 * coupon update table), 1 to 100000. `as` fixes the form where the page fixes it.
 */
export function billAmount(constraints: { as?: 'string' | 'number' | 'either' } = {}): fc.Arbitrary<string | number> {
  const { as = 'either' } = constraints;
  const asString = as === 'either' ? fc.boolean() : fc.constant(as === 'string');
  return fc.tuple(fc.integer({ min: 100, max: 10_000_000 }), asString, fc.boolean()).map(toBillAmount);
}

/**
 * A batch size around the documented limit: 'within' is 1..limit (small sizes and sizes
 * just under the limit alike), 'over' is limit+1..limit+slack.
 */
export function batchSize(constraints: { limit: number; relation: 'within' | 'over'; slack?: number }): fc.Arbitrary<number> {
  const { limit, relation, slack = 2 } = constraints;
  if (relation === 'over') return fc.integer({ min: limit + 1, max: limit + Math.max(1, slack) });
  const small = fc.integer({ min: 1, max: Math.min(3, limit) });
  const nearLimit = fc.integer({ min: Math.max(1, limit - 2), max: limit });
  return fc.oneof(small, nearLimit);
}

function toTableTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * A redemption time in the table's "YYYY-MM-DD HH:MM:SS" form (x-page-defects
 * redemption-time-format: the suite sends the table's form). From a fixed window, not the
 * clock, so the same seed sends the same time; the page says the host uses its own time.
 */
export function redemptionTime(): fc.Arbitrary<string> {
  return fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2025-12-31T23:59:59Z'), noInvalidDate: true }).map(toTableTime);
}

function toTransactionNumber(suffix: string): string {
  return `conf-${suffix}`;
}

/** A transaction number ("txn-38", "numbr9435064964" on the pages): the same seed sends the same ones. */
export function transactionNumber(): fc.Arbitrary<string> {
  return matching(/^[a-z0-9]{4,12}$/).map(toTransactionNumber);
}

/** A bill id: a non-negative long (the coupon update table: "long"; points: at most 19 digits). */
export function billId(): fc.Arbitrary<number> {
  return fc.integer({ min: 1, max: 999_999_999_999 });
}

/** A bill number or purpose: short, non-empty text ("number7939623972", "Testing"). */
export function shortText(): fc.Arbitrary<string> {
  return matching(/^[A-Za-z][A-Za-z0-9 -]{0,19}$/);
}

/** Custom fields of a redeemed coupon: an object of string values (cf_key_1: cf_value_1 on the page). */
export function customFields(): fc.Arbitrary<Record<string, string>> {
  return fc.dictionary(matching(/^cf_[a-z0-9_]{1,10}$/), matching(/^[A-Za-z0-9 _-]{0,16}$/), { maxKeys: 3, noNullPrototype: true });
}

function toPointsEntity([type, [identifierType, identifierValue]]: [string, [string, string]]) {
  return { type, identifierType, identifierValue };
}

/**
 * The points entity of a fixtures redemption: a valid entity type (from the schema's enum)
 * and the redemption's customer by the identifier the fixtures give (mobile, as on the page).
 */
export function pointsEntity(constraints: { redemption: PointsRedemptionFixture; types: readonly string[] }): fc.Arbitrary<{ type: string; identifierType: string; identifierValue: string }> {
  const identifiers = Object.entries(constraints.redemption.customer) as [string, string][];
  return fc.tuple(fc.constantFrom(...constraints.types), fc.constantFrom(...identifiers)).map(toPointsEntity);
}

/** An entity type that is not a valid one (the pages show only CUSTOMER, in any case). */
export function otherEntityType(constraints: { valid: readonly string[] }): fc.Arbitrary<string> {
  const valid = new Set(constraints.valid.map((t) => t.toUpperCase()));
  return matching(/^[A-Z][A-Z_]{1,11}$/).filter((t) => !valid.has(t.toUpperCase()));
}

/** A points redemption identifier that names no redemption. */
export function unknownRedemptionIdentifier(constraints: { known?: readonly string[] } = {}): fc.Arbitrary<string> {
  const known = new Set(constraints.known ?? []);
  return matching(/^[a-z0-9]{4,10}$/).map(toUnknownValue).filter((v) => !known.has(v));
}
