// The host's memory: coupon series, customers, issued coupons, coupon redemptions and points
// redemptions, seeded at start. One module, one State per running simulator.
import { randomBytes } from 'node:crypto';
import { isAbsent, isObject } from './http.ts';

export interface Customer {
  id: number;
  mobile: string;
  externalId: string;
  email: string;
  firstName: string;
  lastName: string;
  autoUpdateTime: string;
}

export interface Series {
  id: number;
  description: string;
  discountCode: string;
  validTill: string;
  discountType: 'ABS' | 'PERC';
  discountValue: number;
  discountUpto: number;
  discountOn: string;
  detailedInfo: string;
  /** How many times one coupon of the series may be redeemed. */
  redemptionsPerCoupon: number;
}

export interface Coupon {
  id: number;
  code: string;
  seriesId: number;
  customerId: number;
  redemptionCount: number;
}

/** A coupon redemption made by the bulk redeem; updated by PUT /v2/coupon/redeem. */
export interface CouponRedemption {
  redemptionId: number;
  couponId: number;
  code: string;
  customerId: number;
  billAmount: number;
  transactionNumber: string;
  billId: number | null;
  customFields: Record<string, unknown>;
}

/** A points redemption, exactly the record PUT /v2/points/updateRedemption answers with. */
export interface PointsRedemption {
  id: number;
  programId: number;
  pointsRedeemed: number;
  billId: number;
  billNumber: string;
  validationCode: string;
  notes: string;
  redemptionTime: number;
  pointsRedemptionTime: number;
  tillId: number;
  tillName: string;
  pointDeductionList: unknown[];
  externalReferenceNumber: string;
  redemptionId: string;
  customerId: number;
  redemptionPurpose: string;
  redemptionDate: string;
  warnings: unknown[];
}

/** The fixtures file of DESIGN.md, for the seeded state. */
export interface Fixtures {
  seriesId: number;
  customers: { id: number; mobile: string; externalId: string; email: string }[];
  pointsRedemptions: { redemptionId: string; externalReferenceNumber: string; customer: { mobile: string } }[];
  limits: { bulkRedeemMax: number };
  auth: { type: 'basic'; username: string; password: string; oauthToken: string };
}

export interface Credentials {
  username: string;
  password: string;
  oauthToken: string;
}

/** Result of looking a customer up by the identifiers of a request (`customer` or `user`). */
export type CustomerLookup =
  | { kind: 'found'; customer: Customer }
  | { kind: 'absent' }
  | { kind: 'not-found' }
  | { kind: 'invalid'; field: string };

/** Which identifier names the customer when several are sent (reading customer-identifier-precedence). */
export type IdentifierPrecedence = 'all-must-match' | 'first-non-empty' | 'first-present';

export const CUSTOMER_IDENTIFIERS = ['id', 'mobile', 'externalId', 'email'] as const;
export type CustomerIdentifier = (typeof CUSTOMER_IDENTIFIERS)[number];

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export class State {
  readonly series = new Map<number, Series>();
  readonly customers: Customer[] = [];
  /** Issued coupons by code. */
  readonly coupons = new Map<string, Coupon>();
  readonly couponRedemptions = new Map<number, CouponRedemption>();
  readonly pointsRedemptions: PointsRedemption[] = [];
  lastIssuedCode: string | undefined;
  /** Customers with an issue or redemption in flight (reading customer-busy=busy-521). */
  readonly busyCustomers = new Set<number>();
  private nextCouponId = 1349127401;
  private nextRedemptionId = 18958125;

  /**
   * Any one identifier suffices; every identifier that is passed must name the same customer
   * (one that is passed but matches nobody is a not-found). Types follow the issue page:
   * id an integer, mobile/externalId/email strings; anything else is `invalid`.
   */
  findCustomer(query: unknown, precedence: IdentifierPrecedence = 'all-must-match'): CustomerLookup {
    if (query === undefined || query === null) return { kind: 'absent' };
    if (!isObject(query)) return { kind: 'invalid', field: 'customer' };
    const passed: [CustomerIdentifier, number | string][] = [];
    for (const key of CUSTOMER_IDENTIFIERS) {
      const value = query[key];
      // first-present: the first identifier in the body decides, even an empty one (which names nobody).
      if (precedence === 'first-present' && value === '' && passed.length === 0) return { kind: 'not-found' };
      if (isAbsent(value)) continue;
      if (key === 'id' ? !(typeof value === 'number' && Number.isInteger(value)) : typeof value !== 'string') {
        return { kind: 'invalid', field: key };
      }
      passed.push([key, value as number | string]);
    }
    if (passed.length === 0) return { kind: 'absent' };
    // first-non-empty / first-present: the first identifier (id, mobile, externalId, email) wins, the others are ignored.
    if (precedence !== 'all-must-match') passed.splice(1);
    let match: Customer | undefined;
    for (const [key, value] of passed) {
      const found = this.customers.find((c) => matchesIdentifier(c, key, value));
      if (!found || (match && match !== found)) return { kind: 'not-found' };
      match = found;
    }
    return { kind: 'found', customer: match! };
  }

  customerById(id: number): Customer | undefined {
    return this.customers.find((c) => c.id === id);
  }

  newCouponCode(): string {
    for (;;) {
      const bytes = randomBytes(8);
      let code = '';
      for (const b of bytes) code += CODE_ALPHABET[b % CODE_ALPHABET.length];
      if (!this.coupons.has(code)) return code;
    }
  }

  issueCoupon(series: Series, customer: Customer, code: string): Coupon {
    const coupon: Coupon = { id: this.nextCouponId++, code, seriesId: series.id, customerId: customer.id, redemptionCount: 0 };
    this.coupons.set(code, coupon);
    this.lastIssuedCode = code;
    return coupon;
  }

  /** A redemption id that looks real but is not stored (used by a fault). */
  peekRedemptionId(): number {
    return this.nextRedemptionId + 1_000_000;
  }

  redeemCoupon(coupon: Coupon, details: { billAmount: number; transactionNumber: string }): CouponRedemption {
    coupon.redemptionCount += 1;
    const redemption: CouponRedemption = {
      redemptionId: this.nextRedemptionId++,
      couponId: coupon.id,
      code: coupon.code,
      customerId: coupon.customerId,
      billAmount: details.billAmount,
      transactionNumber: details.transactionNumber,
      billId: null,
      customFields: {},
    };
    this.couponRedemptions.set(redemption.redemptionId, redemption);
    return redemption;
  }

  findPointsRedemption(by: { redemptionId?: string; externalReferenceNumber?: string }): PointsRedemption | undefined {
    if (by.redemptionId !== undefined) return this.pointsRedemptions.find((r) => r.redemptionId === by.redemptionId);
    return this.pointsRedemptions.find((r) => r.externalReferenceNumber === by.externalReferenceNumber);
  }
}

