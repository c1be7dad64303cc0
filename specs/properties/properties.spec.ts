// The property-based rules of the four operations, one table (the engine: src/properties).
// Per operation: positive_data_acceptance, valid requests drawn from the request schema
// refined with the fixtures (first one per form the coverage claims, then random), each
// answered with the documented success, about the target the request named; and one
// negative_data_rejection rule per invalid-request mutator (each breaks one documented rule),
// each request refused with the documented status and code, never a 5xx.
import type fc from 'fast-check';
import { group, rule, type Rule } from '../../src/rules/registry.ts';
import type { RuleContext } from '../../src/runtime/context.ts';
import type { ApiRequest } from '../../src/client/index.ts';
import { operationInfo, type OperationId } from '../../src/contract/index.ts';
import { expectConforming, failWith, type Received } from '../../src/runtime/exchange.ts';
import { expectDocumentedSuccess, expectRefusal } from '../../src/runtime/verdicts.ts';
import { checkProperty, type PropertySpec, type Trial } from '../../src/properties/engine.ts';
import { bulkRedeemPlan, bulkRedeemRequest, couponUpdateRequest, issueCouponRequest, pointsUpdateRequest, withCodes, type BulkRedeemPlan, type OperationConstraints } from '../../generators/requests.ts';
import { IDENTIFIER_KINDS, type IdentifierKind } from '../../generators/domain.ts';
import { longText, unicodeText } from '../../generators/breadth.ts';
import type { Customer } from '../../src/config/index.ts';
import { couponUpdateStatus } from '../../src/contract/envelopes.ts';
import { isObject } from '../../src/util/json.ts';
import { MUTATORS, type InvalidRequest, type Mutator } from '../../generators/mutators.ts';
import { expectRedeemed, issueCoupons } from '../support/flows.ts';
import { couponPool, redemptionPool } from '../support/pools.ts';

interface PropertyRow<K extends OperationId, T> {
  operation: K;
  positive: { title: string; source: string; covers: string[] };
  negative: { source: string; covers: string[] };
  /** The valid requests, from the fixtures (and what the run made: coupons, redemptions). */
  valid(ctx: RuleContext): Promise<fc.Arbitrary<T>>;
  /** Valid values tried first on every run: one per form the coverage claims. */
  examples(ctx: RuleContext): Promise<T[]>;
  /** Sends one valid value; default: the value is the body. */
  sendValid?(ctx: RuleContext, value: T, trial: Trial): Promise<Received>;
  describeValid?(value: T): string[];
  /** The situations whose documented success a valid value must get. */
  success(value: T): string[];
  /** False where the success body carries no status code (the issued coupon's `code` is the coupon). */
  successCodes?: boolean;
  /** What else the documented success says of this answer: it is about the target the request named. */
  verify(ctx: RuleContext, received: Received, value: T): void;
  /** What the mutators are built from. */
  constraints(ctx: RuleContext): Promise<OperationConstraints[K]>;
  /** Added to every invalid request (bulk redeem: the dry-run query, so nothing is consumed). */
  extra?(ctx: RuleContext): Partial<ApiRequest>;
}

type Body = Record<string, unknown>;

/** The fixtures customer a request's customer object names (by its one non-empty identifier). */
function namedCustomer(ctx: RuleContext, ref: unknown): Customer | undefined {
  if (!isObject(ref)) return undefined;
  return ctx.fixtures.customers.find((c) => IDENTIFIER_KINDS.some((k) => ref[k] !== undefined && ref[k] !== '' && String(ref[k]).toLowerCase() === String(c[k]).toLowerCase()));
}

const issue: PropertyRow<'issueCoupon', Body> = {
  operation: 'issueCoupon',
  positive: {
    title: 'should issue a coupon to the named customer for any valid request (the series, a real customer by any one identifier)',
    source: '(body parameters; "Any one among the customer identifiers is mandatory")',
    covers: ['{prefix}.situation.issued', '{prefix}.status.200'],
  },
  negative: { source: '(body parameters) and FACTS.md (coupon status codes)', covers: ['{prefix}.status.4XX'] },
  valid: async (ctx) => issueCouponRequest({ contract: ctx.contract, seriesId: ctx.fixtures.seriesId, customers: ctx.customers }),
  // Each identifier kind alone, the page's own form (the others sent as ""), and the second customer.
  examples: async (ctx) => [
    ...IDENTIFIER_KINDS.map((kind) => ctx.draw(issueCouponRequest({ contract: ctx.contract, seriesId: ctx.fixtures.seriesId, customers: [ctx.customers[0]], kinds: [kind], blanks: false }))),
    ctx.draw(issueCouponRequest({ contract: ctx.contract, seriesId: ctx.fixtures.seriesId, customers: [ctx.customers[1]], kinds: ['id'], blanks: true })),
  ],
  success: () => ['issued'],
  successCodes: false,
  verify: (ctx, received, body) => {
    const json = received.response.json as Body;
    if (typeof json?.code !== 'string' || !json.code) {
      failWith(ctx, received, { kind: 'schema-violation', title: 'the issued coupon has no code', received: `code: ${JSON.stringify(json?.code)}`, documented: 'code: the coupon code (string)' });
    }
    const named = namedCustomer(ctx, body.customer);
    const got = isObject(json.customer) ? json.customer.id : undefined;
    if (named && got !== undefined && Number(got) !== named.id) {
      failWith(ctx, received, { kind: 'wrong-record', title: 'the coupon was issued to another customer', received: `customer.id ${JSON.stringify(got)}`, documented: `customer.id ${named.id}: the customer the request named (${JSON.stringify(body.customer)})` });
    }
  },
  constraints: async (ctx) => ({ contract: ctx.contract, seriesId: ctx.fixtures.seriesId, customers: ctx.customers }),
};

