// The fault catalogue: each fault is one small named hook that breaks one documented vendor
// rule. Handlers and the server call the hook points below; with no fault active every hook
// point is the identity, i.e. the clean behaviour of the vendor pages.
import type { IncomingHttpHeaders } from 'node:http';
import type { Answer } from './http.ts';
import { failure, headerValue, isObject } from './http.ts';
import type { Customer, PointsRedemption, Series, State } from './state.ts';

/** Operation names, as used in stats().byOperation. */
export type Operation = 'coupon-issue' | 'bulk-redeem' | 'coupon-update' | 'points-update' | 'unknown';

export interface RequestInfo {
  operation: Operation;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** 1-based arrival number of the request on this simulator. */
  sequence: number;
  /** The parsed JSON body and the query, once read (for faults that answer by what was asked). */
  body?: Record<string, unknown>;
  query?: URLSearchParams;
}

/** The hook points. A fault implements the few it needs. */
export interface Hooks {
  /** Before authentication: answer in place of the host, or leave the socket hanging / reset it. */
  intercept?(req: RequestInfo): Answer | 'hang' | 'reset' | undefined;
  /** Whether the request is treated as authenticated, given the real check. */
  authenticated?(ok: boolean): boolean;
  /** The bulk redeem batch limit in force, given the configured one. */
  bulkLimit?(max: number): number;
  /** A per-coupon refusal code in bulk redeem (702, 703, 711, 716); null lets the coupon through. */
  couponRefusal?(code: number, dryRun: boolean): number | null;
  /** Whether a bulk redeem with a failing coupon redeems nothing, given each coupon's refusal code (null: none). */
  bulkAtomic?(atomic: boolean, refusals: readonly (number | null)[]): boolean;
  /** The customer an issue or bulk redeem acts for, given the one the identifiers name. */
  customerFor?(found: Customer, query: unknown, operation: Operation, state: State): Customer;
  /** The points redemption an update acts on, given the one found by the identifier used. */
  pointsRecord?(found: PointsRedemption | undefined, by: PointsIdentifier, state: State): PointsRedemption | undefined;
  /** Runs between checking a bulk redeem and committing it (clean: nothing, so no await at all). */
  beforeCommit?(sleep: (ms: number) => Promise<void>): Promise<void>;
  /** Whether a dry run (is_redeemable=true) validates the coupons. */
  dryRunValidates?(validates: boolean): boolean;
  /** Whether a dry run commits the redemption. */
  dryRunCommits?(commits: boolean): boolean;
  /** The redemptionId a dry run answers (clean: "-1"). */
  dryRunRedemptionId?(id: string, state: State): string;
  /** The series an issue request gets its coupon from, given the one found (if any). */
  resolveSeries?(found: Series | undefined, state: State): Series | undefined;
  /** The code of a newly issued coupon, given a fresh unique one. */
  couponCode?(fresh: string, state: State): string;
  /** Whether a coupon redemption may be updated by the user, given the real ownership check. */
  ownsRedemption?(owns: boolean): boolean;
  /** Whether a points update passing both identifiers is accepted. */
  pointsAcceptBoth?(accept: boolean): boolean;
  /** Whether a field of a given type check passes (points update: billNumber, purpose...). */
  fieldTyped?(ok: boolean, field: string): boolean;
  /** Whether a successful points update is stored, given the identifier it came by. */
  pointsStores?(stores: boolean, by: PointsIdentifier): boolean;
  /** Last change to every answer before it is sent. */
  reshape?(answer: Answer, req: RequestInfo): Answer;
  /** Delay before an answer is sent, in ms. */
  delayMs?(): number;
}

export type PointsIdentifier = 'redemptionId' | 'externalReferenceNumber';

export interface FaultDef {
  /** The vendor page (file in api-docs/) whose rule the fault breaks. */
  page: string;
  /** The documented rule it breaks. */
  rule: string;
  /** What the faulty host does. */
  description: string;
  /** A numeric parameter, given as NAME=VALUE (`slow=MS`, `rate-limit-429=N`). */
  param?: { name: string; default: number };
  hooks(param: number): Hooks;
}

