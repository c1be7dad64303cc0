// Invalid requests: each mutator takes an operation's valid requests and breaks exactly one
// documented rule. It names the rule (as the page states it) and the x-situations key whose
// codes the host must answer with; the codes themselves are read from the document by the
// properties (contract.codes), never written here. Where a request is in two documented
// situations at once (no user, and coupons issued to someone), `also` lists the other
// readings: the pages do not say which check a host makes first, so either code passes.
//
// `kind` says what makes the request invalid: 'schema' (the request schema rejects it),
// 'business' (schema-valid, but names nothing that exists), 'syntax' (not JSON at all).
// `breaks` is the oracle the generators' tests hold every generated request to.
import fc from 'fast-check';
import { matching } from './text.ts';
import type { OperationId } from '../src/contract/index.ts';
import type { PointsRedemptionFixture } from '../src/config/index.ts';
import { hasValueAt, valueAt, withValueAt, withoutValueAt } from './paths.ts';
import { requestSchema, typesAt } from './schema.ts';
import {
  isUnknownValue,
  noCustomerIdentifier,
  otherEntityType,
  unknownCouponCode,
  unknownCustomerReference,
  unknownRedemptionIdentifier,
} from './domain.ts';
import { IDENTIFIER_KINDS } from './domain.ts';
import { bulkRedeemRequest, entityTypes, VALID_REQUESTS, type Body, type OperationConstraints } from './requests.ts';
import { isObject } from '../src/util/json.ts';

export type RuleKind = 'schema' | 'business' | 'syntax';

/** An invalid request, and what the host must answer it with. */
export interface InvalidRequest {
  /** The mutator that made it. */
  mutator: string;
  /** The x-situations keys whose codes are expected: the broken rule's own first, then other readings. */
  situations: string[];
  /** The body path the mutation changed, where there is one. */
  path?: string;
  /** The JSON body (absent when rawBody is set). */
  body?: unknown;
  /** A body that is not JSON, sent as is. */
  rawBody?: string;
}

export interface Mutator<K extends OperationId = OperationId> {
  name: string;
  operation: K;
  /** The documented rule the request breaks, in the page's words. */
  rule: string;
  /** The x-situations key of the broken rule. */
  situation: string;
  /** Other x-situations keys the request is also in (every reasonable reading passes). */
  also: string[];
  kind: RuleKind;
  arbitrary(c: OperationConstraints[K]): fc.Arbitrary<InvalidRequest>;
  /** The tests' oracle: whether a request breaks the rule. */
  breaks(request: InvalidRequest, c: OperationConstraints[K]): boolean;
}

type Meta<K extends OperationId> = Pick<Mutator<K>, 'name' | 'operation' | 'rule' | 'situation' | 'kind'> & { also?: string[] };

/** Wraps a mutated body as the mutator's InvalidRequest (`path`: what changed; `extra`: further readings). */
type Describe = (path?: string, extra?: string[]) => (body: unknown) => InvalidRequest;

function define<K extends OperationId>(meta: Meta<K>, parts: (describe: Describe) => Pick<Mutator<K>, 'arbitrary' | 'breaks'>): Mutator<K> {
  const describe: Describe = (path, extra = []) =>
    function toInvalidRequest(body: unknown): InvalidRequest {
      return { mutator: meta.name, situations: [meta.situation, ...(meta.also ?? []), ...extra], ...(path ? { path } : {}), body };
    };
  return { ...meta, also: meta.also ?? [], ...parts(describe) };
}

const bodyOf = (r: InvalidRequest) => r.body as Body;

/** A required field removed. */
function missingField<K extends OperationId>(meta: Meta<K>, pointer: string): Mutator<K> {
  return define(meta, (describe) => ({
    arbitrary: (c) =>
      VALID_REQUESTS[meta.operation](c)
        .map(function withoutField(body) {
          return withoutValueAt(body, pointer);
        })
        .map(describe(pointer)),
    breaks: (r) => r.body !== undefined && !hasValueAt(r.body, pointer),
  }));
}

