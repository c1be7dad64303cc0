// POST /v2/coupon/issue, property-based (the budget: harness.ts). Valid requests come from
// the request schema refined with the fixtures (their series, a real customer by any one
// identifier); invalid ones from the mutators, each breaking one documented rule.
import { getContract } from '../../src/contract/index.ts';
import { rule } from '../../src/runtime/rule.ts';
import { session } from '../../src/runtime/session.ts';
import { issueCouponRequest } from '../../generators/requests.ts';
import { ISSUE_MUTATORS } from '../../generators/mutators.ts';
import { checkMutators, checkProperty, runsOf } from './harness.ts';
import { expectAcceptedOrBusinessRefusal } from './verdicts.ts';

const OPERATION = 'issueCoupon';
const { prefix, source } = getContract().operation(OPERATION);

/** Situations a valid request of the fixtures is provably not in: its series exists, its customer too. */
const RULED_OUT = ['unknown-series', 'missing-series', 'unknown-customer', 'no-customer-identifier', 'malformed-request'];

describe('POST /v2/coupon/issue: properties', () => {
  rule(
    {
      id: `${prefix}.positive_data_acceptance`,
      title: 'should issue a coupon for any valid request (the series, a real customer by any one identifier), or refuse it only with a documented business code',
      operation: OPERATION,
      kind: 'property',
      source: `${source} (body parameters; "Any one among the customer identifiers is mandatory")`,
      writes: true,
      tags: ['property', 'positive_data_acceptance'],
    },
    async () => {
      const { contract, fixtures } = session();
      await checkProperty({
        operation: OPERATION,
        arbitrary: issueCouponRequest({ contract, seriesId: fixtures.seriesId, customers: fixtures.customers }),
        runs: runsOf('positive'),
        run: async (body, trial) => expectAcceptedOrBusinessRefusal(await trial.send({ operation: OPERATION, body }), RULED_OUT),
      });
    },
  );

  rule(
    {
      id: `${prefix}.negative_data_rejection`,
      title: 'should refuse every invalid issue request with a 4xx and the code documented for the rule it breaks, never a 5xx',
      operation: OPERATION,
      kind: 'property',
      source: `${source} (body parameters) and FACTS.md (coupon status codes)`,
      writes: true,
      tags: ['property', 'negative_data_rejection'],
    },
    async () => {
      const { contract, fixtures } = session();
      await checkMutators({
        operation: OPERATION,
        mutators: ISSUE_MUTATORS,
        constraints: { contract, seriesId: fixtures.seriesId, customers: fixtures.customers },
        runs: runsOf('negative'),
      });
    },
  );
});