const BULK = 'post-v2-coupon-bulk-redeem.txt';
const ISSUE = 'post-v2-coupon-issue.txt';
const UPDATE = 'put-v2-coupon-redeem.txt';
const POINTS = 'put-v2-points-updateRedemption.txt';
const FACTS = 'FACTS.md';

const isSuccess = (a: Answer) => a.status >= 200 && a.status < 300;
const withBody = (a: Answer, body: unknown): Answer => ({ ...a, body });

export const FAULTS = {
  'issue-refuses-blank-identifiers': {
    page: ISSUE,
    rule: 'Any one among the customer identifiers is mandatory (the page\'s own request sends the others as "").',
    description: 'Refuses an issue request whose customer carries "" identifiers beside the real one, with the documented code 722 "Unable to create coupon".',
    hooks: () => ({
      reshape: (a, req) =>
        req.operation === 'coupon-issue' && isSuccess(a) && isObject(req.body?.customer) && Object.values(req.body.customer).includes('')
          ? failure(400, 722, 'Unable to create coupon')
          : a,
    }),
  },
  'dry-run-refuses-string-amount': {
    page: BULK,
    rule: 'billAmount: the bill amount, a decimal string in both bulk redeem pages\' own request examples ("2000", "3500").',
    description: 'A dry run whose billAmount is a decimal string (the pages\' own form) is refused with the documented code 713 "Coupon has expired".',
    hooks: () => ({
      reshape: (a, req) =>
        req.operation === 'bulk-redeem' && isSuccess(a) && typeof req.body?.billAmount === 'string' && (req.query?.get('is_redeemable') === 'true' || req.query?.get('isredeemable') === 'true')
          ? failure(400, 713, 'Coupon has expired')
          : a,
    }),
  },
  'points-accepts-wrong-type-bill-number': {
    page: POINTS,
    rule: 'billNumber String (request table): a billNumber of another type is a malformed request.',
    description: 'A points update with a billNumber that is not a string (an object, an array) is accepted and stored.',
    hooks: () => ({ fieldTyped: (ok: boolean, field: string) => ok || field === 'billNumber' }),
  },
  'bulk-partial': {
    page: BULK,
    rule: 'Bulk coupon redemption will fail if even one of the coupons is invalid; there is no option for partial success.',
    description: 'A batch with a failing coupon still redeems its valid coupons (answer still HTTP 400, valid entries report 700).',
    hooks: () => ({ bulkAtomic: () => false }),
  },
  'bulk-limit-off-by-one': {
    page: BULK,
    rule: 'A maximum of 50 coupons can be redeemed in a single API request.',
    description: 'Accepts bulkMax + 1 coupons in one request; bulkMax + 2 is refused.',
    hooks: () => ({ bulkLimit: (max) => max + 1 }),
  },
  'bulk-limit-missing': {
    page: BULK,
    rule: 'A maximum of 50 coupons can be redeemed in a single API request.',
    description: 'No batch limit at all: any number of coupons is accepted.',
    hooks: () => ({ bulkLimit: () => Number.POSITIVE_INFINITY }),
  },
  'double-redeem': {
    page: FACTS,
    rule: '711 "Coupon is already used": a coupon of a redeem-once series redeems once.',
    description: 'An already redeemed coupon redeems again (711 is never given).',
    hooks: () => ({ couponRefusal: (code) => (code === 711 ? null : code) }),
  },
  'foreign-coupon': {
    page: BULK,
    rule: 'The batch fails if a coupon is not issued to the user (703 "Coupon not issued to this customer").',
    description: "A coupon issued to customer B redeems for customer A (703 is never given).",
    hooks: () => ({ couponRefusal: (code) => (code === 703 ? null : code) }),
  },
  'dry-run-redeems': {
    page: BULK,
    rule: 'is_redeemable=true is a validation-only dry run: coupons are not redeemed.',
    description: 'A dry run answers like a dry run (700 "Coupon isRedeem successful", redemptionId "-1") but really redeems the coupons.',
    hooks: () => ({ dryRunCommits: () => true }),
  },
  'dry-run-wrong-redemption-id': {
    page: BULK,
    rule: 'The documented dry-run answer has redemptionId "-1".',
    description: 'A dry run answers a real-looking redemptionId (nothing is redeemed).',
    hooks: () => ({ dryRunRedemptionId: (_id, state) => String(state.peekRedemptionId()) }),
  },
  'dry-run-no-validation': {
    page: FACTS,
    rule: 'is_redeemable: the same checks as a redemption, nothing is redeemed.',
    description: 'A dry run skips the coupon checks: unknown, foreign or used coupons get 700 "Coupon isRedeem successful".',
    hooks: () => ({ dryRunValidates: () => false }),
  },
  'redeem-race': {
    page: BULK,
    rule: 'A coupon of a redeem-once series redeems once, also under concurrent requests (711 for the others).',
    description: 'Check-then-act: bulk redeem waits ~20 ms between checking the coupons and committing, so concurrent redemptions of one coupon can all succeed.',
    hooks: () => ({ beforeCommit: (sleep) => sleep(20) }),
  },
  'issue-schema-drift': {
    page: ISSUE,
    rule: 'Issue response: code (String) and seriesId (Integer), as in the response table.',
    description: 'The issue answer renames code to couponCode and sends seriesId as a string.',
    hooks: () => ({
      reshape: (a) => {
        if (a.tag !== 'issue-success' || !isObject(a.body)) return a;
        const { code, seriesId, ...rest } = a.body;
        return withBody(a, { couponCode: code, seriesId: String(seriesId), ...rest });
      },
    }),
  },
  'bulk-schema-drift': {
    page: BULK,
    rule: 'Bulk redeem response: redemptionStatus.code is a number and totalCount is present, as in the example.',
    description: 'The bulk redeem success answer sends redemptionStatus.code as a string ("700") and drops totalCount.',
    hooks: () => ({
      reshape: (a) => {
        if (a.tag !== 'bulk-success' || !isObject(a.body)) return a;
        const { totalCount: _dropped, response, ...rest } = a.body;
        const drifted = (Array.isArray(response) ? response : []).map((e: any) => ({
          ...e,
          result: { ...e.result, redemptionStatus: { ...e.result.redemptionStatus, code: String(e.result.redemptionStatus.code) } },
        }));
        return withBody(a, { response: drifted, ...rest });
      },
    }),
  },
  'issue-unknown-series-200': {
    page: FACTS,
    rule: '707 "Coupon Series ID is invalid" for a series that does not exist.',
    description: 'An unknown series id still gets a coupon (from the seeded series) with HTTP 200.',
    hooks: () => ({ resolveSeries: (found, state) => found ?? [...state.series.values()][0] }),
  },
  'issue-duplicate-code': {
    page: ISSUE,
    rule: 'code: "The unique coupon code generated."',
    description: 'Every issued coupon after the first gets the same code as the previous one.',
    hooks: () => ({ couponCode: (fresh, state) => state.lastIssuedCode ?? fresh }),
  },
  'update-status-wrong': {
    page: UPDATE,
    rule: 'entity.status is 762 "Coupon redemption update partially successful" when some entries fail.',
    description: 'A partial update reports 761 "Coupon redemption update successful" overall.',
    hooks: () => ({
      reshape: (a) => {
        if (a.tag !== 'coupon-update' || !isObject(a.body) || !isObject(a.body.entity)) return a;
        const status = a.body.entity.status;
        if (!isObject(status) || status.code !== 762) return a;
        const entity = { ...a.body.entity, status: { status: true, code: 761, message: 'Coupon redemption update successful' } };
        return withBody(a, { ...a.body, entity });
      },
    }),
  },
  'update-foreign-redemption': {
    page: UPDATE,
    rule: 'Only redemptions of the given user are updated; others get 510 "Invalid Redemption ids present".',
    description: "PUT /v2/coupon/redeem updates another customer's redemption.",
    hooks: () => ({ ownsRedemption: () => true }),
  },
  'points-both-identifiers': {
    page: POINTS,
    rule: '749 "Exactly one redemption identifier needed": pass either redemptionId or externalReferenceNumber.',
    description: 'Both identifiers together are accepted (HTTP 200; redemptionId is used).',
    hooks: () => ({ pointsAcceptBoth: () => true }),
  },
  'points-wrong-code': {
    page: POINTS,
    rule: 'Neither or both identifiers: code 749.',
    description: 'The neither/both-identifiers error answers code 750 instead of 749.',
    hooks: () => ({
      reshape: (a) =>
        a.tag === 'points-identifiers'
          ? failure(a.status, 750, 'Redemption update failed : Invalid redemption identifiers.', 'points-identifiers')
          : a,
    }),
  },
  'points-500-on-unknown': {
    page: POINTS,
    rule: '750 "Redemption update failed : {0}." for a redemption that does not exist (a 4xx).',
    description: 'An unknown points redemption answers HTTP 500.',
    hooks: () => ({
      reshape: (a) => (a.tag === 'points-not-found' ? failure(500, 500, 'Internal server error', 'points-not-found') : a),
    }),
  },
  'points-update-not-stored': {
    page: POINTS,
    rule: 'The API updates bill_id, bill_number and purpose of the redemption.',
    description: 'A points update answers the updated record but does not store it (the next answer shows the old values).',
    hooks: () => ({ pointsStores: () => false }),
  },
  'malformed-500': {
    page: FACTS,
    rule: 'Global v2 statuses: 400 for invalid input.',
    description: 'A body that is not a JSON object answers HTTP 500.',
    hooks: () => ({
      reshape: (a) => (a.tag === 'malformed-body' ? failure(500, 500, 'Internal server error', 'malformed-body') : a),
    }),
  },
  'auth-bypass': {
    page: FACTS,
    rule: 'Basic (username, md5 password) or OAuth token required; otherwise 401 "Authentication failed".',
    description: 'Requests without credentials, or with wrong ones, are served.',
    hooks: () => ({ authenticated: () => true }),
  },
  'echo-credentials': {
    page: FACTS,
    rule: 'Credentials are secrets: no documented answer carries them.',
    description: 'Every answer echoes the Authorization and X-CAP-API-OAUTH-TOKEN request headers, in header X-Echo-Auth and body field debug.',
    hooks: () => ({
      reshape: (a, req) => {
        const authorization = headerValue(req.headers, 'authorization') ?? '';
        const oauthToken = headerValue(req.headers, 'x-cap-api-oauth-token') ?? '';
        const headers = { ...a.headers, 'X-Echo-Auth': `Authorization=${authorization}; X-CAP-API-OAUTH-TOKEN=${oauthToken}` };
        const body = isObject(a.body) ? { ...a.body, debug: { authorization, oauthToken } } : a.body;
        return { ...a, headers, body };
      },
    }),
  },
  'wrong-content-type': {
    page: FACTS,
    rule: 'v2 answers are JSON (Content-Type application/json).',
    description: 'Successful answers are sent with Content-Type text/plain (body unchanged).',
    hooks: () => ({
      reshape: (a) => (isSuccess(a) && !a.raw ? { ...a, raw: { body: JSON.stringify(a.body), contentType: 'text/plain; charset=utf-8' } } : a),
    }),
  },
  'truncated-json': {
    page: ISSUE,
    rule: 'The issue answer is a complete JSON document.',
    description: 'The issue success answer is a 200 whose JSON body is cut in half, with a matching Content-Length.',
    hooks: () => ({
      reshape: (a) => {
        if (a.tag !== 'issue-success') return a;
        const full = Buffer.from(JSON.stringify(a.body), 'utf8');
        return { ...a, raw: { body: full.subarray(0, Math.floor(full.length / 2)), contentType: 'application/json; charset=utf-8' } };
      },
    }),
  },
  'bad-gateway-html': {
    page: FACTS,
    rule: 'v2 answers are JSON with the documented statuses.',
    description: 'Every request answers 502 with an HTML error page (as a broken proxy in front of the host would).',
    hooks: () => ({
      intercept: () => ({
        status: 502,
        raw: {
          body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
          contentType: 'text/html; charset=utf-8',
        },
      }),
    }),
  },
  'rate-limit-429': {
    page: BULK,
    rule: 'Rate limit: 1000 requests per minute per API key.',
    description: 'Every Nth request (whatever the rate; rate-limit-429=N, default 5) answers 429 with Retry-After: 1.',
    param: { name: 'every', default: 5 },
    hooks: (every) => ({
      intercept: (req) =>
        req.sequence % Math.max(1, every) === 0 ? { ...failure(429, 429, 'Too many requests'), headers: { 'Retry-After': '1' } } : undefined,
    }),
  },
  hang: {
    page: BULK,
    rule: 'The host answers every request.',
    description: 'Bulk redeem never answers: the socket stays open (no bytes) until stop().',
    hooks: () => ({ intercept: (req) => (req.operation === 'bulk-redeem' ? 'hang' : undefined) }),
  },
  'connection-reset': {
    page: BULK,
    rule: 'The host answers every request.',
    description: 'Bulk redeem destroys the connection (TCP reset) without answering.',
    hooks: () => ({ intercept: (req) => (req.operation === 'bulk-redeem' ? 'reset' : undefined) }),
  },
  slow: {
    page: BULK,
    rule: 'The host answers within the client timeout.',
    description: 'Every answer is delayed by MS milliseconds (slow=MS, or option slowMs / --slow-ms; default 1500).',
    param: { name: 'ms', default: 1500 },
    hooks: (ms) => ({ delayMs: () => ms }),
  },
  // Faults that only sequences (a command after another) or edge values reveal (issue 15).
  'bulk-foreign-consumes': {
    page: BULK,
    rule: 'Bulk coupon redemption will fail if even one of the coupons is invalid or not issued to the user; there is no option for partial success.',
    description: "A batch refused because one coupon is another customer's (703) still redeems its valid coupons (the answer is the documented refusal).",
    hooks: () => ({ bulkAtomic: (atomic, refusals) => atomic && !refusals.includes(703) }),
  },
  'dry-run-used-redeemable': {
    page: BULK,
    rule: 'is_redeemable=true: the same checks as a redemption, nothing is redeemed.',
    description: 'A dry run of an already redeemed coupon answers 700 "Coupon isRedeem successful" (the real redemption answers 711).',
    hooks: () => ({ couponRefusal: (code, dryRun) => (dryRun && code === 711 ? null : code) }),
  },
  'issue-email-wrong-customer': {
    page: ISSUE,
    rule: 'Any one among the customer identifiers names the customer the coupon is issued to.',
    description: 'A coupon issued to a customer named by email alone goes to the other customer (the answer says so in customer.id).',
    hooks: () => ({
      customerFor: (found, query, operation, state) => {
        if (operation !== 'coupon-issue' || !isObject(query)) return found;
        const named = ['id', 'mobile', 'externalId'].filter((k) => query[k] !== undefined && query[k] !== null && query[k] !== '');
        if (named.length || typeof query.email !== 'string' || query.email === '') return found;
        return state.customers.find((c) => c !== found) ?? found;
      },
    }),
  },
  'bulk-second-customer-by-mobile': {
    page: BULK,
    rule: 'Any one of the customer identifiers (mobile among them) names the customer that redeems.',
    description: 'Bulk redeem matches a mobile number on its first 10 digits: the second customer named by mobile is taken for the first (their own coupons answer 703, the first customer\'s redeem).',
    hooks: () => ({
      customerFor: (found, query, operation, state) => {
        if (operation !== 'bulk-redeem' || !isObject(query) || typeof query.mobile !== 'string' || query.mobile === '') return found;
        return state.customers.find((c) => c.mobile.slice(0, 10) === found.mobile.slice(0, 10)) ?? found;
      },
    }),
  },
  'points-reference-other-record': {
    page: POINTS,
    rule: 'redemptionId or externalReferenceNumber identifies the redemption to update.',
    description: 'An update by externalReferenceNumber updates the redemption two places further in the host\'s list (same customer), and answers that record.',
    hooks: () => ({
      pointsRecord: (found, by, state) => {
        if (by !== 'externalReferenceNumber' || !found) return found;
        return state.pointsRedemptions[state.pointsRedemptions.indexOf(found) + 2] ?? found;
      },
    }),
  },
  'points-reference-not-stored': {
    page: POINTS,
    rule: 'The API updates bill_id, bill_number and purpose of the redemption, whichever identifier names it.',
    description: 'An update by externalReferenceNumber answers the updated record but is not stored: a later answer (by either identifier) shows the old values.',
    hooks: () => ({ pointsStores: (stores, by) => stores && by !== 'externalReferenceNumber' }),
  },
  'points-text-truncated-64': {
    page: POINTS,
    rule: 'The update stores billNumber and purpose (String) as sent.',
    description: 'billNumber and redemptionPurpose longer than 64 characters come back cut to 64 (a VARCHAR(64) column).',
    hooks: () => ({
      reshape: (a) => {
        if (a.tag !== 'points-success' || !isObject(a.body)) return a;
        const cut = (v: unknown) => (typeof v === 'string' ? v.slice(0, 64) : v);
        return withBody(a, { ...a.body, billNumber: cut(a.body.billNumber), redemptionPurpose: cut(a.body.redemptionPurpose) });
      },
    }),
  },
  'coupon-update-non-ascii-mangled': {
    page: UPDATE,
    rule: 'The update stores transactionNumber and customFields (String) as sent.',
    description: 'Non-ASCII characters of transactionNumber and custom field values come back as "?" (a Latin-1 column).',
    hooks: () => ({
      reshape: (a) => {
        if (a.tag !== 'coupon-update' || !isObject(a.body) || !isObject(a.body.entity) || !Array.isArray(a.body.entity.redemptions)) return a;
        const mangle = (v: unknown) => (typeof v === 'string' ? v.replace(/[^\x00-\x7f]/gu, '?') : v);
        const redemptions = a.body.entity.redemptions.map((r: any) => ({
          ...r,
          transactionNumber: mangle(r.transactionNumber),
          customFields: isObject(r.customFields) ? Object.fromEntries(Object.entries(r.customFields).map(([k, v]) => [k, mangle(v)])) : r.customFields,
        }));
        return withBody(a, { ...a.body, entity: { ...a.body.entity, redemptions } });
      },
    }),
  },
  'coupon-update-billid-int32': {
    page: UPDATE,
    rule: 'billId is a long.',
    description: 'billId is kept in a 32-bit integer: values past 2^31 - 1 come back wrapped.',
    hooks: () => ({
      reshape: (a) => {
        if (a.tag !== 'coupon-update' || !isObject(a.body) || !isObject(a.body.entity) || !Array.isArray(a.body.entity.redemptions)) return a;
        const wrap = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? Number(BigInt.asIntN(32, BigInt(v))) : v);
        const redemptions = a.body.entity.redemptions.map((r: any) => ({ ...r, billId: wrap(r.billId) }));
        return withBody(a, { ...a.body, entity: { ...a.body.entity, redemptions } });
      },
    }),
  },
} satisfies Record<string, FaultDef>;

