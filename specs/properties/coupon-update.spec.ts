// PUT /v2/coupon/redeem, property-based (the budget: harness.ts). Valid updates name
// redemptions made for the run, of the customer who made them; invalid ones break one
// documented rule each.
import { getContract } from '../../src/contract/index.ts';
import { rule } from '../../src/runtime/rule.ts';
import { session } from '../../src/runtime/session.ts';
import { couponUpdateRequest } from '../../generators/requests.ts';
import { COUPON_UPDATE_MUTATORS } from '../../generators/mutators.ts';
import { checkMutators, checkProperty, runsOf } from './harness.ts';
import { redemptionPool } from './pools.ts';
import { expectAcceptedOrBusinessRefusal } from './verdicts.ts';

const OPERATION = 'updateCouponRedemption';
const { prefix, source } = getContract().operation(OPERATION);

/** Situations a valid update is provably not in: every redemption id is real and the user's. */
const RULED_OUT = ['unknown-redemption-id', 'all-failed', 'partially-updated', 'no-redemption-id', 'malformed-request'];

describe('PUT /v2/coupon/redeem: properties', () => {
  rule(
    {
      id: `${prefix}.positive_data_acceptance`,
      title: 'should update any valid set of redemptions of the user (761), or refuse it only with a documented business code',
      operation: OPERATION,
      kind: 'property',
      source: `${source} (request body parameters)`,
      writes: true,
      tags: ['property', 'positive_data_acceptance'],
    },
    async () => {
      const { contract } = session();
      const pool = await redemptionPool();
      await checkProperty({
        operation: OPERATION,
        arbitrary: couponUpdateRequest({ contract, customer: pool.customer, redemptionIds: pool.redemptionIds }),
        runs: runsOf('positive'),
        run: async (body, trial) => expectAcceptedOrBusinessRefusal(await trial.send({ operation: OPERATION, body }), RULED_OUT),
      });
    },
  );

  rule(
    {
      id: `${prefix}.negative_data_rejection`,
      title: 'should refuse every invalid update with a 4xx and the code documented for the rule it breaks, never a 5xx',
      operation: OPERATION,
      kind: 'property',
      source: `${source} (request body parameters) and FACTS.md (661, 629)`,
      writes: true,
      tags: ['property', 'negative_data_rejection'],
    },
    async () => {
      const { contract } = session();
      const pool = await redemptionPool();
      await checkMutators({
        operation: OPERATION,
        mutators: COUPON_UPDATE_MUTATORS,
        constraints: { contract, customer: pool.customer, redemptionIds: pool.redemptionIds },
        runs: runsOf('negative'),
      });
    },
  );
});
