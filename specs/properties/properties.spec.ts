// The property-based rules of the four operations, one table (the engine: src/properties).
// Per operation: positive_data_acceptance, valid requests drawn from the request schema
// refined with the fixtures, each accepted or refused only with a documented business code;
// and negative_data_rejection, every invalid-request mutator (each breaks one documented rule)
// tried on every run, each request refused with the documented status and code, never a 5xx.
import type fc from 'fast-check';
import { group, rule, type Rule } from '../../src/rules/registry.ts';
import type { RuleContext } from '../../src/runtime/context.ts';
import type { ApiRequest } from '../../src/client/index.ts';
import { operationInfo, type OperationId } from '../../src/contract/index.ts';
import { CheckFailure, expectConforming, type Received } from '../../src/runtime/exchange.ts';
import { expectAcceptedOrBusinessRefusal, expectRefusal } from '../../src/runtime/verdicts.ts';
import { checkProperties, checkProperty, type PropertySpec, type Trial } from '../../src/properties/engine.ts';
import { bulkRedeemPlan, couponUpdateRequest, issueCouponRequest, pointsUpdateRequest, withCodes, type BulkRedeemPlan, type OperationConstraints } from '../../generators/requests.ts';
import { MUTATORS, type InvalidRequest, type Mutator } from '../../generators/mutators.ts';
import { dryRunQuery, issueCoupons } from '../support/flows.ts';
import { couponPool, redemptionPool } from '../support/pools.ts';

interface PropertyRow<K extends OperationId, T> {
  operation: K;
  positive: { title: string; source: string; covers: string[] };
  negative: { title: string; source: string; covers: string[] };
  /** Situations a valid request is provably not in (their codes may not refuse it). */
  ruledOut: string[];
  /** The valid requests, from the fixtures (and what the run made: coupons, redemptions). */
  valid(ctx: RuleContext): Promise<fc.Arbitrary<T>>;
  /** Sends one valid value; default: the value is the body. */
  sendValid?(ctx: RuleContext, value: T, trial: Trial): Promise<Received>;
  describeValid?(value: T): string[];
  /** What the mutators are built from. */
  constraints(ctx: RuleContext): Promise<OperationConstraints[K]>;
  /** Added to every invalid request (bulk redeem: the dry-run query, so nothing is consumed). */
  extra?(ctx: RuleContext): Partial<ApiRequest>;
}

const issue: PropertyRow<'issueCoupon', Record<string, unknown>> = {
  operation: 'issueCoupon',
  positive: {
    title: 'should issue a coupon for any valid request (the series, a real customer by any one identifier), or refuse it only with a documented business code',
    source: '(body parameters; "Any one among the customer identifiers is mandatory")',
    covers: ['{prefix}.situation.issued', '{prefix}.status.200'],
  },
  negative: { title: 'should refuse every invalid issue request with a 4xx and the code documented for the rule it breaks, never a 5xx', source: '(body parameters) and FACTS.md (coupon status codes)', covers: ['{prefix}.status.4XX'] },
  ruledOut: ['unknown-series', 'missing-series', 'unknown-customer', 'no-customer-identifier', 'malformed-request'],
  valid: async (ctx) => issueCouponRequest({ contract: ctx.contract, seriesId: ctx.fixtures.seriesId, customers: ctx.fixtures.customers }),
  constraints: async (ctx) => ({ contract: ctx.contract, seriesId: ctx.fixtures.seriesId, customers: ctx.fixtures.customers }),
};

const bulk: PropertyRow<'bulkRedeemCoupons', BulkRedeemPlan> = {
  operation: 'bulkRedeemCoupons',
  positive: {
    title: 'should redeem (or, with is_redeemable=true, validate) any valid batch of issued coupons, or refuse it only with a documented business code',
    source: '(request body; "A maximum of 50 coupons"; is_redeemable)',
    covers: ['{prefix}.situation.redeemed', '{prefix}.situation.redeemable', '{prefix}.status.200', '{prefix}.batch-limit', 'page-defect.bill-amount-string-or-number', 'page-defect.redemption-time-format', 'page-defect.bulk-redeem-required-marks'],
  },
  negative: { title: 'should refuse every invalid batch (dry run) with a 4xx and the code documented for the rule it breaks, never a 5xx', source: '(request body, batch limit, atomic failure) and FACTS.md (error envelopes)', covers: ['{prefix}.status.400', '{prefix}.batch-limit'] },
  // At most the limit, not empty, a real customer who owns every coupon, each issued for the run, unused and listed once.
  ruledOut: ['batch-too-large', 'empty-list', 'unknown-customer', 'no-customer-identifier', 'unknown-coupon', 'foreign-coupon', 'already-redeemed', 'duplicate-in-request', 'concurrent-redemption', 'malformed-request'],
  valid: async (ctx) => {
    const pool = await couponPool(ctx);
    return bulkRedeemPlan({ contract: ctx.contract, customer: pool.customer, customers: ctx.fixtures.customers, codes: pool.codes, runId: ctx.runId });
  },
  sendValid: async (ctx, plan, trial) => {
    const pool = await couponPool(ctx);
    const count = (plan.body.redemptionRequestList as unknown[]).length;
    // A real redemption consumes its coupons: fresh ones for every run (and every shrink step).
    const body = plan.dryRun ? plan.body : withCodes(plan.body, await issueCoupons(ctx, pool.customer, count));
    return trial.send({ operation: 'bulkRedeemCoupons', body, ...(plan.dryRun ? { query: dryRunQuery(ctx) } : {}) });
  },
  describeValid: (plan) => [plan.dryRun ? 'a dry run (is_redeemable=true) of coupons issued for the run' : 'a real redemption of freshly issued coupons'],
  constraints: async (ctx) => {
    const pool = await couponPool(ctx);
    return { contract: ctx.contract, customer: pool.customer, customers: ctx.fixtures.customers, codes: pool.codes, runId: ctx.runId };
  },
  extra: (ctx) => ({ query: dryRunQuery(ctx) }),
};