export type FaultName = keyof typeof FAULTS;
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

export class FaultConfigError extends Error {}

export class UnknownFaultError extends FaultConfigError {
  readonly fault: string;
  constructor(fault: string) {
    super(`Unknown fault "${fault}". Valid faults: ${FAULT_NAMES.join(', ')}`);
    this.name = 'UnknownFaultError';
    this.fault = fault;
  }
}

/** Parses "name" or "name=value" (e.g. "slow=200"); `defaults` gives a parameter when none is in the spec. */
export function parseFault(spec: string, defaults: Partial<Record<FaultName, number>> = {}): { name: FaultName; param: number } {
  const [rawName, rawValue] = spec.split('=', 2) as [string, string | undefined];
  const name = rawName.trim();
  if (!Object.hasOwn(FAULTS, name)) throw new UnknownFaultError(name);
  const def: FaultDef = FAULTS[name as FaultName];
  if (rawValue !== undefined) {
    if (!def.param) throw new FaultConfigError(`Fault "${name}" takes no parameter (got "${spec}")`);
    const value = Number(rawValue);
    if (!Number.isFinite(value) || value < 0) throw new FaultConfigError(`Fault "${name}": "${rawValue}" is not a non-negative number`);
    return { name: name as FaultName, param: value };
  }
  return { name: name as FaultName, param: defaults[name as FaultName] ?? def.param?.default ?? 0 };
}