/** A field replaced by values from `values` (an empty list, a made-up identifier...). */
function replacedField<K extends OperationId>(
  meta: Meta<K>,
  pointer: string,
  values: (c: OperationConstraints[K]) => fc.Arbitrary<unknown>,
  breaks: (value: unknown, c: OperationConstraints[K]) => boolean,
): Mutator<K> {
  return define(meta, (describe) => ({
    arbitrary: (c) =>
      fc
        .tuple(VALID_REQUESTS[meta.operation](c), values(c))
        .map(function withFieldReplaced([body, value]) {
          return withValueAt(body, pointer, value);
        })
        .map(describe(pointer)),
    breaks: (r, c) => hasValueAt(r.body, pointer) && breaks(valueAt(r.body, pointer), c),
  }));
}

/** A list replaced by an empty one. */
function emptyList<K extends OperationId>(meta: Meta<K>, pointer: string): Mutator<K> {
  return replacedField(meta, pointer, () => fc.constant([]), (value) => Array.isArray(value) && value.length === 0);
}

/** '/redemptions/*\/billAmount' with the n-th entry (modulo the list's length) for '*'. */
function atEntry(pointer: string, body: unknown, n: number): string {
  if (!pointer.includes('*')) return pointer;
  const list = valueAt(body, pointer.slice(0, pointer.indexOf('/*')));
  const length = Array.isArray(list) && list.length ? list.length : 1;
  return pointer.replace('*', String(n % length));
}

/** A field of one entry of a list removed (entry chosen by the generator, shrinking to the first). */
function missingEntryField<K extends OperationId>(meta: Meta<K>, pointer: string): Mutator<K> {
  const [list, field] = pointer.split('/*/');
  return define(meta, (describe) => ({
    arbitrary: (c) =>
      fc.tuple(VALID_REQUESTS[meta.operation](c), fc.nat()).map(function withoutEntryField([body, n]) {
        const at = atEntry(pointer, body, n);
        return describe(at)(withoutValueAt(body, at));
      }),
    breaks: (r) => {
      const entries = valueAt(r.body, list);
      return Array.isArray(entries) && entries.some((e) => isObject(e) && !Object.hasOwn(e, field));
    },
  }));
}

/**
 * Values of a JSON type the schema does not allow, chosen so that no lenient JSON binder
 * coerces them (a Java host reads 123 as "123" and "123" as 123): an object or array where
 * a scalar is expected, a scalar where an object or array is expected. Never "" (the
 * document reads an empty string as "not sent").
 */
export function wrongTypeValue(constraints: { allowed: readonly string[] }): fc.Arbitrary<unknown> {
  const allowed = new Set(constraints.allowed);
  const structured = allowed.has('object') || allowed.has('array');
  const candidates: fc.Arbitrary<unknown>[] = [];
  if (!structured) {
    candidates.push(fc.dictionary(matching(/^[a-z]{1,6}$/), matching(/^[a-z]{0,6}$/), { maxKeys: 2, noNullPrototype: true }));
    candidates.push(fc.array(fc.nat({ max: 999 }), { maxLength: 2 }));
  } else {
    if (!allowed.has('integer') && !allowed.has('number')) candidates.push(fc.integer({ min: 1, max: 999 }));
    if (!allowed.has('string')) candidates.push(matching(/^[a-z]{1,8}$/));
    if (!allowed.has('boolean')) candidates.push(fc.boolean());
  }
  return fc.oneof(...candidates);
}

/** The JSON type of a value, as JSON Schema names it. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

interface WrongTypeTarget {
  /** Body paths, '*' for an entry of a list; the first one the valid body has is used (else the first). */
  paths: string[];
  /** Other readings of this field's wrong type (a malformed series id is also an unknown one). */
  also?: string[];
}