const bulk: PropertyRow<'bulkRedeemCoupons', BulkRedeemPlan> = {
  operation: 'bulkRedeemCoupons',
  positive: {
    title: 'should redeem (or, with is_redeemable=true, find redeemable) every coupon of any valid batch of issued coupons: 700 on each',
    source: '(request body; "A maximum of 50 coupons"; is_redeemable)',
    covers: ['{prefix}.situation.redeemed', '{prefix}.situation.redeemable', '{prefix}.status.200', '{prefix}.batch-limit', 'page-defect.bill-amount-string-or-number', 'page-defect.bulk-redeem-required-marks'],
  },
  negative: { source: '(request body, batch limit, atomic failure) and FACTS.md (error envelopes)', covers: ['{prefix}.status.400', '{prefix}.batch-limit'] },
  valid: async (ctx) => {
    const pool = await couponPool(ctx);
    return bulkRedeemPlan({ contract: ctx.contract, customer: pool.customer, customers: ctx.customers, codes: pool.codes });
  },
  // A dry run of exactly the batch limit, and each identifier kind, real and dry. billAmount as a
  // decimal string, the pages' examples' form (x-readings bulk-bill-amount-type).
  examples: async (ctx) => {
    const pool = await couponPool(ctx);
    const plan = (dryRun: boolean, size: number, kind: IdentifierKind): BulkRedeemPlan => ({
      dryRun,
      body: ctx.draw(bulkRedeemRequest({ contract: ctx.contract, customer: pool.customer, codes: pool.codes, size: { min: size, max: size }, kinds: [kind] })),
    });
    return [
      plan(true, Math.min(ctx.contract.bulkMax, pool.codes.length), 'id'),
      plan(false, 1, 'mobile'),
      plan(false, 2, 'email'),
      plan(true, 1, 'externalId'),
    ];
  },
  sendValid: async (ctx, plan, trial) => {
    const pool = await couponPool(ctx);
    const count = (plan.body.redemptionRequestList as unknown[]).length;
    // A real redemption consumes its coupons: fresh ones for every run (and every shrink step).
    const body = plan.dryRun ? plan.body : withCodes(plan.body, await issueCoupons(ctx, pool.customer, count));
    return trial.send({ operation: 'bulkRedeemCoupons', body, ...(plan.dryRun ? { query: ctx.contract.dryRunQuery() } : {}) });
  },
  describeValid: (plan) => [plan.dryRun ? 'a dry run (is_redeemable=true) of coupons issued for the run' : 'a real redemption of freshly issued coupons'],
  success: (plan) => [plan.dryRun ? 'redeemable' : 'redeemed'],
  verify: (ctx, received, plan) => {
    const codes = ((received.request.body as Body).redemptionRequestList as { code: string }[]).map((e) => e.code);
    expectRedeemed(ctx, received, codes, { dryRun: plan.dryRun });
  },
  constraints: async (ctx) => {
    const pool = await couponPool(ctx);
    return { contract: ctx.contract, customer: pool.customer, customers: ctx.customers, codes: pool.codes };
  },
  extra: (ctx) => ({ query: ctx.contract.dryRunQuery() }),
};