/** Every hook point, composed over the active faults (in the order given); identity when none. */
export interface HookSet {
  intercept(req: RequestInfo): Answer | 'hang' | 'reset' | undefined;
  authenticated(ok: boolean): boolean;
  bulkLimit(max: number): number;
  couponRefusal(code: number, dryRun?: boolean): number | null;
  bulkAtomic(atomic: boolean, refusals?: readonly (number | null)[]): boolean;
  customerFor(found: Customer, query: unknown, operation: Operation, state: State): Customer;
  pointsRecord(found: PointsRedemption | undefined, by: PointsIdentifier, state: State): PointsRedemption | undefined;
  /** undefined when no fault hooks in: the clean bulk redeem checks and commits without an await. */
  beforeCommit: ((sleep: (ms: number) => Promise<void>) => Promise<void>) | undefined;
  dryRunValidates(validates: boolean): boolean;
  dryRunCommits(commits: boolean): boolean;
  dryRunRedemptionId(id: string, state: State): string;
  resolveSeries(found: Series | undefined, state: State): Series | undefined;
  couponCode(fresh: string, state: State): string;
  ownsRedemption(owns: boolean): boolean;
  pointsAcceptBoth(accept: boolean): boolean;
  fieldTyped(ok: boolean, field: string): boolean;
  pointsStores(stores: boolean, by?: PointsIdentifier): boolean;
  reshape(answer: Answer, req: RequestInfo): Answer;
  delayMs(): number;
}