/** A field path as a mutator name's tail: `/billId` -> `billid`, an entry field -> `redemptions-billamount`. */
function fieldSlug(path: string): string {
  return path.replace(/\/\*\//g, '-').replace(/^\//, '').replace(/([a-z])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9-]+/g, '-').toLowerCase();
}

/**
 * One mutator per target: the field given a value of a type its schema does not allow. One
 * each, so every field is tried on every run (a budget that covers before it samples), and
 * each is its own check (`<prefix>.negative_data_rejection.wrong-type-<field>`).
 */
function wrongType<K extends OperationId>(meta: Meta<K>, targets: WrongTypeTarget[]): Mutator<K>[] {
  const allowedAt = (c: OperationConstraints[K], path: string) => {
    const { schema, root } = requestSchema(c.contract, meta.operation);
    return typesAt(schema, root, path.replace(/\/\d+(?=\/|$)/g, '/*'));
  };
  return targets.map((target) =>
    define({ ...meta, name: `${meta.name}-${fieldSlug(target.paths[0])}` }, (describe) => ({
      arbitrary: (c) => {
        const values = wrongTypeValue({ allowed: allowedAt(c, target.paths[0]) });
        return fc.tuple(VALID_REQUESTS[meta.operation](c), values, fc.nat()).map(function withWrongType([body, value, n]) {
          const chosen = target.paths.find((p) => hasValueAt(body, atEntry(p, body, n))) ?? target.paths[0];
          const at = atEntry(chosen, body, n);
          return describe(at, target.also)(withValueAt(body, at, value));
        });
      },
      breaks: (r, c) => r.path !== undefined && hasValueAt(r.body, r.path) && !allowedAt(c, r.path).includes(jsonTypeOf(valueAt(r.body, r.path))),
    })),
  );
}

/** The request's JSON text cut short: never valid JSON (shrinks to '{'). */
function malformedJson<K extends OperationId>(operation: K): Mutator<K> {
  const meta: Meta<K> = {
    name: 'malformed-json',
    operation,
    rule: 'the body is JSON (global v2 statuses: 400 for invalid input)',
    situation: 'malformed-json',
    kind: 'syntax',
  };
  return define(meta, (describe) => ({
    arbitrary: (c) =>
      fc.tuple(VALID_REQUESTS[operation](c), fc.nat()).map(function toTruncatedJson([body, n]): InvalidRequest {
        const text = JSON.stringify(body);
        const { body: _dropped, ...request } = describe()(undefined);
        return { ...request, rawBody: text.slice(0, 1 + (n % (text.length - 1))) };
      }),
    breaks: (r) => {
      if (r.rawBody === undefined) return false;
      try {
        JSON.parse(r.rawBody);
        return false;
      } catch {
        return true;
      }
    },
  }));
}

const hasCustomerIdentifier = (value: unknown) =>
  isObject(value) && IDENTIFIER_KINDS.some((k) => value[k] !== undefined && value[k] !== null && value[k] !== '');

const knownCustomerValues = (customers: readonly { id: number; mobile: string; externalId: string; email: string }[]) =>
  new Set(customers.flatMap((c) => [String(c.id), c.mobile, c.externalId, c.email.toLowerCase()]));

const namesNoCustomer = (customers: Parameters<typeof knownCustomerValues>[0]) => (value: unknown) =>
  isObject(value) && hasCustomerIdentifier(value) && Object.values(value).every((v) => v === '' || (isUnknownValue(v) && !knownCustomerValues(customers).has(String(v).toLowerCase())));

// ---------------------------------------------------------------- POST /v2/coupon/issue
const ISSUE = 'issueCoupon' as const;

export const ISSUE_MUTATORS: Mutator<typeof ISSUE>[] = [
  missingField({ name: 'missing-series-id', operation: ISSUE, rule: 'seriesId* is mandatory', situation: 'missing-series', kind: 'schema' }, '/seriesId'),
  missingField({ name: 'missing-customer', operation: ISSUE, rule: 'customer* is mandatory', situation: 'no-customer-identifier', kind: 'schema' }, '/customer'),
  replacedField(
    { name: 'no-customer-identifier', operation: ISSUE, rule: 'Any one among the customer identifiers is mandatory', situation: 'no-customer-identifier', kind: 'schema' },
    '/customer',
    () => noCustomerIdentifier(),
    (value) => !hasCustomerIdentifier(value),
  ),
  replacedField(
    { name: 'unknown-customer', operation: ISSUE, rule: 'the customer exists (701 "The customer could not be found")', situation: 'unknown-customer', kind: 'business' },
    '/customer',
    (c) => unknownCustomerReference({ customers: c.customers }),
    (value, c) => namesNoCustomer(c.customers)(value),
  ),
  ...wrongType({ name: 'wrong-type', operation: ISSUE, rule: 'seriesId is an Integer, customer an Object (body parameter table)', situation: 'malformed-request', kind: 'schema' }, [
    // "707 Coupon Series ID is invalid", "755 invalid coupon series id", "746 Please provide series id" all read a malformed id.
    { paths: ['/seriesId'], also: ['unknown-series', 'missing-series'] },
    { paths: ['/customer'], also: ['no-customer-identifier'] },
  ]),
  malformedJson(ISSUE),
];

// ---------------------------------------------------------------- POST /v2/coupon/bulk/redeem
const BULK = 'bulkRedeemCoupons' as const;
// The coupons are the customer's: a host that checks them before the user answers "not issued to this customer".
const USER_ALSO = ['foreign-coupon'];

export const BULK_REDEEM_MUTATORS: Mutator<typeof BULK>[] = [
  missingField({ name: 'missing-list', operation: BULK, rule: 'redemptionRequestList: the coupons to redeem', situation: 'empty-list', kind: 'schema' }, '/redemptionRequestList'),
  emptyList({ name: 'empty-list', operation: BULK, rule: 'redemptionRequestList: at least one coupon', situation: 'empty-list', kind: 'schema' }, '/redemptionRequestList'),
  define(
    { name: 'over-limit-list', operation: BULK, rule: 'A maximum of 50 coupons can be redeemed in a single API request (the batch limit: x-profile bulkRedeemMax, --bulk-max)', situation: 'batch-too-large', also: [], kind: 'schema' },
    (describe) => ({
      // Only coupons that would otherwise redeem: the batch limit must be the one rule broken.
      arbitrary: (c) => {
        const limit = c.contract.bulkMax;
        if (c.codes.length <= limit) throw new Error(`over-limit-list needs more than ${limit} issued coupons, got ${c.codes.length}`);
        return bulkRedeemRequest({ ...c, size: { min: limit + 1, max: c.codes.length } }).map(
          describe('/redemptionRequestList'),
        );
      },
      breaks: (r, c) => {
        const list = valueAt(r.body, '/redemptionRequestList');
        return Array.isArray(list) && list.length > c.contract.bulkMax;
      },
    }),
  ),
  missingField({ name: 'missing-user', operation: BULK, rule: 'user: the customer (any one identifier is mandatory)', situation: 'no-customer-identifier', also: USER_ALSO, kind: 'schema' }, '/user'),
  replacedField(
    { name: 'no-customer-identifier', operation: BULK, rule: 'Any one of the customer identifiers is mandatory', situation: 'no-customer-identifier', also: USER_ALSO, kind: 'schema' },
    '/user',
    () => noCustomerIdentifier(),
    (value) => !hasCustomerIdentifier(value),
  ),
  replacedField(
    { name: 'unknown-customer', operation: BULK, rule: 'the customer exists (FACTS.md: HTTP 400, 701 "The customer could not be found")', situation: 'unknown-customer', also: USER_ALSO, kind: 'business' },
    '/user',
    (c) => unknownCustomerReference({ customers: c.customers ?? [c.customer] }),
    (value, c) => namesNoCustomer(c.customers ?? [c.customer])(value),
  ),
  define(
    { name: 'unknown-coupon-code', operation: BULK, rule: 'Bulk coupon redemption will fail if even one of the coupons is invalid', situation: 'unknown-coupon', also: [], kind: 'business' },
    (describe) => ({
      arbitrary: (c) =>
        fc.tuple(bulkRedeemRequest(c), unknownCouponCode({ known: c.codes }), fc.nat()).map(function withUnknownCode([body, code, n]) {
          const at = atEntry('/redemptionRequestList/*/code', body, n);
          return describe(at)(withValueAt(body, at, code));
        }),
      breaks: (r, c) => {
        const list = valueAt(r.body, '/redemptionRequestList');
        return Array.isArray(list) && list.some((e) => isObject(e) && isUnknownValue(e.code) && !c.codes.includes(e.code as string));
      },
    }),
  ),
  // transactionNumber and redemptionTime are not here: the bulk page's table gives no types, so
  // a vendor may ignore a value of another type (x-readings bulk-untyped-fields).
  ...wrongType({ name: 'wrong-type', operation: BULK, rule: 'redemptionRequestList is a list, user an object', situation: 'malformed-request', kind: 'schema' }, [
    { paths: ['/redemptionRequestList'], also: ['empty-list'] },
    { paths: ['/user'], also: ['no-customer-identifier', ...USER_ALSO] },
  ]),
  malformedJson(BULK),
];

// ---------------------------------------------------------------- PUT /v2/coupon/redeem
const UPDATE = 'updateCouponRedemption' as const;

export const COUPON_UPDATE_MUTATORS: Mutator<typeof UPDATE>[] = [
  missingField({ name: 'missing-redemptions', operation: UPDATE, rule: 'redemptions: the redemptions to update (661 "No Redemption id passed")', situation: 'no-redemption-id', kind: 'schema' }, '/redemptions'),
  emptyList({ name: 'empty-redemptions', operation: UPDATE, rule: 'at least one redemption (661 "No Redemption id passed")', situation: 'no-redemption-id', kind: 'schema' }, '/redemptions'),
  missingEntryField({ name: 'missing-redemption-id', operation: UPDATE, rule: 'redemptionId* is mandatory in each entry', situation: 'no-redemption-id', kind: 'schema' }, '/redemptions/*/redemptionId'),
  missingEntryField({ name: 'missing-bill-amount', operation: UPDATE, rule: 'billAmount* is mandatory in each entry', situation: 'malformed-request', kind: 'schema' }, '/redemptions/*/billAmount'),
  ...wrongType({ name: 'wrong-type', operation: UPDATE, rule: 'billAmount Integer, transactionNumber String, billId long, customFields Array/Object (request table)', situation: 'malformed-request', kind: 'schema' }, [
    { paths: ['/redemptions/*/billAmount'] },
    { paths: ['/redemptions/*/transactionNumber'] },
    { paths: ['/redemptions/*/billId'] },
    { paths: ['/redemptions/*/customFields'] },
  ]),
  malformedJson(UPDATE),
];

// ---------------------------------------------------------------- PUT /v2/points/updateRedemption
const POINTS = 'updatePointsRedemption' as const;
const IDENTIFIERS = ['redemptionId', 'externalReferenceNumber'] as const;
const METADATA = ['billId', 'billNumber', 'purpose'] as const;

/** The fixtures redemption a valid points request names. */
function redemptionNamedBy(body: Body, redemptions: readonly PointsRedemptionFixture[]): PointsRedemptionFixture {
  const found = redemptions.find((r) => IDENTIFIERS.some((k) => body[k] !== undefined && body[k] === r[k]));
  if (!found) throw new Error('the valid points request names no fixtures redemption');
  return found;
}

const withoutKeys = (keys: readonly string[]) =>
  function withoutFields(body: Body): Body {
    return keys.reduce<Body>((b, k) => withoutValueAt(b, `/${k}`), body);
  };

const presentKeys = (body: unknown, keys: readonly string[]) => (isObject(body) ? keys.filter((k) => Object.hasOwn(body, k)) : []);

/** None of `keys` sent, where the page says one of them must be (the valid request without them). */
function noneOf(meta: Meta<typeof POINTS>, keys: readonly string[]): Mutator<typeof POINTS> {
  return define(meta, (describe) => ({
    arbitrary: (c) => VALID_REQUESTS[POINTS](c).map(withoutKeys(keys)).map(describe()),
    breaks: (r) => presentKeys(r.body, keys).length === 0,
  }));
}

export const POINTS_UPDATE_MUTATORS: Mutator<typeof POINTS>[] = [
  noneOf({ name: 'neither-identifier', operation: POINTS, rule: 'It is mandatory to pass either redemptionId or externalReferenceNumber', situation: 'neither-identifier', also: [], kind: 'schema' }, IDENTIFIERS),
  define(
    { name: 'both-identifiers', operation: POINTS, rule: 'Exactly one redemption identifier needed to identify redemption (749)', situation: 'both-identifiers', also: [], kind: 'schema' },
    (describe) => ({
      // Both identifiers of the same fixtures redemption: the one rule broken is "exactly one".
      arbitrary: (c) =>
        VALID_REQUESTS[POINTS](c).map(function withBothIdentifiers(body) {
          const r = redemptionNamedBy(body, c.redemptions);
          const both = IDENTIFIERS.reduce<Body>((b, k) => withValueAt(b, `/${k}`, r[k]), body);
          return describe()(both);
        }),
      breaks: (r) => presentKeys(r.body, IDENTIFIERS).length === 2,
    }),
  ),
  noneOf({ name: 'nothing-to-update', operation: POINTS, rule: 'The fields that can be updated: bill_id, bill_number, purpose (748 "No metadata update requested.")', situation: 'no-metadata', also: [], kind: 'schema' }, METADATA),
  define(
    { name: 'wrong-entity-type', operation: POINTS, rule: 'entity.type: the type of entity (1212 "Entity type passed is not valid.")', situation: 'invalid-entity-type', also: [], kind: 'schema' },
    (describe) => ({
      arbitrary: (c) =>
        fc.tuple(VALID_REQUESTS[POINTS](c), otherEntityType({ valid: entityTypes(c.contract) })).map(function withEntityType([body, type]) {
          const r = redemptionNamedBy(body, c.redemptions);
          const [identifierType, identifierValue] = Object.entries(r.customer)[0];
          const entity = isObject(body.entity) ? body.entity : { identifierType, identifierValue };
          return describe('/entity/type')(
            withValueAt(body, '/entity', { ...entity, type }),
          );
        }),
      breaks: (r, c) => {
        const type = valueAt(r.body, '/entity/type');
        return typeof type === 'string' && !entityTypes(c.contract).map((t) => t.toUpperCase()).includes(type.toUpperCase());
      },
    }),
  ),
  define(
    { name: 'unknown-redemption', operation: POINTS, rule: 'the identifier names a redemption (750 "Redemption update failed : {0}.")', situation: 'unknown-redemption', also: [], kind: 'business' },
    (describe) => ({
      // The entity is kept (the fixtures redemption's customer): a vendor may require it
      // (x-readings points-entity), and without it the request would be in situation 1219 too.
      arbitrary: (c) =>
        fc
          .tuple(VALID_REQUESTS[POINTS](c), unknownRedemptionIdentifier({ known: c.redemptions.flatMap((r) => [r.redemptionId, r.externalReferenceNumber]) }))
          .map(function withUnknownRedemption([body, identifier]) {
            const key = presentKeys(body, IDENTIFIERS)[0];
            return describe(`/${key}`)(
              withValueAt(body, `/${key}`, identifier),
            );
          }),
      breaks: (r, c) => {
        const keys = presentKeys(r.body, IDENTIFIERS);
        const known = new Set(c.redemptions.flatMap((x) => [x.redemptionId, x.externalReferenceNumber]));
        return keys.length === 1 && isUnknownValue(bodyOf(r)[keys[0]]) && !known.has(bodyOf(r)[keys[0]] as string);
      },
    }),
  ),
  ...wrongType({ name: 'wrong-type', operation: POINTS, rule: 'billId Integer, billNumber and purpose String, entity Object, identifiers String (request table)', situation: 'malformed-request', kind: 'schema' }, [
    { paths: ['/billId'] },
    { paths: ['/billNumber'] },
    { paths: ['/purpose'] },
    { paths: ['/entity'], also: ['invalid-entity-details'] },
    { paths: ['/redemptionId', '/externalReferenceNumber'], also: ['malformed-identifier'] },
  ]),
  malformedJson(POINTS),
];

/** Every mutator of every operation: the table the negative properties run. */
export const MUTATORS: { [K in OperationId]: Mutator<K>[] } = {
  issueCoupon: ISSUE_MUTATORS,
  bulkRedeemCoupons: BULK_REDEEM_MUTATORS,
  updateCouponRedemption: COUPON_UPDATE_MUTATORS,
  updatePointsRedemption: POINTS_UPDATE_MUTATORS,
};
