// POST /v2/coupon/bulk/redeem, property-based (the budget: harness.ts). Valid batches are
// dry runs of coupons issued for the run (sizes from 1 to the batch limit; a dry run
// consumes nothing) or real redemptions of freshly issued coupons. Invalid batches are all
// sent as dry runs: a conforming host redeems nothing either way.
import { getContract } from '../../src/contract/index.ts';
import { rule } from '../../src/runtime/rule.ts';
import { session } from '../../src/runtime/session.ts';
import { bulkRedeemPlan, withCodes } from '../../generators/requests.ts';
import { BULK_REDEEM_MUTATORS } from '../../generators/mutators.ts';
import { dryRunQuery, issueCoupons } from '../support/flows.ts';
import { checkMutators, checkProperty, runsOf } from './harness.ts';
import { couponPool } from './pools.ts';
import { expectAcceptedOrBusinessRefusal } from './verdicts.ts';

const OPERATION = 'bulkRedeemCoupons';
const { prefix, source } = getContract().operation(OPERATION);

/**
 * Situations a valid batch is provably not in: at most the limit, not empty, a real customer
 * who owns every coupon, each coupon issued for the run, unused and listed once.
 */
const RULED_OUT = [
  'batch-too-large', 'empty-list', 'unknown-customer', 'no-customer-identifier', 'unknown-coupon',
  'foreign-coupon', 'already-redeemed', 'duplicate-in-request', 'concurrent-redemption', 'malformed-request',
];

describe('POST /v2/coupon/bulk/redeem: properties', () => {
  rule(
    {
      id: `${prefix}.positive_data_acceptance`,
      title: 'should redeem (or, with is_redeemable=true, validate) any valid batch of issued coupons, or refuse it only with a documented business code',
      operation: OPERATION,
      kind: 'property',
      source: `${source} (request body; "A maximum of 50 coupons"; is_redeemable)`,
      writes: true,
      tags: ['property', 'positive_data_acceptance'],
    },
    async () => {
      const { contract, fixtures } = session();
      const pool = await couponPool();
      await checkProperty({
        operation: OPERATION,
        arbitrary: bulkRedeemPlan({ contract, customer: pool.customer, customers: fixtures.customers, codes: pool.codes }),
        runs: runsOf('positive'),
        describe: (plan) => [plan.dryRun ? 'a dry run (is_redeemable=true) of coupons issued for the run' : 'a real redemption of freshly issued coupons'],
        run: async (plan, trial) => {
          const count = (plan.body.redemptionRequestList as unknown[]).length;
          // A real redemption consumes its coupons: fresh ones for every run (and every shrink step).
          const body = plan.dryRun ? plan.body : withCodes(plan.body, await issueCoupons(pool.customer, count));
          const received = await trial.send({ operation: OPERATION, body, ...(plan.dryRun ? { query: dryRunQuery() } : {}) });
          expectAcceptedOrBusinessRefusal(received, RULED_OUT);
        },
      });
    },
  );

  rule(
    {
      id: `${prefix}.negative_data_rejection`,
      title: 'should refuse every invalid batch (dry run) with a 4xx and the code documented for the rule it breaks, never a 5xx',
      operation: OPERATION,
      kind: 'property',
      source: `${source} (request body, batch limit, atomic failure) and FACTS.md (error envelopes)`,
      writes: true,
      tags: ['property', 'negative_data_rejection'],
    },
    async () => {
      const { contract, fixtures } = session();
      const pool = await couponPool();
      await checkMutators({
        operation: OPERATION,
        mutators: BULK_REDEEM_MUTATORS,
        constraints: { contract, customer: pool.customer, customers: fixtures.customers, codes: pool.codes },
        runs: runsOf('negative'),
        extra: { query: dryRunQuery() },
      });
    },
  );
});