export function composeHooks(list: Hooks[]): HookSet {
  const pipe = <T, R extends unknown[]>(pick: (h: Hooks) => ((v: T, ...rest: R) => T) | undefined) =>
    (value: T, ...rest: R): T => list.reduce((v, h) => pick(h)?.(v, ...rest) ?? v, value);
  const commits = list.map((h) => h.beforeCommit).filter((f) => f !== undefined);
  return {
    intercept: (req) => {
      for (const h of list) {
        const r = h.intercept?.(req);
        if (r !== undefined) return r;
      }
      return undefined;
    },
    authenticated: pipe((h) => h.authenticated),
    bulkLimit: pipe((h) => h.bulkLimit),
    couponRefusal: (code, dryRun = false) => list.reduce<number | null>((c, h) => (c === null || !h.couponRefusal ? c : h.couponRefusal(c, dryRun)), code),
    bulkAtomic: (atomic, refusals = []) => list.reduce((a, h) => h.bulkAtomic?.(a, refusals) ?? a, atomic),
    customerFor: (found, query, operation, state) => list.reduce((c, h) => h.customerFor?.(c, query, operation, state) ?? c, found),
    pointsRecord: (found, by, state) => list.reduce((r, h) => (h.pointsRecord ? h.pointsRecord(r, by, state) : r), found),
    beforeCommit: commits.length === 0 ? undefined : async (sleep) => {
      for (const f of commits) await f(sleep);
    },
    dryRunValidates: pipe((h) => h.dryRunValidates),
    dryRunCommits: pipe((h) => h.dryRunCommits),
    dryRunRedemptionId: pipe((h) => h.dryRunRedemptionId),
    resolveSeries: (found, state) => list.reduce((s, h) => (h.resolveSeries ? h.resolveSeries(s, state) : s), found),
    couponCode: pipe((h) => h.couponCode),
    ownsRedemption: pipe((h) => h.ownsRedemption),
    pointsAcceptBoth: pipe((h) => h.pointsAcceptBoth),
    fieldTyped: (ok, field) => list.reduce((v, h) => h.fieldTyped?.(v, field) ?? v, ok),
    pointsStores: (stores, by = 'redemptionId') => list.reduce((v, h) => h.pointsStores?.(v, by) ?? v, stores),
    reshape: pipe((h) => h.reshape),
    delayMs: () => list.reduce((ms, h) => ms + (h.delayMs?.() ?? 0), 0),
  };
}