const couponUpdate: PropertyRow<'updateCouponRedemption', Body> = {
  operation: 'updateCouponRedemption',
  positive: {
    title: 'should update every redemption of any valid request of the user: 761 on each entry and overall',
    source: '(request body parameters)',
    covers: ['{prefix}.situation.entry-updated', '{prefix}.situation.all-updated', '{prefix}.status.200', 'page-defect.bill-amount-string-or-number'],
  },
  negative: { source: '(request body parameters) and FACTS.md (661, 629)', covers: ['{prefix}.status.4XX'] },
  valid: async (ctx) => {
    const pool = await redemptionPool(ctx);
    return couponUpdateRequest({ contract: ctx.contract, customer: pool.customer, redemptionIds: pool.redemptionIds });
  },
  // Every redemption at once, the user named by each identifier kind; then a billId past 32 bits (a long) and a non-ASCII transaction number (kept as sent). customFields is left out (x-readings coupon-update-custom-fields).
  examples: async (ctx) => {
    const pool = await redemptionPool(ctx);
    const byKind = IDENTIFIER_KINDS.map((kind) => ctx.draw(couponUpdateRequest({ contract: ctx.contract, customer: pool.customer, redemptionIds: pool.redemptionIds, all: true, kinds: [kind] })));
    const edge = (byKind[0].redemptions as Body[]).map((r, i) => ({ ...r, billId: 2 ** 31 + 7 + i, transactionNumber: ctx.draw(unicodeText()) }));
    return [...byKind, { ...byKind[0], redemptions: edge }];
  },
  success: () => ['entry-updated', 'all-updated'],
  verify: (ctx, received, body) => {
    const sent = body.redemptions as Body[];
    const ids = sent.map((r) => r.redemptionId as number);
    const { entries } = couponUpdateStatus(received.response.json);
    const missing = ids.filter((id) => !entries.some((e) => e.redemptionId === id));
    if (entries.length && missing.length) {
      failWith(ctx, received, { kind: 'wrong-record', title: 'the answer is not about the redemptions the request named', received: `entries for ${entries.map((e) => e.redemptionId).join(', ')}`, documented: `an entry (761) for each of ${ids.join(', ')}` });
    }
    // What the answer says an entry now holds is what was sent (where it shows the field).
    const shown = ((received.response.json as { entity?: { redemptions?: Body[] } })?.entity?.redemptions ?? []).filter(isObject);
    for (const entry of shown) {
      const mine = sent.find((r) => Number(r.redemptionId) === Number(entry.redemptionId));
      if (!mine) continue;
      const wrong = (['billId', 'transactionNumber'] as const).filter((k) => mine[k] !== undefined && entry[k] !== undefined && String(entry[k]) !== String(mine[k]));
      const fields = isObject(entry.customFields) && isObject(mine.customFields) ? Object.entries(mine.customFields).filter(([k, v]) => (entry.customFields as Body)[k] !== undefined && (entry.customFields as Body)[k] !== v) : [];
      if (wrong.length || fields.length) {
        failWith(ctx, received, {
          kind: 'state-violation',
          title: `redemption ${String(entry.redemptionId)} does not hold what the update sent`,
          received: [...wrong.map((k) => `${k}: ${JSON.stringify(entry[k])}`), ...fields.map(([k]) => `customFields.${k}: ${JSON.stringify((entry.customFields as Body)[k])}`)].join(', '),
          documented: [...wrong.map((k) => `${k}: ${JSON.stringify(mine[k])}`), ...fields.map(([k, v]) => `customFields.${k}: ${JSON.stringify(v)}`)].join(', '),
        });
      }
    }
  },
  constraints: async (ctx) => {
    const pool = await redemptionPool(ctx);
    return { contract: ctx.contract, customer: pool.customer, redemptionIds: pool.redemptionIds };
  },
};

const points: PropertyRow<'updatePointsRedemption', Body> = {
  operation: 'updatePointsRedemption',
  positive: {
    title: 'should update the named redemption for any valid request (exactly one identifier, at least one field) and answer its record with the updated fields',
    source: '(request body parameters; the answer is the redemption record)',
    covers: ['{prefix}.status.200'],
  },
  negative: { source: '(request body parameters, API-specific error codes)', covers: ['{prefix}.status.4XX'] },
  valid: async (ctx) => pointsUpdateRequest({ contract: ctx.contract, redemptions: ctx.pointsRecords }),
  // By each identifier, entity sent; then a bill number past the common column widths and a non-ASCII purpose (kept as sent).
  examples: async (ctx) => {
    const by = (['redemptionId', 'externalReferenceNumber'] as const).map((k) => ctx.draw(pointsUpdateRequest({ contract: ctx.contract, redemptions: ctx.pointsRecords, by: k, require: ['/entity'] })));
    return [...by, { ...by[0], billNumber: ctx.draw(longText().filter((t) => t.length > 64)), purpose: ctx.draw(unicodeText()) }];
  },
  success: () => [],
  successCodes: false,
  verify: (ctx, received, body) => {
    const record = received.response.json as Body;
    const named = ctx.fixtures.pointsRedemptions.find((r) => r.redemptionId === body.redemptionId || r.externalReferenceNumber === body.externalReferenceNumber)!;
    const expected: [string, unknown][] = [
      ['redemptionId', named.redemptionId],
      ['externalReferenceNumber', named.externalReferenceNumber],
      ['billNumber', body.billNumber],
      ['billId', body.billId],
      ['redemptionPurpose', body.purpose],
    ];
    // Each documented field of the record that is present must be the named redemption's, with the updated values.
    const wrong = expected.filter(([k, v]) => v !== undefined && record?.[k] !== undefined && String(record[k]) !== String(v));
    if (wrong.length) {
      const identity = wrong.some(([k]) => k === 'redemptionId' || k === 'externalReferenceNumber');
      failWith(ctx, received, {
        kind: identity ? 'wrong-record' : 'state-violation',
        title: identity ? 'the record answered is not the redemption the request named' : 'the record does not carry the updated fields',
        received: wrong.map(([k]) => `${k}: ${JSON.stringify(record[k])}`).join(', '),
        documented: wrong.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', '),
      });
    }
  },
  constraints: async (ctx) => ({ contract: ctx.contract, redemptions: ctx.pointsRecords }),
};