const couponUpdate: PropertyRow<'updateCouponRedemption', Record<string, unknown>> = {
  operation: 'updateCouponRedemption',
  positive: {
    title: 'should update any valid set of redemptions of the user (761), or refuse it only with a documented business code',
    source: '(request body parameters)',
    covers: ['{prefix}.situation.entry-updated', '{prefix}.situation.all-updated', '{prefix}.status.200', 'page-defect.bill-amount-string-or-number', 'page-defect.custom-fields-array-or-object'],
  },
  negative: { title: 'should refuse every invalid update with a 4xx and the code documented for the rule it breaks, never a 5xx', source: '(request body parameters) and FACTS.md (661, 629)', covers: ['{prefix}.status.4XX'] },
  // Every redemption id is real and the user's.
  ruledOut: ['unknown-redemption-id', 'all-failed', 'partially-updated', 'no-redemption-id', 'malformed-request'],
  valid: async (ctx) => {
    const pool = await redemptionPool(ctx);
    return couponUpdateRequest({ contract: ctx.contract, customer: pool.customer, redemptionIds: pool.redemptionIds, runId: ctx.runId });
  },
  constraints: async (ctx) => {
    const pool = await redemptionPool(ctx);
    return { contract: ctx.contract, customer: pool.customer, redemptionIds: pool.redemptionIds, runId: ctx.runId };
  },
};

const points: PropertyRow<'updatePointsRedemption', Record<string, unknown>> = {
  operation: 'updatePointsRedemption',
  positive: {
    title: 'should update any valid request (exactly one identifier, at least one field) and answer the record, or refuse it only with a documented business code',
    source: '(request body parameters)',
    covers: ['{prefix}.status.200'],
  },
  negative: { title: 'should refuse every invalid update with a 4xx (or a 200 error envelope) and the documented code, never a 5xx', source: '(request body parameters, API-specific error codes)', covers: ['{prefix}.status.4XX'] },
  // Every documented situation is an error a valid update of a fixtures redemption is not in.
  ruledOut: ['no-metadata', 'neither-identifier', 'both-identifiers', 'unknown-redemption', 'invalid-entity-type', 'invalid-entity-details', 'malformed-identifier', 'malformed-request'],
  valid: async (ctx) => pointsUpdateRequest({ contract: ctx.contract, redemptions: ctx.fixtures.pointsRedemptions }),
  constraints: async (ctx) => ({ contract: ctx.contract, redemptions: ctx.fixtures.pointsRedemptions }),
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
  return [
    rule(
      { id: `${prefix}.positive_data_acceptance`, title: row.positive.title, operation: row.operation, kind: 'property', writes: true, source: `${source} ${row.positive.source}`, tags: ['property', 'positive_data_acceptance'], covers: row.positive.covers },
      async (ctx) => {
        await checkProperty(ctx, {
          operation: row.operation,
          arbitrary: (await row.valid(ctx)) as fc.Arbitrary<unknown>,
          runs: ctx.limits.runs.positive,
          ...(row.describeValid ? { describe: (v: unknown) => row.describeValid!(v as T) } : {}),
          run: async (value, trial) => {
            const received = row.sendValid ? await row.sendValid(ctx, value as T, trial) : await trial.send({ operation: row.operation, body: value });
            expectAcceptedOrBusinessRefusal(ctx, received, row.ruledOut);
          },
        });
      },
    ),
    rule(
      {
        id: `${prefix}.negative_data_rejection`, title: row.negative.title, operation: row.operation, kind: 'property', writes: true, source: `${source} ${row.negative.source}`, tags: ['property', 'negative_data_rejection'],
        covers: [...row.negative.covers, ...mutators.map((m) => `{prefix}.situation.${m.situation}`)],
      },
      async (ctx) => {
        const constraints = await row.constraints(ctx);
        // Runs of the whole property, spread over the mutators (each gets at least one).
        const each = Math.max(1, Math.ceil(ctx.limits.runs.negative / mutators.length));
        const specs = mutators.map((m) => mutatorProperty(ctx, row as PropertyRow<K, unknown>, m, constraints, each));
        const outcomes = await checkProperties(ctx, specs as PropertySpec<unknown>[]);
        const failed = outcomes.filter((o) => o !== undefined);
        if (!failed.length) return;
        // The first failing mutator in the table's order; the others as details.
        const first = failed[0];
        if (!(first instanceof CheckFailure)) throw first;
        const others = failed.slice(1).filter((o): o is CheckFailure => o instanceof CheckFailure).map((o) => `also failing: ${o.failure.title}`);
        throw new CheckFailure({ ...first.failure, details: [...(first.failure.details ?? []), ...others] });
      },
    ),
  ];
}

export default group('properties', [
  ...propertyRules(issue),
  ...propertyRules(bulk),
  ...propertyRules(couponUpdate),
  ...propertyRules(points),
]);