export function matchesIdentifier(customer: Customer, key: CustomerIdentifier, value: number | string): boolean {
  if (key === 'email') return typeof value === 'string' && customer.email.toLowerCase() === value.toLowerCase();
  return customer[key] === value;
}

/** The seeded world: one redeemable-once series, two customers (or `customers`), five points redemptions. */
export function seedState(customers = 2): State {
  const state = new State();
  state.series.set(544770, {
    id: 544770,
    description: 'Festival coupon',
    discountCode: 'FEST10',
    validTill: '2099-12-31T23:59:59Z',
    discountType: 'PERC',
    discountValue: 10,
    discountUpto: 100,
    discountOn: 'BILL',
    detailedInfo: '10% off the bill, up to 100; one redemption per coupon',
    redemptionsPerCoupon: 1,
  });
  state.customers.push(
    {
      id: 555567088, mobile: '919800000001', externalId: 'SIM-EXT-0001', email: 'asha.rao@example.com',
      firstName: 'Asha', lastName: 'Rao', autoUpdateTime: '2024-06-25T06:51:13Z',
    },
    {
      id: 555567089, mobile: '919800000002', externalId: 'SIM-EXT-0002', email: 'ben.okafor@example.com',
      firstName: 'Ben', lastName: 'Okafor', autoUpdateTime: '2024-06-25T06:52:40Z',
    },
  );
  for (let n = 3; n <= customers; n++) {
    const nn = String(n).padStart(4, '0');
    state.customers.push({
      id: 555567087 + n, mobile: `91980000${nn}`, externalId: `SIM-EXT-${nn}`, email: `customer.${nn}@example.com`,
      firstName: 'Customer', lastName: nn, autoUpdateTime: '2024-06-25T06:53:00Z',
    });
  }
  const points: [string, string, number][] = [
    ['8878ru', 'ACR-5801353177', 0],
    ['8878rv', 'ACR-5801353178', 1],
    ['8878rw', 'ACR-5801353179', 0],
    ['8878rx', 'ACR-5801353180', 1],
    ['8878ry', 'ACR-5801353181', 0],
  ];
  points.forEach(([redemptionId, externalReferenceNumber, who], i) => {
    const time = 1721991144000 + i * 60_000;
    state.pointsRedemptions.push({
      id: 396023 + i,
      programId: 1098,
      pointsRedeemed: 100 + 10 * i,
      billId: 12345 + i,
      billNumber: `number79396239${70 + i}`,
      validationCode: '',
      notes: 'Redemption by SMS',
      redemptionTime: time,
      pointsRedemptionTime: time - 19_799_000,
      tillId: 50149495,
      tillName: '',
      pointDeductionList: [],
      externalReferenceNumber,
      redemptionId,
      customerId: state.customers[who]!.id,
      redemptionPurpose: '',
      redemptionDate: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      warnings: [],
    });
  });
  return state;
}

export function randomCredentials(): Credentials {
  return {
    username: 'simulator.till',
    password: randomBytes(9).toString('base64url'),
    oauthToken: randomBytes(24).toString('base64url'),
  };
}

export function fixturesOf(state: State, credentials: Credentials, bulkMax: number): Fixtures {
  const seriesId = [...state.series.keys()][0]!;
  return {
    seriesId,
    customers: state.customers.map(({ id, mobile, externalId, email }) => ({ id, mobile, externalId, email })),
    pointsRedemptions: state.pointsRedemptions.map((r) => ({
      redemptionId: r.redemptionId,
      externalReferenceNumber: r.externalReferenceNumber,
      customer: { mobile: state.customerById(r.customerId)!.mobile },
    })),
    limits: { bulkRedeemMax: bulkMax },
    auth: { type: 'basic', username: credentials.username, password: credentials.password, oauthToken: credentials.oauthToken },
  };
}