function toApiRequest(operation: OperationId, invalid: InvalidRequest, extra: Partial<ApiRequest>): ApiRequest {
  return invalid.rawBody !== undefined ? { operation, rawBody: invalid.rawBody, ...extra } : { operation, body: invalid.body, ...extra };
}

/** One mutator as a property: each request it makes must be refused as its situations document. */
function mutatorProperty<K extends OperationId>(ctx: RuleContext, row: PropertyRow<K, unknown>, mutator: Mutator<K>, constraints: OperationConstraints[K], runs: number): PropertySpec<InvalidRequest> {
  const extra = row.extra?.(ctx) ?? {};
  return {
    operation: row.operation,
    arbitrary: mutator.arbitrary(constraints),
    runs,
    describe: (invalid) => [
      `mutator ${mutator.name} (${mutator.kind} rule): ${mutator.rule}`,
      `expected the codes of x-situations ${invalid.situations.join(', ')}${invalid.path ? `; changed ${invalid.path}` : ''}`,
    ],
    run: async (invalid, trial) => {
      const received = await trial.send(toApiRequest(row.operation, invalid, extra));
      expectRefusal(ctx, received, invalid.situations, invalid.mutator);
      expectConforming(received);
    },
  };
}

function propertyRules<K extends OperationId, T>(row: PropertyRow<K, T>): Rule[] {
  const { prefix, source } = operationInfo(row.operation);
  const mutators = MUTATORS[row.operation] as readonly Mutator<K>[];
  const positive = rule(
    { id: `${prefix}.positive_data_acceptance`, title: row.positive.title, operation: row.operation, kind: 'property', writes: true, source: `${source} ${row.positive.source}`, tags: ['property', 'positive_data_acceptance'], covers: row.positive.covers },
    async (ctx) => {
      await checkProperty(ctx, {
        operation: row.operation,
        arbitrary: (await row.valid(ctx)) as fc.Arbitrary<unknown>,
        examples: await row.examples(ctx),
        runs: ctx.limits.runs.positive,
        ...(row.describeValid ? { describe: (v: unknown) => row.describeValid!(v as T) } : {}),
        run: async (value, trial) => {
          const received = row.sendValid ? await row.sendValid(ctx, value as T, trial) : await trial.send({ operation: row.operation, body: value });
          expectDocumentedSuccess(ctx, received, row.success(value as T), { codes: row.successCodes });
          row.verify(ctx, received, value as T);
        },
      });
    },
  );
  // One rule per mutator (one documented rule broken each): every mutator runs every time, and each is reported, gated and accepted on its own.
  const negatives = mutators.map((mutator) =>
    rule(
      {
        id: `${prefix}.negative_data_rejection.${mutator.name}`,
        title: `should refuse a request that breaks "${mutator.rule}" with a 4xx and its documented code (${mutator.situation}), never a 5xx`,
        operation: row.operation, kind: 'property', writes: true, source: `${source} ${row.negative.source}`,
        tags: ['property', 'negative_data_rejection'],
        covers: [...row.negative.covers, `{prefix}.situation.${mutator.situation}`],
      },
      async (ctx) => {
        const constraints = await row.constraints(ctx);
        // The negative budget of the operation, spread over its mutators (each gets at least one run).
        const runs = Math.max(1, Math.ceil(ctx.limits.runs.negative / mutators.length));
        await checkProperty(ctx, mutatorProperty(ctx, row as PropertyRow<K, unknown>, mutator, constraints, runs));
      },
    ),
  );
  return [positive, ...negatives];
}

export default group('properties', [
  ...propertyRules(issue),
  ...propertyRules(bulk),
  ...propertyRules(couponUpdate),
  ...propertyRules(points),
]);
